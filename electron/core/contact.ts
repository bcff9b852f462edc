/**
 * The terminal's online contact (R20a): `GET /v1/terminal/keys`. It brings the CPM keys (R22)
 * and offline limits (R20), opens a fresh offline window on the backend (so the terminal
 * forgets what it counted before the call left), may hand over a rotated terminal token, and
 * — where the shop takes cards offline — is followed by the retired/blocked card list.
 *
 * One contact at a time (the sync agent runs them): two overlapping contacts would each forget
 * the window counted before them, and the second would forget answers recorded in between.
 */
import { SECRET_TERMINAL_TOKEN } from './context';
import { refreshBlockedCards } from './blocked-cards-sync';
import { storeKeys, storeKumapoStore, storeTerminalNo } from './enrollment';
import type { CoreServices } from './services';
import { learnContactLabels } from './balance-labels';

export async function contactBackend(s: CoreServices): Promise<boolean> {
  const enrolled = s.ctx.enrolled;
  if (!enrolled) return false;
  const countedBeforeYen = s.journal.txns.windowSyncedYen();
  const outcome = await s.backend.keys(enrolled.terminalToken);
  s.connectivity.observe(outcome);
  if (outcome.kind !== 'ok') {
    s.logger.warn(
      { outcome: outcome.kind },
      'online contact failed; keeping the cached keys, limits and offline window',
    );
    return false;
  }
  s.journal.txns.forgetOfflineWindow(countedBeforeYen);
  await storeKeys(s, outcome.value);
  storeTerminalNo(s, outcome.value.terminalNo);
  storeKumapoStore(s, outcome.value.kumapoStore);
  learnContactLabels(s, outcome.value.balanceLabels);
  if (outcome.value.terminalToken !== undefined)
    await adoptRotatedToken(s, outcome.value.terminalToken);
  const token = s.ctx.enrolled?.terminalToken ?? enrolled.terminalToken;
  if (s.ctx.offlineLimits.offlineCardPayments) await refreshBlockedCards(s, token);
  s.statusChanged();
  return true;
}

/**
 * The backend rotated the token on this contact. Saved first, used after: a terminal that used
 * a token it cannot find after a restart would be locked out. If saving fails, the old token
 * stays in use; the backend keeps it valid until the new one is used (or for its grace period).
 */
async function adoptRotatedToken(s: CoreServices, token: string): Promise<void> {
  if (!s.ctx.enrolled || s.ctx.enrolled.terminalToken === token) return;
  try {
    await s.secrets.save(SECRET_TERMINAL_TOKEN, token);
  } catch (error) {
    s.logger.error(
      { error: error instanceof Error ? error.message : String(error) },
      'could not save the rotated terminal token: the old one stays in use',
    );
    return;
  }
  const enrolled = s.ctx.enrolled;
  if (!enrolled) return;
  s.ctx.enrolled = { ...enrolled, terminalToken: token };
  s.logger.info({ terminalId: enrolled.identity.terminalId }, 'terminal token rotated');
}

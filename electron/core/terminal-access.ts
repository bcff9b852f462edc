/**
 * Whether the backend still lets this terminal act. A 401 whose `details.reason` is
 * `terminal_revoked` (an operator revoked it) or `terminal_token_expired` (no online contact
 * for the token's lifetime) means no call of this terminal will work again: the status says so
 * (the shop must call support and enroll again), and offline approval stops, because the
 * backend would not apply what it approves. Any accepted terminal call clears it again (an
 * operator who undid a mistaken revocation). Kept on disk: a restart must not forget it.
 */
import { toIso } from '../../common/time';
import { ACCESS_LOST_REASONS, accessLost, type AccessLost, type AccessLostReason } from './access-lost';
import { SETTING } from './context';
import type { Backend, BackendOutcome } from './ports';
import type { CoreServices } from './services';

/** What one answer says about the terminal's access: lost (why), fine, or nothing. */
export function accessVerdict(outcome: BackendOutcome<unknown>): AccessLostReason | 'ok' | null {
  if (outcome.kind === 'ok') return 'ok';
  if (outcome.kind !== 'refused' || outcome.status !== 401) return null;
  const reason = outcome.details.reason;
  return ACCESS_LOST_REASONS.find((r) => r === reason) ?? null;
}

/**
 * The Backend with every terminal-authenticated answer looked at (health and enrollment carry
 * no terminal token, so they say nothing about it).
 */
export function watchTerminalAccess(
  inner: Backend,
  note: (verdict: AccessLostReason | 'ok') => void,
): Backend {
  const watched =
    <A extends unknown[], T>(call: (...args: A) => Promise<BackendOutcome<T>>) =>
    async (...args: A): Promise<BackendOutcome<T>> => {
      const outcome = await call(...args);
      const verdict = accessVerdict(outcome);
      if (verdict !== null) note(verdict);
      return outcome;
    };
  return {
    setBaseUrl: (url) => inner.setBaseUrl(url),
    health: () => inner.health(),
    livez: () => inner.livez(),
    enroll: (code) => inner.enroll(code),
    openStaffSession: watched((...args: Parameters<Backend['openStaffSession']>) =>
      inner.openStaffSession(...args),
    ),
    keys: watched((...args: Parameters<Backend['keys']>) => inner.keys(...args)),
    blockedCards: watched((...args: Parameters<Backend['blockedCards']>) =>
      inner.blockedCards(...args),
    ),
    lookup: watched((...args: Parameters<Backend['lookup']>) => inner.lookup(...args)),
    pay: watched((...args: Parameters<Backend['pay']>) => inner.pay(...args)),
    cancelPayment: watched((...args: Parameters<Backend['cancelPayment']>) =>
      inner.cancelPayment(...args),
    ),
    charge: watched((...args: Parameters<Backend['charge']>) => inner.charge(...args)),
    cancelCharge: watched((...args: Parameters<Backend['cancelCharge']>) =>
      inner.cancelCharge(...args),
    ),
    migrate: watched((...args: Parameters<Backend['migrate']>) => inner.migrate(...args)),
    syncBatch: watched((...args: Parameters<Backend['syncBatch']>) => inner.syncBatch(...args)),
    transactions: watched((...args: Parameters<Backend['transactions']>) =>
      inner.transactions(...args),
    ),
    settlement: watched((...args: Parameters<Backend['settlement']>) => inner.settlement(...args)),
    searchTransactions: watched((...args: Parameters<Backend['searchTransactions']>) => inner.searchTransactions(...args)),
    closeDay: watched((...args: Parameters<Backend['closeDay']>) => inner.closeDay(...args)),
    spendPoints: watched((...args: Parameters<Backend['spendPoints']>) => inner.spendPoints(...args)),
    cancelPointSpend: watched((...args: Parameters<Backend['cancelPointSpend']>) => inner.cancelPointSpend(...args)),
    createMpmRequest: watched((...args: Parameters<Backend['createMpmRequest']>) => inner.createMpmRequest(...args)),
    mpmRequest: watched((...args: Parameters<Backend['mpmRequest']>) => inner.mpmRequest(...args)),
    withdrawMpmRequest: watched((...args: Parameters<Backend['withdrawMpmRequest']>) => inner.withdrawMpmRequest(...args)),
    notices: watched((...args: Parameters<Backend['notices']>) => inner.notices(...args)),
    staticQr: watched((...args: Parameters<Backend['staticQr']>) => inner.staticQr(...args)),
  };
}

/** Records a verdict: only a change is written, logged and shown. */
export function noteAccess(s: CoreServices, verdict: AccessLostReason | 'ok'): void {
  const current = s.ctx.accessLost;
  if (verdict === 'ok') {
    if (current === null) return;
    s.ctx.accessLost = null;
    s.journal.settings.set(SETTING.accessLost, null);
    s.logger.warn({ was: current.reason }, 'the backend accepts this terminal again');
  } else {
    if (current?.reason === verdict) return;
    const lost: AccessLost = { reason: verdict, sinceMs: s.clock.nowMs() };
    s.ctx.accessLost = lost;
    s.journal.settings.set(SETTING.accessLost, lost);
    s.logger.error(
      { reason: verdict, since: toIso(lost.sinceMs) },
      'the backend no longer lets this terminal act: offline approval stopped; enroll it again',
    );
  }
  s.statusChanged();
}

/** At start: a terminal that lost its access before a restart still has. */
export function restoreAccess(s: CoreServices): void {
  s.ctx.accessLost = s.journal.settings.get(SETTING.accessLost, accessLost.nullable()) ?? null;
}

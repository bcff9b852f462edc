import { DomainError } from '../../../common/errors';
import { LIMITS } from '../../../common/limits';
import { toIso } from '../../../common/time';
import type { Deps, TerminalActor } from './context';
import { terminalRevoked } from './auth';
import { merchantOf } from './merchants';
import { forUpdate } from '../store/store';
import { hashSecret, newSecret } from './secrets';
import type { SettingsValues } from './settings';
import { configuredLabels } from './balance-labels';

/**
 * Terminal tokens: issued at enrollment, valid `terminalTokenTtlMs`, rotated at an online
 * contact once older than `terminalTokenRotateAfterMs`. The token a terminal holds keeps
 * working until it uses the new one (or `terminalTokenGraceMs`), so an answer lost on the way
 * never strands a terminal.
 */
export async function enroll(deps: Deps, enrollmentCode: string) {
  const nowMs = deps.clock.nowMs();
  const terminalToken = newSecret();
  const codeHash = hashSecret(enrollmentCode.trim().toUpperCase());
  const expiresAtMs = nowMs + LIMITS.terminalTokenTtlMs;
  const terminal = await deps.store.write(async (tx) => {
    const row = await tx.selectFrom('terminals').select(['id', 'merchant_id', 'enrolled_at_ms', 'revoked_at_ms', 'terminal_no']).where('enrollment_code_hash', '=', codeHash).executeTakeFirst();
    if (!row || row.revoked_at_ms !== null) throw new DomainError('unauthorized', 'this enrollment code is not valid');
    if (row.enrolled_at_ms !== null) throw new DomainError('enrollment_code_used', 'this enrollment code was already used; ask the operator for a new terminal');
    await tx
      .updateTable('terminals')
      // Enrollment is the first online contact: the offline window (R20a) opens empty.
      .set({ enrolled_at_ms: nowMs, token_hash: hashSecret(terminalToken), token_issued_at_ms: nowMs, token_expires_at_ms: expiresAtMs, offline_window_yen: 0, offline_window_opened_at_ms: nowMs })
      .where('id', '=', row.id)
      .where('enrolled_at_ms', 'is', null)
      .execute();
    return row;
  });
  const merchant = await merchantOf(deps, terminal.merchant_id);
  const settings = await deps.settings.current(nowMs);
  return {
    terminalId: terminal.id,
    ...(terminal.terminal_no !== null ? { terminalNo: terminal.terminal_no } : {}),
    terminalToken,
    terminalTokenExpiresAt: toIso(expiresAtMs),
    merchantId: terminal.merchant_id,
    merchantName: merchant.name,
    chargePoint: merchant.chargePoint,
    kumapoStore: merchant.kumapoStore,
    tokenPublicKeys: await deps.keys.publicKeys(nowMs),
    offlineLimits: offlineLimitsOf(settings, merchant.offlineCardPayments),
  };
}

export function offlineLimitsOf(s: Pick<SettingsValues, 'offlinePaymentMaxYen' | 'offlineTerminalUnsyncedMaxYen' | 'offlineTokenMaxYen' | 'offlineDeadlineMs'>, offlineCardPayments: boolean) {
  return {
    paymentMaxYen: s.offlinePaymentMaxYen,
    terminalUnsyncedMaxYen: s.offlineTerminalUnsyncedMaxYen,
    tokenMaxYen: s.offlineTokenMaxYen,
    deadlineMs: s.offlineDeadlineMs,
    offlineCardPayments,
  };
}

/**
 * `GET /v1/terminal/keys`, the terminal's online contact (R20a): keys and limits, a fresh
 * offline window, and a new token when the one in use is old enough.
 */
export async function terminalContact(deps: Deps, actor: TerminalActor) {
  const nowMs = deps.clock.nowMs();
  const settings = await deps.settings.current(nowMs);
  const merchant = await merchantOf(deps, actor.merchantId);
  const auth = actor.auth;
  const rotated = await deps.store.write(async (tx) => {
    const row = await forUpdate(deps.store, tx.selectFrom('terminals').select(['token_issued_at_ms', 'token_expires_at_ms', 'previous_token_hash', 'revoked_at_ms', 'terminal_no']).where('id', '=', actor.terminalId)).executeTakeFirstOrThrow();
    if (row.revoked_at_ms !== null) throw terminalRevoked();
    await tx.updateTable('terminals').set({ offline_window_yen: 0, offline_window_opened_at_ms: nowMs }).where('id', '=', actor.terminalId).execute();
    const ageMs = nowMs - (row.token_issued_at_ms ?? 0);
    // A call with the previous token means our last new token never arrived: hand out another.
    const due = auth !== undefined && (auth.via === 'previous' || ageMs >= LIMITS.terminalTokenRotateAfterMs);
    if (!auth || !due) return { token: null, expiresAtMs: row.token_expires_at_ms, terminalNo: row.terminal_no };
    const token = newSecret();
    const expiresAtMs = nowMs + LIMITS.terminalTokenTtlMs;
    // The token the terminal holds stays good as "previous": the one it called with if that was
    // the current one, or the previous one it still holds if our last new token never reached it.
    const previousHash = auth.via === 'current' ? auth.tokenHash : (row.previous_token_hash ?? auth.tokenHash);
    await tx
      .updateTable('terminals')
      .set({ token_hash: hashSecret(token), token_issued_at_ms: nowMs, token_expires_at_ms: expiresAtMs, previous_token_hash: previousHash, previous_token_valid_until_ms: nowMs + LIMITS.terminalTokenGraceMs })
      .where('id', '=', actor.terminalId)
      .execute();
    return { token, expiresAtMs, terminalNo: row.terminal_no };
  });
  if (rotated.token) deps.caches.terminals.deleteWhere((a) => a.terminalId === actor.terminalId);
  return {
    keys: await deps.keys.publicKeys(nowMs),
    offlineLimits: offlineLimitsOf(settings, merchant.offlineCardPayments),
    offlineWindowOpenedAt: toIso(nowMs),
    ...(rotated.token ? { terminalToken: rotated.token } : {}),
    ...(rotated.expiresAtMs !== null ? { terminalTokenExpiresAt: toIso(rotated.expiresAtMs) } : {}),
    ...(rotated.terminalNo !== null ? { terminalNo: rotated.terminalNo } : {}),
    // R2: today's names, for the lines the terminal shows from its own journal.
    balanceLabels: await configuredLabels(deps.store.read, settings.chargeMoneyLabel),
    // R23: the shop may be made a KumaPo store (or stop being one) any time.
    kumapoStore: merchant.kumapoStore,
  };
}

import { sql } from 'kysely';
import { DomainError } from '../../../common/errors';
import { LIMITS } from '../../../common/limits';
import { toIso } from '../../../common/time';
import type { Role } from '../../../common/wire/admin';
import type { Deps, TerminalActor } from './context';
import { hashPin, hashSecret, newSecret, verifyPin } from './secrets';

/**
 * Staff login (code + PIN) at the terminal's merchant, with a lock-out no amount of
 * parallelism gets round (issue 9.1, docs/api.md "Security guarantees"):
 *
 * 1. Every attempt is *reserved* before the slow PIN check, in one conditional UPDATE that
 *    counts it as a failure; the 5th in a row sets the lock in the same statement. The store
 *    makes that statement atomic (SQLite: one writer; PostgreSQL: the row lock), so however
 *    many guesses arrive at once, on however many instances, at most 5 get checked.
 * 2. Only then the PIN is checked; success clears the count.
 * 3. An unknown code costs what a known one does: the same reservation statement (matching no
 *    row) and a PIN check against a dummy hash, and the same answer.
 */
const WRONG = 'staff code or PIN is wrong';

let dummyHash: Promise<string> | null = null;
/** A real scrypt hash of nothing anyone can type: checking against it costs what a real check costs. */
function dummyPinHash(): Promise<string> {
  dummyHash ??= hashPin('not-a-pin');
  return dummyHash;
}

interface Reserved {
  id: string;
  name: string;
  role: string;
  pin_hash: string;
  locked_until_ms: number;
  disabled_at_ms: number | null;
}

/**
 * One PIN attempt for a staff code at a merchant, with the reservation described above: the
 * one place a PIN is checked (staff login, and a manager's approval at the terminal, R31).
 * A right PIN clears the count; a disabled member is still answered `ok` (the caller decides).
 */
export type PinCheck =
  | { outcome: 'ok'; staff: { id: string; name: string; role: Role; disabled: boolean } }
  | { outcome: 'unknown' }
  | { outcome: 'wrong' }
  | { outcome: 'locked'; error: DomainError };

export async function checkStaffPin(deps: Deps, merchantId: string, staffCode: string, pin: string): Promise<PinCheck> {
  const nowMs = deps.clock.nowMs();
  const lockUntilMs = nowMs + LIMITS.staffLockoutMs;
  const reached = sql<boolean>`failed_count + 1 >= ${LIMITS.staffPinFailuresMax}`;
  const reserved: Reserved | undefined = await deps.store.write((tx) =>
    tx
      .updateTable('staff')
      .set({
        failed_count: sql<number>`case when ${reached} then 0 else failed_count + 1 end`,
        locked_until_ms: sql<number>`case when ${reached} then ${lockUntilMs} else locked_until_ms end`,
      })
      .where('merchant_id', '=', merchantId)
      .where('staff_code', '=', staffCode)
      .where('locked_until_ms', '<=', nowMs)
      .returning(['id', 'name', 'role', 'pin_hash', 'locked_until_ms', 'disabled_at_ms'])
      .executeTakeFirst(),
  );
  if (!reserved) {
    const row = await deps.store.read.selectFrom('staff').select(['locked_until_ms']).where('merchant_id', '=', merchantId).where('staff_code', '=', staffCode).executeTakeFirst();
    if (row) return { outcome: 'locked', error: lockedError(row.locked_until_ms, deps.clock.nowMs()) };
    await verifyPin(pin, await dummyPinHash());
    return { outcome: 'unknown' };
  }
  if (!(await verifyPin(pin, reserved.pin_hash))) {
    // This attempt was the one that set the lock.
    if (reserved.locked_until_ms > nowMs) return { outcome: 'locked', error: lockedError(reserved.locked_until_ms, deps.clock.nowMs()) };
    return { outcome: 'wrong' };
  }
  await deps.store.write((tx) => tx.updateTable('staff').set({ failed_count: 0, locked_until_ms: 0 }).where('id', '=', reserved.id).execute());
  return { outcome: 'ok', staff: { id: reserved.id, name: reserved.name, role: reserved.role as Role, disabled: reserved.disabled_at_ms !== null } };
}

export async function staffLogin(deps: Deps, terminal: TerminalActor, staffCode: string, pin: string) {
  const nowMs = deps.clock.nowMs();
  const failed = (reason: string) => deps.log.warn({ staffCode, terminalId: terminal.terminalId, merchantId: terminal.merchantId, at: toIso(nowMs), reason }, 'staff login failed');
  const check = await checkStaffPin(deps, terminal.merchantId, staffCode, pin);
  switch (check.outcome) {
    case 'locked':
      failed('locked');
      throw check.error;
    case 'unknown':
      failed('unknown_code');
      throw new DomainError('unauthorized', WRONG);
    case 'wrong':
      failed('wrong_pin');
      throw new DomainError('unauthorized', WRONG);
    case 'ok':
      break;
  }
  const staff = check.staff;
  if (staff.disabled) {
    failed('disabled');
    throw new DomainError('forbidden', 'this staff member was disabled by the operator', { reason: 'staff_disabled' });
  }
  const staffSession = newSecret();
  const expiresAtMs = nowMs + LIMITS.staffSessionTtlMs;
  await deps.store.write((tx) => tx.insertInto('staff_sessions').values({ token_hash: hashSecret(staffSession), staff_id: staff.id, terminal_id: terminal.terminalId, expires_at_ms: expiresAtMs }).execute());
  return { staffSession, role: staff.role, expiresAt: toIso(expiresAtMs), staffId: staff.id, staffName: staff.name };
}

export function lockedError(lockedUntilMs: number, nowMs: number): DomainError {
  // Clamped: another instance's clock (or this request's start) may lag the one that set the lock.
  const retryAfterSeconds = Math.min(LIMITS.staffLockoutMs / 1000, Math.max(1, Math.ceil((lockedUntilMs - nowMs) / 1000)));
  return new DomainError('staff_locked', `too many wrong PINs; try again in ${Math.ceil(retryAfterSeconds / 60)} minutes or ask a manager`, {
    lockedUntil: toIso(lockedUntilMs),
    retryAfterSeconds,
  });
}

/** `DELETE /v1/staff/sessions/current`: the session ends here at once, on other instances within the cache bound. */
export async function logout(deps: Deps, actor: TerminalActor): Promise<{ loggedOut: true }> {
  if (!actor.sessionHash) throw new DomainError('unauthorized', 'a staff session (X-Staff-Session) is required');
  const hash = actor.sessionHash;
  await deps.store.write((tx) => tx.deleteFrom('staff_sessions').where('token_hash', '=', hash).execute());
  deps.caches.sessions.delete(hash);
  return { loggedOut: true };
}

import { DomainError } from '../../../common/errors';
import { LIMITS } from '../../../common/limits';
import { toIso } from '../../../common/time';
import type { Role } from '../../../common/wire/admin';
import type { Deps, TerminalActor } from './context';
import { hashSecret, newSecret, verifyPin } from './secrets';
import { merchantOf } from './merchants';

/**
 * Authentication results are cached briefly per instance: every payment carries a terminal
 * token and a staff session, and reading both from the store each time would cost more than
 * the payment. The bound on age is the longest a revoked credential could still be honoured.
 */
const AUTH_CACHE_MS = 10_000;
const AUTH_CACHE_MAX = 50_000;

class TtlCache<V> {
  private readonly map = new Map<string, { value: V; atMs: number }>();
  get(key: string, nowMs: number): V | undefined {
    const hit = this.map.get(key);
    if (!hit || nowMs - hit.atMs > AUTH_CACHE_MS) return undefined;
    return hit.value;
  }
  set(key: string, value: V, nowMs: number): void {
    if (this.map.size >= AUTH_CACHE_MAX) this.map.clear();
    this.map.set(key, { value, atMs: nowMs });
  }
}

const terminals = new TtlCache<{ terminalId: string; merchantId: string }>();
const sessions = new TtlCache<{ staffId: string; role: Role; terminalId: string; expiresAtMs: number }>();
const customers = new TtlCache<string>();

export async function enroll(deps: Deps, enrollmentCode: string) {
  const nowMs = deps.clock.nowMs();
  const terminalToken = newSecret();
  const codeHash = hashSecret(enrollmentCode.trim().toUpperCase());
  const terminal = await deps.store.write(async (tx) => {
    const row = await tx.selectFrom('terminals').select(['id', 'merchant_id', 'enrolled_at_ms']).where('enrollment_code_hash', '=', codeHash).executeTakeFirst();
    if (!row) throw new DomainError('unauthorized', 'this enrollment code is not valid');
    if (row.enrolled_at_ms !== null) throw new DomainError('enrollment_code_used', 'this enrollment code was already used; ask the operator for a new terminal');
    await tx.updateTable('terminals').set({ enrolled_at_ms: nowMs, token_hash: hashSecret(terminalToken) }).where('id', '=', row.id).where('enrolled_at_ms', 'is', null).execute();
    return row;
  });
  const merchant = await merchantOf(deps, terminal.merchant_id);
  const settings = await deps.settings.current(nowMs);
  return {
    terminalId: terminal.id,
    terminalToken,
    merchantId: terminal.merchant_id,
    merchantName: merchant.name,
    chargePoint: merchant.chargePoint,
    tokenPublicKeys: await deps.keys.publicKeys(nowMs),
    offlineLimits: offlineLimitsOf(settings, merchant.offlineCardPayments),
  };
}

export function offlineLimitsOf(
  s: { offlinePaymentMaxYen: number; offlineTerminalUnsyncedMaxYen: number; offlineTokenMaxYen: number; offlineDeadlineMs: number },
  offlineCardPayments: boolean,
) {
  return {
    paymentMaxYen: s.offlinePaymentMaxYen,
    terminalUnsyncedMaxYen: s.offlineTerminalUnsyncedMaxYen,
    tokenMaxYen: s.offlineTokenMaxYen,
    deadlineMs: s.offlineDeadlineMs,
    offlineCardPayments,
  };
}

export async function authenticateTerminal(deps: Deps, bearer: string | null): Promise<{ terminalId: string; merchantId: string }> {
  if (!bearer) throw new DomainError('unauthorized', 'a terminal token is required');
  const nowMs = Date.now();
  const hash = hashSecret(bearer);
  const cached = terminals.get(hash, nowMs);
  if (cached) return cached;
  const row = await deps.store.read.selectFrom('terminals').select(['id', 'merchant_id']).where('token_hash', '=', hash).executeTakeFirst();
  if (!row) throw new DomainError('unauthorized', 'this terminal token is not valid');
  const value = { terminalId: row.id, merchantId: row.merchant_id };
  terminals.set(hash, value, nowMs);
  return value;
}

/** Staff sessions belong to the terminal that opened them: a session copied elsewhere is refused. */
export async function authenticateStaff(deps: Deps, terminal: { terminalId: string; merchantId: string }, session: string | null): Promise<TerminalActor> {
  if (!session) return { ...terminal, staff: null };
  const nowMs = deps.clock.nowMs();
  const hash = hashSecret(session);
  let s = sessions.get(hash, Date.now());
  if (!s) {
    const row = await deps.store.read
      .selectFrom('staff_sessions')
      .innerJoin('staff', 'staff.id', 'staff_sessions.staff_id')
      .select(['staff.id as staff_id', 'staff.role', 'staff_sessions.terminal_id', 'staff_sessions.expires_at_ms'])
      .where('staff_sessions.token_hash', '=', hash)
      .executeTakeFirst();
    if (!row) throw new DomainError('unauthorized', 'this staff session is not valid; log in again');
    s = { staffId: row.staff_id, role: row.role as Role, terminalId: row.terminal_id, expiresAtMs: row.expires_at_ms };
    sessions.set(hash, s, Date.now());
  }
  if (s.terminalId !== terminal.terminalId) throw new DomainError('unauthorized', 'this staff session belongs to another terminal');
  if (nowMs >= s.expiresAtMs) throw new DomainError('unauthorized', 'the staff session has expired; log in again');
  return { ...terminal, staff: { staffId: s.staffId, role: s.role } };
}

/** Code + PIN at this terminal's merchant; repeated failures lock the staff member out for a while. */
export async function staffLogin(deps: Deps, terminal: { terminalId: string; merchantId: string }, staffCode: string, pin: string) {
  const nowMs = deps.clock.nowMs();
  const staff = await deps.store.read.selectFrom('staff').selectAll().where('merchant_id', '=', terminal.merchantId).where('staff_code', '=', staffCode).executeTakeFirst();
  if (!staff) throw new DomainError('unauthorized', 'staff code or PIN is wrong');
  if (staff.locked_until_ms > nowMs) {
    throw new DomainError('staff_locked', 'too many wrong PINs; try again later', { lockedUntil: toIso(staff.locked_until_ms) });
  }
  const ok = await verifyPin(pin, staff.pin_hash);
  if (!ok) {
    await deps.store.write(async (tx) => {
      const failures = staff.failed_count + 1;
      const locked = failures >= LIMITS.staffPinFailuresMax;
      await tx.updateTable('staff').set({ failed_count: locked ? 0 : failures, locked_until_ms: locked ? nowMs + LIMITS.staffLockoutMs : 0 }).where('id', '=', staff.id).execute();
    });
    throw new DomainError('unauthorized', 'staff code or PIN is wrong');
  }
  const staffSession = newSecret();
  const expiresAtMs = nowMs + LIMITS.staffSessionTtlMs;
  await deps.store.write(async (tx) => {
    await tx.updateTable('staff').set({ failed_count: 0, locked_until_ms: 0 }).where('id', '=', staff.id).execute();
    await tx.insertInto('staff_sessions').values({ token_hash: hashSecret(staffSession), staff_id: staff.id, terminal_id: terminal.terminalId, expires_at_ms: expiresAtMs }).execute();
  });
  return { staffSession, role: staff.role as Role, expiresAt: toIso(expiresAtMs), staffId: staff.id, staffName: staff.name };
}

export async function authenticateCustomer(deps: Deps, bearer: string | null): Promise<string> {
  if (!bearer) throw new DomainError('unauthorized', 'a customer token is required');
  const hash = hashSecret(bearer);
  const cached = customers.get(hash, Date.now());
  if (cached) return cached;
  const row = await deps.store.read.selectFrom('wallets').select('id').where('customer_token_hash', '=', hash).executeTakeFirst();
  if (!row) throw new DomainError('unauthorized', 'this customer token is not valid');
  customers.set(hash, row.id, Date.now());
  return row.id;
}

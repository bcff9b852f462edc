import { DomainError } from '../../../common/errors';
import type { Role } from '../../../common/wire/admin';
import type { Deps, StaffActor, TerminalActor, TerminalAuth } from './context';
import type { Store } from '../store/store';
import { hashSecret } from './secrets';

/**
 * Who is calling. Results are cached per instance (Deps.caches, ≤ 10 s), so a revocation
 * reaches every instance within that bound; the reason for a refused terminal is in the
 * answer (`reason`) so the terminal can tell the shop it must be enrolled again.
 */
export function terminalRevoked(): DomainError {
  return new DomainError('unauthorized', 'this terminal was revoked by the operator', { reason: 'terminal_revoked' });
}

export async function authenticateTerminal(deps: Deps, bearer: string | null): Promise<TerminalAuth> {
  if (!bearer) throw new DomainError('unauthorized', 'a terminal token is required');
  const nowMs = deps.clock.nowMs();
  const hash = hashSecret(bearer);
  const auth = await deps.caches.terminals.getOrLoad(hash, () => loadTerminalAuth(deps, hash, nowMs));
  if (nowMs >= auth.expiresAtMs) {
    deps.caches.terminals.delete(hash);
    throw new DomainError('unauthorized', 'this terminal token has expired; enroll the terminal again', { reason: 'terminal_token_expired' });
  }
  return auth;
}

async function loadTerminalAuth(deps: Deps, hash: string, nowMs: number): Promise<TerminalAuth> {
  const row = await deps.store.read
    .selectFrom('terminals')
    .select(['id', 'merchant_id', 'terminal_no', 'token_hash', 'token_expires_at_ms', 'previous_token_hash', 'previous_token_valid_until_ms', 'revoked_at_ms'])
    .where((eb) => eb.or([eb('token_hash', '=', hash), eb('previous_token_hash', '=', hash)]))
    .executeTakeFirst();
  if (!row) throw new DomainError('unauthorized', 'this terminal token is not valid');
  if (row.revoked_at_ms !== null) throw terminalRevoked();
  if (row.token_hash === hash) {
    if (row.previous_token_hash !== null) {
      // The terminal has the new token in hand: the old one need not work a moment longer.
      await deps.forgetPreviousToken(row.id, hash);
      deps.caches.terminals.deleteWhere((a) => a.terminalId === row.id && a.via === 'previous');
    }
    return { terminalId: row.id, merchantId: row.merchant_id, terminalNo: row.terminal_no, tokenHash: hash, via: 'current', expiresAtMs: row.token_expires_at_ms ?? Number.POSITIVE_INFINITY };
  }
  const validUntilMs = row.previous_token_valid_until_ms ?? 0;
  if (nowMs >= validUntilMs) throw new DomainError('unauthorized', 'this terminal token was replaced; enroll the terminal again', { reason: 'terminal_token_expired' });
  return { terminalId: row.id, merchantId: row.merchant_id, terminalNo: row.terminal_no, tokenHash: hash, via: 'previous', expiresAtMs: validUntilMs };
}

/** Retires a terminal's previous token once it has used `tokenHash`, its current one. */
export async function forgetPreviousToken(store: Store, terminalId: string, tokenHash: string): Promise<void> {
  await store.write((tx) => tx.updateTable('terminals').set({ previous_token_hash: null, previous_token_valid_until_ms: null }).where('id', '=', terminalId).where('token_hash', '=', tokenHash).execute());
}

/**
 * The actor a request acts as: its terminal, and its staff session when it brought one (no
 * session: `staff` null, `sessionHash` undefined). One literal for both, so every actor has one
 * hidden class; written out, as an object spread followed by more properties
 * (`{ ...base, staff, sessionHash }`) made V8 build a new hidden class every time, once a request
 * on the HTTP thread (docs/performance.md "Twenty-fourth session").
 */
function terminalActor(terminal: TerminalAuth, session: { staff: StaffActor; sessionHash: string } | null): TerminalActor {
  return {
    terminalId: terminal.terminalId,
    merchantId: terminal.merchantId,
    terminalNo: terminal.terminalNo,
    staff: session?.staff ?? null,
    auth: { tokenHash: terminal.tokenHash, via: terminal.via },
    sessionHash: session?.sessionHash,
  };
}

/** Staff sessions belong to the terminal that opened them: a session copied elsewhere is refused. */
export async function authenticateStaff(deps: Deps, terminal: TerminalAuth, session: string | null): Promise<TerminalActor> {
  if (!session) return terminalActor(terminal, null);
  const nowMs = deps.clock.nowMs();
  const hash = hashSecret(session);
  const s = await deps.caches.sessions.getOrLoad(hash, async () => {
    const row = await deps.store.read
      .selectFrom('staff_sessions')
      .innerJoin('staff', 'staff.id', 'staff_sessions.staff_id')
      .select(['staff.id as staff_id', 'staff.role', 'staff.disabled_at_ms', 'staff_sessions.terminal_id', 'staff_sessions.expires_at_ms'])
      .where('staff_sessions.token_hash', '=', hash)
      .executeTakeFirst();
    if (!row) throw new DomainError('unauthorized', 'this staff session is not valid; log in again', { reason: 'session_invalid' });
    if (row.disabled_at_ms !== null) throw new DomainError('unauthorized', 'this staff member was disabled by the operator', { reason: 'staff_disabled' });
    return { staffId: row.staff_id, role: row.role as Role, terminalId: row.terminal_id, expiresAtMs: row.expires_at_ms };
  });
  if (s.terminalId !== terminal.terminalId) throw new DomainError('unauthorized', 'this staff session belongs to another terminal');
  if (nowMs >= s.expiresAtMs) throw new DomainError('unauthorized', 'the staff session has expired; log in again', { reason: 'session_expired' });
  return terminalActor(terminal, { staff: { staffId: s.staffId, role: s.role }, sessionHash: hash });
}

export async function authenticateCustomer(deps: Deps, bearer: string | null): Promise<string> {
  if (!bearer) throw new DomainError('unauthorized', 'a customer token is required');
  const hash = hashSecret(bearer);
  return deps.caches.customers.getOrLoad(hash, async () => {
    const row = await deps.store.read.selectFrom('wallets').select('id').where('customer_token_hash', '=', hash).executeTakeFirst();
    if (!row) throw new DomainError('unauthorized', 'this customer token is not valid');
    return row.id;
  });
}

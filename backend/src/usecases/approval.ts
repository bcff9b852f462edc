import { DomainError } from '../../../common/errors';
import { toIso } from '../../../common/time';
import type { ManagerApproval } from '../../../common/wire/terminal';
import { needsApproval, requireRole, type Action } from '../domain/roles';
import type { Deps, TerminalActor } from './context';
import { checkStaffPin } from './staff-login';

export interface Approver {
  staffId: string;
  name: string;
}

/**
 * R31: a manager's approval given at the terminal (code + PIN) for a step the acting staff may
 * not do alone. The PIN goes through the same reservation as a login (`checkStaffPin`), so each
 * wrong PIN counts against that manager's lock-out however many arrive at once, and the 5th
 * locks them (423 `staff_locked`). Unknown code, wrong PIN, not a manager, disabled, another
 * merchant's code: one answer, 403 `approval_required` with `reason: 'invalid'`.
 *
 * Runs before the unit of work (scrypt is slow and must not hold the writer).
 */
export async function verifyApproval(deps: Deps, actor: TerminalActor, approval: ManagerApproval, action: Action): Promise<Approver> {
  const check = await checkStaffPin(deps, actor.merchantId, approval.staffCode, approval.pin);
  const refused = (reason: string) => {
    deps.log.warn({ staffCode: approval.staffCode, terminalId: actor.terminalId, merchantId: actor.merchantId, action, at: toIso(deps.clock.nowMs()), reason }, 'manager approval refused');
    return invalidApproval();
  };
  switch (check.outcome) {
    case 'locked':
      refused('locked');
      throw check.error;
    case 'unknown':
      throw refused('unknown_code');
    case 'wrong':
      throw refused('wrong_pin');
    case 'ok':
      if (check.staff.role !== 'manager') throw refused('not_a_manager');
      if (check.staff.disabled) throw refused('disabled');
      return { staffId: check.staff.id, name: check.staff.name };
  }
}

export function invalidApproval(): DomainError {
  return new DomainError('approval_required', 'the manager code or PIN is not right', { reason: 'invalid' });
}

export function missingApproval(action: Action): DomainError {
  return new DomainError('approval_required', 'a manager’s approval (code and PIN) is needed for this', { reason: 'missing', action });
}

/**
 * The role check and, where the role needs it, the approval. `alreadyAnswered`: the request's
 * clientTxnId has a stored answer, which the unit of work replays (or refuses as a conflict)
 * without a second PIN check — a lost response retried after the manager walked away, or after
 * a lock-out, still gets its first answer.
 */
export async function authorize(deps: Deps, actor: TerminalActor, action: Action, approval: ManagerApproval | undefined, alreadyAnswered = false): Promise<Approver | null> {
  const role = actor.staff?.role ?? null;
  requireRole(role, action);
  if (!needsApproval(role!, action) || alreadyAnswered) return null;
  if (!approval) throw missingApproval(action);
  return verifyApproval(deps, actor, approval, action);
}

/** Whether a clientTxnId already has an answer stored (read outside the unit of work). */
export async function answeredBefore(deps: Deps, clientTxnId: string): Promise<boolean> {
  const row = await deps.store.read.selectFrom('idempotency_keys').select('client_txn_id').where('client_txn_id', '=', clientTxnId).executeTakeFirst();
  return row !== undefined;
}

/**
 * Who may do what at the counter: the one role table (common/rules/roles.ts), checked locally
 * too, so an offline approval never lets the wrong role in and the cashier gets a clear answer
 * without a round trip. At the terminal a step is allowed only if its command can carry the
 * approval the role would need (`terminalMay`).
 */
import { needsApproval, terminalMay, type Action } from '../../common/rules/roles';
import type { Role } from '../../common/wire/admin';

export type { Action } from '../../common/rules/roles';

/** R31: whether this role must bring a manager's approval to cancel this type. */
export function cancelNeedsApproval(role: Role, action: Extract<Action, 'cancel_payment' | 'cancel_charge'>): boolean {
  return needsApproval(role, action);
}

export function roleMay(role: Role, action: Action): boolean {
  return terminalMay(role, action);
}

import { DomainError } from '../../../common/errors';
import type { Role } from '../../../common/wire/admin';

export type Action = 'pay' | 'charge' | 'cancel_payment' | 'cancel_charge' | 'migrate' | 'lookup_card' | 'lookup' | 'sync' | 'report' | 'close_day';

/**
 * The contract's role table; `manager` may do everything at its merchant. R31: a cashier or a
 * charger may cancel a payment, and a charger a charge, only with a manager's approval; any
 * staff member may close the day (精算, R30) with a manager's approval.
 */
const ALLOWED: Record<Role, ReadonlySet<Action>> = {
  cashier: new Set(['pay', 'cancel_payment', 'lookup', 'report', 'close_day']),
  charger: new Set(['pay', 'charge', 'cancel_payment', 'cancel_charge', 'lookup', 'report', 'close_day']),
  support: new Set(['migrate', 'lookup_card', 'lookup', 'report', 'close_day']),
  manager: new Set(['pay', 'charge', 'cancel_payment', 'cancel_charge', 'migrate', 'lookup_card', 'lookup', 'report', 'close_day']),
};

/** Actions a non-manager may do only with a manager's approval given at the terminal (R31, R30). */
const NEEDS_APPROVAL: ReadonlySet<Action> = new Set(['cancel_payment', 'cancel_charge', 'close_day']);

export function mayDo(role: Role, action: Action): boolean {
  return ALLOWED[role].has(action);
}

/** R31: whether `role` needs a manager's approval to do `action` (it must also `mayDo` it). */
export function needsApproval(role: Role, action: Action): boolean {
  return role !== 'manager' && NEEDS_APPROVAL.has(action);
}

export function requireRole(role: Role | null, action: Action): void {
  if (role === null) throw new DomainError('unauthorized', 'a staff session is required for this action');
  if (!mayDo(role, action)) throw new DomainError('forbidden', `the ${role} role may not ${action.replace('_', ' ')}`, { role, action });
}

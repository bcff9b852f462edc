/**
 * Who may do what at the counter, mirroring the backend's roles (api-contract.md, admin
 * staff): checked locally too, so an offline approval never lets the wrong role in and the
 * cashier gets a clear answer without a round trip.
 */
import type { Role } from '../../common/wire/admin';

export type Action = 'pay' | 'charge' | 'cancel_payment' | 'cancel_charge' | 'migrate' | 'lookup' | 'report' | 'close_day' | 'configure' | 'print';

export const ROLES_FOR: Record<Action, readonly Role[]> = {
  pay: ['cashier', 'charger', 'manager'],
  charge: ['charger', 'manager'], // R10
  // R14/R31: a manager alone; a cashier or charger only with a manager's approval.
  cancel_payment: ['manager', 'cashier', 'charger'],
  // R14/R31: a manager alone; a charger only with a manager's approval.
  cancel_charge: ['manager', 'charger'],
  migrate: ['support', 'manager'], // R19
  lookup: ['cashier', 'charger', 'support', 'manager'],
  report: ['cashier', 'charger', 'support', 'manager'], // R26 点検
  close_day: ['manager'], // R26 精算: closing the day is a supervisor's step
  configure: ['manager'],
  // R29: whoever is at the counter hands the customer a slip, prints one again, looks at one.
  print: ['cashier', 'charger', 'support', 'manager'],
};

/** R31: every role allowed to cancel but a manager needs a manager's approval for it. */
export function cancelNeedsApproval(role: Role): boolean {
  return role !== 'manager';
}

export function roleMay(role: Role, action: Action): boolean {
  return ROLES_FOR[action].includes(role);
}

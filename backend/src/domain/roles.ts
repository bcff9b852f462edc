import { DomainError } from '../../../common/errors';
import type { Role } from '../../../common/wire/admin';

export type Action = 'pay' | 'charge' | 'cancel_payment' | 'cancel_charge' | 'migrate' | 'lookup_card' | 'lookup' | 'sync' | 'report';

/** The contract's role table; `manager` may do everything at its merchant. */
const ALLOWED: Record<Role, ReadonlySet<Action>> = {
  cashier: new Set(['pay', 'cancel_payment', 'lookup', 'report']),
  charger: new Set(['pay', 'charge', 'cancel_charge', 'lookup', 'report']),
  support: new Set(['migrate', 'lookup_card', 'lookup', 'report']),
  manager: new Set(['pay', 'charge', 'cancel_payment', 'cancel_charge', 'migrate', 'lookup_card', 'lookup', 'report']),
};

export function mayDo(role: Role, action: Action): boolean {
  return ALLOWED[role].has(action);
}

export function requireRole(role: Role | null, action: Action): void {
  if (role === null) throw new DomainError('unauthorized', 'a staff session is required for this action');
  if (!mayDo(role, action)) throw new DomainError('forbidden', `the ${role} role may not ${action.replace('_', ' ')}`, { role, action });
}

import { DomainError } from '../../../common/errors';
import { roleMay, type Action } from '../../../common/rules/roles';
import type { Role } from '../../../common/wire/admin';

/**
 * The backend enforces the one role table (common/rules/roles.ts): who may do what, and who
 * needs a manager's approval for it (R31).
 */
export { needsApproval, roleMay as mayDo, type Action } from '../../../common/rules/roles';

export function requireRole(role: Role | null, action: Action): void {
  if (role === null) throw new DomainError('unauthorized', 'a staff session is required for this action');
  if (!roleMay(role, action)) throw new DomainError('forbidden', `the ${role} role may not ${action.replace('_', ' ')}`, { role, action });
}

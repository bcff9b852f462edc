/**
 * Whether a history or search line may be cancelled from this terminal now, whether a
 * manager's approval is needed (R31), and if it may not, why — so the button is either offered
 * or replaced by the reason. The core and backend decide for real.
 */
import type { Connectivity, HistoryLine, SearchLine } from '../../common/terminal-api';
import type { Role } from '../../common/wire/admin';
import { LIMITS } from '../../common/limits';

export type CancelBlock = 'type' | 'cancelled' | 'role' | 'pending' | 'offline' | 'window';

/**
 * R31 (docs/counter-day.md): a payment cancel is the manager's, or a cashier's/charger's with a
 * manager's approval; a charge cancel is the manager's, or a charger's with that approval.
 * `null`: this role cannot cancel that type at all.
 */
export function cancelAuthority(role: Role, type: 'payment' | 'charge'): 'self' | 'approval' | null {
  if (role === 'manager') return 'self';
  if (type === 'payment') return role === 'cashier' || role === 'charger' ? 'approval' : null;
  return role === 'charger' ? 'approval' : null;
}

function isSearchLine(line: HistoryLine | SearchLine): line is SearchLine {
  return 'cancellable' in line;
}

export function cancelBlock(line: HistoryLine | SearchLine, role: Role, connectivity: Connectivity, nowMs: number): CancelBlock | null {
  if (line.type === 'migration' || line.state === 'rejected') return 'type';
  // R17: at most once.
  if (line.cancelled) return 'cancelled';
  // R31: who may cancel which type (with or without a manager's approval).
  if (cancelAuthority(role, line.type) === null) return 'role';
  // R20: an offline item is not on the backend yet, there is nothing to cancel there.
  if (line.state === 'pending') return 'pending';
  // R21: cancellations are online only.
  if (connectivity === 'offline') return 'offline';
  // R14: 192 hours after it was made (a search line says so itself).
  if (nowMs - Date.parse(line.occurredAt) > LIMITS.cancelWindowMs) return 'window';
  if (isSearchLine(line) && !line.cancellable) return 'window';
  return null;
}

/** R31: true when this role must ask a manager for code + PIN before cancelling. */
export function needsApproval(role: Role, type: 'payment' | 'charge'): boolean {
  return cancelAuthority(role, type) === 'approval';
}

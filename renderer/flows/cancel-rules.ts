/**
 * Whether a history or search line may be cancelled from this terminal now, whether a
 * manager's approval is needed (R31), and if it may not, why — so the button is either offered
 * or replaced by the reason. The core and backend decide for real.
 */
import type { Connectivity, HistoryLine, SearchLine } from '../../common/terminal-api';
import type { Role } from '../../common/wire/admin';
import { cancelWindowOpen } from '../../common/rules/cancel-window';
import { authorityOf } from '../../common/rules/roles';

export type CancelBlock = 'type' | 'cancelled' | 'role' | 'pending' | 'offline' | 'window';

/** R23: a KumaPo spend cancels like a payment (same roles and approval, R31). */
const ACTION_OF = { payment: 'cancel_payment', charge: 'cancel_charge', point_spend: 'cancel_payment' } as const;
type CancellableType = keyof typeof ACTION_OF;

/**
 * R31 from the one role table (common/rules/roles.ts): a payment cancel is the manager's, or a
 * cashier's/charger's with a manager's approval; a charge cancel is the manager's, or a
 * charger's with that approval. `null`: this role cannot cancel that type at all.
 */
export function cancelAuthority(role: Role, type: CancellableType): 'self' | 'approval' | null {
  const authority = authorityOf(role, ACTION_OF[type]);
  if (authority === 'alone') return 'self';
  return authority === 'approval' ? 'approval' : null;
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
  if (!cancelWindowOpen(Date.parse(line.occurredAt), nowMs)) return 'window';
  if (isSearchLine(line) && !line.cancellable) return 'window';
  return null;
}

/** R31: true when this role must ask a manager for code + PIN before cancelling. */
export function needsApproval(role: Role, type: CancellableType): boolean {
  return cancelAuthority(role, type) === 'approval';
}

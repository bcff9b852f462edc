/**
 * Whether a history line may be cancelled from this terminal now, and if not, why — so the
 * button is either offered or replaced by the reason. The core and backend decide for real.
 */
import type { Connectivity, HistoryLine } from '../../common/terminal-api';
import type { Role } from '../../common/wire/admin';
import { LIMITS } from '../../common/limits';
import { roleCan } from '../app/permissions';

export type CancelBlock = 'type' | 'cancelled' | 'role' | 'pending' | 'offline' | 'window';

export function cancelBlock(line: HistoryLine, role: Role, connectivity: Connectivity, nowMs: number): CancelBlock | null {
  if (line.type === 'migration' || line.state === 'rejected') return 'type';
  // R17: at most once.
  if (line.cancelled) return 'cancelled';
  // R14: payments by manager or cashier, charges by manager or charger.
  if (!roleCan(role, line.type === 'payment' ? 'cancelPayment' : 'cancelCharge')) return 'role';
  // R20: an offline item is not on the backend yet, there is nothing to cancel there.
  if (line.state === 'pending') return 'pending';
  // R21: cancellations are online only.
  if (connectivity === 'offline') return 'offline';
  // R14: 192 hours after it was made.
  if (nowMs - Date.parse(line.occurredAt) > LIMITS.cancelWindowMs) return 'window';
  return null;
}

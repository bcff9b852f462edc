/**
 * R20 deadline: offline items must reach the backend within `deadlineMs` (24 h) of the first
 * unsynced one. The shop is warned two hours before and told when it has passed; the policy
 * stops offline approvals past it.
 */
import { formatYen } from '../../common/money';
import { toIso } from '../../common/time';
import { CORE_LIMITS } from './limits';
import { offlineDeadlineMs } from './offline-policy';
import type { CoreServices } from './services';

export function noteDeadline(s: CoreServices): void {
  const stats = s.journal.txns.stats();
  const deadlineAtMs = offlineDeadlineMs(stats.oldestPendingAtMs, s.ctx.offlineLimits);
  if (deadlineAtMs === null || stats.oldestPendingAtMs === null) return;
  const nowMs = s.clock.nowMs();
  // One notification per oldest item and threshold: re-checking never piles them up.
  const cause = String(stats.oldestPendingAtMs);
  let added = false;
  if (nowMs >= deadlineAtMs) {
    added = s.journal.notifications.add({
      id: `deadline_passed:${cause}`,
      kind: 'deadline_passed',
      createdAtMs: nowMs,
      clientTxnId: null,
      amountYen: stats.pendingYen,
      message: `Offline payments (${stats.pendingCount}, ${formatYen(stats.pendingYen)}) were not sent by ${toIso(deadlineAtMs)}. Offline payments are stopped until the terminal is back online.`,
    });
  } else if (nowMs >= deadlineAtMs - CORE_LIMITS.deadlineWarningMs) {
    added = s.journal.notifications.add({
      id: `deadline_near:${cause}`,
      kind: 'deadline_near',
      createdAtMs: nowMs,
      clientTxnId: null,
      amountYen: stats.pendingYen,
      message: `Offline payments (${stats.pendingCount}, ${formatYen(stats.pendingYen)}) must reach the backend by ${toIso(deadlineAtMs)}. Connect the terminal to the network.`,
    });
  }
  if (added) s.statusChanged();
}

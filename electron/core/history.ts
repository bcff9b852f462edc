/**
 * The terminal's own history for a business day (R25), from the journal: what the counter
 * did, including offline payments not on the backend yet (`pending`) and rejected ones.
 */
import type { AllocationView, CommandOutputs, HistoryLine } from '../../common/terminal-api';
import { toIso } from '../../common/time';
import { paymentResponse } from '../../common/wire/terminal';
import { requireStaff } from './guards';
import type { TxnRow } from './journal/txn-store';
import type { CoreServices } from './services';

const STATE: Partial<Record<TxnRow['state'], HistoryLine['state']>> = {
  approved: 'synced',
  pending: 'pending',
  synced: 'synced',
  rejected: 'rejected',
};

export function history(s: CoreServices, businessDay: string): CommandOutputs['history'] {
  const guard = requireStaff(s, 'report');
  if (!guard.ok) return guard.failure;
  const lines: HistoryLine[] = [];
  for (const row of s.journal.txns.dayRows(businessDay)) {
    if (row.kind !== 'payment' && row.kind !== 'charge' && row.kind !== 'migration') continue;
    const state = STATE[row.state];
    // Declined and still-unknown steps moved no money the shop was told about.
    if (state === undefined) continue;
    lines.push({
      id: row.resultId ?? row.clientTxnId,
      clientTxnId: row.clientTxnId,
      type: row.kind,
      occurredAt: toIso(row.occurredAtMs),
      amountYen: row.amountYen,
      bonusYen: row.bonusYen ?? 0,
      offline: row.mode === 'offline',
      state,
      cancelled: s.journal.txns.isCancelled(row),
      allocations: row.kind === 'payment' ? allocationsOf(row) : [],
    });
  }
  return { ok: true, lines };
}

/** Allocations with their lot's display name where the answer carried it (R2 labels). */
export function allocationsOf(row: TxnRow): AllocationView[] {
  if (row.resultJson === null || row.mode !== 'online') return [];
  const parsed = paymentResponse.safeParse(JSON.parse(row.resultJson));
  if (!parsed.success) return [];
  return labelled(parsed.data);
}

export function labelled(answer: { allocations: AllocationView[]; balanceAfter: { lots: { lotId: string; label: string }[] } }): AllocationView[] {
  const labels = new Map(answer.balanceAfter.lots.map((lot) => [lot.lotId, lot.label]));
  return answer.allocations.map((a) => {
    const label = labels.get(a.lotId);
    return label === undefined ? a : { ...a, label };
  });
}

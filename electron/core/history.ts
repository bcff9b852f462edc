/**
 * The terminal's own history for a business day (R25), from the journal: what the counter
 * did, including offline payments not on the backend yet (`pending`) and rejected ones.
 */
import { z } from 'zod';
import type { AllocationView, CommandOutputs, HistoryLine } from '../../common/terminal-api';
import { toIso } from '../../common/time';
import { paymentResponse } from '../../common/wire/terminal';
import { requireStaff } from './guards';
import type { TxnRow } from './journal/txn-store';
import type { CoreServices } from './services';
import { relabelAll } from './balance-labels';

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
    const line = historyLine(s, row);
    if (line) lines.push(line);
  }
  // Newest first, as the counter reads it.
  lines.sort((a, b) => Date.parse(b.occurredAt) - Date.parse(a.occurredAt));
  return { ok: true, lines };
}

/** A payment, charge, migration or point spend (R23) row as a history line; null for what moved nothing. */
export function historyLine(s: CoreServices, row: TxnRow): HistoryLine | null {
  if (row.kind !== 'payment' && row.kind !== 'charge' && row.kind !== 'migration' && row.kind !== 'point_spend') return null;
  const state = STATE[row.state];
  // Declined and still-unknown steps moved no money the shop was told about.
  if (state === undefined) return null;
  return {
    id: row.resultId ?? row.clientTxnId,
    clientTxnId: row.clientTxnId,
    type: row.kind,
    occurredAt: toIso(row.occurredAtMs),
    // Migrations: what moved to the app (the row holds it since this version; older rows
    // carry it in the answer only).
    amountYen: row.kind === 'migration' ? migratedYen(row) : row.amountYen,
    bonusYen: row.bonusYen ?? 0,
    offline: row.mode === 'offline',
    state,
    cancelled: s.journal.txns.isCancelled(row),
    // R2: named as the backend names them now (learnt last), not as at the payment.
    allocations: row.kind === 'payment' ? relabelAll(s, allocationsOf(row)) : [],
    shortNo: row.shortNo,
    method: row.method,
    staffName: row.staffName,
    cashYen: row.cashYen ?? 0,
    businessDay: row.businessDay,
    // R29: its slip and its cancel's, oldest first, for 再印刷 from history.
    slips: s.receipts.refsFor(row.clientTxnId),
    ...(row.kind === 'point_spend' ? { points: row.points ?? 0 } : {}),
    ...(row.mpmSource === null ? {} : { mpmSource: row.mpmSource }),
  };
}

/** What a migration moved: the row's amount, or (rows written before it was kept) the answer's. */
export function migratedYen(row: TxnRow): number {
  if (row.amountYen > 0 || row.resultJson === null) return row.amountYen;
  const parsed = z.object({ movedYen: z.number().int() }).safeParse(JSON.parse(row.resultJson));
  return parsed.success ? parsed.data.movedYen : 0;
}

/** Allocations with their lot's display name where the answer carried it (R2 labels). */
export function allocationsOf(row: TxnRow): AllocationView[] {
  if (row.resultJson === null || row.mode !== 'online') return [];
  const parsed = paymentResponse.safeParse(JSON.parse(row.resultJson));
  if (!parsed.success) return [];
  return labelled(parsed.data);
}

/**
 * The allocation's own name (backends since issue 14 send it), else its lot's in the balance
 * after (answers kept from before).
 */
export function labelled(answer: { allocations: AllocationView[]; balanceAfter: { lots: { lotId: string; label: string }[] } }): AllocationView[] {
  const labels = new Map(answer.balanceAfter.lots.map((lot) => [lot.lotId, lot.label]));
  return answer.allocations.map((a) => {
    if (a.label !== undefined) return a;
    const label = labels.get(a.lotId);
    return label === undefined ? a : { ...a, label };
  });
}

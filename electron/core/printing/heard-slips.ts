/**
 * R29 with R28: an MPM payment (or points spend) this register first heard of by a notice — its
 * store QR, or a request of its own no screen was showing — gets its slip kept, so 再印刷 from
 * history can hand the customer one. Nothing prints by itself: the customer paid in the app
 * and may have left (as for a payment settled after the counter gave up on it).
 */
import { paymentResponse } from '../../../common/wire/terminal';
import type { PaymentApproved } from '../../../common/terminal-api';
import { toIso } from '../../../common/time';
import type { TxnRow } from '../journal/txn-store';
import { onlineApproval } from '../payments';
import type { CoreServices } from '../services';
import { paymentBody, pointSpendBody, slipMethodOf } from './slip-drafts';

export function keepHeardSlip(s: CoreServices, row: TxnRow): void {
  if (row.kind === 'point_spend') {
    // A notice does not say what the wallet holds now: the slip sends the customer to the app.
    s.receipts.keepForTransaction(row, row.clientTxnId, () => pointSpendBody(row, { points: row.points ?? 0, pointsAfter: null, pointsExpiresAt: null }));
  } else if (row.kind === 'payment') {
    s.receipts.keepForTransaction(row, row.clientTxnId, () => paymentBody(heardApproval(row), slipMethodOf(row)));
  }
}

/** The backend's payment answer when the row kept one, else what the notice said (no balance). */
function heardApproval(row: TxnRow): PaymentApproved {
  const answer = paymentResponse.safeParse(row.resultJson === null ? null : JSON.parse(row.resultJson));
  if (answer.success) return onlineApproval(row, answer.data);
  return {
    clientTxnId: row.clientTxnId,
    paymentId: row.resultId,
    shortNo: row.shortNo,
    amountYen: row.amountYen,
    cashYen: 0,
    offline: false,
    allocations: [],
    balanceAfter: null,
    occurredAt: toIso(row.occurredAtMs),
  };
}

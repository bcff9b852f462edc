/**
 * R28: MPM payments that count in this register's day reach its journal, so history, 点検 and
 * the day-close comparison see them as the backend does. Two ways bring the same payment: the
 * long poll of a request this register showed (mpm.ts) and the merchant's notices (notices.ts,
 * the guarantee after a restart or an outage). Both key the row the same way — a dynamic
 * request's payment by its request id, a store-QR payment by the backend's payment (or spend)
 * id — so hearing it twice writes one row.
 */
import { paymentResponse } from '../../common/wire/terminal';
import type { TxnRow } from './journal/txn-store';
import type { CoreServices } from './services';

export interface MpmReceipt {
  source: 'static' | 'dynamic';
  requestId: string | null;
  paymentId: string | null;
  spendId: string | null;
  /** Yen payments; null for points. */
  amountYen: number | null;
  /** Points MPM (R23); null for yen. */
  points: number | null;
  pointsAfter: number | null;
  occurredAtMs: number;
  /** The backend's payment answer when it came with the outcome (allocations, balance after). */
  payment: unknown;
  shortNo: string | null;
  staffId: string | null;
  staffName: string | null;
}

/** The journal key of an MPM receipt; null when the backend named nothing to key it by. */
export function mpmClientTxnId(receipt: Pick<MpmReceipt, 'source' | 'requestId' | 'paymentId' | 'spendId'>): string | null {
  if (receipt.source === 'dynamic' && receipt.requestId !== null) return `mpm:request:${receipt.requestId}`;
  const id = receipt.paymentId ?? receipt.spendId;
  return id === null ? null : `mpm:${id}`;
}

/**
 * Writes the receipt (once). The request row of a dynamic request knows the short number and
 * the staff member who showed the QR; a receipt heard from a notice takes them from there.
 */
export function journalMpmReceipt(s: CoreServices, receipt: MpmReceipt): { row: TxnRow; created: boolean } | null {
  const clientTxnId = mpmClientTxnId(receipt);
  const resultId = receipt.points !== null ? receipt.spendId : receipt.paymentId;
  if (clientTxnId === null || resultId === null) {
    s.logger.error({ receipt }, 'MPM payment without an id to journal it by');
    return null;
  }
  const request = receipt.requestId === null ? null : s.journal.txns.findByResultId(receipt.requestId, 'mpm_request');
  const payment = paymentResponse.safeParse(receipt.payment);
  const isPoints = receipt.points !== null;
  const entry = s.journal.txns.recordSettled({
    clientTxnId,
    kind: isPoints ? 'point_spend' : 'payment',
    amountYen: isPoints ? 0 : (receipt.amountYen ?? 0),
    points: receipt.points,
    occurredAtMs: receipt.occurredAtMs,
    resultId,
    resultJson: JSON.stringify(
      isPoints
        ? { spendId: receipt.spendId, points: receipt.points, pointsAfter: receipt.pointsAfter, requestId: receipt.requestId }
        : payment.success
          ? payment.data
          : { paymentId: receipt.paymentId, amountYen: receipt.amountYen, requestId: receipt.requestId },
    ),
    shortNo: (payment.success ? payment.data.shortNo : null) ?? receipt.shortNo ?? request?.shortNo ?? null,
    staffId: receipt.staffId ?? request?.staffId ?? null,
    staffName: receipt.staffName ?? request?.staffName ?? null,
    mpmSource: receipt.source,
    decidedAtMs: s.clock.nowMs(),
  });
  if (entry.created) s.logger.info({ clientTxnId, source: receipt.source, amountYen: receipt.amountYen, points: receipt.points }, 'MPM payment journaled');
  return entry;
}

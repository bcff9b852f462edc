import { z } from 'zod';
import { LIMITS } from '../limits';
import { clientTxnId, id, isoInstant, positiveYen, yen } from './primitives';
import { points, positivePoints } from './points';
import { paymentResponse, shortNo } from './terminal';

/**
 * R28, merchant-presented QR. A dynamic request carries its amount in yen or in points, never
 * both; the customer's app pays it. The QR text is signed by the backend (common/mpm-qr.ts).
 */
export const mpmRequestCreate = z.union([
  z.object({ clientTxnId, amountYen: positiveYen, ttlMs: z.number().int().min(LIMITS.mpmRequestTtlMsMin).max(LIMITS.mpmRequestTtlMsMax).optional(), shortNo: shortNo.optional() }).strict(),
  z.object({ clientTxnId, points: positivePoints, ttlMs: z.number().int().min(LIMITS.mpmRequestTtlMsMin).max(LIMITS.mpmRequestTtlMsMax).optional(), shortNo: shortNo.optional() }).strict(),
]);
export const mpmRequestCreated = z.object({
  requestId: id,
  qr: z.string().max(LIMITS.mpmQrLengthMax),
  expiresAt: isoInstant,
  amountYen: yen.optional(),
  points: points.optional(),
});
export const mpmStatus = z.enum(['pending', 'paid', 'expired', 'withdrawn']);
export const mpmWaitQuery = z.object({ waitMs: z.coerce.number().int().min(0).max(LIMITS.longPollWaitMsMax).optional() });
export const mpmRequestView = z.object({
  requestId: id,
  status: mpmStatus,
  amountYen: yen.optional(),
  points: points.optional(),
  expiresAt: isoInstant,
  /** Paid in yen: the payment (cancel it like a CPM payment, R14–R17). */
  paymentId: id.optional(),
  /** Paid in points: the spend (cancel it like a point spend, R23). */
  spendId: id.optional(),
  paidAt: isoInstant.optional(),
  /** Paid in yen: the payment as the terminal would have got it from POST /v1/payments. */
  payment: paymentResponse.optional(),
  /** Paid in points: what the customer has left. */
  pointsAfter: points.optional(),
});
export const mpmWithdrawRequest = z.object({}).strict();

/** R28 static: the printed store QR of a terminal's register; payments by it count in that register's day. */
export const staticQrResponse = z.object({ qr: z.string().max(LIMITS.mpmQrLengthMax), merchantName: z.string() });

export const noticeKind = z.enum(['mpm_payment', 'mpm_points']);
export const notice = z.object({
  /** The merchant's notice number: the next poll's `after`. */
  seq: z.number().int().min(1),
  kind: noticeKind,
  /** `static` for a store QR (入金通知), `dynamic` for a request this or another register made. */
  source: z.enum(['static', 'dynamic']),
  /** The register whose day it counts in. */
  terminalId: id.nullable(),
  requestId: id.nullable(),
  paymentId: id.nullable(),
  spendId: id.nullable(),
  amountYen: yen.optional(),
  points: points.optional(),
  occurredAt: isoInstant,
});
export const noticesQuery = z.object({
  after: z.coerce.number().int().min(0).optional(),
  waitMs: z.coerce.number().int().min(0).max(LIMITS.longPollWaitMsMax).optional(),
});
export const noticesResponse = z.object({
  notices: z.array(notice),
  /** Pass as `after` next time; unchanged when nothing new arrived. */
  cursor: z.number().int().min(0),
  /** More notices wait beyond this page (a terminal back from an outage asks again at once). */
  more: z.boolean(),
});

// Customer (R28)
export const mpmPreviewRequest = z.object({ qr: z.string().min(1).max(LIMITS.mpmQrLengthMax) });
export const mpmPreviewResponse = z.object({
  kind: z.enum(['dynamic', 'static']),
  merchantName: z.string(),
  amountYen: yen.optional(),
  points: points.optional(),
  expiresAt: isoInstant.optional(),
  status: mpmStatus.optional(),
});
export const mpmPayRequest = z.object({
  clientTxnId,
  qr: z.string().min(1).max(LIMITS.mpmQrLengthMax),
  /** Static store QR only: the amount the customer typed. */
  amountYen: positiveYen.optional(),
});
export const mpmPayResponse = z.object({
  kind: z.enum(['dynamic', 'static']),
  merchantName: z.string(),
  paymentId: id.optional(),
  spendId: id.optional(),
  amountYen: yen.optional(),
  points: points.optional(),
  totalYenAfter: yen.optional(),
  pointsAfter: points.optional(),
  occurredAt: isoInstant,
});

import { z } from 'zod';
import { BUS_CHECKED_FIELDS, BUS_MALFORMED_LINE_CODES } from '../bus-import-codes';
import { LIMITS } from '../limits';
import { clientTxnId, credential, id, isoInstant } from './primitives';
import { managerApproval, shortNo } from './terminal';

/** Whole KumaPo points (R23): never yen, never fractional. */
export const points = z.number().int().min(0).max(LIMITS.pointsWalletMax);
export const positivePoints = z.number().int().min(1).max(LIMITS.pointsWalletMax);

// Admin (R23, R24)
export const createPointEventRequest = z.object({
  name: z.string().trim().min(1).max(200),
  points: positivePoints,
  from: isoInstant,
  to: isoInstant,
  rule: z.enum(['once', 'daily']),
});
export const createPointEventResponse = z.object({ id, code: z.string() });
export const pointEventView = z.object({ id, name: z.string(), points, from: isoInstant, to: isoInstant, rule: z.enum(['once', 'daily']), claims: z.number().int().min(0) });
export const pointEventsResponse = z.object({ items: z.array(pointEventView) });

export const busImportResponse = z.object({
  importId: id.nullable(),
  rows: z.number().int().min(0),
  credited: z.number().int().min(0),
  creditedPoints: z.number().int().min(0),
  alreadyImported: z.number().int().min(0),
  unanswered: z.number().int().min(0),
  unknownCustomer: z.number().int().min(0),
  /** Rides that would take a wallet past the cap (R23): not credited, not recorded, so a later import may credit them. */
  capExceeded: z.number().int().min(0),
  malformed: z.number().int().min(0),
  /**
   * R24: the first LIMITS.busImportMalformedListedMax malformed lines. `code` is stable (clients
   * word the line from it, common/bus-import-codes.ts); `reason` is English for people and may be
   * reworded; the other fields are the facts a code's wording needs.
   */
  malformedLines: z.array(
    z.object({
      line: z.number().int().min(1),
      code: z.enum(BUS_MALFORMED_LINE_CODES),
      reason: z.string(),
      field: z.enum(BUS_CHECKED_FIELDS).optional(),
      /** The offending value (usedAt, or the repeated rideId), cut when long. */
      value: z.string().optional(),
      fieldCount: z.number().int().min(0).optional(),
      headerFieldCount: z.number().int().min(0).optional(),
      lengthMax: z.number().int().min(1).optional(),
      /** The line where a repeated rideId first appeared. */
      firstLine: z.number().int().min(1).optional(),
    }),
  ),
  /** A file with malformed rows is applied not at all (R24: never half-applied). */
  applied: z.boolean(),
  encoding: z.enum(['utf-8', 'shift_jis']),
  /** R24: a ride repeated word for word later in the same file: the same ride, counted once. */
  duplicates: z.number().int().min(0).optional(),
  /** SHA-256 (hex) of the file as sent, so an operator can tell which file an answer is about. */
  fileSha256: z.string().optional(),
});

// Terminal (R23): a spend at a KumaPo store, by the customer's CPM QR.
export const pointSpendRequest = z.object({ clientTxnId, points: positivePoints, credential, shortNo: shortNo.optional() });
export const pointSpendResponse = z.object({
  spendId: id,
  points,
  pointsAfter: points,
  /** When the remaining points lapse (R23), null when none are left. */
  pointsExpiresAt: isoInstant.nullable(),
  occurredAt: isoInstant,
  shortNo: shortNo.nullable().optional(),
});
export const pointSpendCancelRequest = z.object({
  clientTxnId,
  approval: managerApproval.optional(),
  shortNo: shortNo.optional(),
});
export const pointSpendCancelResponse = z.object({ cancellationId: id, points, pointsAfter: points });

// Customer (R23)
export const customerPointsResponse = z.object({ points, expiresAt: isoInstant.nullable() });
export const pointsHistoryType = z.enum(['claim', 'bus', 'transfer_in', 'transfer_out', 'spend', 'cancelled_spend', 'expiry']);
export const pointsHistoryItem = z.object({
  id,
  type: pointsHistoryType,
  occurredAt: isoInstant,
  /** Signed from the wallet's view: a spend is negative. */
  points: z.number().int(),
  /** The event, the store, or null (bus, transfers, expiry). */
  name: z.string().nullable(),
  cancelled: z.boolean(),
});
export const pointsHistoryResponse = z.object({ items: z.array(pointsHistoryItem) });
export const pointsClaimRequest = z.object({ code: z.string().trim().min(1).max(128) });
export const pointsClaimResponse = z.object({ points, pointsAfter: points, eventName: z.string(), expiresAt: isoInstant.nullable() });
export const receiveQrRequest = z.object({}).strict();
export const receiveQrResponse = z.object({ qr: z.string(), expiresAt: isoInstant });
export const pointsTransferRequest = z.object({ clientTxnId, to: z.string().min(1).max(LIMITS.cpmTokenLengthMax * 2), points: positivePoints });
export const pointsTransferResponse = z.object({ transferId: id, points, pointsAfter: points, expiresAt: isoInstant.nullable() });

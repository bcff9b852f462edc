/**
 * R29 slips as data: what one slip says, independent of paper, printer or screen. The terminal
 * core builds a slip when a transaction completes and keeps it in the journal, so a reprint
 * (any time, from history) prints the same words as the first print. `slip-markup.ts` turns a
 * slip into receiptline markup: the one source for the printed bytes and the on-screen preview.
 */
import { z } from 'zod';
import { LIMITS } from '../limits';
import { businessDay, id, isoInstant, lotKind, yen } from '../wire/primitives';
import { points, positivePoints } from '../wire/points';
import { shortNo } from '../wire/terminal';

/** A balance's name as printed, at most this many characters (a configured name may be longer: cut). */
export const SLIP_LABEL_CHARS_MAX = 80;

/** One balance (lot) on a slip: what was spent from it, or what is left in it. */
export const slipLot = z.object({
  /** R2: the balance's display name from configuration (e.g. チャージマネー, 補助金等マネー); '' when none was known. */
  label: z.string().max(SLIP_LABEL_CHARS_MAX),
  kind: lotKind,
  amountYen: yen,
  expiresAt: isoInstant,
});
export type SlipLot = z.infer<typeof slipLot>;

export const slipBalance = z.object({ totalYen: yen, lots: z.array(slipLot).max(LIMITS.slipLotsMax) });
export type SlipBalance = z.infer<typeof slipBalance>;

/** Who, where, when: printed at the top of every slip (R29). */
export const slipHeader = z.object({
  shopName: z.string().max(80),
  terminalNo: z.number().int().min(1).nullable(),
  staffName: z.string().max(80).nullable(),
  occurredAt: isoInstant,
  /** `NNNN-SSSSSS`; null only on a slip made before the terminal knew its number. */
  shortNo: shortNo.nullable(),
  businessDay: businessDay.nullable(),
});
export type SlipHeader = z.infer<typeof slipHeader>;

/**
 * How the customer paid, as the slip words it: their app's QR read here (`qr`), a card, a QR
 * this register showed for the app to read (`mpm`, R28 dynamic), or the register's printed
 * store QR (`mpm_static`, R28 static; the journal row's mpm_source says which).
 */
export const slipMethod = z.enum(['qr', 'card', 'mpm', 'mpm_static']);
export type SlipMethod = z.infer<typeof slipMethod>;

const paymentBody = z.object({
  kind: z.literal('payment'),
  /** The KumaPAY part. */
  amountYen: yen,
  /** R32: the cash part of a split sale (0 when none). */
  cashYen: yen,
  method: slipMethod,
  /** Approved offline: the balance after is not known at the counter. */
  offline: z.boolean(),
  /** What was taken from each balance. */
  allocations: z.array(slipLot).max(LIMITS.slipLotsMax),
  /** The wallet after the payment, per balance with expiry; null when approved offline. */
  balanceAfter: slipBalance.nullable(),
});

const chargeBody = z.object({
  kind: z.literal('charge'),
  amountYen: yen,
  cashReceivedYen: yen,
  changeYen: yen,
  bonusYen: yen,
  debtRepaidYen: yen,
  balanceAfter: slipBalance,
});

const cancelBody = z.object({
  kind: z.literal('cancel'),
  of: z.enum(['payment', 'charge']),
  /** The cancelled transaction's number and time (取消 of …). */
  originalShortNo: shortNo.nullable(),
  originalOccurredAt: isoInstant.nullable(),
  /** The cancelled amount (KumaPAY part of a payment, or the charge). */
  amountYen: yen,
  /** Payment cancels: value that had expired meanwhile and could not go back (R14). */
  writtenOffYen: yen,
  /** Charge cancels: cash handed back (R16). */
  refundYen: yen,
  /** R32: the cash part of a split sale to hand back. */
  cashToReturnYen: yen,
  /** The manager who approved the cancel (R31), when one did. */
  approvedByName: z.string().max(80).nullable(),
});

const migrationBody = z.object({
  kind: z.literal('migration'),
  /** Printed masked: only the last 4 digits (the card is retired, the number is still personal). */
  cardNumberLast4: z.string().max(8).nullable(),
  movedYen: yen,
  debtMovedYen: yen,
  /** What moved, per lot, as it now stands in the app (same kind and expiry, R19). */
  lots: z.array(slipLot).max(LIMITS.slipLotsMax),
});

/** R23: クマポ利用, in points (never yen): what was used, what is left and until when. */
const pointSpendBody = z.object({
  kind: z.literal('point_spend'),
  points: positivePoints,
  /** The customer's app QR read here, or a points QR shown for the app (MPM). Never a card. */
  method: z.enum(['qr', 'mpm', 'mpm_static']),
  /** What the wallet holds after; null when the backend's answer did not say (the app shows it). */
  pointsAfter: points.nullable(),
  /** When the points left lapse (R23); null when none are left or it was not said. */
  pointsExpiresAt: isoInstant.nullable(),
});

/** R23 with R14/R31: a spend's 取消; the points go back to the customer's wallet. */
const pointSpendCancelBody = z.object({
  kind: z.literal('point_spend_cancel'),
  originalShortNo: shortNo.nullable(),
  originalOccurredAt: isoInstant.nullable(),
  /** The points returned to the wallet. */
  points,
  pointsAfter: points.nullable(),
  approvedByName: z.string().max(80).nullable(),
});

const dayCount = z.number().int().min(0);

const reportBody = z.object({
  kind: z.literal('report'),
  mode: z.enum(['check', 'close']),
  businessDay,
  closedAt: isoInstant.nullable(),
  closedByName: z.string().max(80).nullable(),
  paymentsCount: z.number().int().min(0),
  paymentsYen: yen,
  cancelledPaymentsCount: z.number().int().min(0),
  cancelledPaymentsYen: yen,
  netPaymentsYen: z.number().int(),
  chargesCount: z.number().int().min(0),
  chargesYen: yen,
  bonusYen: yen,
  cancelledChargesCount: z.number().int().min(0),
  cancelledChargesYen: yen,
  netChargesYen: z.number().int(),
  cashSalesCount: z.number().int().min(0),
  cashSalesYen: yen,
  cashCollectedYen: z.number().int(),
  cashReturnedYen: yen,
  expectedDrawerYen: z.number().int(),
  migrationsCount: z.number().int().min(0),
  migrationsYen: yen,
  offlinePendingCount: z.number().int().min(0),
  /** Journal/backend differences (R33), as counted at the time of the slip. */
  differencesCount: z.number().int().min(0),
  /** Whether the backend was asked (点検 offline compares nothing). */
  backendCompared: z.boolean(),
  /**
   * R26 with R2 (issue 14): the day's payments per balance, one line per campaign, by the name
   * the terminal knew when the slip was made ('' when it knew none). Absent on slips kept before.
   */
  balances: z.array(z.object({ kind: lotKind, label: z.string().max(SLIP_LABEL_CHARS_MAX), amountYen: yen })).max(LIMITS.slipLotsMax).optional(),
  /**
   * R23 (issue 13): KumaPo spends at this register and their cancels made here, in points —
   * a day's sum, so not capped at one wallet's maximum. Absent on slips kept before.
   */
  points: z.object({ spendCount: dayCount, spendPoints: dayCount, cancelCount: dayCount, cancelPoints: dayCount, netPoints: z.number().int() }).optional(),
  /** R28 (issue 13): the MPM part of the payments above, and of it the store QR's. Absent on slips kept before. */
  mpm: z.object({ count: dayCount, yen, staticCount: dayCount, staticYen: yen }).optional(),
});

export const slipBody = z.discriminatedUnion('kind', [paymentBody, chargeBody, cancelBody, migrationBody, reportBody, pointSpendBody, pointSpendCancelBody]);
export type SlipBody = z.infer<typeof slipBody>;
export type SlipKind = SlipBody['kind'];
export const SLIP_KINDS = ['payment', 'charge', 'cancel', 'migration', 'report', 'point_spend', 'point_spend_cancel'] as const satisfies readonly SlipKind[];

/** A slip as the journal keeps it. */
export const slip = z.object({
  slipId: id,
  /**
   * What the slip is about: the transaction's clientTxnId (payment, charge, migration, point
   * spend), the cancelled transaction's clientTxnId (cancel, point spend cancel), or
   * `report:<mode>:<businessDay>`.
   */
  subjectKey: z.string().min(1).max(120),
  header: slipHeader,
  body: slipBody,
});
export type Slip = z.infer<typeof slip>;

/** お客様控え / 加盟店控え: printed as the slip's title line; the content is the same. */
export const slipCopy = z.enum(['customer', 'shop']);
export type SlipCopy = z.infer<typeof slipCopy>;

import { z } from 'zod';
import { businessDay, id, isoInstant, yen } from './primitives';

/**
 * R27 issuer reports (issue 14). A period is two JST calendar dates, both included; it is read
 * against the instant the backend recorded each movement, so a period once paid out never
 * changes when a late offline sync arrives (that sale lands in the period it was recorded in).
 */
export const reportPeriodQuery = z
  .object({ from: businessDay, to: businessDay })
  .refine((q) => q.from <= q.to, { message: 'from must not be after to', path: ['from'] });
export const unusedBalanceQuery = z.object({ at: isoInstant });

/**
 * What a line of value is: charge money, one campaign's limited money, or the shortfall of an
 * offline payment the wallet could not cover (R20: the issuer advanced it, the wallet owes it).
 */
export const valueKind = z.enum(['charge', 'limited', 'offline_debt']);
export type ValueKind = z.infer<typeof valueKind>;

/** How the customer paid: the counter read their code or card (CPM), or they read the shop's QR (MPM, R28). */
export const paymentChannel = z.enum(['cpm', 'mpm']);

const valueLine = {
  valueKind,
  campaignId: id.nullable(),
  /** The balance's name as configured now (a rename shows in every report, past periods included). */
  label: z.string(),
};

export const settlementLine = z.object({
  ...valueLine,
  channel: paymentChannel,
  paymentCount: z.number().int().min(0),
  paymentsYen: yen,
  cancelCount: z.number().int().min(0),
  cancelsYen: yen,
  /** paymentsYen − cancelsYen; negative when a period holds more cancels than sales. */
  netYen: z.number().int(),
  /** R9: each payment's fee split over its lines; a cancelled payment's fee is given back. */
  feeYen: z.number().int(),
  /** netYen − feeYen: what the city owes the merchant for this line. */
  payableYen: z.number().int(),
});
const settlementTotals = z.object({
  paymentsYen: yen,
  cancelsYen: yen,
  netYen: z.number().int(),
  feeYen: z.number().int(),
  payableYen: z.number().int(),
});
export const merchantSettlementResponse = z.object({
  from: businessDay,
  to: businessDay,
  generatedAt: isoInstant,
  merchants: z.array(
    z.object({
      merchantId: id,
      merchantName: z.string(),
      lines: z.array(settlementLine),
      totals: settlementTotals,
    }),
  ),
  totals: settlementTotals,
});
export type MerchantSettlementReport = z.infer<typeof merchantSettlementResponse>;

export const unusedBalanceResponse = z.object({
  at: isoInstant,
  generatedAt: isoInstant,
  lines: z.array(z.object({ ...valueLine, walletCount: z.number().int().min(0), unusedYen: yen })),
  totalYen: yen,
  /** Offline shortfalls still owed by wallets at the instant (a claim of the issuer, not a liability). */
  offlineDebtYen: yen,
});
export type UnusedBalanceReport = z.infer<typeof unusedBalanceResponse>;

export const breakageResponse = z.object({
  from: businessDay,
  to: businessDay,
  generatedAt: isoInstant,
  lines: z.array(z.object({ ...valueLine, lotCount: z.number().int().min(0), writtenOffYen: yen })),
  totalYen: yen,
});
export type BreakageReport = z.infer<typeof breakageResponse>;

/** The expiry sweep (R4, R27) as an operator sees it. */
export const sweepStatusResponse = z.object({
  running: z.boolean(),
  lastStartedAt: isoInstant.nullable(),
  lastFinishedAt: isoInstant.nullable(),
  /** Lots written off by this instance since it started. */
  lotsWrittenOff: z.number().int().min(0),
  writtenOffYen: yen,
  /** Lapsed lots that still hold value, counted now (0 once a sweep has caught up). */
  lapsedLotsPending: z.number().int().min(0),
  lastError: z.string().nullable(),
});
export type SweepStatus = z.infer<typeof sweepStatusResponse>;
export const sweepRunResponse = z.object({ lotsWrittenOff: z.number().int().min(0), writtenOffYen: yen, wallets: z.number().int().min(0), batches: z.number().int().min(0) });

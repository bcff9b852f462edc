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
/**
 * R27 with R23 (issue 13, additive): KumaPo points spent at a merchant, per channel. Counted,
 * never money: no fee, nothing payable, never in the yen totals.
 */
export const pointSettlementLine = z.object({
  channel: paymentChannel,
  spendCount: z.number().int().min(0),
  spentPoints: z.number().int().min(0),
  cancelCount: z.number().int().min(0),
  cancelledPoints: z.number().int().min(0),
  /** spentPoints − cancelledPoints; negative when a period holds more cancels than spends. */
  netPoints: z.number().int(),
});
export type PointSettlementLine = z.infer<typeof pointSettlementLine>;
const pointTotals = z.object({ spentPoints: z.number().int().min(0), cancelledPoints: z.number().int().min(0), netPoints: z.number().int() });
export const merchantSettlementResponse = z.object({
  from: businessDay,
  to: businessDay,
  generatedAt: isoInstant,
  merchants: z.array(
    z.object({
      merchantId: id,
      merchantName: z.string(),
      /** Yen lines (a merchant with only point spends in the period has none). */
      lines: z.array(settlementLine),
      totals: settlementTotals,
      pointLines: z.array(pointSettlementLine).optional(),
      pointTotals: pointTotals.optional(),
    }),
  ),
  totals: settlementTotals,
  pointTotals: pointTotals.optional(),
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
  /** R23: KumaPo points written off by this instance since it started (additive). */
  pointsWrittenOff: z.number().int().min(0).optional(),
});
export type SweepStatus = z.infer<typeof sweepStatusResponse>;
export const sweepRunResponse = z.object({
  lotsWrittenOff: z.number().int().min(0),
  writtenOffYen: yen,
  wallets: z.number().int().min(0),
  batches: z.number().int().min(0),
  /** R23: KumaPo points written off (additive), and the wallets they came from. */
  pointsWrittenOff: z.number().int().min(0).optional(),
  walletsWithPointsWrittenOff: z.number().int().min(0).optional(),
});

/**
 * R27 with R23/R24 (issue 13): `GET /v1/admin/reports/points?from&to` — KumaPo points in a
 * period, from the points ledger: issued per source, moved between users, spent per merchant,
 * cancelled, expired, and the balance held by wallets at the period's start and end.
 */
const pointCount = z.number().int().min(0);
export const pointsReportResponse = z.object({
  from: businessDay,
  to: businessDay,
  generatedAt: isoInstant,
  issued: z.object({
    /** Event QR claims (R23), one line per event. */
    events: z.array(z.object({ eventId: id, name: z.string(), claimCount: pointCount, points: pointCount })),
    /** Bus rides credited from the bus system's file (R24). */
    bus: z.object({ rideCount: pointCount, points: pointCount }),
    /** events + bus: points that came into being in the period. */
    totalPoints: pointCount,
  }),
  /** Transfers between users (R23): points that changed hands; neither issued nor spent. */
  transfers: z.object({ count: pointCount, points: pointCount }),
  /** Spends per merchant (both channels), cancels made in the period, net. */
  spent: z.array(
    z.object({ merchantId: id, merchantName: z.string(), spendCount: pointCount, spentPoints: pointCount, cancelCount: pointCount, cancelledPoints: pointCount, netPoints: z.number().int() }),
  ),
  spentTotals: z.object({ spentPoints: pointCount, cancelledPoints: pointCount, netPoints: z.number().int() }),
  /** Written off after a year without activity (R23), by the sweep or by a touch of the wallet. */
  expired: z.object({ walletCount: pointCount, points: pointCount }),
  /**
   * What wallets hold at the start and at the end of the period: the sum of wallet postings
   * recorded up to the instant. `closing = opening + issued − net spent − expired`.
   */
  openingPoints: pointCount,
  closingPoints: pointCount,
  /**
   * At the end of the period: the points still good (`points`, in `walletCount` wallets), and
   * points that had lapsed by then but were not yet written off (they are in closingPoints).
   */
  outstanding: z.object({ at: isoInstant, walletCount: pointCount, points: pointCount, lapsedUnsweptPoints: pointCount }),
});
export type PointsReport = z.infer<typeof pointsReportResponse>;

import { z } from 'zod';
import { LIMITS } from '../limits';
import { isBusinessDay } from '../time';

/** Whole yen, never fractional, never beyond a safe integer. */
export const yen = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
export const positiveYen = z.number().int().min(1).max(LIMITS.paymentYenMax);
export const clientTxnId = z.uuid();
export const id = z.string().min(1).max(64);
export const isoInstant = z.iso.datetime({ offset: true });
export const businessDay = z.string().refine(isBusinessDay, 'expected YYYY-MM-DD');

export const credential = z.union([
  z.object({ type: z.literal('cpm'), token: z.string().min(1).max(LIMITS.cpmTokenLengthMax * 2) }).strict(),
  z.object({ type: z.literal('card'), cardNumber: z.string().min(1).max(64) }).strict(),
  z.object({ type: z.literal('card'), nfcUid: z.string().min(1).max(64) }).strict(),
]);
export type Credential = z.infer<typeof credential>;

export const lotKind = z.enum(['charge', 'limited']);
export type LotKind = z.infer<typeof lotKind>;

export const lotView = z.object({
  lotId: id,
  kind: lotKind,
  campaignId: id.nullable(),
  /** Display name of the balance (R2: configuration, not code). */
  label: z.string(),
  amountYen: yen,
  expiresAt: isoInstant,
  expired: z.boolean(),
  /** Spendable at the asking merchant; absent where no merchant asked. */
  eligible: z.boolean().optional(),
});
export type LotView = z.infer<typeof lotView>;

export const balanceView = z.object({
  totalYen: yen,
  lots: z.array(lotView),
});
export type BalanceView = z.infer<typeof balanceView>;

export const allocation = z.object({
  lotId: id,
  kind: lotKind,
  campaignId: id.nullable(),
  amountYen: yen,
  expiresAt: isoInstant,
  /**
   * The balance's display name as configured when the answer is made (R2: a campaign's
   * `label`, or the `chargeMoneyLabel` setting), so a renamed balance shows renamed in past
   * history too. Optional: additive; absent from answers stored before it existed.
   */
  label: z.string().optional(),
});
export type Allocation = z.infer<typeof allocation>;

export const errorBody = z.object({
  error: z.looseObject({ code: z.string(), message: z.string() }),
});

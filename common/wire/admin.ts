import { z } from 'zod';
import { LIMITS } from '../limits';
import { id, isoInstant, lotKind, positiveYen, yen } from './primitives';

export const role = z.enum(['cashier', 'charger', 'support', 'manager']);
export type Role = z.infer<typeof role>;

export const createMerchantRequest = z.object({
  name: z.string().min(1).max(200),
  chargePoint: z.boolean(),
  offlineCardPayments: z.boolean().optional(),
  /** R9: fee in basis points (0 by default). */
  feeRateBp: z.number().int().min(0).max(10_000).optional(),
});
export const createdId = z.object({ id });

export const createTerminalRequest = z.object({ merchantId: id, name: z.string().min(1).max(200) });
export const createTerminalResponse = z.object({ id, enrollmentCode: z.string() });

export const createStaffRequest = z.object({
  merchantId: id,
  staffCode: z.string().min(1).max(32),
  name: z.string().min(1).max(200),
  role,
  pin: z.string().regex(/^\d{4,8}$/, 'PIN is 4–8 digits'),
});

export const createCustomerRequest = z.object({ displayName: z.string().min(1).max(200) });
export const createCustomerResponse = z.object({ walletId: id, customerToken: z.string() });

export const createCardRequest = z.object({
  cardNumber: z.string().regex(/^[0-9A-Za-z-]{4,32}$/),
  nfcUid: z
    .string()
    .regex(/^[0-9A-Fa-f]{8,20}$/)
    .optional(),
});
export const createCardResponse = z.object({ walletId: id });

export const validity = z
  .object({
    years: z.number().int().min(0).max(10).optional(),
    months: z.number().int().min(0).max(120).optional(),
    days: z.number().int().min(0).max(3650).optional(),
  })
  .refine((v) => (v.years ?? 0) + (v.months ?? 0) + (v.days ?? 0) > 0, 'validity must be positive');

export const createCampaignRequest = z.object({
  name: z.string().min(1).max(200),
  kind: z.literal('limited'),
  validity,
  eligibleMerchantIds: z.union([z.array(id).max(10_000), z.literal('all')]),
  /** R2: the balance's display name; defaults to the campaign name. */
  label: z.string().min(1).max(100).optional(),
});

export const createCodesRequest = z.object({
  amountYen: positiveYen,
  count: z.number().int().min(1).max(LIMITS.grantCodesPerCallMax),
});
export const createCodesResponse = z.object({ codes: z.array(z.string()) });

export const seedLotRequest = z.object({
  kind: lotKind,
  campaignId: id.optional(),
  amountYen: yen,
  expiresAt: isoInstant,
});
export const seedLotResponse = z.object({ lotId: id });

export const testClockRequest = z.object({ now: isoInstant });

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
  /** R23: KumaPo points may be spent here (a community group counts as a merchant). */
  kumapoStore: z.boolean().optional(),
});
export const createdId = z.object({ id });

export const createTerminalRequest = z.object({ merchantId: id, name: z.string().min(1).max(200) });
export const createTerminalResponse = z.object({
  id,
  enrollmentCode: z.string(),
  /** Issue 10: the terminal's number within its merchant, first part of its short numbers (additive). */
  terminalNo: z.number().int().min(1).optional(),
});

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
  /** Bounded so no number of seeds takes a wallet near 2^53 (the wallet total is bounded too). */
  amountYen: yen.max(LIMITS.lotYenMax),
  expiresAt: isoInstant,
});
export const seedLotResponse = z.object({ lotId: id });

export const testClockRequest = z.object({ now: isoInstant });

/** Operator lists (issue 9.6): oldest id first, `next` is the `after` of the following page. */
export const listQuery = z.object({
  limit: z.coerce.number().int().min(1).max(LIMITS.adminPageItemsMax).optional(),
  after: id.optional(),
  merchantId: id.optional(),
});
const page = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), next: id.nullable() });
export const merchantView = z.object({ id, name: z.string(), chargePoint: z.boolean(), offlineCardPayments: z.boolean(), feeRateBp: z.number().int(), kumapoStore: z.boolean().optional() });
export const terminalView = z.object({
  id,
  merchantId: id,
  name: z.string(),
  enrolledAt: isoInstant.nullable(),
  revokedAt: isoInstant.nullable(),
  tokenExpiresAt: isoInstant.nullable(),
  /** R20a: offline value applied since the terminal's last online contact. */
  offlineWindowYen: yen,
  /** Issue 10: the terminal's number within its merchant (additive). */
  terminalNo: z.number().int().min(1).nullable().optional(),
});
export const staffView = z.object({ id, merchantId: id, staffCode: z.string(), name: z.string(), role, disabledAt: isoInstant.nullable(), lockedUntil: isoInstant.nullable() });
export const campaignView = z.object({
  id,
  name: z.string(),
  label: z.string(),
  kind: z.literal('limited'),
  validity: z.object({ years: z.number().int(), months: z.number().int(), days: z.number().int() }),
  eligibleMerchantIds: z.union([z.array(id), z.literal('all')]),
});
export const merchantsPage = page(merchantView);
export const terminalsPage = page(terminalView);
export const staffPage = page(staffView);
export const campaignsPage = page(campaignView);

export const patchMerchantRequest = z
  .object({
    name: z.string().min(1).max(200),
    chargePoint: z.boolean(),
    offlineCardPayments: z.boolean(),
    feeRateBp: z.number().int().min(0).max(10_000),
    kumapoStore: z.boolean(),
  })
  .partial()
  .strict()
  .refine((p) => Object.keys(p).length > 0, 'name at least one field to change');
export const patchCampaignRequest = z
  .object({ label: z.string().min(1).max(100), name: z.string().min(1).max(200) })
  .partial()
  .strict()
  .refine((p) => Object.keys(p).length > 0, 'name at least one field to change');

export const revokeTerminalResponse = z.object({ id, revokedAt: isoInstant });
export const staffStatusResponse = z.object({ id, disabledAt: isoInstant.nullable() });
export const blockCardResponse = z.object({ walletId: id, status: z.literal('blocked'), blockedAt: isoInstant });
export const rotateKeysRequest = z.object({ revokePrevious: z.boolean().optional() }).strict();
export const rotateKeysResponse = z.object({ kid: z.string(), revokedPrevious: z.boolean() });

export const auditQuery = z.object({ limit: z.coerce.number().int().min(1).max(LIMITS.adminPageItemsMax).optional(), before: isoInstant.optional() });
export const auditLine = z.object({ id, at: isoInstant, actor: z.string(), action: z.string(), targetId: z.string().nullable(), details: z.record(z.string(), z.unknown()) });
export const auditResponse = z.object({ items: z.array(auditLine) });

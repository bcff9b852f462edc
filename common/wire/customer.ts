import { z } from 'zod';
import { id, isoInstant, lotView, yen } from './primitives';

export const cpmTokenRequest = z.object({}).strict();
export const cpmTokenResponse = z.object({ token: z.string(), expiresAt: isoInstant });

export const walletResponse = z.object({
  walletId: id,
  totalYen: yen,
  lots: z.array(lotView),
  debtYen: yen,
});

export const historyType = z.enum([
  'payment',
  'charge',
  'cancelled_payment',
  'cancelled_charge',
  'migration',
  'grant',
  'expiry',
  'debt',
]);
export const historyItem = z.object({
  id,
  type: historyType,
  occurredAt: isoInstant,
  merchantName: z.string().nullable(),
  /** Signed from the wallet's view: a payment is negative. */
  amountYen: z.number().int(),
  cancelled: z.boolean(),
  lots: z.array(z.object({ lotId: id, kind: z.enum(['charge', 'limited']), amountYen: z.number().int() })),
});
export const historyResponse = z.object({ items: z.array(historyItem) });

export const claimRequest = z.object({ code: z.string().min(1).max(64) });
export const claimResponse = z.object({ lotId: id, amountYen: yen, expiresAt: isoInstant });

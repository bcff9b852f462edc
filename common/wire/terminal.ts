import { z } from 'zod';
import { LIMITS } from '../limits';
import {
  allocation,
  balanceView,
  businessDay,
  clientTxnId,
  credential,
  id,
  isoInstant,
  lotView,
  positiveYen,
  yen,
} from './primitives';
import { role } from './admin';

export const publicKey = z.object({
  kid: z.string(),
  alg: z.literal('Ed25519'),
  /** Raw 32-byte Ed25519 public key, base64url. */
  publicKey: z.string(),
  notAfter: isoInstant.nullable(),
});
export type PublicKey = z.infer<typeof publicKey>;

export const offlineLimits = z.object({
  paymentMaxYen: yen,
  terminalUnsyncedMaxYen: yen,
  tokenMaxYen: yen,
  deadlineMs: z.number().int().positive(),
  offlineCardPayments: z.boolean(),
});
export type OfflineLimits = z.infer<typeof offlineLimits>;

export const enrollRequest = z.object({ enrollmentCode: z.string().min(1).max(64) });
export const enrollResponse = z.object({
  terminalId: id,
  terminalToken: z.string(),
  /** The token's end of life unless an online contact rotates it first (optional: additive). */
  terminalTokenExpiresAt: isoInstant.optional(),
  merchantId: id,
  merchantName: z.string(),
  chargePoint: z.boolean(),
  tokenPublicKeys: z.array(publicKey),
  offlineLimits,
});

export const staffSessionRequest = z.object({
  staffCode: z.string().min(1).max(32),
  pin: z.string().min(1).max(16),
});
export const staffSessionResponse = z.object({
  staffSession: z.string(),
  role,
  expiresAt: isoInstant,
  staffId: id,
  staffName: z.string(),
});

/**
 * `GET /v1/terminal/keys` is the terminal's *online contact* (R20a): it hands out the offline
 * limits, and the backend's offline window for the terminal starts again at ¥0 — offline items
 * applied through sync after this call count against `terminalUnsyncedMaxYen` until the next one.
 * When the backend rotates the terminal token on this contact, the new token comes with the
 * answer: the terminal saves it before using it; the old one works until the new one is used.
 */
export const keysResponse = z.object({
  keys: z.array(publicKey),
  offlineLimits,
  offlineWindowOpenedAt: isoInstant.optional(),
  terminalToken: z.string().optional(),
  terminalTokenExpiresAt: isoInstant.optional(),
});

/**
 * Cards a terminal must refuse offline (R20a): retired by migration (R19) or blocked by the
 * operator. Incremental, oldest change first: ask again from `next` while it is not null; keep
 * the newest `changedAt` minus `LIMITS.blockedCardsOverlapMs` as the start of the next round.
 */
export const blockedCardsQuery = z.object({
  since: isoInstant.optional(),
  afterWalletId: id.optional(),
});
export const blockedCard = z.object({
  cardNumber: z.string(),
  nfcUid: z.string().nullable(),
  status: z.enum(['retired', 'blocked']),
  changedAt: isoInstant,
});
export type BlockedCard = z.infer<typeof blockedCard>;
export const blockedCardsResponse = z.object({
  cards: z.array(blockedCard),
  next: z.object({ since: isoInstant, afterWalletId: id }).nullable(),
});

export const logoutResponse = z.object({ loggedOut: z.literal(true) });

export const lookupRequest = z.object({ credential });
export const lookupResponse = z.object({
  walletId: id,
  kind: z.enum(['app', 'card']),
  /** `blocked`: a card the operator blocked (lost or stolen). */
  status: z.enum(['active', 'retired', 'blocked']),
  totalYen: yen,
  eligibleYen: yen,
  debtYen: yen,
  lots: z.array(lotView),
  /** R11: the most a charge may add now (0 where the cap is reached). */
  maxChargeYen: yen,
});

export const paymentRequest = z.object({ clientTxnId, amountYen: positiveYen, credential });
export const paymentResponse = z.object({
  paymentId: id,
  status: z.literal('approved'),
  amountYen: yen,
  allocations: z.array(allocation),
  balanceAfter: balanceView,
  occurredAt: isoInstant,
});

export const cancelRequest = z.object({ clientTxnId });
export const paymentCancelResponse = z.object({
  cancellationId: id,
  restored: z.array(allocation),
  writtenOffYen: yen,
});

export const chargeRequest = z.object({
  clientTxnId,
  amountYen: z.number().int().min(1).max(LIMITS.paymentMaxYen),
  credential,
});
export const chargeResponse = z.object({
  chargeId: id,
  amountYen: yen,
  bonusYen: yen,
  debtRepaidYen: yen,
  balanceAfter: balanceView,
  occurredAt: isoInstant,
});
export const chargeCancelResponse = z.object({ cancellationId: id, refundYen: yen });

export const migrationRequest = z.object({
  clientTxnId,
  card: z.union([
    z.object({ cardNumber: z.string().min(1).max(64) }).strict(),
    z.object({ nfcUid: z.string().min(1).max(64) }).strict(),
  ]),
  to: credential,
});
export const migrationResponse = z.object({
  migrationId: id,
  movedYen: yen,
  /** The moved lots, as they now stand in the app wallet (same kinds and expiries, R19). */
  lots: z.array(lotView),
  debtMovedYen: yen.optional(),
  /** The app wallet as a whole after the move. */
  balanceAfter: balanceView.optional(),
  /** The retired card's identifiers: terminals refuse both offline from now on (R20a). */
  card: z.object({ cardNumber: z.string(), nfcUid: z.string().nullable() }).optional(),
});

export const syncItem = z.object({
  seq: z.number().int().min(1),
  clientTxnId,
  type: z.literal('payment'),
  occurredAt: isoInstant,
  amountYen: positiveYen,
  credential,
});
export type SyncItem = z.infer<typeof syncItem>;
export const syncBatchRequest = z.object({
  items: z.array(syncItem).min(1).max(LIMITS.syncBatchItemsMax),
});
export const syncResult = z.object({
  clientTxnId,
  seq: z.number().int(),
  status: z.enum(['applied', 'duplicate', 'rejected']),
  paymentId: id.optional(),
  shortfallYen: yen.optional(),
  error: z.looseObject({ code: z.string(), message: z.string() }).optional(),
});
export type SyncResult = z.infer<typeof syncResult>;
export const syncBatchResponse = z.object({ results: z.array(syncResult) });

export const transactionType = z.enum(['payment', 'charge', 'migration']);
export const terminalTransaction = z.object({
  id,
  type: transactionType,
  clientTxnId: z.string().nullable(),
  occurredAt: isoInstant,
  amountYen: yen,
  bonusYen: yen.optional(),
  /** R9: the merchant fee recorded on a payment. */
  feeYen: yen.optional(),
  walletId: id,
  staffId: id.nullable(),
  offline: z.boolean(),
  shortfallYen: yen.optional(),
  cancelled: z.boolean(),
  cancelledAt: isoInstant.nullable(),
  allocations: z.array(allocation),
});
export type TerminalTransaction = z.infer<typeof terminalTransaction>;
export const transactionsQuery = z.object({ businessDay });
export const transactionsResponse = z.object({
  businessDay,
  transactions: z.array(terminalTransaction),
});

export const settlementResponse = z.object({
  businessDay,
  terminalId: id,
  payments: z.object({ count: z.number().int(), totalYen: yen, feeYen: yen.optional() }),
  paymentsByKind: z.object({ chargeYen: yen, limitedYen: yen }),
  cancelledPayments: z.object({ count: z.number().int(), totalYen: yen }),
  charges: z.object({ count: z.number().int(), totalYen: yen, bonusYen: yen }),
  cancelledCharges: z.object({ count: z.number().int(), totalYen: yen }),
  cashCollectedYen: z.number().int(),
  offlinePayments: z.object({ count: z.number().int(), totalYen: yen, shortfallYen: yen }),
  lines: z.array(
    z.object({ id, type: transactionType, clientTxnId: z.string().nullable(), amountYen: yen, cancelled: z.boolean() }),
  ),
});
export type SettlementResponse = z.infer<typeof settlementResponse>;

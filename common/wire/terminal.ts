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
  lotKind,
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
/** `NNNN-SSSSSS` (common/short-no.ts): the terminal's number and its journal sequence. */
export const shortNo = z.string().regex(/^\d{4}-\d{6}$/, 'expected NNNN-SSSSSS');
/** How the customer paid: CPM QR, physical card, or merchant-presented QR (R28). */
export const paymentMethod = z.enum(['qr', 'card', 'mpm']);
export type PaymentMethod = z.infer<typeof paymentMethod>;
/**
 * The method a credential pays by. At the counter it is a CPM QR or a card; the backend's
 * `wallet` credential is the customer's app paying a merchant-presented QR (R28).
 */
export function paymentMethodOf(credential: { type: 'cpm' | 'card' }): 'qr' | 'card';
export function paymentMethodOf(credential: { type: 'cpm' | 'card' | 'wallet' }): PaymentMethod;
export function paymentMethodOf(credential: { type: 'cpm' | 'card' | 'wallet' }): PaymentMethod {
  if (credential.type === 'wallet') return 'mpm';
  return credential.type === 'cpm' ? 'qr' : 'card';
}
/**
 * R31: a manager's approval given at the terminal for a step the acting staff may not do
 * alone. Each wrong PIN counts against the manager's lock-out like a login (R-PIN).
 */
export const managerApproval = z.object({
  staffCode: z.string().min(1).max(32),
  pin: z.string().min(1).max(16),
});
export type ManagerApproval = z.infer<typeof managerApproval>;

export const enrollResponse = z.object({
  terminalId: id,
  /** The terminal's number within its shop, first part of every short number (additive). */
  terminalNo: z.number().int().min(1).optional(),
  terminalToken: z.string(),
  /** The token's end of life unless an online contact rotates it first (optional: additive). */
  terminalTokenExpiresAt: isoInstant.optional(),
  merchantId: id,
  merchantName: z.string(),
  chargePoint: z.boolean(),
  /** R23: the shop takes KumaPo points (additive). */
  kumapoStore: z.boolean().optional(),
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
  /** Terminals enrolled before short numbers existed learn their number here (additive). */
  terminalNo: z.number().int().min(1).optional(),
  /**
   * R2: the balances' display names as configured now (additive), so a rename reaches the
   * terminal's history, reports and slips by the next contact even for a balance it has not
   * seen in an answer since. The newest campaigns first, as many as the backend's bound.
   */
  balanceLabels: z.object({ chargeMoney: z.string(), campaigns: z.array(z.object({ campaignId: id, label: z.string() })) }).optional(),
  /** R23: the shop takes KumaPo points now (additive; an operator may change it any time). */
  kumapoStore: z.boolean().optional(),
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

/**
 * `shortNo`: the terminal's number for this transaction (its prefix must be the terminal's
 * own). `cashYen`: R32 split sale, the part the customer paid in cash at the counter beside
 * `amountYen` by KumaPAY; recorded so 点検/精算 count it and a cancel reminds to return it.
 */
export const paymentRequest = z.object({ clientTxnId, amountYen: positiveYen, credential, shortNo: shortNo.optional(), cashYen: z.number().int().min(1).max(LIMITS.paymentYenMax).optional() });
export const paymentResponse = z.object({
  paymentId: id,
  status: z.literal('approved'),
  amountYen: yen,
  allocations: z.array(allocation),
  balanceAfter: balanceView,
  occurredAt: isoInstant,
  cashYen: yen.optional(),
  shortNo: shortNo.nullable().optional(),
});

/**
 * R8/R32: why `insufficient_funds`. Extra details of the 402 body beside `eligibleYen`:
 * the wallet's whole live balance and the balances this shop does not accept.
 */
export const insufficientFundsDetails = z.object({
  eligibleYen: yen,
  totalYen: yen.optional(),
  notAcceptedHere: z.array(z.object({ campaignId: id.nullable(), label: z.string(), amountYen: yen })).optional(),
});
export type InsufficientFundsDetails = z.infer<typeof insufficientFundsDetails>;

/** R31: `approval` is needed when the acting staff's role may not cancel alone. */
export const cancelRequest = z.object({ clientTxnId, approval: managerApproval.optional(), shortNo: shortNo.optional() });
export const paymentCancelResponse = z.object({
  cancellationId: id,
  restored: z.array(allocation),
  writtenOffYen: yen,
  /** R32: the cash part of a split sale, to hand back over the counter. */
  cashToReturnYen: yen.optional(),
});

export const chargeRequest = z.object({
  clientTxnId,
  amountYen: z.number().int().min(1).max(LIMITS.paymentYenMax),
  credential,
  shortNo: shortNo.optional(),
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
  shortNo: shortNo.optional(),
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
  shortNo: shortNo.optional(),
  cashYen: z.number().int().min(1).max(LIMITS.paymentYenMax).optional(),
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

/** Issue 13 (additive): `point_spend`, a KumaPo spend at this shop (R23), by CPM or MPM. */
export const transactionType = z.enum(['payment', 'charge', 'migration', 'point_spend']);
/** Whole KumaPo points (R23); defined here too because common/wire/points.ts imports this file. */
const wholePoints = z.number().int().min(0);
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
  // Issue 10, all additive:
  /** R30: the terminal's business day the transaction belongs to. */
  businessDay: businessDay.optional(),
  shortNo: shortNo.nullable().optional(),
  /** Payments: how the customer paid. */
  method: paymentMethod.nullable().optional(),
  staffName: z.string().nullable().optional(),
  /** R32: the cash part of a split sale. */
  cashYen: yen.optional(),
  /** Migrations: the card number the value came from. */
  cardNumber: z.string().nullable().optional(),
  /** R31: the manager who approved the cancel, when it needed one. */
  cancelApprovedByName: z.string().nullable().optional(),
  /** The register that did it (search answers span the shop's terminals). */
  terminalId: id.optional(),
  terminalNo: z.number().int().nullable().optional(),
  terminalName: z.string().optional(),
  /** Point spends (R23): the points spent; their `amountYen` is 0 (points are never yen). */
  points: wholePoints.optional(),
});
export type TerminalTransaction = z.infer<typeof terminalTransaction>;
export const transactionsQuery = z.object({ businessDay });
/**
 * R30, additive: `GET /v1/terminal/transactions` may be read in pages, so a busy register's day
 * never outgrows one answer. `limit`: at most this many rows; `after`: the `nextCursor` of the
 * page before (opaque; another day's or a malformed one is 400 `invalid_request`). Without either
 * the answer is the whole day, as it always was; `after` alone pages at the bound.
 */
export const transactionsPageQuery = transactionsQuery.extend({
  limit: z.coerce.number().int().min(1).max(LIMITS.terminalTransactionsPageMax).optional(),
  after: z.string().min(1).max(LIMITS.terminalTransactionsCursorLengthMax).regex(/^[A-Za-z0-9_-]+$/, 'not a cursor').optional(),
});
export const transactionsResponse = z.object({
  businessDay,
  transactions: z.array(terminalTransaction),
  /** Additive (R30 pages): present only when more rows follow; pass it as `after`. */
  nextCursor: z.string().optional(),
});

/**
 * R31: `GET /v1/terminal/transactions/search?q=` — the merchant's payments, charges and point
 * spends (issue 13; found by short number or time only) of the last 8 days from any of its
 * registers, newest first, at most 50. `q` is a short number
 * (`0001-000123`, or its last digits `123`), an amount (`1000`, `¥1,000`), or a time of day
 * (`14:05`, JST).
 */
export const transactionSearchQuery = z.object({ q: z.string().trim().min(1).max(LIMITS.transactionSearchQueryLengthMax) });
export const transactionSearchResponse = z.object({ transactions: z.array(terminalTransaction) });

/** R33: one journal/backend difference as the manager acknowledged it at 精算. */
export const differenceAcknowledgement = z.object({
  clientTxnId: z.string().nullable(),
  type: z.string().max(32),
  journalYen: yen.nullable(),
  backendYen: yen.nullable(),
  difference: z.enum(['missing_on_backend', 'missing_in_journal', 'amount_differs', 'cancel_differs']),
});
export type DifferenceAcknowledgement = z.infer<typeof differenceAcknowledgement>;
/**
 * R30/R33: `POST /v1/terminal/settlement/close` — 精算 of one business day, recorded once
 * (a second close → 409 `day_closed`). The terminal sends the differences it found between
 * its journal and the backend, each acknowledged by a manager: the acting manager, or a
 * manager's `approval` when a non-manager closes.
 */
export const dayCloseRequest = z.object({
  businessDay,
  /** Absent = none (a client that compares nothing acknowledges nothing). */
  acknowledgements: z.array(differenceAcknowledgement).max(LIMITS.dayCloseDifferencesMax).default([]),
  approval: managerApproval.optional(),
});

/**
 * R26: what one balance paid of the day's payments: charge money (`campaignId` null) or one
 * campaign's money, by its display name as configured when the answer is made (R2).
 */
export const balanceFigure = z.object({
  kind: lotKind,
  campaignId: id.nullable(),
  /** Absent only where no name is configured (a lot without a campaign). */
  label: z.string().optional(),
  amountYen: yen,
});
export type BalanceFigure = z.infer<typeof balanceFigure>;

/** R33 per payment method: payments made this day (gross), the cancels this register made of such payments, and net. */
export const methodFigure = z.object({ count: z.number().int(), totalYen: yen, cancelledCount: z.number().int(), cancelledYen: yen, netYen: z.number().int() });
export type MethodFigure = z.infer<typeof methodFigure>;

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
    z.object({ id, type: transactionType, clientTxnId: z.string().nullable(), amountYen: yen, cancelled: z.boolean(), points: wholePoints.optional() }),
  ),
  // Issue 10 (R30, R33), all additive:
  /** R33: gross − cancelled per type. */
  net: z.object({ paymentsYen: z.number().int(), chargesYen: z.number().int() }).optional(),
  /** R32: cash parts of split sales made this day (cancelled ones included; see cashReturnedYen). */
  cashSales: z.object({ count: z.number().int(), totalYen: yen }).optional(),
  /** Cash handed back this day: charge refunds (R16) and split-sale cash parts of cancelled payments (R32). */
  cashReturnedYen: yen.optional(),
  /** R33: charge cash + split-sale cash − cash returned. */
  expectedDrawerYen: z.number().int().optional(),
  migrations: z.object({ count: z.number().int(), movedYen: yen }).optional(),
  /** R30: the day's 精算, when it happened. A closed day answers its figures as closed. */
  closed: z.boolean().optional(),
  closedAt: isoInstant.nullable().optional(),
  closedByName: z.string().nullable().optional(),
  acknowledgements: z.array(differenceAcknowledgement.extend({ acknowledgedByName: z.string().nullable() })).optional(),
  /** R30: the business day this terminal is in now (where the next transaction goes). */
  currentBusinessDay: businessDay.optional(),
  /**
   * R26 (additive): the payments of the day per balance, one line per campaign (charge money
   * first), so a new campaign is a new line with no release. Absent on days closed before it.
   */
  paymentsByBalance: z.array(balanceFigure).optional(),
  // Issue 13, all additive (absent on days closed before it):
  /**
   * R26/R33 with R23: KumaPo spends made at this register this day (cancelled ones included,
   * like `payments`), the spend cancels this register made this day, and the net. Points, never yen.
   */
  pointSpends: z.object({ count: z.number().int(), points: wholePoints, cancelledCount: z.number().int(), cancelledPoints: wholePoints, netPoints: z.number().int() }).optional(),
  /** R28: the day's payments split by how they were paid (payments recorded before issue 10 have no method and are in none). */
  paymentsByMethod: z.object({ qr: methodFigure, card: methodFigure, mpm: methodFigure }).optional(),
  /** R28: of the MPM payments, those made by the register's printed store QR (no cashier involved). */
  mpmStatic: z.object({ count: z.number().int(), totalYen: yen }).optional(),
});
export type SettlementResponse = z.infer<typeof settlementResponse>;

/**
 * An in-memory Backend that follows docs/api.md closely enough for the core's unit tests:
 * Ed25519-signed CPM tokens, idempotency by clientTxnId, one-use tokens, sync batches keyed
 * by seq, offline debt, and the R20a checks the terminal must stay inside: the offline window
 * (items applied through sync since the last `GET /v1/terminal/keys`, capped at
 * `terminalUnsyncedMaxYen`), cards retired by migration or blocked (and the paged list of
 * them), terminal tokens that rotate on contact and can be revoked. Faults are injected per
 * call: the link down (`not_sent`), a response lost after the work was done (`ambiguous`,
 * applied), or lost before (`ambiguous`, not applied) — for the next call, or for the next
 * call of one method. The real backend process is exercised by the integration tests.
 */
import { signCpmToken, verifyCpmToken, newTokenId, type CpmClaims } from '../../../common/cpm-token';
import { encodeBase64Url } from '../../../common/base64url';
import { LIMITS } from '../../../common/limits';
import { mpmQrSignedText } from '../../../common/mpm-qr';
import { toIso } from '../../../common/time';
import { terminalBusinessDayAt, terminalBusinessDayRangeMs, type DayClose } from '../../../common/business-day';
import { parseShortNo } from '../../../common/short-no';
import { matchesTransactionQuery, parseTransactionQuery } from '../../../common/transaction-search';
import type { Clock } from '../../../common/time';
import type { Role } from '../../../common/wire/admin';
import type { BlockedCard, DifferenceAcknowledgement, OfflineLimits, PublicKey, SyncItem, SyncResult, TerminalTransaction } from '../../../common/wire/terminal';
import type { Credential } from '../../../common/wire/primitives';
import { normalizeNfcUid } from '../credential-key';
import type {
  Backend,
  BackendAuth,
  BackendOutcome,
  BlockedCardsQuery,
  BlockedCardsResponse,
  CancelRequest,
  ChargeRequest,
  DayCloseRequest,
  ChargeResponse,
  MigrationRequest,
  MigrationResponse,
  MpmRequestCreate,
  MpmRequestCreated,
  MpmRequestStatus,
  NoticesQuery,
  NoticesResponse,
  PaymentRequest,
  PaymentResponse,
  PointSpendCancelRequest,
  PointSpendCancelResponse,
  PointSpendRequest,
  PointSpendResponse,
  SettlementResponse,
  StaticQrResponse,
  SyncBatchRequest,
  TransactionSearchResponse,
  TransactionsResponse,
} from '../ports';

export type Fault = 'down' | 'lose_response' | 'lose_request';

interface Wallet {
  walletId: string;
  balanceYen: number;
  debtYen: number;
  /** R8/R32: value this shop does not accept (another shop's limited money), by label. */
  notAcceptedHere?: { campaignId: string | null; label: string; amountYen: number }[];
  /** R23: KumaPo points (an app wallet's; cards have none). */
  points?: number;
}

/** R23: a KumaPo spend at this shop (by CPM at the counter, or by a points MPM request). */
interface PointSpend {
  spendId: string;
  clientTxnId: string;
  walletId: string;
  points: number;
  occurredAtMs: number;
  cancelled: boolean;
  terminalId: string;
  shortNo: string | null;
  staffName: string | null;
}

/** R28: a dynamic MPM request; `expired` is derived from the clock, as the backend does. */
interface MpmRequest {
  requestId: string;
  clientTxnId: string;
  amountYen: number | null;
  points: number | null;
  expiresAtMs: number;
  status: 'pending' | 'paid' | 'withdrawn';
  paymentId: string | null;
  spendId: string | null;
  paidAtMs: number | null;
  payment: PaymentResponse | null;
  pointsAfter: number | null;
  shortNo: string | null;
}

type Notice = NoticesResponse['notices'][number];

interface Payment {
  paymentId: string;
  clientTxnId: string;
  walletId: string;
  amountYen: number;
  occurredAtMs: number;
  offline: boolean;
  shortfallYen: number;
  cancelled: boolean;
  staffId: string | null;
  /** Issue 10: the register that made it, its short number, the split sale's cash part. */
  terminalId: string;
  shortNo: string | null;
  cashYen: number;
  staffName: string | null;
  cancelApprovedByName: string | null;
  /** R28: MPM payments (the customer's app paid a QR of this shop). */
  method: 'qr' | 'mpm';
}

interface Card {
  walletId: string;
  cardNumber: string;
  nfcUid: string | null;
  status: 'active' | 'retired' | 'blocked';
  changedAtMs: number;
}

/** Why the backend turns a terminal token away for good (docs/api.md, revocation). */
export type TerminalRefusalReason = 'terminal_revoked' | 'terminal_token_expired';

interface Staff {
  staffId: string;
  staffCode: string;
  name: string;
  pin: string;
  role: Role;
}

const TERMINAL_TOKEN = 'fake-terminal-token';

export class FakeBackend implements Backend {
  readonly payments = new Map<string, Payment>();
  readonly wallets = new Map<string, Wallet>();
  readonly cards = new Map<string, Card>();
  readonly usedTokens = new Set<string>();
  readonly syncSeen = new Map<number, SyncResult>();
  /** Every request the fake received, by method name (to count retries). */
  readonly calls: string[] = [];
  /** The terminal token each terminal-authenticated request carried, in order. */
  readonly tokensSeen: string[] = [];
  /** Every blocked-cards query, in order. */
  readonly blockedCardQueries: BlockedCardsQuery[] = [];
  /** R20a: offline value applied through sync since the terminal's last online contact. */
  offlineWindowYen = 0;
  /** The token the backend hands out now; older ones work until this one is used. */
  currentToken = TERMINAL_TOKEN;
  /** The next `keys` call hands out a new terminal token (rotation on contact). */
  rotateTokenOnNextKeys = false;
  /** Set: every terminal-authenticated call is a 401 with this reason. */
  terminalRefusal: TerminalRefusalReason | null = null;
  /** Cards per page of the blocked-cards list (the contract's bound unless a test pages). */
  blockedCardsPageSize: number = LIMITS.blockedCardsPageMax;
  baseUrl = '';
  /** The terminal's number in its shop; null: an older backend that does not say. */
  terminalNo: number | null = 1;
  /** False: an older backend without `GET /livez` (404). */
  livezAvailable = true;
  /** R30: this terminal's closes, with what was acknowledged and the figures as they stood. */
  readonly closes = new Map<string, { closedAtMs: number; closedByName: string; acknowledgements: DifferenceAcknowledgement[]; figures: SettlementResponse }>();
  offlineLimits: OfflineLimits = {
    paymentMaxYen: 5_000,
    terminalUnsyncedMaxYen: 20_000,
    tokenMaxYen: 3_000,
    deadlineMs: 24 * 60 * 60 * 1000,
    offlineCardPayments: false,
  };
  chargePoint = true;
  /** R23: the shop takes KumaPo points (enrollment and online contact say so). */
  kumapoStore = true;
  readonly spends = new Map<string, PointSpend>();
  readonly mpmRequests = new Map<string, MpmRequest>();
  /** R28: the merchant's notices, oldest first (seq = index + 1). */
  readonly noticeLog: Notice[] = [];
  /** Notices per page (the contract's bound unless a test pages). */
  noticesPageSize: number = LIMITS.noticesPageMax;
  /** Every notices query, in order. */
  readonly noticeQueries: NoticesQuery[] = [];
  /** R28 static: the register the store QR it hands out names (another one's: a backend mix-up). */
  staticQrTerminalId = 'term-1';
  /** Long polls of MPM requests waiting for a change (woken by pay, withdraw, `wakeMpmPolls`). */
  private readonly mpmWaiters: (() => void)[] = [];
  staffSessionTtlMs = 8 * 60 * 60 * 1000;
  private readonly faults: Fault[] = [];
  private readonly methodFaults = new Map<string, Fault[]>();
  private readonly validTokens = new Set<string>([TERMINAL_TOKEN]);
  private persistentDown = false;
  private readonly staff = new Map<string, Staff>();
  private readonly sessions = new Map<string, Staff>();
  private readonly idempotent = new Map<string, { body: string; outcome: BackendOutcome<unknown> }>();
  private keyPair: CryptoKeyPair | null = null;
  private publicKeyB64 = '';
  private sequence = 0;

  constructor(private readonly clock: Clock) {}

  static async create(clock: Clock): Promise<FakeBackend> {
    const fake = new FakeBackend(clock);
    fake.keyPair = (await globalThis.crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify'])) as CryptoKeyPair;
    fake.publicKeyB64 = encodeBase64Url(new Uint8Array(await globalThis.crypto.subtle.exportKey('raw', fake.keyPair.publicKey)));
    return fake;
  }

  // ---- test controls -------------------------------------------------------------------
  setDown(down: boolean): void {
    this.persistentDown = down;
  }

  /** The next calls fail in these ways, one fault per call, in order. */
  inject(...faults: Fault[]): void {
    this.faults.push(...faults);
  }

  /** The next calls of one method fail in these ways, in order (other methods are untouched). */
  injectFor(method: string, ...faults: Fault[]): void {
    this.methodFaults.set(method, [...(this.methodFaults.get(method) ?? []), ...faults]);
  }

  /** A physical card (R18) with its own wallet. */
  addCard(cardNumber: string, balanceYen: number, nfcUid: string | null = null): string {
    const walletId = this.addWallet(balanceYen);
    this.cards.set(cardNumber, { walletId, cardNumber, nfcUid: nfcUid === null ? null : normalizeNfcUid(nfcUid), status: 'active', changedAtMs: this.clock.nowMs() });
    return walletId;
  }

  /** An operator blocks a card (lost or stolen). */
  blockCard(cardNumber: string): void {
    const card = this.mustCard(cardNumber);
    card.status = 'blocked';
    card.changedAtMs = this.clock.nowMs();
  }

  addStaff(staffCode: string, pin: string, role: Role): void {
    const staffId = `staff-${staffCode}`;
    this.staff.set(staffCode, { staffId, staffCode, name: `Staff ${staffCode}`, pin, role });
  }

  addWallet(balanceYen: number): string {
    const walletId = `w${++this.sequence}`;
    this.wallets.set(walletId, { walletId, balanceYen, debtYen: 0 });
    return walletId;
  }

  /** A CPM token as the customer's app would show it (R22). */
  async token(walletId: string, options: { offlineLimitYen?: number; issuedAtMs?: number; ttlMs?: number } = {}): Promise<string> {
    const issuedAtMs = Math.floor((options.issuedAtMs ?? this.clock.nowMs()) / 1000) * 1000;
    const claims: CpmClaims = {
      kid: 'k1',
      walletId,
      tokenId: newTokenId(),
      issuedAtMs,
      expiresAtMs: issuedAtMs + (options.ttlMs ?? 5 * 60 * 1000),
      offlineLimitYen: options.offlineLimitYen ?? 3_000,
    };
    return signCpmToken(claims, this.mustKeys().privateKey);
  }

  /** Payments recorded for a clientTxnId (a double charge shows as more than one). */
  paymentsFor(clientTxnId: string): Payment[] {
    return [...this.payments.values()].filter((p) => p.clientTxnId === clientTxnId);
  }

  // ---- Backend port ---------------------------------------------------------------------
  setBaseUrl(url: string): void {
    this.baseUrl = url;
  }

  async health(): Promise<BackendOutcome<{ ok: true }>> {
    return this.serve('health', () => ok({ ok: true as const }));
  }

  async livez(): Promise<BackendOutcome<{ ok: true }>> {
    return this.serve('livez', () => (this.livezAvailable ? ok({ ok: true as const }) : refused(404, 'not_found', 'no route')));
  }

  async enroll(enrollmentCode: string) {
    return this.serve('enroll', () => {
      if (enrollmentCode !== 'GOOD-CODE') return refused(404, 'not_found', 'unknown enrollment code');
      // Enrollment is the terminal's first online contact: its offline window starts empty.
      this.offlineWindowYen = 0;
      return ok({
        terminalId: 'term-1',
        terminalToken: this.currentToken,
        terminalTokenExpiresAt: toIso(this.clock.nowMs() + LIMITS.terminalTokenTtlMs),
        merchantId: 'merchant-1',
        merchantName: 'Kumagaya Bakery',
        ...(this.terminalNo === null ? {} : { terminalNo: this.terminalNo }),
        chargePoint: this.chargePoint,
        kumapoStore: this.kumapoStore,
        tokenPublicKeys: this.publicKeys(),
        offlineLimits: this.offlineLimits,
      });
    });
  }

  async openStaffSession(terminalToken: string, request: { staffCode: string; pin: string }) {
    return this.serve('openStaffSession', () => {
      const denied = this.checkTerminal(terminalToken);
      if (denied) return denied;
      const staff = this.staff.get(request.staffCode);
      if (!staff || staff.pin !== request.pin) return refused(401, 'unauthorized', 'wrong staff code or PIN');
      const session = `session-${++this.sequence}`;
      this.sessions.set(session, staff);
      return ok({
        staffSession: session,
        role: staff.role,
        expiresAt: toIso(this.clock.nowMs() + this.staffSessionTtlMs),
        staffId: staff.staffId,
        staffName: staff.name,
      });
    });
  }

  async keys(terminalToken: string) {
    return this.serve('keys', () => {
      const denied = this.checkTerminal(terminalToken);
      if (denied) return denied;
      // R20a: this call is the terminal's online contact; its offline window starts again.
      const nowMs = this.clock.nowMs();
      this.offlineWindowYen = 0;
      const answer = {
        keys: this.publicKeys(),
        offlineLimits: this.offlineLimits,
        offlineWindowOpenedAt: toIso(nowMs),
        ...(this.terminalNo === null ? {} : { terminalNo: this.terminalNo }),
        kumapoStore: this.kumapoStore,
      };
      if (!this.rotateTokenOnNextKeys) return ok(answer);
      this.rotateTokenOnNextKeys = false;
      // The old token keeps working until the terminal uses the new one (a lost answer must
      // not lock the terminal out).
      this.currentToken = `fake-terminal-token-${++this.sequence}`;
      this.validTokens.add(this.currentToken);
      return ok({ ...answer, terminalToken: this.currentToken, terminalTokenExpiresAt: toIso(nowMs + LIMITS.terminalTokenTtlMs) });
    });
  }

  async blockedCards(terminalToken: string, query: BlockedCardsQuery) {
    return this.serve('blockedCards', (): BackendOutcome<BlockedCardsResponse> => {
      const denied = this.checkTerminal(terminalToken);
      if (denied) return denied;
      this.blockedCardQueries.push(query);
      const sinceMs = query.since === undefined ? Number.NEGATIVE_INFINITY : Date.parse(query.since);
      const after = query.afterWalletId;
      // Oldest change first, ties by wallet id: the cursor (since, afterWalletId) resumes exactly.
      const listed = [...this.cards.values()]
        .filter((c) => c.status !== 'active')
        .filter((c) => c.changedAtMs > sinceMs || (c.changedAtMs === sinceMs && (after === undefined || c.walletId > after)))
        .sort((a, b) => a.changedAtMs - b.changedAtMs || (a.walletId < b.walletId ? -1 : a.walletId > b.walletId ? 1 : 0));
      const page = listed.slice(0, this.blockedCardsPageSize);
      const cards: BlockedCard[] = page.map((c) => ({
        cardNumber: c.cardNumber,
        nfcUid: c.nfcUid,
        status: c.status === 'retired' ? 'retired' : 'blocked',
        changedAt: toIso(c.changedAtMs),
      }));
      const last = page[page.length - 1];
      const next = listed.length > page.length && last ? { since: toIso(last.changedAtMs), afterWalletId: last.walletId } : null;
      return ok({ cards, next });
    });
  }

  async lookup(auth: BackendAuth, request: { credential: Credential }) {
    return this.serve('lookup', async () => {
      const denied = this.authorize(auth, ['cashier', 'charger', 'support', 'manager']);
      if (denied) return denied;
      const wallet = await this.walletOf(request.credential, this.clock.nowMs());
      if ('kind' in wallet) return wallet;
      return ok({
        walletId: wallet.walletId,
        kind: 'app' as const,
        status: 'active' as const,
        totalYen: wallet.balanceYen,
        eligibleYen: wallet.balanceYen,
        debtYen: wallet.debtYen,
        lots: [],
        maxChargeYen: Math.max(0, 50_000 - wallet.balanceYen),
      });
    });
  }

  async pay(auth: BackendAuth, request: PaymentRequest) {
    return this.serve('pay', () =>
      this.once(request.clientTxnId, request, async (): Promise<BackendOutcome<PaymentResponse>> => {
        const denied = this.authorize(auth, ['cashier', 'charger', 'manager']);
        if (denied) return denied;
        const staff = this.sessions.get(auth.staffSession ?? '');
        return this.applyPayment(request, staff?.staffId ?? null, 'term-1', staff?.name ?? null);
      }),
    );
  }

  /**
   * A payment that reached the backend by another way (another terminal, or this terminal's
   * request whose answer never came back): idempotent like `pay`, without a staff session.
   */
  async payDirect(request: PaymentRequest, terminalId = 'term-1'): Promise<BackendOutcome<PaymentResponse>> {
    return this.once(request.clientTxnId, request, () => this.applyPayment(request, null, terminalId, null));
  }

  private async applyPayment(request: PaymentRequest, staffId: string | null, terminalId: string, staffName: string | null): Promise<BackendOutcome<PaymentResponse>> {
    const nowMs = this.clock.nowMs();
    // The contract: a short number's prefix must be the terminal's own number.
    if (request.shortNo !== undefined && terminalId === 'term-1' && parseShortNo(request.shortNo)?.terminalNo !== this.terminalNo) {
      return refused(400, 'invalid_request', 'shortNo is not this terminal’s');
    }
    const wallet = await this.walletOf(request.credential, nowMs, true);
    if ('kind' in wallet) return wallet;
    if (wallet.balanceYen < request.amountYen) {
      const notAcceptedHere = wallet.notAcceptedHere ?? [];
      return refused(402, 'insufficient_funds', 'not enough balance', {
        eligibleYen: wallet.balanceYen,
        totalYen: wallet.balanceYen + notAcceptedHere.reduce((a, b) => a + b.amountYen, 0),
        notAcceptedHere,
      });
    }
    wallet.balanceYen -= request.amountYen;
    const payment = this.record(request.clientTxnId, wallet.walletId, request.amountYen, nowMs, false, 0, staffId, {
      terminalId,
      shortNo: request.shortNo ?? null,
      cashYen: request.cashYen ?? 0,
      staffName,
    });
    const lot = { lotId: `lot-${wallet.walletId}`, kind: 'charge' as const, campaignId: null, expiresAt: toIso(nowMs + 1e10) };
    return ok({
      paymentId: payment.paymentId,
      status: 'approved' as const,
      amountYen: request.amountYen,
      allocations: [{ ...lot, amountYen: request.amountYen }],
      balanceAfter: { totalYen: wallet.balanceYen, lots: [{ ...lot, label: 'チャージマネー', amountYen: wallet.balanceYen, expired: false }] },
      occurredAt: toIso(nowMs),
      cashYen: payment.cashYen,
      shortNo: payment.shortNo,
    });
  }

  /** Every cancel request's approval as it arrived (R31), to check what was sent. */
  readonly cancelApprovals: (CancelRequest['approval'] | null)[] = [];

  async cancelPayment(auth: BackendAuth, paymentId: string, request: CancelRequest) {
    return this.serve('cancelPayment', () =>
      // As the backend: the request hash covers the approver's code and the short number, never
      // the PIN; an answered clientTxnId is replayed without a second approval check.
      this.once(request.clientTxnId, { paymentId, ...cancelHashExtra(request) }, async () => {
        const denied = this.authorize(auth, ['manager', 'cashier', 'charger']);
        if (denied) return denied;
        this.cancelApprovals.push(request.approval ?? null);
        const approver = this.approve(auth, request);
        if (approver !== null && typeof approver !== 'string') return approver;
        const payment = [...this.payments.values()].find((p) => p.paymentId === paymentId);
        if (!payment) return refused(404, 'not_found', 'no such payment');
        if (payment.cancelled) return refused(409, 'already_cancelled', 'already cancelled');
        payment.cancelled = true;
        payment.cancelApprovedByName = approver;
        const wallet = this.wallets.get(payment.walletId);
        if (wallet) wallet.balanceYen += payment.amountYen;
        const nowMs = this.clock.nowMs();
        return ok({
          cancellationId: `cancel-${++this.sequence}`,
          restored: [{ lotId: `lot-${payment.walletId}`, kind: 'charge' as const, campaignId: null, amountYen: payment.amountYen, expiresAt: toIso(nowMs + 1e10) }],
          writtenOffYen: 0,
          cashToReturnYen: payment.cashYen,
        });
      }),
    );
  }

  async charge(auth: BackendAuth, request: ChargeRequest) {
    return this.serve('charge', () =>
      this.once(request.clientTxnId, request, async (): Promise<BackendOutcome<ChargeResponse>> => {
        const denied = this.authorize(auth, ['charger', 'manager']);
        if (denied) return denied;
        if (!this.chargePoint) return refused(403, 'not_charge_point', 'not a charge point');
        const nowMs = this.clock.nowMs();
        const wallet = await this.walletOf(request.credential, nowMs);
        if ('kind' in wallet) return wallet;
        const bonusYen = Math.floor(request.amountYen / 100);
        wallet.balanceYen += request.amountYen + bonusYen;
        return ok({
          chargeId: `charge-${++this.sequence}`,
          amountYen: request.amountYen,
          bonusYen,
          debtRepaidYen: 0,
          balanceAfter: { totalYen: wallet.balanceYen, lots: [] },
          occurredAt: toIso(nowMs),
        });
      }),
    );
  }

  async cancelCharge(auth: BackendAuth, chargeId: string, request: CancelRequest) {
    return this.serve('cancelCharge', () =>
      this.once(request.clientTxnId, { chargeId, ...cancelHashExtra(request) }, async (): Promise<BackendOutcome<{ cancellationId: string; refundYen: number }>> => {
        const denied = this.authorize(auth, ['manager', 'charger']);
        if (denied) return denied;
        return refused(404, 'not_found', `no such charge ${chargeId}`);
      }),
    );
  }

  async migrate(auth: BackendAuth, request: MigrationRequest) {
    return this.serve('migrate', () =>
      this.once(request.clientTxnId, request, async (): Promise<BackendOutcome<MigrationResponse>> => {
        const denied = this.authorize(auth, ['support', 'manager']);
        if (denied) return denied;
        const nowMs = this.clock.nowMs();
        const cardCredential: Credential = 'cardNumber' in request.card ? { type: 'card', cardNumber: request.card.cardNumber } : { type: 'card', nfcUid: request.card.nfcUid };
        const card = this.cardOf(cardCredential);
        if ('kind' in card) return card;
        const to = await this.walletOf(request.to, nowMs);
        if ('kind' in to) return to;
        const from = this.wallets.get(card.walletId);
        const movedYen = from?.balanceYen ?? 0;
        if (from) from.balanceYen = 0;
        to.balanceYen += movedYen;
        // R19: the card is retired in the same step.
        card.status = 'retired';
        card.changedAtMs = nowMs;
        return ok({ migrationId: `migration-${++this.sequence}`, movedYen, lots: [], card: { cardNumber: card.cardNumber, nfcUid: card.nfcUid } });
      }),
    );
  }

  async syncBatch(terminalToken: string, request: SyncBatchRequest) {
    return this.serve('syncBatch', async () => {
      const denied = this.checkTerminal(terminalToken);
      if (denied) return denied;
      const results: SyncResult[] = [];
      for (const item of [...request.items].sort((a, b) => a.seq - b.seq)) {
        const prior = this.syncSeen.get(item.seq);
        if (prior) {
          results.push({ ...prior, status: prior.status === 'applied' ? 'duplicate' : prior.status });
          continue;
        }
        const result = await this.applyOffline(item);
        this.syncSeen.set(item.seq, result);
        results.push(result);
      }
      return ok({ results });
    });
  }

  async searchTransactions(auth: BackendAuth, q: string) {
    return this.serve('searchTransactions', (): BackendOutcome<TransactionSearchResponse> => {
      const denied = this.authorize(auth, ['cashier', 'charger', 'support', 'manager']);
      if (denied) return denied;
      const query = parseTransactionQuery(q);
      const sinceMs = this.clock.nowMs() - LIMITS.transactionSearchDays * 24 * 60 * 60 * 1000;
      const transactions = [...this.payments.values()]
        .filter((p) => p.occurredAtMs >= sinceMs && matchesTransactionQuery(query, p))
        .sort((a, b) => b.occurredAtMs - a.occurredAtMs)
        .slice(0, LIMITS.transactionSearchResultsMax)
        .map((p) => this.transactionOf(p));
      return ok({ transactions });
    });
  }

  async closeDay(auth: BackendAuth, request: DayCloseRequest) {
    return this.serve('closeDay', (): BackendOutcome<SettlementResponse> => {
      const denied = this.authorize(auth, ['manager']);
      if (denied) return denied;
      const staff = this.sessions.get(auth.staffSession ?? '');
      if (this.closes.has(request.businessDay)) return refused(409, 'day_closed', 'this business day is closed');
      const nowMs = this.clock.nowMs();
      if (request.businessDay > terminalBusinessDayAt(nowMs, this.closeList())) return refused(400, 'invalid_request', 'a later business day cannot be closed');
      const figures = this.settlementOf(request.businessDay);
      const closedByName = staff?.name ?? 'unknown';
      this.closes.set(request.businessDay, { closedAtMs: nowMs, closedByName, acknowledgements: request.acknowledgements, figures });
      return ok(this.settlementOf(request.businessDay));
    });
  }

  async transactions(auth: BackendAuth, businessDay: string) {
    return this.serve('transactions', () => {
      const denied = this.authorize(auth, ['cashier', 'charger', 'support', 'manager']);
      if (denied) return denied;
      return ok(this.dayTransactions(businessDay));
    });
  }

  async settlement(auth: BackendAuth, businessDay: string) {
    return this.serve('settlement', () => {
      const denied = this.authorize(auth, ['cashier', 'charger', 'support', 'manager']);
      if (denied) return denied;
      return ok(this.settlementOf(businessDay));
    });
  }

  /** R30/R33: a closed day answers its stored figures; every answer says the current day. */
  private settlementOf(businessDay: string): SettlementResponse {
    const currentBusinessDay = terminalBusinessDayAt(this.clock.nowMs(), this.closeList());
    const close = this.closes.get(businessDay);
    if (close) {
      return {
        ...close.figures,
        closed: true,
        closedAt: toIso(close.closedAtMs),
        closedByName: close.closedByName,
        acknowledgements: close.acknowledgements.map((a) => ({ ...a, acknowledgedByName: close.closedByName })),
        currentBusinessDay,
      };
    }
    const day = this.dayTransactions(businessDay).transactions.filter((t) => t.type === 'payment');
    const live = day.filter((t) => !t.cancelled);
    const offline = day.filter((t) => t.offline);
    const cash = day.filter((t) => (t.cashYen ?? 0) > 0);
    const paymentsYen = live.reduce((a, t) => a + t.amountYen, 0);
    return {
      businessDay,
      terminalId: 'term-1',
      payments: { count: live.length, totalYen: paymentsYen },
      paymentsByKind: { chargeYen: paymentsYen, limitedYen: 0 },
      cancelledPayments: { count: day.length - live.length, totalYen: 0 },
      charges: { count: 0, totalYen: 0, bonusYen: 0 },
      cancelledCharges: { count: 0, totalYen: 0 },
      cashCollectedYen: 0,
      offlinePayments: { count: offline.length, totalYen: offline.reduce((a, t) => a + t.amountYen, 0), shortfallYen: 0 },
      lines: day.map((t) => ({ id: t.id, type: t.type, clientTxnId: t.clientTxnId, amountYen: t.amountYen, cancelled: t.cancelled })),
      net: { paymentsYen, chargesYen: 0 },
      cashSales: { count: cash.length, totalYen: cash.reduce((a, t) => a + (t.cashYen ?? 0), 0) },
      closed: false,
      closedAt: null,
      closedByName: null,
      currentBusinessDay,
    };
  }

  private closeList(): DayClose[] {
    return [...this.closes].map(([businessDay, c]) => ({ businessDay, closedAtMs: c.closedAtMs }));
  }

  /**
   * R31: a non-manager's cancel needs a manager's approval. Returns the approver's name, null
   * when the acting staff is a manager, or the refusal.
   */
  private approve(auth: BackendAuth, request: CancelRequest): string | null | Extract<BackendOutcome<never>, { kind: 'refused' }> {
    const staff = this.sessions.get(auth.staffSession ?? '');
    if (staff?.role === 'manager') return null;
    if (!request.approval) return refused(403, 'approval_required', "a manager's approval is needed", { reason: 'missing' });
    const approver = this.staff.get(request.approval.staffCode);
    if (!approver || approver.pin !== request.approval.pin || approver.role !== 'manager') {
      return refused(403, 'approval_required', 'approval refused', { reason: 'invalid' });
    }
    return approver.name;
  }

  // ---- KumaPo (R23) and MPM (R28) ----------------------------------------------------------

  /** R23: the wallet's KumaPo points. */
  setPoints(walletId: string, points: number): void {
    const wallet = this.wallets.get(walletId);
    if (!wallet) throw new Error(`no fake wallet ${walletId}`);
    wallet.points = points;
  }

  pointsOf(walletId: string): number {
    return this.wallets.get(walletId)?.points ?? 0;
  }

  async spendPoints(auth: BackendAuth, request: PointSpendRequest) {
    return this.serve('spendPoints', () =>
      this.once(request.clientTxnId, request, async (): Promise<BackendOutcome<PointSpendResponse>> => {
        const denied = this.authorize(auth, ['cashier', 'charger', 'manager']);
        if (denied) return denied;
        if (!this.kumapoStore) return refused(403, 'not_kumapo_store', 'this shop does not take KumaPo points');
        if (request.credential.type === 'card') return refused(400, 'wallet_not_app', 'cards have no points');
        const nowMs = this.clock.nowMs();
        const wallet = await this.walletOf(request.credential, nowMs, true);
        if ('kind' in wallet) return wallet;
        const have = wallet.points ?? 0;
        if (have < request.points) return refused(402, 'points_insufficient', 'not enough points', { pointsAvailable: have });
        wallet.points = have - request.points;
        const staff = this.sessions.get(auth.staffSession ?? '');
        const spend = this.recordSpend(request.clientTxnId, wallet.walletId, request.points, nowMs, request.shortNo ?? null, staff?.name ?? null);
        return ok({
          spendId: spend.spendId,
          points: request.points,
          pointsAfter: wallet.points,
          pointsExpiresAt: wallet.points > 0 ? toIso(nowMs + 365 * 24 * 60 * 60 * 1000) : null,
          occurredAt: toIso(nowMs),
          shortNo: spend.shortNo,
        });
      }),
    );
  }

  async cancelPointSpend(auth: BackendAuth, spendId: string, request: PointSpendCancelRequest) {
    return this.serve('cancelPointSpend', () =>
      this.once(request.clientTxnId, { spendId, ...cancelHashExtra(request) }, async (): Promise<BackendOutcome<PointSpendCancelResponse>> => {
        const denied = this.authorize(auth, ['manager', 'cashier', 'charger']);
        if (denied) return denied;
        this.cancelApprovals.push(request.approval ?? null);
        const approver = this.approve(auth, request);
        if (approver !== null && typeof approver !== 'string') return approver;
        const spend = this.spends.get(spendId);
        if (!spend) return refused(404, 'not_found', 'no such spend');
        if (spend.cancelled) return refused(409, 'already_cancelled', 'already cancelled');
        spend.cancelled = true;
        const wallet = this.wallets.get(spend.walletId);
        if (wallet) wallet.points = (wallet.points ?? 0) + spend.points;
        return ok({ cancellationId: `cancel-${++this.sequence}`, points: spend.points, pointsAfter: wallet?.points ?? 0 });
      }),
    );
  }

  async createMpmRequest(auth: BackendAuth, request: MpmRequestCreate) {
    return this.serve('createMpmRequest', () =>
      this.once(request.clientTxnId, request, async (): Promise<BackendOutcome<MpmRequestCreated>> => {
        const denied = this.authorize(auth, ['cashier', 'charger', 'manager']);
        if (denied) return denied;
        const points = 'points' in request ? request.points : null;
        if (points !== null && !this.kumapoStore) return refused(403, 'not_kumapo_store', 'this shop does not take KumaPo points');
        const nowMs = this.clock.nowMs();
        const requestId = `mpm-${++this.sequence}`;
        const expiresAtMs = Math.floor((nowMs + (request.ttlMs ?? LIMITS.mpmRequestTtlMsMax)) / 1000) * 1000;
        this.mpmRequests.set(requestId, {
          requestId,
          clientTxnId: request.clientTxnId,
          amountYen: 'amountYen' in request ? request.amountYen : null,
          points,
          expiresAtMs,
          status: 'pending',
          paymentId: null,
          spendId: null,
          paidAtMs: null,
          payment: null,
          pointsAfter: null,
          shortNo: request.shortNo ?? null,
        });
        return ok({
          requestId,
          qr: `KPM1.k1.d.${requestId}.merchant-1.fake`,
          expiresAt: toIso(expiresAtMs),
          ...('amountYen' in request ? { amountYen: request.amountYen } : { points: request.points }),
        });
      }),
    );
  }

  /** Long poll: a pending request waits (until paid, withdrawn, or `wakeMpmPolls`) unless `waitMs` is 0. */
  async mpmRequest(auth: BackendAuth, requestId: string, waitMs: number) {
    return this.serve('mpmRequest', async (): Promise<BackendOutcome<MpmRequestStatus>> => {
      const denied = this.checkTerminal(auth.terminalToken);
      if (denied) return denied;
      if (!this.mpmRequests.has(requestId)) return refused(404, 'not_found', 'no such request');
      if (waitMs > 0 && this.mpmView(requestId).status === 'pending') await new Promise<void>((resolve) => this.mpmWaiters.push(resolve));
      return ok(this.mpmView(requestId));
    });
  }

  async withdrawMpmRequest(auth: BackendAuth, requestId: string) {
    return this.serve('withdrawMpmRequest', (): BackendOutcome<MpmRequestStatus> => {
      const denied = this.authorize(auth, ['cashier', 'charger', 'manager']);
      if (denied) return denied;
      const request = this.mpmRequests.get(requestId);
      if (!request) return refused(404, 'not_found', 'no such request');
      if (request.status === 'paid') return refused(409, 'mpm_request_closed', 'already paid', { status: 'paid' });
      if (this.mpmView(requestId).status === 'pending') request.status = 'withdrawn';
      this.wakeMpmPolls();
      return ok(this.mpmView(requestId));
    });
  }

  async notices(terminalToken: string, query: NoticesQuery) {
    return this.serve('notices', (): BackendOutcome<NoticesResponse> => {
      const denied = this.checkTerminal(terminalToken);
      if (denied) return denied;
      this.noticeQueries.push(query);
      // As the backend: no cursor starts from now.
      const after = query.after ?? this.noticeLog.length;
      const rest = this.noticeLog.filter((n) => n.seq > after);
      const page = rest.slice(0, this.noticesPageSize);
      return ok({ notices: page, cursor: page.at(-1)?.seq ?? Math.min(after, this.noticeLog.length), more: rest.length > page.length });
    });
  }

  /** R28 static: the register's store QR, structured as the backend's (the signature is a stand-in). */
  async staticQr(terminalToken: string) {
    return this.serve('staticQr', (): BackendOutcome<StaticQrResponse> => {
      const denied = this.checkTerminal(terminalToken);
      if (denied) return denied;
      const merchantName = 'Kumagaya Bakery';
      const signed = mpmQrSignedText({ kind: 'static', kid: 'k1', terminalId: this.staticQrTerminalId, merchantId: 'merchant-1', shopName: merchantName });
      return ok({ qr: `${signed}.${'A'.repeat(86)}`, merchantName });
    });
  }

  /** The customer's app pays a dynamic request (R28): yen from the wallet, or its points. */
  async payMpmRequest(requestId: string, walletId: string): Promise<void> {
    const request = this.mpmRequests.get(requestId);
    const wallet = this.wallets.get(walletId);
    if (!request || !wallet) throw new Error(`no fake request ${requestId} or wallet ${walletId}`);
    if (this.mpmView(requestId).status !== 'pending') throw new Error(`request ${requestId} is not pending`);
    const nowMs = this.clock.nowMs();
    request.status = 'paid';
    request.paidAtMs = nowMs;
    if (request.points !== null) {
      wallet.points = (wallet.points ?? 0) - request.points;
      const spend = this.recordSpend(`app-${++this.sequence}`, walletId, request.points, nowMs, request.shortNo, null);
      request.spendId = spend.spendId;
      request.pointsAfter = wallet.points;
      this.addNotice({ kind: 'mpm_points', source: 'dynamic', terminalId: 'term-1', requestId, paymentId: null, spendId: spend.spendId, points: request.points, occurredAt: toIso(nowMs) });
    } else {
      const amountYen = request.amountYen ?? 0;
      wallet.balanceYen -= amountYen;
      const payment = this.record(`app-${++this.sequence}`, walletId, amountYen, nowMs, false, 0, null, { terminalId: 'term-1', shortNo: request.shortNo, cashYen: 0, staffName: null, method: 'mpm' });
      request.paymentId = payment.paymentId;
      const lot = { lotId: `lot-${walletId}`, kind: 'charge' as const, campaignId: null, expiresAt: toIso(nowMs + 1e10) };
      request.payment = {
        paymentId: payment.paymentId,
        status: 'approved',
        amountYen,
        allocations: [{ ...lot, amountYen }],
        balanceAfter: { totalYen: wallet.balanceYen, lots: [{ ...lot, label: 'チャージマネー', amountYen: wallet.balanceYen, expired: false }] },
        occurredAt: toIso(nowMs),
        shortNo: request.shortNo,
      };
      this.addNotice({ kind: 'mpm_payment', source: 'dynamic', terminalId: 'term-1', requestId, paymentId: payment.paymentId, spendId: null, amountYen, occurredAt: toIso(nowMs) });
    }
    this.wakeMpmPolls();
  }

  /** A customer pays a register's printed store QR (R28 static) from the app; it counts in that register's day. */
  payStaticQr(walletId: string, amountYen: number, terminalId = 'term-1'): string {
    const wallet = this.wallets.get(walletId);
    if (!wallet) throw new Error(`no fake wallet ${walletId}`);
    const nowMs = this.clock.nowMs();
    wallet.balanceYen -= amountYen;
    const payment = this.record(`app-${++this.sequence}`, walletId, amountYen, nowMs, false, 0, null, { terminalId, shortNo: null, cashYen: 0, staffName: null, method: 'mpm' });
    this.addNotice({ kind: 'mpm_payment', source: 'static', terminalId, requestId: null, paymentId: payment.paymentId, spendId: null, amountYen, occurredAt: toIso(nowMs) });
    return payment.paymentId;
  }

  /** Answers every waiting long poll with the request as it is now (e.g. after the clock passed its expiry). */
  wakeMpmPolls(): void {
    for (const resolve of this.mpmWaiters.splice(0)) resolve();
  }

  /** Long polls waiting now (a test waits for the watch to be listening). */
  mpmPollsWaiting(): number {
    return this.mpmWaiters.length;
  }

  private mpmView(requestId: string): MpmRequestStatus {
    const r = this.mpmRequests.get(requestId);
    if (!r) throw new Error(`no fake request ${requestId}`);
    const status = r.status === 'pending' && this.clock.nowMs() > r.expiresAtMs ? 'expired' : r.status;
    return {
      requestId,
      status,
      ...(r.amountYen !== null ? { amountYen: r.amountYen } : {}),
      ...(r.points !== null ? { points: r.points } : {}),
      expiresAt: toIso(r.expiresAtMs),
      ...(r.paymentId ? { paymentId: r.paymentId } : {}),
      ...(r.spendId ? { spendId: r.spendId } : {}),
      ...(r.paidAtMs !== null ? { paidAt: toIso(r.paidAtMs) } : {}),
      ...(r.payment ? { payment: r.payment } : {}),
      ...(r.pointsAfter !== null ? { pointsAfter: r.pointsAfter } : {}),
    };
  }

  private addNotice(notice: Omit<Notice, 'seq'>): void {
    this.noticeLog.push({ seq: this.noticeLog.length + 1, ...notice });
  }

  private recordSpend(clientTxnId: string, walletId: string, points: number, occurredAtMs: number, shortNo: string | null, staffName: string | null): PointSpend {
    const spend: PointSpend = { spendId: `spend-${++this.sequence}`, clientTxnId, walletId, points, occurredAtMs, cancelled: false, terminalId: 'term-1', shortNo, staffName };
    this.spends.set(spend.spendId, spend);
    return spend;
  }

  // ---- internals -------------------------------------------------------------------------
  private async serve<T>(name: string, work: () => BackendOutcome<T> | Promise<BackendOutcome<T>>): Promise<BackendOutcome<T>> {
    this.calls.push(name);
    if (this.persistentDown) return { kind: 'not_sent', reason: 'ECONNREFUSED' };
    const fault = this.methodFaults.get(name)?.shift() ?? this.faults.shift();
    if (fault === 'down') return { kind: 'not_sent', reason: 'ECONNREFUSED' };
    if (fault === 'lose_request') return { kind: 'ambiguous', reason: 'ECONNRESET' };
    const outcome = await work();
    if (fault === 'lose_response') return { kind: 'ambiguous', reason: 'ECONNABORTED' };
    return outcome;
  }

  /** Idempotency (contract): same id + same body → the first answer; other body → 409. */
  private async once<T>(clientTxnId: string, body: unknown, work: () => Promise<BackendOutcome<T>>): Promise<BackendOutcome<T>> {
    const key = JSON.stringify(body);
    const prior = this.idempotent.get(clientTxnId);
    if (prior) {
      if (prior.body !== key) return refused(409, 'idempotency_conflict', 'same clientTxnId, different body');
      return prior.outcome as BackendOutcome<T>;
    }
    const outcome = await work();
    // Refusals for authorization (and approval) are not stored: the request was not looked at.
    if (outcome.kind === 'ok' || (outcome.kind === 'refused' && !['unauthorized', 'forbidden', 'approval_required'].includes(outcome.code))) {
      this.idempotent.set(clientTxnId, { body: key, outcome });
    }
    return outcome;
  }

  private async applyOffline(item: SyncItem): Promise<SyncResult> {
    const { clientTxnId, seq, amountYen, credential } = item;
    const occurredAtMs = Date.parse(item.occurredAt);
    const existing = this.paymentsFor(clientTxnId)[0];
    if (existing) return { clientTxnId, seq, status: 'duplicate', paymentId: existing.paymentId, shortfallYen: existing.shortfallYen };
    // R20a: the terminal's offline items between two online contacts stay within its cap.
    if (this.offlineWindowYen + amountYen > this.offlineLimits.terminalUnsyncedMaxYen) {
      return { clientTxnId, seq, status: 'rejected', error: { code: 'offline_limit_exceeded', message: 'offline window full' } };
    }
    const wallet = await this.walletOf(credential, occurredAtMs, true);
    if ('kind' in wallet) {
      return { clientTxnId, seq, status: 'rejected', error: { code: wallet.kind === 'refused' ? wallet.code : 'token_invalid', message: 'rejected' } };
    }
    this.offlineWindowYen += amountYen;
    const paidYen = Math.min(wallet.balanceYen, amountYen);
    const shortfallYen = amountYen - paidYen;
    wallet.balanceYen -= paidYen;
    wallet.debtYen += shortfallYen;
    const payment = this.record(clientTxnId, wallet.walletId, amountYen, occurredAtMs, true, shortfallYen, null, {
      terminalId: 'term-1',
      shortNo: item.shortNo ?? null,
      cashYen: item.cashYen ?? 0,
      staffName: null,
    });
    return { clientTxnId, seq, status: 'applied', paymentId: payment.paymentId, shortfallYen };
  }

  private record(
    clientTxnId: string,
    walletId: string,
    amountYen: number,
    occurredAtMs: number,
    offline: boolean,
    shortfallYen: number,
    staffId: string | null,
    extra: { terminalId: string; shortNo: string | null; cashYen: number; staffName: string | null; method?: 'qr' | 'mpm' },
  ): Payment {
    const payment: Payment = {
      paymentId: `pay-${++this.sequence}`,
      clientTxnId,
      walletId,
      amountYen,
      occurredAtMs,
      offline,
      shortfallYen,
      cancelled: false,
      staffId,
      ...extra,
      method: extra.method ?? 'qr',
      cancelApprovedByName: null,
    };
    this.payments.set(payment.paymentId, payment);
    return payment;
  }

  private cardOf(credential: Extract<Credential, { type: 'card' }>): Card | Extract<BackendOutcome<never>, { kind: 'refused' }> {
    const card =
      'cardNumber' in credential
        ? this.cards.get(credential.cardNumber)
        : [...this.cards.values()].find((c) => c.nfcUid !== null && c.nfcUid === normalizeNfcUid(credential.nfcUid));
    if (!card) return refused(404, 'card_unknown', 'no such card');
    if (card.status === 'retired') return refused(410, 'card_migrated', 'card moved to the app');
    if (card.status === 'blocked') return refused(403, 'card_blocked', 'card blocked');
    return card;
  }

  private async walletOf(credential: Credential, atMs: number, spend = false): Promise<Wallet | Extract<BackendOutcome<never>, { kind: 'refused' }>> {
    if (credential.type === 'card') {
      const card = this.cardOf(credential);
      if ('kind' in card) return card;
      return this.wallets.get(card.walletId) ?? refused(404, 'card_unknown', 'no such card');
    }
    const verdict = await verifyCpmToken(credential.token, new Map([['k1', this.mustKeys().publicKey]]), atMs);
    if (!verdict.ok) return refused(400, verdict.code, 'token refused');
    if (spend) {
      if (this.usedTokens.has(verdict.claims.tokenId)) return refused(409, 'token_used', 'token already used');
      this.usedTokens.add(verdict.claims.tokenId);
    }
    const wallet = this.wallets.get(verdict.claims.walletId);
    if (!wallet) return refused(404, 'not_found', 'no such wallet');
    return wallet;
  }

  /**
   * The terminal token: revoked or expired terminals get a 401 with the reason; a token the
   * backend never issued (or retired) a plain 401. Using the newest token retires the older.
   */
  private checkTerminal(terminalToken: string): Extract<BackendOutcome<never>, { kind: 'refused' }> | null {
    this.tokensSeen.push(terminalToken);
    if (this.terminalRefusal !== null) return refused(401, 'unauthorized', 'terminal may not act', { reason: this.terminalRefusal });
    if (!this.validTokens.has(terminalToken)) return refused(401, 'unauthorized', 'bad terminal token');
    if (terminalToken === this.currentToken) {
      for (const token of [...this.validTokens]) if (token !== terminalToken) this.validTokens.delete(token);
    }
    return null;
  }

  private authorize(auth: BackendAuth, roles: Role[]): Extract<BackendOutcome<never>, { kind: 'refused' }> | null {
    const denied = this.checkTerminal(auth.terminalToken);
    if (denied) return denied;
    const staff = this.sessions.get(auth.staffSession ?? '');
    if (!staff) return refused(401, 'unauthorized', 'no staff session');
    if (!roles.includes(staff.role)) return refused(403, 'forbidden', `role ${staff.role} may not`);
    return null;
  }

  /** R30: this terminal's transactions in the business day's interval (its closes decide it). */
  private dayTransactions(businessDay: string): TransactionsResponse {
    const { startMs, endMs } = terminalBusinessDayRangeMs(businessDay, this.closeList());
    const transactions = [...this.payments.values()]
      .filter((p) => p.terminalId === 'term-1' && p.occurredAtMs >= startMs && p.occurredAtMs < endMs)
      .map((p) => this.transactionOf(p));
    const spends = [...this.spends.values()]
      .filter((p) => p.terminalId === 'term-1' && p.occurredAtMs >= startMs && p.occurredAtMs < endMs)
      .map((p) => this.spendTransactionOf(p));
    return { businessDay, transactions: [...transactions, ...spends] };
  }

  private transactionOf(p: Payment): TerminalTransaction {
    return {
      id: p.paymentId,
      type: 'payment' as const,
      clientTxnId: p.clientTxnId,
      occurredAt: toIso(p.occurredAtMs),
      amountYen: p.amountYen,
      walletId: p.walletId,
      staffId: p.staffId,
      offline: p.offline,
      shortfallYen: p.shortfallYen,
      cancelled: p.cancelled,
      cancelledAt: null,
      allocations: [],
      businessDay: terminalBusinessDayAt(p.occurredAtMs, p.terminalId === 'term-1' ? this.closeList() : []),
      shortNo: p.shortNo,
      method: p.method,
      staffName: p.staffName,
      cashYen: p.cashYen,
      cancelApprovedByName: p.cancelApprovedByName,
      terminalId: p.terminalId,
      terminalNo: p.terminalId === 'term-1' ? this.terminalNo : 2,
      terminalName: p.terminalId === 'term-1' ? 'レジ1' : 'レジ2',
    };
  }

  private spendTransactionOf(p: PointSpend): TerminalTransaction {
    return {
      id: p.spendId,
      type: 'point_spend',
      clientTxnId: p.clientTxnId,
      occurredAt: toIso(p.occurredAtMs),
      amountYen: 0,
      points: p.points,
      walletId: p.walletId,
      staffId: null,
      offline: false,
      cancelled: p.cancelled,
      cancelledAt: null,
      allocations: [],
      businessDay: terminalBusinessDayAt(p.occurredAtMs, this.closeList()),
      shortNo: p.shortNo,
      method: null,
      staffName: p.staffName,
      terminalId: p.terminalId,
    };
  }

  private publicKeys(): PublicKey[] {
    return [{ kid: 'k1', alg: 'Ed25519', publicKey: this.publicKeyB64, notAfter: null }];
  }

  private mustCard(cardNumber: string): Card {
    const card = this.cards.get(cardNumber);
    if (!card) throw new Error(`no fake card ${cardNumber}`);
    return card;
  }

  private mustKeys(): CryptoKeyPair {
    if (!this.keyPair) throw new Error('FakeBackend.create() was not used');
    return this.keyPair;
  }
}

function cancelHashExtra(request: CancelRequest): Record<string, unknown> {
  return request.approval || request.shortNo ? { approvedBy: request.approval?.staffCode ?? null, shortNo: request.shortNo ?? null } : {};
}

function ok<T>(value: T): BackendOutcome<T> {
  return { kind: 'ok', status: 200, value };
}

function refused(status: number, code: string, message: string, details: Record<string, unknown> = {}): Extract<BackendOutcome<never>, { kind: 'refused' }> {
  return { kind: 'refused', status, code, message, details };
}

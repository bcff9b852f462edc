/**
 * The Backend port over HTTP (axios), following docs/api.md. Every response is parsed
 * with the shared zod wire schemas; a 2xx that does not parse is treated as ambiguous (the
 * backend may have done the work, we cannot read what it said).
 */
import http from 'node:http';
import axios, { type AxiosInstance } from 'axios';
import { z } from 'zod';
import {
  blockedCardsResponse,
  chargeCancelResponse,
  chargeResponse,
  enrollResponse,
  keysResponse,
  lookupResponse,
  migrationResponse,
  paymentCancelResponse,
  paymentResponse,
  settlementResponse,
  staffSessionResponse,
  syncBatchResponse,
  transactionSearchResponse,
  transactionsResponse,
  type TerminalTransaction,
} from '../../../common/wire/terminal';
import { LIMITS } from '../../../common/limits';
import { errorBody } from '../../../common/wire/primitives';
import { pointSpendCancelResponse, pointSpendResponse } from '../../../common/wire/points';
import { mpmRequestCreated, mpmRequestView, noticesResponse, staticQrResponse } from '../../../common/wire/mpm';
import { CORE_LIMITS } from '../limits';
import type {
  Backend,
  BackendAuth,
  BackendOutcome,
  BlockedCardsQuery,
  CancelRequest,
  DayCloseRequest,
  MpmRequestCreate,
  NoticesQuery,
  PointSpendCancelRequest,
  PointSpendRequest,
  TransactionsResponse,
} from '../ports';
import { classifyNetworkError, isAmbiguousStatus } from './classify';
const healthResponse = z.object({ ok: z.literal(true) });

interface RequestSpec<T> {
  method: 'GET' | 'POST';
  path: string;
  body?: unknown;
  terminalToken?: string;
  staffSession?: string | null;
  timeoutMs: number;
  schema: z.ZodType<T>;
}

export interface BackendTimeouts {
  moneyRequestTimeoutMs: number;
  readRequestTimeoutMs: number;
  probeTimeoutMs: number;
  heartbeatTimeoutMs: number;
}

export class HttpBackend implements Backend {
  private readonly http: AxiosInstance;
  private readonly timeouts: BackendTimeouts;
  private baseUrl = '';

  /** Timeouts default to CORE_LIMITS; tests shorten them to keep a timeout test quick. */
  constructor(baseUrl: string, timeouts: Partial<BackendTimeouts> = {}) {
    this.setBaseUrl(baseUrl);
    this.timeouts = {
      moneyRequestTimeoutMs: timeouts.moneyRequestTimeoutMs ?? CORE_LIMITS.moneyRequestTimeoutMs,
      readRequestTimeoutMs: timeouts.readRequestTimeoutMs ?? CORE_LIMITS.readRequestTimeoutMs,
      probeTimeoutMs: timeouts.probeTimeoutMs ?? CORE_LIMITS.probeTimeoutMs,
      heartbeatTimeoutMs: timeouts.heartbeatTimeoutMs ?? CORE_LIMITS.heartbeatTimeoutMs,
    };
    this.http = axios.create({
      // No keep-alive, on purpose: a request on a reused socket that the far end has closed
      // fails as a reset, which is ambiguous (was it read?) and leaves a payment "unknown".
      // A fresh connection per request turns "backend down" into a clean connection refused
      // (not sent → offline approval possible). A counter makes a few requests a minute; the
      // handshake costs less than an unknown payment.
      httpAgent: new http.Agent({ keepAlive: false, maxSockets: CORE_LIMITS.backendSocketsMax }),
      // Never follow redirects or an environment proxy: money calls go to the backend we
      // were configured with, nowhere else.
      maxRedirects: 0,
      proxy: false,
      maxContentLength: CORE_LIMITS.responseBodyBytesMax,
      validateStatus: () => true,
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    });
  }

  setBaseUrl(url: string): void {
    this.baseUrl = url.replace(/\/+$/, '');
  }

  health() {
    return this.request({ method: 'GET', path: '/healthz', timeoutMs: this.timeouts.probeTimeoutMs, schema: healthResponse });
  }

  livez() {
    return this.request({ method: 'GET', path: '/livez', timeoutMs: this.timeouts.heartbeatTimeoutMs, schema: healthResponse });
  }

  enroll(enrollmentCode: string) {
    return this.request({
      method: 'POST',
      path: '/v1/terminals/enroll',
      body: { enrollmentCode },
      timeoutMs: this.timeouts.readRequestTimeoutMs,
      schema: enrollResponse,
    });
  }

  openStaffSession(terminalToken: string, body: { staffCode: string; pin: string }) {
    return this.request({
      method: 'POST',
      path: '/v1/staff/sessions',
      body,
      terminalToken,
      timeoutMs: this.timeouts.readRequestTimeoutMs,
      schema: staffSessionResponse,
    });
  }

  keys(terminalToken: string) {
    return this.request({ method: 'GET', path: '/v1/terminal/keys', terminalToken, timeoutMs: this.timeouts.readRequestTimeoutMs, schema: keysResponse });
  }

  blockedCards(terminalToken: string, query: BlockedCardsQuery) {
    const params = new URLSearchParams();
    if (query.since !== undefined) params.set('since', query.since);
    if (query.afterWalletId !== undefined) params.set('afterWalletId', query.afterWalletId);
    const search = params.size > 0 ? `?${params.toString()}` : '';
    return this.request({
      method: 'GET',
      path: `/v1/terminal/blocked-cards${search}`,
      terminalToken,
      timeoutMs: this.timeouts.readRequestTimeoutMs,
      schema: blockedCardsResponse,
    });
  }

  lookup(auth: BackendAuth, body: { credential: unknown }) {
    return this.request({ method: 'POST', path: '/v1/wallets/lookup', body, ...auth, timeoutMs: this.timeouts.readRequestTimeoutMs, schema: lookupResponse });
  }

  pay(auth: BackendAuth, body: unknown) {
    return this.request({ method: 'POST', path: '/v1/payments', body, ...auth, timeoutMs: this.timeouts.moneyRequestTimeoutMs, schema: paymentResponse });
  }

  cancelPayment(auth: BackendAuth, paymentId: string, body: CancelRequest) {
    return this.request({
      method: 'POST',
      path: `/v1/payments/${encodeURIComponent(paymentId)}/cancel`,
      body,
      ...auth,
      timeoutMs: this.timeouts.moneyRequestTimeoutMs,
      schema: paymentCancelResponse,
    });
  }

  charge(auth: BackendAuth, body: unknown) {
    return this.request({ method: 'POST', path: '/v1/charges', body, ...auth, timeoutMs: this.timeouts.moneyRequestTimeoutMs, schema: chargeResponse });
  }

  cancelCharge(auth: BackendAuth, chargeId: string, body: CancelRequest) {
    return this.request({
      method: 'POST',
      path: `/v1/charges/${encodeURIComponent(chargeId)}/cancel`,
      body,
      ...auth,
      timeoutMs: this.timeouts.moneyRequestTimeoutMs,
      schema: chargeCancelResponse,
    });
  }

  migrate(auth: BackendAuth, body: unknown) {
    return this.request({ method: 'POST', path: '/v1/migrations', body, ...auth, timeoutMs: this.timeouts.moneyRequestTimeoutMs, schema: migrationResponse });
  }

  syncBatch(terminalToken: string, body: unknown) {
    return this.request({
      method: 'POST',
      path: '/v1/sync/batches',
      body,
      terminalToken,
      timeoutMs: this.timeouts.moneyRequestTimeoutMs,
      schema: syncBatchResponse,
    });
  }

  /**
   * R30: the whole business day, read in pages (`limit`, then `after` = the page's
   * `nextCursor`) so a busy register's day never outgrows one answer
   * (CORE_LIMITS.responseBodyBytesMax). Callers get the day as one list, or the first page's
   * failure: never part of a day, which 精算 would report as missing on the backend. A backend
   * that does not page answers the whole day at once, without a cursor, and that is the day.
   */
  async transactions(auth: BackendAuth, businessDay: string): Promise<BackendOutcome<TransactionsResponse>> {
    const transactions: TerminalTransaction[] = [];
    let after: string | undefined;
    for (let page = 0; page < CORE_LIMITS.transactionPagesMax; page++) {
      const params = new URLSearchParams({ businessDay, limit: String(LIMITS.terminalTransactionsPageMax) });
      if (after !== undefined) params.set('after', after);
      const outcome = await this.request({
        method: 'GET',
        path: `/v1/terminal/transactions?${params.toString()}`,
        ...auth,
        timeoutMs: this.timeouts.readRequestTimeoutMs,
        schema: transactionsResponse,
      });
      if (outcome.kind !== 'ok') return outcome;
      transactions.push(...outcome.value.transactions);
      const next = outcome.value.nextCursor;
      if (next === undefined) return { kind: 'ok', status: outcome.status, value: { businessDay: outcome.value.businessDay, transactions } };
      // The same cursor again would be the same page forever.
      if (next === after) return { kind: 'ambiguous', reason: 'the backend answered the same transactions page twice' };
      after = next;
    }
    return { kind: 'ambiguous', reason: `the backend's transactions of ${businessDay} did not end within ${CORE_LIMITS.transactionPagesMax} pages` };
  }

  settlement(auth: BackendAuth, businessDay: string) {
    return this.request({
      method: 'GET',
      path: `/v1/terminal/settlement?businessDay=${encodeURIComponent(businessDay)}`,
      ...auth,
      timeoutMs: this.timeouts.readRequestTimeoutMs,
      schema: settlementResponse,
    });
  }

  searchTransactions(auth: BackendAuth, q: string) {
    return this.request({
      method: 'GET',
      path: `/v1/terminal/transactions/search?q=${encodeURIComponent(q)}`,
      ...auth,
      timeoutMs: this.timeouts.readRequestTimeoutMs,
      schema: transactionSearchResponse,
    });
  }

  closeDay(auth: BackendAuth, body: DayCloseRequest) {
    return this.request({
      method: 'POST',
      path: '/v1/terminal/settlement/close',
      body,
      ...auth,
      timeoutMs: this.timeouts.moneyRequestTimeoutMs,
      schema: settlementResponse,
    });
  }

  spendPoints(auth: BackendAuth, body: PointSpendRequest) {
    return this.request({ method: 'POST', path: '/v1/points/spends', body, ...auth, timeoutMs: this.timeouts.moneyRequestTimeoutMs, schema: pointSpendResponse });
  }

  cancelPointSpend(auth: BackendAuth, spendId: string, body: PointSpendCancelRequest) {
    return this.request({
      method: 'POST',
      path: `/v1/points/spends/${encodeURIComponent(spendId)}/cancel`,
      body,
      ...auth,
      timeoutMs: this.timeouts.moneyRequestTimeoutMs,
      schema: pointSpendCancelResponse,
    });
  }

  createMpmRequest(auth: BackendAuth, body: MpmRequestCreate) {
    return this.request({ method: 'POST', path: '/v1/mpm/requests', body, ...auth, timeoutMs: this.timeouts.moneyRequestTimeoutMs, schema: mpmRequestCreated });
  }

  /** A long poll: the socket waits `waitMs` for the backend, plus the ordinary read time. */
  mpmRequest(auth: BackendAuth, requestId: string, waitMs: number) {
    return this.request({
      method: 'GET',
      path: `/v1/mpm/requests/${encodeURIComponent(requestId)}?waitMs=${waitMs}`,
      ...auth,
      timeoutMs: waitMs + this.timeouts.readRequestTimeoutMs,
      schema: mpmRequestView,
    });
  }

  withdrawMpmRequest(auth: BackendAuth, requestId: string) {
    return this.request({
      method: 'POST',
      path: `/v1/mpm/requests/${encodeURIComponent(requestId)}/withdraw`,
      body: {},
      ...auth,
      timeoutMs: this.timeouts.moneyRequestTimeoutMs,
      schema: mpmRequestView.partial(),
    });
  }

  notices(terminalToken: string, query: NoticesQuery) {
    const params = new URLSearchParams();
    if (query.after !== undefined) params.set('after', String(query.after));
    if (query.waitMs !== undefined) params.set('waitMs', String(query.waitMs));
    const search = params.size > 0 ? `?${params.toString()}` : '';
    return this.request({
      method: 'GET',
      path: `/v1/terminal/notices${search}`,
      terminalToken,
      timeoutMs: (query.waitMs ?? 0) + this.timeouts.readRequestTimeoutMs,
      schema: noticesResponse,
    });
  }

  staticQr(terminalToken: string) {
    return this.request({ method: 'GET', path: '/v1/terminal/mpm/static-qr', terminalToken, timeoutMs: this.timeouts.readRequestTimeoutMs, schema: staticQrResponse });
  }

  private async request<T>(spec: RequestSpec<T>): Promise<BackendOutcome<T>> {
    const headers: Record<string, string> = {};
    if (spec.terminalToken) headers.Authorization = `Bearer ${spec.terminalToken}`;
    if (spec.staffSession) headers['X-Staff-Session'] = spec.staffSession;
    let response;
    try {
      response = await this.http.request({
        method: spec.method,
        url: `${this.baseUrl}${spec.path}`,
        data: spec.body === undefined ? undefined : JSON.stringify(spec.body),
        headers,
        timeout: spec.timeoutMs,
        // Parse ourselves: a half-JSON body must be visible as such, not as a string.
        responseType: 'text',
        transformResponse: [(data: unknown) => data],
      });
    } catch (error) {
      return classifyNetworkError(error);
    }
    const status = response.status;
    const json = parseJson(response.data);
    if (status >= 200 && status < 300) {
      const parsed = spec.schema.safeParse(json);
      if (parsed.success) return { kind: 'ok', status, value: parsed.data };
      return { kind: 'ambiguous', reason: `unreadable ${status} answer from ${spec.path}: ${parsed.error.issues[0]?.message ?? 'schema'}` };
    }
    if (isAmbiguousStatus(status)) return { kind: 'ambiguous', reason: `HTTP ${status}` };
    const refusal = errorBody.safeParse(json);
    if (!refusal.success) {
      return { kind: 'refused', status, code: `http_${status}`, message: `The backend answered HTTP ${status}.`, details: {} };
    }
    const { code, message, ...details } = refusal.data.error;
    return { kind: 'refused', status, code, message, details };
  }
}

function parseJson(text: unknown): unknown {
  if (typeof text !== 'string' || text.length === 0) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // A body that is not JSON: the caller's schema check reports it.
    return null;
  }
}

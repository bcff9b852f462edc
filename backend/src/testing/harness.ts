import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Logger } from 'pino';
import type { Clock } from '../../../common/time';
import { formatShortNo } from '../../../common/short-no';
import type { Config } from '../config';
import { startBackend, type RunningBackend } from '../server';
import { freshDatabase, type TestDatabase } from './stores';
import { backendAnswers } from './answer-check';
import { checkLedger } from '../usecases/ledger-check';
import { openStore } from '../store/open-store';
import type { Tx } from '../store/store';

export interface Reply<T = Record<string, unknown>> {
  status: number;
  body: T;
}

export type Role = 'cashier' | 'charger' | 'support' | 'manager';
/** R31: a manager's approval — this terminal's manager (`'manager'`) or any code and PIN. */
export type Approval = 'manager' | { staffCode: string; pin: string };
export interface CancelOptions {
  approval?: Approval;
  shortNo?: string;
  clientTxnId?: string;
}
export const TEST_PIN = '2468';

/**
 * The contract driven through real HTTP, at one backend or spread round-robin over several
 * instances of one ledger (each request goes to the next instance, as a load balancer would).
 */
export class ApiClient {
  private next = 0;
  constructor(
    readonly urls: readonly string[],
    readonly adminToken: string,
  ) {}

  get url(): string {
    return this.urls[0]!;
  }

  private pick(): string {
    const url = this.urls[this.next % this.urls.length]!;
    this.next += 1;
    return url;
  }

  async call<T = Record<string, unknown>>(
    method: string,
    path: string,
    options: { token?: string; staff?: string; body?: unknown; rawBody?: string | Uint8Array; headers?: Record<string, string>; instance?: number } = {},
  ): Promise<Reply<T>> {
    const headers: Record<string, string> = { 'content-type': 'application/json', ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.staff) headers['x-staff-session'] = options.staff;
    const base = options.instance === undefined ? this.pick() : this.urls[options.instance % this.urls.length]!;
    const sent = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
    const res = await fetch(`${base}${path}`, { method, headers, body: sent as BodyInit | undefined });
    const text = await res.text();
    let body: T;
    try {
      body = (text ? JSON.parse(text) : {}) as T;
    } catch {
      throw new Error(`${method} ${path} answered ${res.status} with a body that is not JSON: ${text.slice(0, 200)}`);
    }
    // Thrown, not returned: a test that only looks at the status must still fail on a drift.
    const drift = backendAnswers.drift(method, path, res.status, body);
    if (drift) throw new Error(drift);
    return { status: res.status, body };
  }

  admin<T = Record<string, unknown>>(path: string, body: unknown, method = 'POST'): Promise<Reply<T>> {
    return this.call<T>(method, path, { token: this.adminToken, body });
  }

  /** One metric's value as the first instance's /metrics shows it (the sample line that starts with `sample`). */
  async metric(sample: string): Promise<number> {
    const text = await (await fetch(`${this.url}/metrics`)).text();
    const line = text.split('\n').find((l) => l.startsWith(`${sample} `));
    if (!line) throw new Error(`/metrics has no ${sample}`);
    return Number(line.slice(sample.length + 1));
  }

  /** Every instance keeps its own test clock: set them all. */
  async setClock(iso: string): Promise<void> {
    for (let i = 0; i < this.urls.length; i++) {
      const r = await this.call('POST', '/v1/test/clock', { token: this.adminToken, body: { now: iso }, instance: i });
      if (r.status !== 200) throw new Error(`clock: ${JSON.stringify(r.body)}`);
    }
  }

  async merchant(name: string, options: { chargePoint?: boolean; offlineCardPayments?: boolean } = {}): Promise<string> {
    const r = await this.admin<{ id: string }>('/v1/admin/merchants', { name, chargePoint: options.chargePoint ?? false, offlineCardPayments: options.offlineCardPayments ?? false });
    if (r.status !== 201) throw new Error(`merchant: ${JSON.stringify(r.body)}`);
    return r.body.id;
  }

  async staff(merchantId: string, role: Role, pin: string = TEST_PIN): Promise<{ id: string; staffCode: string }> {
    const staffCode = `${role}-${randomUUID().slice(0, 6)}`;
    const r = await this.admin<{ id: string }>('/v1/admin/staff', { merchantId, staffCode, name: role, role, pin });
    if (r.status !== 201) throw new Error(`staff: ${JSON.stringify(r.body)}`);
    return { id: r.body.id, staffCode };
  }

  /** An enrolled terminal at the merchant with one logged-in staff member per role. */
  async terminal(merchantId: string) {
    const name = `till ${randomUUID().slice(0, 4)}`;
    const t = await this.admin<{ id: string; enrollmentCode: string; terminalNo: number }>('/v1/admin/terminals', { merchantId, name });
    const e = await this.call<{ terminalToken: string; terminalId: string; terminalNo: number }>('POST', '/v1/terminals/enroll', { body: { enrollmentCode: t.body.enrollmentCode } });
    const token = e.body.terminalToken;
    const sessions: Record<string, string> = {};
    const staffIds: Record<string, string> = {};
    const staffCodes: Record<string, string> = {};
    for (const role of ['cashier', 'charger', 'support', 'manager'] as const) {
      const member = await this.staff(merchantId, role);
      const s = await this.call<{ staffSession: string }>('POST', '/v1/staff/sessions', { token, body: { staffCode: member.staffCode, pin: TEST_PIN } });
      sessions[role] = s.body.staffSession;
      staffIds[role] = member.id;
      staffCodes[role] = member.staffCode;
    }
    const as = (role: Role) => ({ token, staff: sessions[role]! });
    const terminalNo = e.body.terminalNo;
    /** R31: this terminal's manager's approval (code + PIN), or one given explicitly. */
    const approvalOf = (approval: Approval | undefined) => (approval === undefined ? {} : { approval: approval === 'manager' ? { staffCode: staffCodes.manager!, pin: TEST_PIN } : approval });
    return {
      terminalId: e.body.terminalId,
      terminalNo,
      name,
      token,
      sessions,
      staffIds,
      staffCodes,
      as,
      /** `NNNN-SSSSSS` of this terminal (common/short-no.ts). */
      shortNo: (seq: number) => formatShortNo(terminalNo, seq),
      pay: (role: Role, amountYen: number, credential: unknown, clientTxnId: string = randomUUID()) =>
        this.call('POST', '/v1/payments', { ...as(role), body: { clientTxnId, amountYen, credential } }),
      /** A payment with the issue-10 fields: short number and the cash part of a split sale (R32). */
      payWith: (role: Role, body: { amountYen: number; credential: unknown; shortNo?: string; cashYen?: number; clientTxnId?: string }) =>
        this.call('POST', '/v1/payments', { ...as(role), body: { clientTxnId: randomUUID(), ...body } }),
      /** R31: `approval: 'manager'` sends this terminal's manager code and the test PIN. */
      cancelPayment: (role: Role, paymentId: string, options: CancelOptions = {}) =>
        this.call('POST', `/v1/payments/${paymentId}/cancel`, { ...as(role), body: { clientTxnId: options.clientTxnId ?? randomUUID(), ...approvalOf(options.approval), ...(options.shortNo ? { shortNo: options.shortNo } : {}) } }),
      cancelCharge: (role: Role, chargeId: string, options: CancelOptions = {}) =>
        this.call('POST', `/v1/charges/${chargeId}/cancel`, { ...as(role), body: { clientTxnId: options.clientTxnId ?? randomUUID(), ...approvalOf(options.approval), ...(options.shortNo ? { shortNo: options.shortNo } : {}) } }),
      /** R30: 精算 of `businessDay`. */
      closeDay: (role: Role, businessDay: string, options: { acknowledgements?: unknown[]; approval?: Approval } = {}) =>
        this.call('POST', '/v1/terminal/settlement/close', { ...as(role), body: { businessDay, acknowledgements: options.acknowledgements ?? [], ...approvalOf(options.approval) } }),
      /** The same 精算 through `POST /v1/terminal/settlement` with only the day, as a plain client would send it. */
      closeDayPlain: (role: Role, businessDay: string) => this.call('POST', '/v1/terminal/settlement', { ...as(role), body: { businessDay } }),
      settlement: (role: Role, businessDay: string) => this.call('GET', `/v1/terminal/settlement?businessDay=${businessDay}`, as(role)),
      transactions: (role: Role, businessDay: string) => this.call<{ businessDay: string; transactions: Record<string, unknown>[] }>('GET', `/v1/terminal/transactions?businessDay=${businessDay}`, as(role)),
      /** R31: search the merchant's last 8 days. */
      searchTransactions: (role: Role, q: string) => this.call<{ transactions: Record<string, unknown>[] }>('GET', `/v1/terminal/transactions/search?q=${encodeURIComponent(q)}`, as(role)),
    };
  }

  async customer(displayName = 'Hanako') {
    const r = await this.admin<{ walletId: string; customerToken: string }>('/v1/admin/customers', { displayName });
    const { walletId, customerToken } = r.body;
    return {
      walletId,
      customerToken,
      cpm: async () => {
        const t = await this.call<{ token: string }>('POST', '/v1/customer/cpm-tokens', { token: customerToken, body: {} });
        if (t.status !== 201) throw new Error(`cpm token: ${JSON.stringify(t.body)}`);
        return { type: 'cpm' as const, token: t.body.token };
      },
      wallet: async () => (await this.call<{ totalYen: number; debtYen: number; lots: { lotId: string; kind: string; amountYen: number; expiresAt: string }[] }>('GET', '/v1/customer/wallet', { token: customerToken })).body,
    };
  }

  async card(cardNumber: string = `KC${randomUUID().replace(/-/g, '').slice(0, 12)}`, nfcUid?: string) {
    const r = await this.admin<{ walletId: string }>('/v1/admin/cards', { cardNumber, ...(nfcUid ? { nfcUid } : {}) });
    if (r.status !== 201) throw new Error(`card: ${JSON.stringify(r.body)}`);
    return { walletId: r.body.walletId, cardNumber, credential: { type: 'card' as const, cardNumber } };
  }

  async campaign(name: string, eligible: string[] | 'all', validity: Record<string, number> = { years: 2 }): Promise<string> {
    return (await this.admin<{ id: string }>('/v1/admin/campaigns', { name, kind: 'limited', validity, eligibleMerchantIds: eligible })).body.id;
  }

  async seedLot(walletId: string, lot: { kind: 'charge' | 'limited'; campaignId?: string; amountYen: number; expiresAt: string }): Promise<string> {
    const r = await this.admin<{ lotId: string }>(`/v1/admin/wallets/${walletId}/lots`, lot);
    if (r.status !== 201) throw new Error(`seed: ${JSON.stringify(r.body)}`);
    return r.body.lotId;
  }
}

/** A backend on a free port over a fresh database, driven through real HTTP. */
export class TestBackend extends ApiClient {
  private constructor(
    readonly backend: RunningBackend,
    private readonly database: TestDatabase,
  ) {
    super([backend.url], backend.adminToken);
  }

  /** `config` sets what the environment would (e.g. the expiry sweep's schedule and batch size). */
  static async start(kind: 'sqlite' | 'postgres', options: { clock?: Clock; log?: Logger; config?: Partial<Config> } = {}): Promise<TestBackend> {
    const { config, ...startOptions } = options;
    const database = await freshDatabase(kind);
    const backend = await startBackend({ ...testConfig(database.url), ...config }, startOptions);
    return new TestBackend(backend, database);
  }

  /** A second instance on the same database (PostgreSQL), with its own caches and clock. */
  async sibling(options: { clock?: Clock; log?: Logger } = {}): Promise<RunningBackend> {
    return startBackend(testConfig(this.database.url, this.backend.dataDir), options);
  }

  /** The store's address (file path or postgres URL), for tools that open it themselves. */
  get databaseUrl(): string {
    return this.database.url;
  }

  async stop(): Promise<void> {
    await this.backend.stop();
    await this.database.drop();
  }

  /**
   * A write behind the backend's back (rows no route would write), through a store of its own:
   * with the ledger worker the backend's store on this thread is read-only.
   */
  async writeBehind<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    const store = await openStore(this.database.url);
    try {
      return await store.write(work);
    } finally {
      await store.close();
    }
  }

  async ledgerDifferences() {
    return (await checkLedger(this.backend.deps.store)).differences;
  }
}

export function testConfig(db: string, dataDir?: string): Config {
  return {
    port: 0, host: '127.0.0.1', db, adminToken: 'test-admin-token-0123456789', testClock: true, logLevel: 'silent', dataDir: dataDir ?? testDataDir(db), keyFile: undefined,
    // KUMAPAY_TEST_STORE_WORKER=1 runs every HTTP suite with the ledger in its worker thread.
    storeWorker: process.env.KUMAPAY_TEST_STORE_WORKER === '1',
  };
}

/** Beside the SQLite file; for PostgreSQL a fresh temporary folder (the data key lives there). */
function testDataDir(db: string): string {
  if (!/^postgres/.test(db)) return path.dirname(db);
  return mkdtempSync(path.join(tmpdir(), 'kumapay-data-'));
}

/**
 * The seed's wallet (R6/R7): A charge 5,000 to 2024-12-31, B limited① 3,000 to 2024-08-31
 * (eligible only at `bShops`), C limited② 2,000 to 2024-06-30 (everywhere). Expiries are the
 * end of those JST days.
 */
export async function seedR6Wallet(t: ApiClient, walletId: string, bShops: string[] | 'all') {
  const b = await t.campaign('限定マネー①', bShops);
  const c = await t.campaign('限定マネー②', 'all', { months: 3 });
  const A = await t.seedLot(walletId, { kind: 'charge', amountYen: 5000, expiresAt: '2024-12-31T23:59:59.999+09:00' });
  const B = await t.seedLot(walletId, { kind: 'limited', campaignId: b, amountYen: 3000, expiresAt: '2024-08-31T23:59:59.999+09:00' });
  const C = await t.seedLot(walletId, { kind: 'limited', campaignId: c, amountYen: 2000, expiresAt: '2024-06-30T23:59:59.999+09:00' });
  return { A, B, C };
}

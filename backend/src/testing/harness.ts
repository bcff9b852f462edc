import { randomUUID } from 'node:crypto';
import { startBackend, type RunningBackend } from '../server';
import { freshDatabase, type TestDatabase } from './stores';
import { checkLedger } from '../usecases/ledger-check';

export interface Reply<T = Record<string, unknown>> {
  status: number;
  body: T;
}

/** A backend on a free port over a fresh database, driven through real HTTP. */
export class TestBackend {
  private constructor(
    readonly backend: RunningBackend,
    private readonly database: TestDatabase,
  ) {}

  static async start(kind: 'sqlite' | 'postgres'): Promise<TestBackend> {
    const database = await freshDatabase(kind);
    const backend = await startBackend({ port: 0, host: '127.0.0.1', db: database.url, adminToken: 'test-admin-token-0123456789', testClock: true, logLevel: 'silent', dataDir: undefined });
    return new TestBackend(backend, database);
  }

  get url(): string {
    return this.backend.url;
  }

  /** The store's address (file path or postgres URL), for tools that open it themselves. */
  get databaseUrl(): string {
    return this.database.url;
  }

  async stop(): Promise<void> {
    await this.backend.stop();
    await this.database.drop();
  }

  async call<T = Record<string, unknown>>(method: string, path: string, options: { token?: string; staff?: string; body?: unknown; rawBody?: string } = {}): Promise<Reply<T>> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.staff) headers['x-staff-session'] = options.staff;
    const res = await fetch(`${this.url}${path}`, { method, headers, body: options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body)) });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : {}) as T };
  }

  admin<T = Record<string, unknown>>(path: string, body: unknown): Promise<Reply<T>> {
    return this.call<T>('POST', path, { token: this.backend.adminToken, body });
  }

  async setClock(iso: string): Promise<void> {
    const r = await this.admin('/v1/test/clock', { now: iso });
    if (r.status !== 200) throw new Error(`clock: ${JSON.stringify(r.body)}`);
  }

  async ledgerDifferences() {
    return (await checkLedger(this.backend.deps.store)).differences;
  }

  async merchant(name: string, options: { chargePoint?: boolean; offlineCardPayments?: boolean } = {}): Promise<string> {
    const r = await this.admin<{ id: string }>('/v1/admin/merchants', { name, chargePoint: options.chargePoint ?? false, offlineCardPayments: options.offlineCardPayments ?? false });
    return r.body.id;
  }

  /** An enrolled terminal at the merchant with one logged-in staff member per role. */
  async terminal(merchantId: string) {
    const t = await this.admin<{ id: string; enrollmentCode: string }>('/v1/admin/terminals', { merchantId, name: `till ${randomUUID().slice(0, 4)}` });
    const e = await this.call<{ terminalToken: string; terminalId: string }>('POST', '/v1/terminals/enroll', { body: { enrollmentCode: t.body.enrollmentCode } });
    const token = e.body.terminalToken;
    const sessions: Record<string, string> = {};
    for (const role of ['cashier', 'charger', 'support', 'manager'] as const) {
      const code = `${role}-${randomUUID().slice(0, 6)}`;
      await this.admin('/v1/admin/staff', { merchantId, staffCode: code, name: role, role, pin: '2468' });
      const s = await this.call<{ staffSession: string }>('POST', '/v1/staff/sessions', { token, body: { staffCode: code, pin: '2468' } });
      sessions[role] = s.body.staffSession;
    }
    const as = (role: 'cashier' | 'charger' | 'support' | 'manager') => ({ token, staff: sessions[role]! });
    return {
      terminalId: e.body.terminalId,
      token,
      sessions,
      as,
      pay: (role: 'cashier' | 'charger' | 'support' | 'manager', amountYen: number, credential: unknown, clientTxnId: string = randomUUID()) =>
        this.call('POST', '/v1/payments', { ...as(role), body: { clientTxnId, amountYen, credential } }),
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
        return { type: 'cpm' as const, token: t.body.token };
      },
      wallet: async () => (await this.call<{ totalYen: number; debtYen: number; lots: { lotId: string; kind: string; amountYen: number; expiresAt: string }[] }>('GET', '/v1/customer/wallet', { token: customerToken })).body,
    };
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

/**
 * The seed's wallet (R6/R7): A charge 5,000 to 2024-12-31, B limited① 3,000 to 2024-08-31
 * (eligible only at `bShops`), C limited② 2,000 to 2024-06-30 (everywhere). Expiries are the
 * end of those JST days.
 */
export async function seedR6Wallet(t: TestBackend, walletId: string, bShops: string[] | 'all') {
  const b = await t.campaign('限定マネー①', bShops);
  const c = await t.campaign('限定マネー②', 'all', { months: 3 });
  const A = await t.seedLot(walletId, { kind: 'charge', amountYen: 5000, expiresAt: '2024-12-31T23:59:59.999+09:00' });
  const B = await t.seedLot(walletId, { kind: 'limited', campaignId: b, amountYen: 3000, expiresAt: '2024-08-31T23:59:59.999+09:00' });
  const C = await t.seedLot(walletId, { kind: 'limited', campaignId: c, amountYen: 2000, expiresAt: '2024-06-30T23:59:59.999+09:00' });
  return { A, B, C };
}

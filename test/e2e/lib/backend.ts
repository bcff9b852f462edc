/**
 * The real backend as its own process on a fresh SQLite file, spoken to over HTTP like any
 * client. `stop()` then `start()` keeps the port and the database, so a terminal configured with
 * the URL finds it again (the offline scenario).
 */
import path from 'node:path';
import { spawnBackendProcess, type BackendProcess } from '../../../scripts/lib/processes';

export const E2E_ADMIN_TOKEN = 'e2e-admin-token-0123456789abcdef';

export interface CustomerCpmToken {
  token: string;
  expiresAt: string;
}

export interface CustomerWallet {
  walletId: string;
  totalYen: number;
  debtYen: number;
  lots: { lotId: string; kind: 'charge' | 'limited'; amountYen: number; label: string }[];
}

export interface CustomerHistoryItem {
  id: string;
  type: string;
  amountYen: number;
  cancelled: boolean;
}

export interface BackendOptions {
  /** 0 picks a free port on the first start; later starts reuse the port it got. */
  port?: number;
  adminToken?: string;
  logLevel?: string;
  onOutputAfterReady?: (text: string) => void;
}

export class E2eBackend {
  private process: BackendProcess | null = null;
  private port: number;
  readonly adminToken: string;
  url = '';

  constructor(
    readonly dbPath: string,
    private readonly options: BackendOptions = {},
  ) {
    this.port = options.port ?? 0;
    this.adminToken = options.adminToken ?? E2E_ADMIN_TOKEN;
  }

  static async start(dataDir: string): Promise<E2eBackend> {
    const backend = new E2eBackend(path.join(dataDir, 'backend.sqlite'));
    await backend.start();
    return backend;
  }

  async start(): Promise<void> {
    if (this.process?.running()) throw new Error('backend already running');
    this.process = await spawnBackendProcess(
      { KUMAPAY_PORT: String(this.port), KUMAPAY_DB: this.dbPath, KUMAPAY_ADMIN_TOKEN: this.adminToken, KUMAPAY_LOG_LEVEL: this.options.logLevel ?? 'warn' },
      this.options.onOutputAfterReady ? { onOutputAfterReady: this.options.onOutputAfterReady } : {},
    );
    this.url = this.process.url;
    this.port = this.process.port;
  }

  async stop(): Promise<void> {
    await this.process?.stop();
  }

  running(): boolean {
    return this.process?.running() ?? false;
  }

  /** The current process's end (a restarted backend is a new process). */
  whenExited(): Promise<void> {
    return this.process?.exited ?? Promise.resolve();
  }

  output(): string {
    return this.process?.output() ?? '';
  }

  /** A fresh QR token from the customer API, as the citizen app would show it (R22). */
  async cpmToken(customerToken: string): Promise<CustomerCpmToken> {
    return this.customerCall<CustomerCpmToken>(customerToken, 'POST', '/v1/customer/cpm-tokens', {});
  }

  async wallet(customerToken: string): Promise<CustomerWallet> {
    return this.customerCall<CustomerWallet>(customerToken, 'GET', '/v1/customer/wallet');
  }

  async history(customerToken: string): Promise<CustomerHistoryItem[]> {
    return (await this.customerCall<{ items: CustomerHistoryItem[] }>(customerToken, 'GET', '/v1/customer/history')).items;
  }

  /**
   * A payment at another counter of the city, as another terminal would make it (enrolled with
   * its code, its cashier logged in): the same QR shown twice, once here, once there.
   */
  async payElsewhere(enrollmentCode: string, staff: { staffCode: string; pin: string }, amountYen: number, token: string): Promise<{ status: number; body: unknown }> {
    const post = async (urlPath: string, body: unknown, headers: Record<string, string> = {}) => {
      const response = await fetch(`${this.url}${urlPath}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body), signal: AbortSignal.timeout(5_000) });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    const enrolled = await post('/v1/terminals/enroll', { enrollmentCode });
    if (enrolled.status !== 201) throw new Error(`enroll elsewhere: HTTP ${enrolled.status} ${JSON.stringify(enrolled.body)}`);
    const auth = { authorization: `Bearer ${String(enrolled.body.terminalToken)}` };
    const session = await post('/v1/staff/sessions', staff, auth);
    if (session.status !== 201) throw new Error(`login elsewhere: HTTP ${session.status} ${JSON.stringify(session.body)}`);
    return post('/v1/payments', { clientTxnId: crypto.randomUUID(), amountYen, credential: { type: 'cpm', token } }, { ...auth, 'x-staff-session': String(session.body.staffSession) });
  }

  /** The customer's KumaPo balance as the citizen app reads it (R23). */
  async points(customerToken: string): Promise<{ points: number; expiresAt: string | null }> {
    return this.customerCall<{ points: number; expiresAt: string | null }>(customerToken, 'GET', '/v1/customer/points');
  }

  /**
   * Another register of a shop, made and enrolled through the admin and terminal APIs, and the
   * store QR printed for it (R28 static): payments by it count in that register's day and
   * reach every register of the shop as 入金通知.
   */
  async anotherRegisterStoreQr(merchantId: string, name: string): Promise<{ terminalId: string; qr: string }> {
    const call = async (method: string, urlPath: string, token: string, body?: unknown) => {
      const response = await fetch(`${this.url}${urlPath}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(5_000),
      });
      const answer = (await response.json()) as Record<string, unknown>;
      if (!response.ok) throw new Error(`backend ${method} ${urlPath}: HTTP ${response.status} ${JSON.stringify(answer)}`);
      return answer;
    };
    const made = await call('POST', '/v1/admin/terminals', this.adminToken, { merchantId, name });
    const enrolled = await fetch(`${this.url}/v1/terminals/enroll`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ enrollmentCode: made.enrollmentCode }), signal: AbortSignal.timeout(5_000) });
    const terminal = (await enrolled.json()) as { terminalId: string; terminalToken: string };
    const printed = await call('GET', '/v1/terminal/mpm/static-qr', terminal.terminalToken);
    return { terminalId: terminal.terminalId, qr: String(printed.qr) };
  }

  private async customerCall<T>(customerToken: string, method: 'GET' | 'POST', urlPath: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.url}${urlPath}`, {
      method,
      headers: { authorization: `Bearer ${customerToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(5_000),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`backend ${method} ${urlPath}: HTTP ${response.status} ${text}`);
    return JSON.parse(text) as T;
  }
}

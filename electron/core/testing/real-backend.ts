/**
 * The real backend as a child process (`tsx backend/src/main.ts`), for integration tests and
 * the crash harness. Nothing here imports backend/: it is started and spoken to over HTTP,
 * exactly as a terminal would. `stop()` and `start()` again keep the port and the database.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import axios, { type AxiosInstance } from 'axios';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const MAIN = path.join(ROOT, 'backend/src/main.ts');
// `node --import tsx` runs the backend in this one child process (the tsx CLI would add a
// grandchild that signals to the child do not reach).
// The backend wants an admin token of at least 16 characters.
export const ADMIN_TOKEN = 'integration-admin-token-0123456789';
const START_TIMEOUT_MS = 30_000;

export function realBackendAvailable(): boolean {
  return existsSync(MAIN);
}

export interface Seeded {
  merchantId: string;
  terminalId: string;
  enrollmentCode: string;
}

export class RealBackend {
  private child: ChildProcess | null = null;
  private port = 0;
  private admin: AxiosInstance | null = null;
  url = '';

  constructor(private readonly dbPath: string) {}

  async start(): Promise<void> {
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
      cwd: ROOT,
      env: {
        ...process.env,
        KUMAPAY_PORT: String(this.port),
        KUMAPAY_DB: this.dbPath,
        KUMAPAY_ADMIN_TOKEN: ADMIN_TOKEN,
        KUMAPAY_LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    this.url = await new Promise<string>((resolve, reject) => {
      let output = '';
      const timer = setTimeout(() => reject(new Error(`backend did not start in ${START_TIMEOUT_MS} ms:\n${output}`)), START_TIMEOUT_MS);
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        const match = /listening on (http:\/\/[^\s]+)/.exec(output);
        if (match?.[1]) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', (chunk: Buffer) => {
        output += chunk.toString();
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`backend exited with ${code} before listening:\n${output}`));
      });
    });
    this.port = Number(new URL(this.url).port);
    this.admin = axios.create({ baseURL: this.url, proxy: false, headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } });
  }

  /** SIGTERM and wait: the backend finishes what it is doing and exits. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
    this.child = null;
  }

  private http(): AxiosInstance {
    if (!this.admin) throw new Error('backend not started');
    return this.admin;
  }

  async post<T>(pathname: string, body: unknown, token?: string): Promise<T> {
    const headers = token ? { Authorization: `Bearer ${token}` } : undefined;
    const response = await this.http().post<T>(pathname, body, { headers });
    return response.data;
  }

  /** An operator's change (admin token), e.g. renaming a campaign's balance (R2). */
  async patch<T>(pathname: string, body: unknown): Promise<T> {
    return (await this.http().patch<T>(pathname, body)).data;
  }

  async get<T>(pathname: string, token?: string): Promise<T> {
    const headers = token ? { Authorization: `Bearer ${token}` } : undefined;
    const response = await this.http().get<T>(pathname, { headers });
    return response.data;
  }

  async seedShop(options: { chargePoint?: boolean; offlineCardPayments?: boolean; staff?: { code: string; pin: string; role: string }[] } = {}): Promise<Seeded> {
    const merchant = await this.post<{ id: string }>('/v1/admin/merchants', {
      name: 'Kumagaya Bakery',
      chargePoint: options.chargePoint ?? true,
      offlineCardPayments: options.offlineCardPayments ?? false,
    });
    const terminal = await this.post<{ id: string; enrollmentCode: string }>('/v1/admin/terminals', { merchantId: merchant.id, name: 'counter 1' });
    for (const staff of options.staff ?? [{ code: 'c1', pin: '1234', role: 'cashier' }]) {
      await this.post('/v1/admin/staff', { merchantId: merchant.id, staffCode: staff.code, name: `Staff ${staff.code}`, role: staff.role, pin: staff.pin });
    }
    return { merchantId: merchant.id, terminalId: terminal.id, enrollmentCode: terminal.enrollmentCode };
  }

  /** A customer whose wallet holds `balanceYen` of charge money. */
  async customer(balanceYen: number): Promise<{ walletId: string; customerToken: string }> {
    const customer = await this.post<{ walletId: string; customerToken: string }>('/v1/admin/customers', { displayName: 'Taro' });
    if (balanceYen > 0) {
      await this.post(`/v1/admin/wallets/${customer.walletId}/lots`, { kind: 'charge', amountYen: balanceYen, expiresAt: '2099-12-31T23:59:59+09:00' });
    }
    return customer;
  }

  async cpmToken(customerToken: string): Promise<string> {
    return (await this.post<{ token: string }>('/v1/customer/cpm-tokens', {}, customerToken)).token;
  }

  async wallet(customerToken: string): Promise<{ totalYen: number; debtYen: number }> {
    return this.get('/v1/customer/wallet', customerToken);
  }

  async getWith<T>(pathname: string, headers: Record<string, string>): Promise<T> {
    return (await this.http().get<T>(pathname, { headers })).data;
  }

  async setSettings(patch: Record<string, unknown>): Promise<void> {
    await this.post('/v1/admin/settings', patch);
  }
}

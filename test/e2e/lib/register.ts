/**
 * Another register of the same shop, driven through the backend's terminal API as that
 * register's own app would (enrolled with its one-time code, its staff logged in): the
 * counter-day scenarios need a sale made at レジ2 to find and cancel at レジ1 (R31).
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { FileSecretStore } from '../../../electron/core/index';
import { SECRET_TERMINAL_TOKEN } from '../../../electron/core/testing/index';
import type { E2eBackend } from './backend';

interface Answer {
  status: number;
  body: Record<string, unknown>;
}

export class ApiRegister {
  private constructor(
    private readonly backend: E2eBackend,
    private readonly terminalToken: string,
    readonly terminalNo: number | null,
    private staffSession: string | null = null,
  ) {}

  /** Creates the register at the shop (admin API) and enrolls it. */
  static async create(backend: E2eBackend, merchantId: string, name: string): Promise<ApiRegister> {
    const created = await call(backend, 'POST', '/v1/admin/terminals', { merchantId, name }, { authorization: `Bearer ${backend.adminToken}` });
    if (created.status !== 201) throw new Error(`create register: HTTP ${created.status} ${JSON.stringify(created.body)}`);
    const enrolled = await call(backend, 'POST', '/v1/terminals/enroll', { enrollmentCode: created.body.enrollmentCode });
    if (enrolled.status !== 201) throw new Error(`enroll register: HTTP ${enrolled.status} ${JSON.stringify(enrolled.body)}`);
    const terminalNo = typeof enrolled.body.terminalNo === 'number' ? enrolled.body.terminalNo : null;
    return new ApiRegister(backend, String(enrolled.body.terminalToken), terminalNo);
  }

  /**
   * The browser host's own register, acting outside its journal with the token it saved: what
   * the backend then holds and the journal does not is a journal/backend difference (R26/R33),
   * as after a journal restored from an older backup.
   */
  static async sameAsHost(backend: E2eBackend, hostDataDir: string, terminalNo: number | null): Promise<ApiRegister> {
    const token = await new FileSecretStore(path.join(hostDataDir, 'secrets')).load(SECRET_TERMINAL_TOKEN);
    if (token === null) throw new Error(`no terminal token in ${hostDataDir}`);
    return new ApiRegister(backend, token, terminalNo);
  }

  async login(staff: { staffCode: string; pin: string }): Promise<void> {
    const session = await this.call('POST', '/v1/staff/sessions', staff);
    if (session.status !== 201) throw new Error(`register login: HTTP ${session.status} ${JSON.stringify(session.body)}`);
    this.staffSession = String(session.body.staffSession);
  }

  /** A CPM payment with the short number this register would print (`NNNN-SSSSSS`). */
  async pay(amountYen: number, token: string, seq: number): Promise<Answer> {
    const shortNo = this.terminalNo === null ? undefined : `${String(this.terminalNo).padStart(4, '0')}-${String(seq).padStart(6, '0')}`;
    return this.call('POST', '/v1/payments', { clientTxnId: randomUUID(), amountYen, credential: { type: 'cpm', token }, ...(shortNo ? { shortNo } : {}) });
  }

  call(method: 'GET' | 'POST', urlPath: string, body?: unknown): Promise<Answer> {
    return call(this.backend, method, urlPath, body, {
      authorization: `Bearer ${this.terminalToken}`,
      ...(this.staffSession ? { 'x-staff-session': this.staffSession } : {}),
    });
  }
}

async function call(backend: E2eBackend, method: 'GET' | 'POST', urlPath: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const response = await fetch(`${backend.url}${urlPath}`, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(5_000),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

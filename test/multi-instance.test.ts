/**
 * Issue 3: two backend processes on one PostgreSQL database, driven at once.
 * Runs when KUMAPAY_TEST_PG_URL names a server (CI sets it).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { spawnBackendProcess, type BackendProcess } from '../scripts/lib/processes';
import pg from 'pg';

const PG_URL = process.env.KUMAPAY_TEST_PG_URL ?? '';
const ADMIN = 'multi-instance-admin-token-0123';
/** More than the pool's size: each failed check evicts one dead connection. */
const HEALTH_ATTEMPTS_MAX = 20;

async function start(db: string): Promise<BackendProcess> {
  return spawnBackendProcess({ KUMAPAY_DB: db, KUMAPAY_ADMIN_TOKEN: ADMIN, KUMAPAY_TEST_CLOCK: '1', KUMAPAY_LOG_LEVEL: 'silent' });
}

const url = (p: BackendProcess) => p.url;

async function call(base: string, method: string, p: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${base}${p}`, { method, headers: { 'content-type': 'application/json', ...headers }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe.skipIf(!PG_URL)('two backend instances on one PostgreSQL database (skipped without KUMAPAY_TEST_PG_URL)', () => {
  let dbName: string;
  let a: BackendProcess;
  let b: BackendProcess;
  let staff: Record<string, string>;
  let customerToken: string;
  let walletId: string;
  const admin = { authorization: `Bearer ${ADMIN}` };

  beforeAll(async () => {
    dbName = `kumapay_mi_${randomUUID().slice(0, 8)}`;
    const c = new pg.Client({ connectionString: PG_URL });
    await c.connect();
    await c.query(`create database ${dbName}`);
    await c.end();
    const dbUrl = Object.assign(new URL(PG_URL), { pathname: `/${dbName}` }).toString();
    a = await start(dbUrl);
    b = await start(dbUrl);
    const m = await call(url(a), 'POST', '/v1/admin/merchants', { name: 'Shop', chargePoint: false }, admin);
    const t = await call(url(a), 'POST', '/v1/admin/terminals', { merchantId: m.body.id, name: 'till' }, admin);
    await call(url(a), 'POST', '/v1/admin/staff', { merchantId: m.body.id, staffCode: 'c1', name: 'C', role: 'cashier', pin: '1234' }, admin);
    const e = await call(url(b), 'POST', '/v1/terminals/enroll', { enrollmentCode: t.body.enrollmentCode });
    const s = await call(url(a), 'POST', '/v1/staff/sessions', { staffCode: 'c1', pin: '1234' }, { authorization: `Bearer ${e.body.terminalToken as string}` });
    staff = { authorization: `Bearer ${e.body.terminalToken as string}`, 'x-staff-session': s.body.staffSession as string };
    const cust = await call(url(a), 'POST', '/v1/admin/customers', { displayName: 'Hanako' }, admin);
    customerToken = cust.body.customerToken as string;
    walletId = cust.body.walletId as string;
    await call(url(b), 'POST', `/v1/admin/wallets/${walletId}/lots`, { kind: 'charge', amountYen: 10_000, expiresAt: '2099-12-31T23:59:59.999+09:00' }, admin);
  });

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    const c = new pg.Client({ connectionString: PG_URL });
    await c.connect();
    await c.query(`drop database if exists ${dbName} with (force)`);
    await c.end();
  });

  const token = async (base: string) => (await call(base, 'POST', '/v1/customer/cpm-tokens', {}, { authorization: `Bearer ${customerToken}` })).body.token as string;
  const balance = async () => (await call(url(a), 'GET', '/v1/customer/wallet', undefined, { authorization: `Bearer ${customerToken}` })).body.totalYen as number;

  it('When 30 payments race on one wallet through both instances, then exactly the covered ones succeed and it never overdraws', async () => {
    const tokens = await Promise.all(Array.from({ length: 30 }, (_, i) => token(i % 2 ? url(a) : url(b))));
    const results = await Promise.all(tokens.map((tk, i) => call(i % 2 ? url(a) : url(b), 'POST', '/v1/payments', { clientTxnId: randomUUID(), amountYen: 700, credential: { type: 'cpm', token: tk } }, staff)));
    expect(results.filter((r) => r.status === 201)).toHaveLength(14);
    expect(results.filter((r) => r.status === 402)).toHaveLength(16);
    expect(await balance()).toBe(200);
  });

  it('When a token is spent on one instance, then the other refuses it (token_used)', async () => {
    await call(url(a), 'POST', `/v1/admin/wallets/${walletId}/lots`, { kind: 'charge', amountYen: 5_000, expiresAt: '2099-12-31T23:59:59.999+09:00' }, admin);
    const tk = await token(url(a));
    expect((await call(url(a), 'POST', '/v1/payments', { clientTxnId: randomUUID(), amountYen: 100, credential: { type: 'cpm', token: tk } }, staff)).status).toBe(201);
    const other = await call(url(b), 'POST', '/v1/payments', { clientTxnId: randomUUID(), amountYen: 100, credential: { type: 'cpm', token: tk } }, staff);
    expect(other.body).toMatchObject({ error: { code: 'token_used' } });
  });

  it('When a clientTxnId is replayed to the other instance, even at the same moment, then the first answer comes back and value moves once', async () => {
    const before = await balance();
    const tk = await token(url(b));
    const body = { clientTxnId: randomUUID(), amountYen: 300, credential: { type: 'cpm', token: tk } };
    const [x, y] = await Promise.all([call(url(a), 'POST', '/v1/payments', body, staff), call(url(b), 'POST', '/v1/payments', body, staff)]);
    expect(x).toEqual(y);
    expect(x.status).toBe(201);
    const later = await call(url(b), 'POST', '/v1/payments', body, staff);
    expect(later).toEqual(x);
    expect(await balance()).toBe(before - 300);
  });

  it('When PostgreSQL terminates the instances\' idle connections, then both keep serving payments', async () => {
    await call(url(a), 'POST', `/v1/admin/wallets/${walletId}/lots`, { kind: 'charge', amountYen: 1_000, expiresAt: '2099-12-31T23:59:59.999+09:00' }, admin);
    const c = new pg.Client({ connectionString: PG_URL });
    await c.connect();
    const killed = await c.query(`select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and application_name = 'kumapay-backend'`, [dbName]);
    await c.end();
    expect(killed.rowCount).toBeGreaterThan(0);
    for (const p of [a, b]) {
      // A request that meets a pooled connection at the moment it dies fails once (the pool then
      // drops it), as a load balancer's health check would see; the instance itself lives on.
      let healthy = false;
      for (let attempt = 0; attempt < HEALTH_ATTEMPTS_MAX && !healthy; attempt++) {
        healthy = (await fetch(`${url(p)}/healthz`)).status === 200;
      }
      expect(healthy).toBe(true);
      const tk = await token(url(p));
      const r = await call(url(p), 'POST', '/v1/payments', { clientTxnId: randomUUID(), amountYen: 10, credential: { type: 'cpm', token: tk } }, staff);
      expect(r.status).toBe(201);
      expect(p.running()).toBe(true);
    }
  });
});

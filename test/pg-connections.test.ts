/**
 * docs/operations.md "Sizing": one backend instance holds at most KUMAPAY_PG_POOL_MAX + 2
 * PostgreSQL connections (the ledger worker's pool, and the HTTP thread's small one for
 * authentication), so `instances × (pool + 2)` can be sized under `max_connections`.
 * Runs when KUMAPAY_TEST_PG_URL names a server (CI sets it).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { spawnBackendProcess, type BackendProcess } from '../scripts/lib/processes';
import { BACKEND_LIMITS } from '../backend/src/limits';
import { freshDatabase, type TestDatabase } from '../backend/src/testing/stores';

const PG_URL = process.env.KUMAPAY_TEST_PG_URL ?? '';
const ADMIN = 'pg-connections-admin-token-0123';
const POOL_MAX = 8;
const PAYMENTS_AT_ONCE = 48;

async function call(base: string, method: string, p: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${base}${p}`, { method, headers: { 'content-type': 'application/json', ...headers }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe.skipIf(!PG_URL)('connections one instance holds on PostgreSQL (skipped without KUMAPAY_TEST_PG_URL)', () => {
  let database: TestDatabase;
  let backend: BackendProcess;
  const admin = { authorization: `Bearer ${ADMIN}` };

  beforeAll(async () => {
    database = await freshDatabase('postgres');
    // An authentication cache of 0 ms: every request's credentials are a miss, the worst case
    // (a busy shop's entries lapsing together every few seconds).
    backend = await spawnBackendProcess({ KUMAPAY_DB: database.url, KUMAPAY_ADMIN_TOKEN: ADMIN, KUMAPAY_LOG_LEVEL: 'silent', KUMAPAY_PG_POOL_MAX: String(POOL_MAX), KUMAPAY_AUTH_CACHE_MS: '0' });
  });

  afterAll(async () => {
    await backend?.stop();
    await database?.drop();
  });

  it(`When ${PAYMENTS_AT_ONCE} payments arrive at once with credentials the instance must look up, then it holds at most KUMAPAY_PG_POOL_MAX + ${BACKEND_LIMITS.pgHttpThreadPoolSizeMax} connections and approves them all`, async () => {
    const m = await call(backend.url, 'POST', '/v1/admin/merchants', { name: 'Shop', chargePoint: false }, admin);
    const t = await call(backend.url, 'POST', '/v1/admin/terminals', { merchantId: m.body.id, name: 'till' }, admin);
    await call(backend.url, 'POST', '/v1/admin/staff', { merchantId: m.body.id, staffCode: 'c1', name: 'C', role: 'cashier', pin: '1234' }, admin);
    const e = await call(backend.url, 'POST', '/v1/terminals/enroll', { enrollmentCode: t.body.enrollmentCode });
    const s = await call(backend.url, 'POST', '/v1/staff/sessions', { staffCode: 'c1', pin: '1234' }, { authorization: `Bearer ${e.body.terminalToken as string}` });
    const staff = { authorization: `Bearer ${e.body.terminalToken as string}`, 'x-staff-session': s.body.staffSession as string };
    const cardNumbers = Array.from({ length: 16 }, (_, i) => `CONN${String(i).padStart(6, '0')}`);
    for (const cardNumber of cardNumbers) {
      const w = await call(backend.url, 'POST', '/v1/admin/cards', { cardNumber }, admin);
      await call(backend.url, 'POST', `/v1/admin/wallets/${w.body.walletId as string}/lots`, { kind: 'charge', amountYen: 100_000, expiresAt: '2099-12-31T23:59:59.999+09:00' }, admin);
    }

    const results = await Promise.all(
      Array.from({ length: PAYMENTS_AT_ONCE }, (_, i) => call(backend.url, 'POST', '/v1/payments', { clientTxnId: randomUUID(), amountYen: 100, credential: { type: 'card', cardNumber: cardNumbers[i % cardNumbers.length] } }, staff)),
    );
    expect(results.map((r) => r.status)).toEqual(Array(PAYMENTS_AT_ONCE).fill(201));

    // Pooled connections stay open while idle (10 s), so those the burst opened are all still here.
    const c = new pg.Client({ connectionString: PG_URL });
    await c.connect();
    const held = await c.query<{ n: number }>(`select count(*)::int as n from pg_stat_activity where datname = $1 and application_name = 'kumapay-backend'`, [new URL(database.url).pathname.slice(1)]);
    await c.end();
    expect(held.rows[0]!.n).toBeGreaterThan(0);
    expect(held.rows[0]!.n).toBeLessThanOrEqual(POOL_MAX + BACKEND_LIMITS.pgHttpThreadPoolSizeMax);
  });
});

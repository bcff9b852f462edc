/**
 * Issue 9.5: bad input of any kind is a 4xx in the contract's shape and changes nothing, on
 * both stores. PostgreSQL refuses NUL characters in text, so before the fix a NUL in any
 * string field (card number, staff code, ids in paths, names) came back as a 500; so did a
 * body labelled gzip or br that was not compressed.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { randomUUID } from 'node:crypto';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { Cluster, TOPOLOGIES, topologyName, type Topology, ATTACK_TEST_TIMEOUT_MS } from './lib/cluster';

vi.setConfig({ testTimeout: ATTACK_TEST_TIMEOUT_MS, hookTimeout: ATTACK_TEST_TIMEOUT_MS });

const NOW = '2026-12-01T10:00:00+09:00';
const BAD_STRINGS = ['a\u0000b', '\u0000', 'x\ud800y', '\udfff'];

/** Every string leaf of a body, replaced one at a time by `bad`. */
function withEachStringReplaced(body: unknown, bad: string): unknown[] {
  const out: unknown[] = [];
  const walk = (node: unknown, replace: (v: unknown) => unknown): void => {
    if (typeof node === 'string') out.push(replace(bad));
    else if (Array.isArray(node)) node.forEach((v, i) => walk(v, (x) => replace(node.map((y, j) => (j === i ? x : y)))));
    else if (node && typeof node === 'object') {
      for (const key of Object.keys(node)) walk((node as Record<string, unknown>)[key], (x) => replace({ ...(node as object), [key]: x }));
    }
  };
  walk(body, (x) => x);
  return out;
}

describe.each(TOPOLOGIES.map((t) => [topologyName(t), t] as [string, Topology]))('hostile bodies on %s', (_name, topology) => {
  let c: Cluster;
  let shop: string;
  let till: Awaited<ReturnType<Cluster['terminal']>>;
  let customer: Awaited<ReturnType<Cluster['customer']>>;
  let card: Awaited<ReturnType<Cluster['card']>>;
  let campaign: string;
  beforeAll(async () => {
    c = await Cluster.start(topology);
    await c.setClock(NOW);
    shop = await c.merchant('Shop', { chargePoint: true, offlineCardPayments: true });
    till = await c.terminal(shop);
    customer = await c.customer();
    await c.seedLot(customer.walletId, { kind: 'charge', amountYen: 10_000, expiresAt: '2028-12-31T23:59:59.999+09:00' });
    card = await c.card();
    campaign = await c.campaign('限定マネー①', 'all');
  });
  afterAll(async () => {
    await c?.stop();
  });

  it('When a NUL or an unpaired surrogate sits in any string field of any route, then the answer is a 4xx in the contract shape and nothing moves', async () => {
    const token = await customer.cpm();
    const admin = { token: c.adminToken };
    const cases: { path: string; auth: { token?: string; staff?: string }; body: unknown }[] = [
      { path: '/v1/admin/merchants', auth: admin, body: { name: 'm', chargePoint: false } },
      { path: '/v1/admin/terminals', auth: admin, body: { merchantId: shop, name: 't' } },
      { path: '/v1/admin/staff', auth: admin, body: { merchantId: shop, staffCode: 'sc', name: 'n', role: 'cashier', pin: '1234' } },
      { path: '/v1/admin/customers', auth: admin, body: { displayName: 'd' } },
      { path: '/v1/admin/cards', auth: admin, body: { cardNumber: 'CARD-1234', nfcUid: '04a1b2c3' } },
      { path: '/v1/admin/campaigns', auth: admin, body: { name: 'c', kind: 'limited', validity: { years: 1 }, eligibleMerchantIds: [shop] } },
      { path: `/v1/admin/campaigns/${campaign}/codes`, auth: admin, body: { amountYen: 100, count: 1 } },
      { path: `/v1/admin/wallets/${customer.walletId}/lots`, auth: admin, body: { kind: 'charge', amountYen: 1, expiresAt: '2028-01-01T00:00:00+09:00' } },
      { path: '/v1/terminals/enroll', auth: {}, body: { enrollmentCode: 'ABCDEFGHJKMN' } },
      { path: '/v1/staff/sessions', auth: { token: till.token }, body: { staffCode: 'nobody', pin: '1234' } },
      { path: '/v1/wallets/lookup', auth: till.as('manager'), body: { credential: card.credential } },
      { path: '/v1/payments', auth: till.as('cashier'), body: { clientTxnId: randomUUID(), amountYen: 100, credential: card.credential } },
      { path: '/v1/charges', auth: till.as('charger'), body: { clientTxnId: randomUUID(), amountYen: 1_000, credential: { type: 'card', nfcUid: '04a1b2c3' } } },
      { path: '/v1/migrations', auth: till.as('support'), body: { clientTxnId: randomUUID(), card: { cardNumber: card.cardNumber }, to: token } },
      { path: '/v1/sync/batches', auth: { token: till.token }, body: { items: [{ seq: 1, clientTxnId: randomUUID(), type: 'payment', occurredAt: new Date(Date.parse(NOW)).toISOString(), amountYen: 100, credential: card.credential }] } },
      { path: '/v1/customer/grants/claim', auth: { token: customer.customerToken }, body: { code: 'KPG-AAAA' } },
    ];
    for (const bad of BAD_STRINGS) {
      for (const { path, auth, body } of cases) {
        for (const hostile of withEachStringReplaced(body, bad)) {
          const r = await c.call('POST', path, { ...auth, body: hostile });
          expect(r.status, `${path} ${JSON.stringify(hostile)}`).toBeGreaterThanOrEqual(400);
          expect(r.status, `${path} ${JSON.stringify(hostile)}`).toBeLessThan(500);
          expect(r.body).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
        }
      }
    }
    // In paths and query strings: NUL, and bytes that are not UTF-8 at all.
    for (const enc of ['%00', 'a%00b', '%ED%A0%80', '%FF', '%C0%80']) {
      for (const [method, path, auth] of [
        ['POST', `/v1/payments/${enc}/cancel`, till.as('manager')],
        ['POST', `/v1/charges/${enc}/cancel`, till.as('manager')],
        ['POST', `/v1/admin/campaigns/${enc}/codes`, admin],
        ['POST', `/v1/admin/wallets/${enc}/lots`, admin],
        ['GET', `/v1/terminal/transactions?businessDay=${enc}`, till.as('manager')],
      ] as const) {
        const body = method === 'GET' ? undefined : path.endsWith('/lots') ? { kind: 'charge', amountYen: 1, expiresAt: '2028-01-01T00:00:00+09:00' } : path.endsWith('/codes') ? { amountYen: 1, count: 1 } : { clientTxnId: randomUUID() };
        const r = await c.call(method, path, { ...auth, body });
        expect(r.status, path).toBeGreaterThanOrEqual(400);
        expect(r.status, path).toBeLessThan(500);
      }
    }
    expect((await customer.wallet()).totalYen).toBe(10_000);
  });

  it('When a body claims gzip, br or deflate but is not compressed, then 400 invalid_request; a body that really is gzip still works', async () => {
    const plain = JSON.stringify({ displayName: 'Compressed' });
    for (const encoding of ['gzip', 'br', 'deflate']) {
      const r = await c.call('POST', '/v1/admin/customers', { token: c.adminToken, rawBody: plain, headers: { 'content-encoding': encoding } });
      expect(r.status, encoding).toBe(400);
      expect(r.body).toMatchObject({ error: { code: 'invalid_request' } });
    }
    const gz = await c.call('POST', '/v1/admin/customers', { token: c.adminToken, rawBody: gzipSync(plain), headers: { 'content-encoding': 'gzip' } });
    expect(gz.status).toBe(201);
    const br = await c.call('POST', '/v1/admin/customers', { token: c.adminToken, rawBody: brotliCompressSync(plain), headers: { 'content-encoding': 'br' } });
    expect([201, 400]).toContain(br.status);
    const unknown = await c.call('POST', '/v1/admin/customers', { token: c.adminToken, rawBody: plain, headers: { 'content-encoding': 'zstd' } });
    expect(unknown.status).toBeGreaterThanOrEqual(400);
    expect(unknown.status).toBeLessThan(500);
  });

  it('When bodies are deeply nested, too large or random JSON, then never a 500', async () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    for (const rawBody of [deep, 'x'.repeat(300 * 1024), '{"a":' + '1'.repeat(400) + '}', '\u0000', '\ufeff{}']) {
      const r = await c.call('POST', '/v1/payments', { ...till.as('cashier'), rawBody });
      expect(r.status).toBeGreaterThanOrEqual(400);
      expect(r.status).toBeLessThan(500);
    }
    const targets = [
      ['/v1/payments', till.as('cashier')],
      ['/v1/sync/batches', { token: till.token }],
      ['/v1/staff/sessions', { token: till.token }],
      ['/v1/admin/staff', { token: c.adminToken }],
    ] as const;
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), fc.integer({ min: 0, max: targets.length - 1 }), async (value, i) => {
        const [path, auth] = targets[i]!;
        const r = await c.call('POST', path, { ...auth, body: value });
        expect(r.status).toBeLessThan(500);
      }),
      { numRuns: 40 },
    );
    expect((await customer.wallet()).totalYen).toBe(10_000);
  });
});

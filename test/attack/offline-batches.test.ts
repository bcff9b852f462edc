/**
 * Issue 9.2 (R20a): the backend re-checks every offline item a terminal sends. A terminal
 * token alone used to be enough to turn an empty wallet into ¥200,000 of debt in one batch.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { randomUUID } from 'node:crypto';
import { Cluster, TOPOLOGIES, topologyName, type Topology, ATTACK_TEST_TIMEOUT_MS } from './lib/cluster';

vi.setConfig({ testTimeout: ATTACK_TEST_TIMEOUT_MS, hookTimeout: ATTACK_TEST_TIMEOUT_MS });

const NOW = '2026-12-01T10:00:00+09:00';
const NOW_MS = Date.parse(NOW);

interface SyncAnswer {
  results: { clientTxnId: string; seq: number; status: string; shortfallYen?: number; error?: { code: string } }[];
}

describe.each(TOPOLOGIES.map((t) => [topologyName(t), t] as [string, Topology]))('offline batches on %s', (_name, topology) => {
  let c: Cluster;
  let shop: string;
  let cardShop: string;
  beforeAll(async () => {
    c = await Cluster.start(topology);
    await c.setClock(NOW);
    shop = await c.merchant('Corner shop');
    cardShop = await c.merchant('Card shop', { offlineCardPayments: true });
  });
  afterAll(async () => {
    await c?.stop();
  });

  let seq = 0;
  const item = (amountYen: number, credential: unknown, occurredAtMs = NOW_MS, clientTxnId = randomUUID()) => ({
    seq: ++seq,
    clientTxnId,
    type: 'payment',
    occurredAt: new Date(occurredAtMs).toISOString(),
    amountYen,
    credential,
  });
  const sync = (token: string, items: unknown[]) => c.call<SyncAnswer>('POST', '/v1/sync/batches', { token, body: { items } });
  const statusCounts = (a: SyncAnswer) => {
    const out: Record<string, number> = {};
    for (const r of a.results) {
      const key = r.status === 'rejected' ? `rejected:${r.error?.code}` : r.status;
      out[key] = (out[key] ?? 0) + 1;
    }
    return out;
  };

  it('When 40 fresh tokens of an empty wallet × ¥5,000 come in one batch, then only the terminal cap (¥100,000) is applied as debt and the rest is offline_limit_exceeded', async () => {
    seq = 0;
    const till = await c.terminal(shop);
    const customer = await c.customer('Empty');
    const tokens = await Promise.all(Array.from({ length: 40 }, () => customer.cpm()));
    const r = await sync(till.token, tokens.map((t) => item(5_000, t)));
    expect(r.status).toBe(200);
    expect(statusCounts(r.body)).toEqual({ applied: 20, 'rejected:offline_limit_exceeded': 20 });
    expect((await customer.wallet()).debtYen).toBe(100_000);

    // The same terminal after an online contact (GET /v1/terminal/keys) has a fresh window.
    expect((await c.call('GET', '/v1/terminal/keys', { token: till.token })).status).toBe(200);
    const more = await Promise.all(Array.from({ length: 2 }, () => customer.cpm()));
    const again = await sync(till.token, more.map((t) => item(5_000, t)));
    expect(statusCounts(again.body)).toEqual({ applied: 2 });
  });

  it('When 40 × ¥5,000 come by card number alone at a shop taking cards offline, then at most the terminal cap is applied; unknown cards and shops without offline cards are refused', async () => {
    seq = 0;
    const till = await c.terminal(cardShop);
    const card = await c.card();
    const r = await sync(till.token, Array.from({ length: 40 }, () => item(5_000, card.credential)));
    expect(statusCounts(r.body)).toEqual({ applied: 20, 'rejected:offline_limit_exceeded': 20 });

    seq = 0;
    const other = await c.terminal(cardShop);
    const unknown = await sync(other.token, [item(1_000, { type: 'card', cardNumber: 'NOPE-0000' })]);
    expect(statusCounts(unknown.body)).toEqual({ 'rejected:card_unknown': 1 });

    seq = 0;
    const noCards = await c.terminal(shop);
    const refused = await sync(noCards.token, [item(1_000, card.credential)]);
    expect(statusCounts(refused.body)).toEqual({ 'rejected:offline_limit_exceeded': 1 });
  });

  it('When items are dated 1 and 10 years ago, tomorrow, or outside their token\'s validity, then they are rejected and move nothing', async () => {
    seq = 0;
    const till = await c.terminal(cardShop);
    const customer = await c.customer('Dated');
    await c.seedLot(customer.walletId, { kind: 'charge', amountYen: 20_000, expiresAt: '2028-12-31T23:59:59.999+09:00' });
    const card = await c.card();
    await c.seedLot(card.walletId, { kind: 'charge', amountYen: 20_000, expiresAt: '2028-12-31T23:59:59.999+09:00' });
    const year = 365 * 24 * 60 * 60 * 1000;
    const r = await sync(till.token, [
      item(1_000, await customer.cpm(), NOW_MS - year),
      item(1_000, await customer.cpm(), NOW_MS - 10 * year),
      item(1_000, card.credential, NOW_MS - year),
      item(1_000, card.credential, NOW_MS - 25 * 60 * 60 * 1000),
      item(1_000, await customer.cpm(), NOW_MS + 24 * 60 * 60 * 1000),
      item(1_000, await customer.cpm(), NOW_MS + 6 * 60 * 1000),
      item(1_000, card.credential, NOW_MS + 6 * 60 * 1000),
    ]);
    const codes = r.body.results.map((x) => x.error?.code ?? x.status);
    expect(codes).toEqual([
      'offline_time_invalid',
      'offline_time_invalid',
      'offline_deadline_passed',
      'offline_deadline_passed',
      'offline_time_invalid',
      'offline_time_invalid',
      'offline_time_invalid',
    ]);
    expect((await customer.wallet()).totalYen).toBe(20_000);

    // A token scanned later than its expiry (+2 min skew) is not something a terminal could have approved.
    seq = 100;
    const token = await customer.cpm();
    await c.setClock('2026-12-01T10:10:00+09:00');
    const late = await sync(till.token, [item(1_000, token, NOW_MS + 8 * 60 * 1000)]);
    expect(late.body.results[0]?.error?.code).toBe('offline_time_invalid');
    const inTime = await sync(till.token, [item(1_000, token, NOW_MS + 6 * 60 * 1000)]);
    expect(inTime.body.results[0]?.status).toBe('applied');
    await c.setClock(NOW);
  });

  it('When an item is above the per-payment limit or its token\'s own offline limit, then offline_limit_exceeded', async () => {
    seq = 0;
    const till = await c.terminal(shop);
    const customer = await c.customer('Big spender');
    await c.seedLot(customer.walletId, { kind: 'charge', amountYen: 40_000, expiresAt: '2028-12-31T23:59:59.999+09:00' });
    const r = await sync(till.token, [item(5_001, await customer.cpm())]);
    expect(r.body.results[0]?.error?.code).toBe('offline_limit_exceeded');
    expect((await customer.wallet()).totalYen).toBe(40_000);
  });

  it('When a payment refused online (402) is re-sent through sync with the same clientTxnId, then it answers as online did and no debt appears', async () => {
    seq = 0;
    const till = await c.terminal(shop);
    const customer = await c.customer('Poor');
    await c.seedLot(customer.walletId, { kind: 'charge', amountYen: 1_000, expiresAt: '2028-12-31T23:59:59.999+09:00' });
    const token = await customer.cpm();
    const clientTxnId = randomUUID();
    const online = await till.pay('cashier', 3_000, token, clientTxnId);
    expect(online.status).toBe(402);
    const r = await sync(till.token, [item(3_000, token, NOW_MS, clientTxnId)]);
    expect(r.body.results[0]).toMatchObject({ status: 'rejected', error: { code: 'insufficient_funds' } });
    const wallet = await customer.wallet();
    expect(wallet).toMatchObject({ totalYen: 1_000, debtYen: 0 });
  });

  it('When an online payment reuses a clientTxnId that sync already applied, then 409 idempotency_conflict, not a 500, and nothing moves twice', async () => {
    seq = 0;
    const till = await c.terminal(shop);
    const customer = await c.customer('Twice');
    await c.seedLot(customer.walletId, { kind: 'charge', amountYen: 10_000, expiresAt: '2028-12-31T23:59:59.999+09:00' });
    const clientTxnId = randomUUID();
    const r = await sync(till.token, [item(2_000, await customer.cpm(), NOW_MS, clientTxnId)]);
    expect(r.body.results[0]?.status).toBe('applied');
    const online = await till.pay('cashier', 2_000, await customer.cpm(), clientTxnId);
    expect(online.status).toBe(409);
    expect(online.body).toMatchObject({ error: { code: 'idempotency_conflict' } });
    expect((await customer.wallet()).totalYen).toBe(8_000);
  });

  it('When a card was migrated to the app, then an offline item for it is rejected card_migrated and the app wallet is not charged', async () => {
    seq = 0;
    const till = await c.terminal(cardShop);
    const card = await c.card();
    await c.seedLot(card.walletId, { kind: 'charge', amountYen: 3_000, expiresAt: '2028-12-31T23:59:59.999+09:00' });
    const app = await c.customer('Mover');
    const moved = await c.call('POST', '/v1/migrations', { ...till.as('support'), body: { clientTxnId: randomUUID(), card: { cardNumber: card.cardNumber }, to: await app.cpm() } });
    expect(moved.status).toBe(201);
    const r = await sync(till.token, [item(1_000, card.credential)]);
    expect(r.body.results[0]?.error?.code).toBe('card_migrated');
    expect((await app.wallet()).totalYen).toBe(3_000);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, TestBackend } from '../../testing/harness';
import type { RunningBackend } from '../../server';
import { pointsApi } from '../../testing/points-harness';
import { STORE_KINDS } from '../../testing/stores';

/**
 * R23 under concurrency: requests fired at once (on PostgreSQL through two backend instances
 * of one ledger, round-robin, as a load balancer would spread them). A points path that could
 * double-credit, lose a point or go below zero fails here.
 */

const RACERS = 20;

describe.each(STORE_KINDS)('KumaPo points under concurrency on %s', (kind) => {
  let t: TestBackend;
  let sibling: RunningBackend | null = null;
  let c: ApiClient;
  let p: ReturnType<typeof pointsApi>;
  let shop: string;
  beforeAll(async () => {
    t = await TestBackend.start(kind);
    sibling = kind === 'postgres' ? await t.sibling() : null;
    c = new ApiClient(sibling ? [t.url, sibling.url] : [t.url], t.adminToken);
    p = pointsApi(c);
    await c.setClock('2024-06-01T10:00:00+09:00');
    shop = await p.kumapoShop('熊谷市民体験工房');
  });
  afterAll(async () => {
    expect(await t.ledgerDifferences()).toEqual([]);
    await sibling?.stop();
    await t.stop();
  });

  const codes = (replies: { status: number; body: unknown }[]) => replies.map((r) => (r.status < 300 ? String(r.status) : (r.body as { error: { code: string } }).error.code)).sort();

  it.each(['once', 'daily'] as const)('R23: When one wallet claims the same %s-event QR 20 times at once, then it is credited exactly once and the rest are points_already_claimed', async (rule) => {
    const customer = await c.customer();
    const event = await p.event({ name: `同時 ${rule}`, points: 25, rule });
    const replies = await Promise.all(Array.from({ length: RACERS }, () => p.claim(customer.customerToken, event.code)));
    expect(codes(replies)).toEqual(['201', ...Array<string>(RACERS - 1).fill('points_already_claimed')].sort());
    expect((await p.points(customer.customerToken)).points).toBe(25);
    expect((await p.events()).body.items.find((e) => e.id === event.id)?.claims).toBe(1);
    expect(await p.history(customer.customerToken)).toHaveLength(1);
  });

  it('R23: When A→B and B→A transfers run at once (many, each on a fresh receive-QR), then no balance goes below zero and the two wallets keep their total', async () => {
    const a = await c.customer('A');
    const b = await c.customer('B');
    await p.fund(a.customerToken, 1000);
    await p.fund(b.customerToken, 1000);
    const each = 12;
    const toB = await Promise.all(Array.from({ length: each }, () => p.receiveQr(b.customerToken)));
    const toA = await Promise.all(Array.from({ length: each }, () => p.receiveQr(a.customerToken)));
    // 12 × 150 = 1,800 each way: more than either holds, so some must be refused.
    const replies = await Promise.all(toB.map((q, i) => [p.transfer(a.customerToken, q.qr, 150), p.transfer(b.customerToken, toA[i]!.qr, 150)]).flat());
    for (const r of replies) expect([201, 402]).toContain(r.status);
    const aToB = replies.filter((r, i) => i % 2 === 0 && r.status === 201).length;
    const bToA = replies.filter((r, i) => i % 2 === 1 && r.status === 201).length;
    const pointsA = (await p.points(a.customerToken)).points;
    const pointsB = (await p.points(b.customerToken)).points;
    expect(pointsA).toBe(1000 - 150 * aToB + 150 * bToA);
    expect(pointsB).toBe(1000 + 150 * aToB - 150 * bToA);
    expect(pointsA + pointsB).toBe(2000);
    expect(pointsA).toBeGreaterThanOrEqual(0);
    expect(pointsB).toBeGreaterThanOrEqual(0);
  });

  it('R23: When ten senders use one receive-QR at once, then exactly one transfer happens and the rest are token_used', async () => {
    const receiver = await c.customer('R');
    const senders = await Promise.all(Array.from({ length: 10 }, (_, i) => c.customer(`S${i}`)));
    for (const s of senders) await p.fund(s.customerToken, 100);
    const { qr } = await p.receiveQr(receiver.customerToken);
    const replies = await Promise.all(senders.map((s) => p.transfer(s.customerToken, qr, 40)));
    expect(codes(replies)).toEqual(['201', ...Array<string>(9).fill('token_used')].sort());
    expect((await p.points(receiver.customerToken)).points).toBe(40);
    const left = await Promise.all(senders.map(async (s) => (await p.points(s.customerToken)).points));
    expect(left.reduce((sum, n) => sum + n, 0)).toBe(1000 - 40);
  });

  it('R22/R23: When one app QR is used for ten spends at once, then one spend happens and the rest are token_used', async () => {
    const till = await c.terminal(shop);
    const customer = await c.customer();
    await p.fund(customer.customerToken, 1000);
    const cpm = await customer.cpm();
    const replies = await Promise.all(Array.from({ length: 10 }, () => p.spend(till, 'cashier', 30, cpm)));
    expect(codes(replies)).toEqual(['201', ...Array<string>(9).fill('token_used')].sort());
    expect((await p.points(customer.customerToken)).points).toBe(970);
  });

  it('R22/R23: When one app QR is used for five payments and five spends at once, then exactly one of the ten happens and the rest are token_used', async () => {
    const till = await c.terminal(shop);
    const customer = await c.customer();
    await p.fund(customer.customerToken, 1000);
    await c.seedLot(customer.walletId, { kind: 'charge', amountYen: 5000, expiresAt: '2099-12-31T23:59:59.999+09:00' });
    const cpm = await customer.cpm();
    const replies = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? p.spend(till, 'cashier', 30, cpm) : till.pay('cashier', 700, cpm))));
    expect(codes(replies)).toEqual(['201', ...Array<string>(9).fill('token_used')].sort());
    const paid = 5000 - (await customer.wallet()).totalYen;
    const spent = 1000 - (await p.points(customer.customerToken)).points;
    expect([{ paid: 700, spent: 0 }, { paid: 0, spent: 30 }]).toContainEqual({ paid, spent });
  });

  it('R17/R23: When one spend is cancelled ten times at once (different clientTxnIds), then the points come back once and the rest are already_cancelled', async () => {
    const till = await c.terminal(shop);
    const customer = await c.customer();
    await p.fund(customer.customerToken, 300);
    const spend = await p.spend(till, 'cashier', 100, await customer.cpm());
    expect(spend.status).toBe(201);
    const replies = await Promise.all(Array.from({ length: 10 }, () => p.cancelSpend(till, 'manager', spend.body.spendId)));
    expect(codes(replies)).toEqual(['200', ...Array<string>(9).fill('already_cancelled')].sort());
    expect((await p.points(customer.customerToken)).points).toBe(300);
  });
});

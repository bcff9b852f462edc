import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestBackend } from '../../testing/harness';
import { pointsApi } from '../../testing/points-harness';
import { PG_URL } from '../../testing/stores';
import { eventually } from '../../testing/eventually';
import { closeInProgress, lockWaiters } from '../../testing/pg-locks';

/**
 * R30 on PostgreSQL: every money path takes its terminal's share lock before its wallet's lock
 * (the order a card payment has always had), so a 精算 in progress at one counter never holds a
 * customer's wallet through a unit that waits for it: the same customer pays at another counter.
 */
describe.skipIf(!PG_URL)('a close in progress holds no wallet (PostgreSQL, R30, R23; skipped without KUMAPAY_TEST_PG_URL)', () => {
  let t: TestBackend;
  let p: ReturnType<typeof pointsApi>;
  let closing: Awaited<ReturnType<TestBackend['terminal']>>;
  let other: Awaited<ReturnType<TestBackend['terminal']>>;
  beforeAll(async () => {
    t = await TestBackend.start('postgres');
    p = pointsApi(t);
    await t.setClock('2024-06-01T10:00:00+09:00');
    const shop = await p.kumapoShop('熊谷市民体験工房');
    closing = await t.terminal(shop);
    other = await t.terminal(shop);
  });
  afterAll(async () => {
    expect(await t.ledgerDifferences()).toEqual([]);
    await t.stop();
  });

  it('R23, R30: When a customer’s point spend waits for a counter’s 精算, then the same customer still pays at another counter before the 精算 ends', async () => {
    const customer = await t.customer();
    await p.fund(customer.customerToken, 100);
    await t.seedLot(customer.walletId, { kind: 'charge', amountYen: 5_000, expiresAt: '2030-01-01T00:00:00+09:00' });
    const waiters = () => lockWaiters(t.backend.deps.store.read);
    const { release, close } = await closeInProgress(t.backend.deps.store, closing.terminalId);
    const spend = p.spend(closing, 'cashier', 30, await customer.cpm());
    let paid: { status: number } | null = null;
    let payment: Promise<unknown> = Promise.resolve();
    try {
      await eventually(async () => (await waiters()) > 0);
      payment = other.pay('cashier', 1_000, await customer.cpm()).then((r) => (paid = r));
      // Either the payment is answered, or it too comes to wait (behind the spend's wallet lock).
      await eventually(async () => paid !== null || (await waiters()) >= 2);
      expect(await waiters(), 'the payment waited for a lock the close-bound spend held').toBe(1);
      await payment;
      expect(paid).toMatchObject({ status: 201 });
    } finally {
      release();
      await close;
      await payment;
    }
    expect((await spend).status).toBe(201);
    expect((await p.points(customer.customerToken)).points).toBe(70);
    expect((await customer.wallet()).totalYen).toBe(4_000);
  });
});

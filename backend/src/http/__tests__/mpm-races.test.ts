/**
 * R28 under concurrency: a request is paid at most once however many payers arrive at once,
 * notice numbers never skip or repeat, and a payment taken by one instance answers a long poll
 * held by another (PostgreSQL, two instances of one ledger).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { LIMITS } from '../../../../common/limits';
import { ApiClient, TestBackend } from '../../testing/harness';
import type { RunningBackend } from '../../server';
import { PG_URL, STORE_KINDS } from '../../testing/stores';
import { customerWithYen, givePoints, kumapoShop, expectHangUpFreesWaiter, longPollWaiters, mpmApi, type Till } from './mpm-fixture';
import { eventually } from '../../testing/eventually';

const START = '2024-06-01T10:00:00+09:00';
const DAY = '2024-06-01';

describe.each(STORE_KINDS)('R28 MPM races on %s', (kind) => {
  let t: TestBackend;
  let api: ReturnType<typeof mpmApi>;
  let till: Till;
  let kumapoTill: Till;
  beforeAll(async () => {
    t = await TestBackend.start(kind);
    api = mpmApi(t);
    await t.setClock(START);
    till = await t.terminal(await t.merchant('くまがや珈琲店'));
    kumapoTill = await t.terminal(await kumapoShop(t, '森の工房'));
  });
  afterAll(async () => {
    expect(await t.ledgerDifferences()).toEqual([]);
    await t.stop();
  });

  it('R28: When eight customers pay the same request at once, then exactly one payment is made and only that wallet is debited', async () => {
    const customers = await Promise.all(Array.from({ length: 8 }, (_, i) => customerWithYen(t, 5000, `C${i}`)));
    const created = await api.create(till, { amountYen: 1000 });
    const results = await Promise.all(customers.map((c) => api.pay(c, created.body.qr)));
    const winners = results.filter((r) => r.status === 201);
    expect(winners).toHaveLength(1);
    expect(results.filter((r) => r.status === 409).every((r) => r.body.error.code === 'mpm_request_closed')).toBe(true);
    expect(results.filter((r) => r.status !== 201 && r.status !== 409)).toEqual([]);
    const totals = await Promise.all(customers.map(async (c) => (await c.wallet()).totalYen));
    expect(totals.filter((y) => y === 4000)).toHaveLength(1);
    expect(totals.filter((y) => y === 5000)).toHaveLength(7);
    const txns = await till.transactions('cashier', DAY);
    expect(txns.body.transactions.filter((x) => x.id === winners[0]!.body.paymentId)).toHaveLength(1);
    expect((await api.status(till, created.body.requestId)).body.paymentId).toBe(winners[0]!.body.paymentId);
  });

  it('R28: When one customer pays the same request twice at once (two taps), then it is paid once; the same clientTxnId twice at once gets the one answer twice', async () => {
    const customer = await customerWithYen(t, 5000);
    const created = await api.create(till, { amountYen: 1000 });
    const taps = await Promise.all([api.pay(customer, created.body.qr), api.pay(customer, created.body.qr), api.pay(customer, created.body.qr)]);
    expect(taps.filter((r) => r.status === 201)).toHaveLength(1);
    expect(taps.filter((r) => r.status === 409)).toHaveLength(2);
    expect((await customer.wallet()).totalYen).toBe(4000);

    const again = await api.create(till, { amountYen: 1000 });
    const clientTxnId = randomUUID();
    const replays = await Promise.all(Array.from({ length: 4 }, () => api.pay(customer, again.body.qr, { clientTxnId })));
    expect(replays.map((r) => r.status)).toEqual([201, 201, 201, 201]);
    expect(new Set(replays.map((r) => r.body.paymentId)).size).toBe(1);
    expect((await customer.wallet()).totalYen).toBe(3000);
  });

  it('R28/R23: When four customers pay one points request at once, then exactly one spend is made', async () => {
    const customers = await Promise.all(Array.from({ length: 4 }, (_, i) => customerWithYen(t, 0, `P${i}`)));
    for (const c of customers) await givePoints(t, c, 100, START);
    const created = await api.create(kumapoTill, { points: 60 });
    const results = await Promise.all(customers.map((c) => api.pay(c, created.body.qr)));
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    const left = await Promise.all(customers.map(async (c) => (await t.call<{ points: number }>('GET', '/v1/customer/points', { token: c.customerToken })).body.points));
    expect(left.sort()).toEqual([100, 100, 100, 40]);
  });

  it('R28: When the customer pays while the cashier withdraws, then exactly one of them wins and the wallet agrees with the request', async () => {
    for (let i = 0; i < 5; i++) {
      const customer = await customerWithYen(t, 5000);
      const created = await api.create(till, { amountYen: 500 });
      const [paid, withdrawn] = await Promise.all([api.pay(customer, created.body.qr), api.withdraw(till, created.body.requestId)]);
      const status = (await api.status(till, created.body.requestId)).body.status;
      if (paid.status === 201) {
        expect(withdrawn.status).toBe(409);
        expect(status).toBe('paid');
        expect((await customer.wallet()).totalYen).toBe(4500);
      } else {
        expect(paid.body.error.code).toBe('mpm_request_closed');
        expect(withdrawn.body.status).toBe('withdrawn');
        expect(status).toBe('withdrawn');
        expect((await customer.wallet()).totalYen).toBe(5000);
      }
    }
  });

  it('R28: When more payments than a page come in at once by the store QR, then the notices are numbered without gap or repeat and a catching-up register pages through all of them', async () => {
    const count = LIMITS.noticesPageMax + 5;
    const printed = await api.staticQr(till);
    const start = (await api.notices(till)).body.cursor;
    const payers = await Promise.all(Array.from({ length: 15 }, (_, i) => customerWithYen(t, count * 10, `N${i}`)));
    const paymentIds: string[] = [];
    for (let i = 0; i < count; i += payers.length) {
      const batch = await Promise.all(payers.slice(0, Math.min(payers.length, count - i)).map((c) => api.pay(c, printed.body.qr, { amountYen: 10 })));
      for (const r of batch) {
        expect(r.status).toBe(201);
        paymentIds.push(r.body.paymentId!);
      }
    }
    const first = await api.notices(till, { after: start });
    expect(first.body.notices).toHaveLength(LIMITS.noticesPageMax);
    expect(first.body.more).toBe(true);
    const second = await api.notices(till, { after: first.body.cursor });
    expect(second.body.more).toBe(false);
    const all = [...first.body.notices, ...second.body.notices];
    expect(all.map((n) => n.seq)).toEqual(Array.from({ length: count }, (_, i) => start + i + 1));
    expect(new Set(all.map((n) => n.paymentId))).toEqual(new Set(paymentIds));
    expect(second.body.cursor).toBe(start + count);
    // A bound on a hang, not a speed: 205 payments on one core.
  }, 120_000);

  it('R28: When a register waiting on a request hangs up, then its waiter is freed', async () => {
    await expectHangUpFreesWaiter(t, till);
  });
});

describe.skipIf(!PG_URL)('R28 MPM across two instances of one PostgreSQL ledger (skipped without KUMAPAY_TEST_PG_URL)', () => {
  let t: TestBackend;
  let sibling: RunningBackend;
  let both: ApiClient;
  let api: ReturnType<typeof mpmApi>;
  let till: Till;
  let secondTill: Till;
  beforeAll(async () => {
    t = await TestBackend.start('postgres');
    sibling = await t.sibling();
    both = new ApiClient([t.url, sibling.url], t.adminToken);
    await both.setClock(START);
    api = mpmApi(both);
    const shop = await t.merchant('くまがや珈琲店');
    till = await t.terminal(shop);
    secondTill = await t.terminal(shop);
  });
  afterAll(async () => {
    await sibling?.stop();
    await t?.stop();
  });

  it('R28: When a request made on instance 0 is paid through instance 1, then the long poll held by instance 0 answers paid', async () => {
    const customer = await customerWithYen(both, 5000);
    const created = await api.create(till, { amountYen: 1200 }, { instance: 0 });
    const waiting = api.status(till, created.body.requestId, { waitMs: 20_000, instance: 0 });
    await eventually(async () => (await longPollWaiters(t.url, 'request')) > 0);
    const paid = await api.pay(customer, created.body.qr, { instance: 1 });
    expect(paid.status).toBe(201);
    expect((await waiting).body).toMatchObject({ status: 'paid', paymentId: paid.body.paymentId });
  });

  it('R28: When a store-QR payment is taken by instance 1, then a register waiting for notices on instance 0 is told', async () => {
    const customer = await customerWithYen(both, 5000);
    const printed = await api.staticQr(till);
    const cursor = (await api.notices(secondTill, {}, 0)).body.cursor;
    const waiting = api.notices(secondTill, { after: cursor, waitMs: 20_000 }, 0);
    await eventually(async () => (await longPollWaiters(t.url, 'notice')) > 0);
    const paid = await api.pay(customer, printed.body.qr, { amountYen: 640, instance: 1 });
    expect((await waiting).body.notices.map((n) => [n.paymentId, n.terminalId])).toEqual([[paid.body.paymentId, till.terminalId]]);
  });
});

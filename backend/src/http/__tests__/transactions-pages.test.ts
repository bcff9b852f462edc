/**
 * R30: a business day's transactions read in pages (`GET /v1/terminal/transactions?limit&after`,
 * docs/api.md), so a busy register's day never outgrows one answer: every row once, in the
 * whole-day answer's order, ties of one instant across kinds included; a cursor we did not make
 * is refused; without the parameters the answer is the whole day, as it always was. Through
 * real HTTP, on every store of the matrix; time is the test clock, standing still between sets.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { LIMITS } from '../../../../common/limits';
import { TestBackend, type Reply } from '../../testing/harness';
import { ManualClock } from '../../testing/manual-clock';
import { pointsApi } from '../../testing/points-harness';
import { STORE_KINDS } from '../../testing/stores';

const DAY = '2026-12-01';
const NEXT = '2026-12-02';
const LATER = '2027-12-31T23:59:59.999+09:00';
const jst = (time: string) => new Date(Date.parse(`${DAY}T${time}+09:00`)).toISOString();

type Txn = { id: string; type: string; occurredAt: string; cancelled: boolean };
type Day = { businessDay: string; transactions: Txn[]; nextCursor?: string };
type Till = Awaited<ReturnType<TestBackend['terminal']>>;

describe.each(STORE_KINDS)('a business day in pages on %s', (kind) => {
  let t: TestBackend;
  beforeAll(async () => {
    // A clock that stands still between settings: sales of one instant, across kinds, are the ties to page through.
    t = await TestBackend.start(kind, { clock: new ManualClock() });
    await t.setClock(jst('10:00:00'));
  });
  afterAll(async () => {
    expect(await t.ledgerDifferences()).toEqual([]);
    await t.stop();
  });

  const read = (till: Till, query: string, day = DAY): Promise<Reply<Day>> =>
    t.call<Day>('GET', `/v1/terminal/transactions?businessDay=${day}${query}`, till.as('manager'));

  /** Every page from the first, following `nextCursor`; fails the test on anything but a 200. */
  async function pages(till: Till, limit: number | null): Promise<Day[]> {
    const out: Day[] = [];
    let after: string | undefined;
    do {
      const query = `${limit === null ? '' : `&limit=${limit}`}${after === undefined ? '' : `&after=${after}`}`;
      const r = await read(till, query);
      expect(r.status).toBe(200);
      out.push(r.body);
      after = r.body.nextCursor;
      expect(out.length).toBeLessThanOrEqual(2_000);
    } while (after !== undefined);
    return out;
  }

  /**
   * New rows get ids that sort against the order they are written in, so the rows of one instant
   * come out of the store (by index, i.e. as written) in an order that is not the list's: a page
   * cut inside such a tie must still be right. Returns the undo.
   */
  function idsAgainstWritingOrder(): () => void {
    const deps = t.backend.deps;
    const original = deps.newId.bind(deps);
    let left = 9_999;
    deps.newId = () => `${String(left--).padStart(4, '0')}-${original()}`;
    return () => {
      deps.newId = original;
    };
  }

  /** Offline card payments at the given instants, as a terminal's queue would send them (R20). */
  async function syncCardPayments(till: Till, cardNumber: string, instants: string[]): Promise<void> {
    for (let start = 0; start < instants.length; start += LIMITS.syncBatchItemsMax) {
      const items = instants.slice(start, start + LIMITS.syncBatchItemsMax).map((occurredAt, i) => ({
        seq: start + i + 1,
        clientTxnId: randomUUID(),
        type: 'payment',
        occurredAt,
        amountYen: 10,
        credential: { type: 'card', cardNumber },
      }));
      const r = await t.call<{ results: { status: string }[] }>('POST', '/v1/sync/batches', { token: till.token, body: { items } });
      expect(r.body.results.map((x) => x.status)).toEqual(items.map(() => 'applied'));
    }
  }

  describe('a register with every kind of row, many at one instant', () => {
    let till: Till;
    let whole: Day;
    beforeAll(async () => {
      await t.setClock(jst('10:00:00'));
      const shop = (await t.admin<{ id: string }>('/v1/admin/merchants', { name: 'Busy till', chargePoint: true, kumapoStore: true, offlineCardPayments: true })).body.id;
      till = await t.terminal(shop);
      const points = pointsApi(t);
      const c = await t.customer();
      await t.seedLot(c.walletId, { kind: 'charge', amountYen: 20_000, expiresAt: LATER });
      await points.fund(c.customerToken, 500);
      const card = await t.card();
      await t.seedLot(card.walletId, { kind: 'charge', amountYen: 10_000, expiresAt: LATER });
      const movedCard = await t.card();
      await t.seedLot(movedCard.walletId, { kind: 'charge', amountYen: 1_000, expiresAt: LATER });
      const undo = idsAgainstWritingOrder();
      // Four offline sales of one instant (one kind tied), then, at the clock's 10:00:00.000, a
      // payment, a charge, a migration, a point spend and a cancelled payment (kinds tied).
      await syncCardPayments(till, card.cardNumber, [jst('09:30:00'), jst('09:30:00'), jst('09:30:00'), jst('09:30:00')]);
      for (const amountYen of [100, 200, 300]) expect((await till.pay('cashier', amountYen, await c.cpm())).status).toBe(201);
      expect((await t.call('POST', '/v1/charges', { ...till.as('charger'), body: { clientTxnId: randomUUID(), amountYen: 1_000, credential: await c.cpm() } })).status).toBe(201);
      expect((await t.call('POST', '/v1/migrations', { ...till.as('support'), body: { clientTxnId: randomUUID(), card: { cardNumber: movedCard.cardNumber }, to: await c.cpm() } })).status).toBe(201);
      expect((await points.spend(till, 'cashier', 50, await c.cpm())).status).toBe(201);
      const cancelled = await till.pay('cashier', 400, await c.cpm());
      expect((await till.cancelPayment('manager', cancelled.body.paymentId as string)).status).toBe(200);
      await t.setClock(jst('10:00:01'));
      for (const amountYen of [500, 600]) expect((await till.pay('cashier', amountYen, await c.cpm())).status).toBe(201);
      undo();
      whole = (await read(till, '')).body;
    });

    it('R30: When the day is read whole, then it holds every kind, with ties of one instant within a kind and across kinds', () => {
      expect(whole.transactions).toHaveLength(13);
      expect(new Set(whole.transactions.map((x) => x.type))).toEqual(new Set(['payment', 'charge', 'migration', 'point_spend']));
      const tied = whole.transactions.filter((x) => x.occurredAt === jst('10:00:00'));
      expect(new Set(tied.map((x) => x.type)).size).toBe(4);
      expect(whole.transactions.filter((x) => x.occurredAt === jst('09:30:00'))).toHaveLength(4);
      expect(whole).not.toHaveProperty('nextCursor');
    });

    it.each([1, 2, 3, 4, 5, 7, 12, 13, 14, LIMITS.terminalTransactionsPageMax])(
      'R30: When the day is read in pages of %i, then the pages together are the whole-day answer, each row once and in its order, and no page is empty',
      async (limit) => {
        const read = await pages(till, limit);
        expect(read.flatMap((p) => p.transactions)).toEqual(whole.transactions);
        const rows = whole.transactions.length;
        expect(read.map((p) => p.transactions.length)).toEqual(Array.from({ length: Math.ceil(rows / limit) }, (_, i) => Math.min(limit, rows - i * limit)));
        expect(read.every((p) => p.businessDay === DAY)).toBe(true);
      },
    );

    it('R30: When a sale is made while the day is being read, then the pages still hold every earlier row once and the new sale at the end', async () => {
      const first = await read(till, '&limit=5');
      const c = await t.customer();
      await t.seedLot(c.walletId, { kind: 'charge', amountYen: 1_000, expiresAt: LATER });
      await t.setClock(jst('10:00:02'));
      const sale = await till.pay('cashier', 700, await c.cpm());
      let rest: Txn[] = [];
      for (let after = first.body.nextCursor; after !== undefined; ) {
        const r = await read(till, `&limit=5&after=${after}`);
        rest = [...rest, ...r.body.transactions];
        after = r.body.nextCursor;
      }
      expect([...first.body.transactions, ...rest].map((x) => x.id)).toEqual([...whole.transactions.map((x) => x.id), sale.body.paymentId]);
    });

    it('Attack: When the cursor is not one the backend made for this day, or the limit is out of bounds, then 400 invalid_request in the contract’s shape and the day reads as before', async () => {
      const before = (await read(till, '')).body;
      const cursor = (await read(till, '&limit=2')).body.nextCursor!;
      const forged = Buffer.from(`${DAY}.abc.0.x`).toString('base64url');
      const otherDay = Buffer.from(`${NEXT}.1.0.x`).toString('base64url');
      const queries = [
        '&after=not-a-cursor',
        `&after=${forged}`,
        `&after=${cursor.slice(0, 12)}`,
        `&after=${encodeURIComponent('a b')}`,
        `&after=${'A'.repeat(LIMITS.terminalTransactionsCursorLengthMax + 1)}`,
        '&limit=0',
        `&limit=${LIMITS.terminalTransactionsPageMax + 1}`,
        '&limit=ten',
      ];
      for (const query of queries) {
        const r = await read(till, query);
        expect({ query, status: r.status, body: r.body }).toMatchObject({ query, status: 400, body: { error: { code: 'invalid_request', message: expect.any(String) } } });
      }
      // A cursor is good only for the day it was made for, whatever it decodes to.
      for (const [after, day] of [[cursor, NEXT], [otherDay, DAY]] as const) {
        const r = await read(till, `&after=${after}`, day);
        expect(r.status).toBe(400);
        expect(r.body).toMatchObject({ error: { code: 'invalid_request', field: 'after' } });
      }
      expect((await read(till, '')).body).toEqual(before);
    });
  });

  describe('a register with more sales in the day than one page', () => {
    let till: Till;
    const salesCount = LIMITS.terminalTransactionsPageMax + 1;
    beforeAll(async () => {
      await t.setClock(jst('10:00:00'));
      const shop = await t.merchant('Station kiosk', { offlineCardPayments: true });
      till = await t.terminal(shop);
      const card = await t.card();
      await t.seedLot(card.walletId, { kind: 'charge', amountYen: 100_000, expiresAt: LATER });
      // Ten sales to a second, the last second's one alone: ties fall on the page boundaries.
      const undo = idsAgainstWritingOrder();
      await syncCardPayments(till, card.cardNumber, Array.from({ length: salesCount }, (_, i) => new Date(Date.parse(jst('08:00:00')) + Math.floor(i / 10) * 1_000).toISOString()));
      undo();
    }, 120_000);

    it('R30: When the day is asked without limit or cursor, then the answer is the whole day as before, without a cursor', async () => {
      const r = await read(till, '');
      expect(r.status).toBe(200);
      expect(r.body.transactions).toHaveLength(salesCount);
      expect(Object.keys(r.body).sort()).toEqual(['businessDay', 'transactions']);
    });

    it('R30: When it is read by `after` alone or by the largest limit, then two pages of the bound and the rest hold the whole day in order', async () => {
      const whole = (await read(till, '')).body.transactions;
      const byBound = await pages(till, LIMITS.terminalTransactionsPageMax);
      expect(byBound.map((p) => p.transactions.length)).toEqual([LIMITS.terminalTransactionsPageMax, 1]);
      expect(byBound.flatMap((p) => p.transactions)).toEqual(whole);
      const first = await read(till, `&limit=${LIMITS.terminalTransactionsPageMax}`);
      const rest = await read(till, `&after=${first.body.nextCursor!}`);
      expect(rest.body.transactions).toEqual(whole.slice(LIMITS.terminalTransactionsPageMax));
      expect(rest.body).not.toHaveProperty('nextCursor');
    });

    it('R30: When it is read in pages of 7, each cutting a ten-sale instant, then the pages still hold the whole day in order', async () => {
      const whole = (await read(till, '')).body.transactions;
      const small = await pages(till, 7);
      expect(small).toHaveLength(Math.ceil(salesCount / 7));
      expect(small.flatMap((p) => p.transactions)).toEqual(whole);
    }, 60_000);
  });
});

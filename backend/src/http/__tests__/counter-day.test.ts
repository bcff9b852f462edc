/**
 * Issue 10, the counter's day (docs/counter-day.md, backend section): terminal numbers and
 * short numbers, split-sale cash (R32), the decline's reasons (R8/R32), cancel approval and its
 * lock-out (R31), search (R31), the business day and its close (R30), the drawer figures (R33),
 * and /livez. Through real HTTP, on every store of the matrix; time is the test clock.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { TestBackend, TEST_PIN } from '../../testing/harness';
import { STORE_KINDS } from '../../testing/stores';

const DAY = '2026-12-01';
const NEXT = '2026-12-02';
const LATER = '2027-12-31T23:59:59.999+09:00';

type Txn = { id: string; shortNo?: string | null; method?: string | null; cashYen?: number; staffName?: string | null; cancelApprovedByName?: string | null; businessDay?: string; terminalNo?: number | null; terminalName?: string; terminalId?: string; cancelled: boolean; amountYen: number; type: string; occurredAt: string; cardNumber?: string | null };

describe.each(STORE_KINDS)('the counter’s day on %s', (kind) => {
  let t: TestBackend;
  beforeAll(async () => {
    t = await TestBackend.start(kind);
    await t.setClock(`${DAY}T10:00:00+09:00`);
  });
  afterAll(async () => {
    expect(await t.ledgerDifferences()).toEqual([]);
    await t.stop();
  });

  async function fundedCustomer(amountYen = 20_000) {
    const c = await t.customer();
    await t.seedLot(c.walletId, { kind: 'charge', amountYen, expiresAt: LATER });
    return c;
  }

  describe('terminal numbers and short numbers', () => {
    it('When terminals are created, then each gets the next free number in its merchant, shown at creation, in the list, at enrollment and on /v1/terminal/keys', async () => {
      const shop = await t.merchant('Numbers A');
      const other = await t.merchant('Numbers B');
      const a1 = await t.terminal(shop);
      const a2 = await t.terminal(shop);
      const b1 = await t.terminal(other);
      expect([a1.terminalNo, a2.terminalNo, b1.terminalNo]).toEqual([1, 2, 1]);
      const created = await t.admin<{ terminalNo: number }>('/v1/admin/terminals', { merchantId: shop, name: 'third' });
      expect(created.status).toBe(201);
      expect(created.body.terminalNo).toBe(3);
      const list = await t.call<{ items: { id: string; terminalNo: number }[] }>('GET', `/v1/admin/terminals?merchantId=${shop}`, { token: t.adminToken });
      expect(list.body.items.map((i) => i.terminalNo).sort()).toEqual([1, 2, 3]);
      const keys = await t.call('GET', '/v1/terminal/keys', { token: a2.token });
      expect(keys.body).toMatchObject({ terminalNo: 2 });
    });

    it('When ten terminals of one merchant are created at once, then they get ten different numbers 1…10', async () => {
      const shop = await t.merchant('Numbers rush');
      const created = await Promise.all(Array.from({ length: 10 }, (_, i) => t.admin<{ terminalNo: number }>('/v1/admin/terminals', { merchantId: shop, name: `till ${i}` })));
      expect(created.map((c) => c.status)).toEqual(Array(10).fill(201));
      expect(created.map((c) => c.body.terminalNo).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    });

    it('Attack: When a payment, charge, cancel, migration or sync item carries another terminal’s short number, then 400 invalid_request and nothing moves', async () => {
      const shop = await t.merchant('Short numbers', { chargePoint: true, offlineCardPayments: true });
      const till = await t.terminal(shop);
      const other = await t.terminal(shop);
      const foreign = other.shortNo(1);
      const c = await fundedCustomer(10_000);
      const pay = await till.payWith('cashier', { amountYen: 1000, credential: await c.cpm(), shortNo: foreign });
      expect(pay.status).toBe(400);
      expect(pay.body).toMatchObject({ error: { code: 'invalid_request', field: 'shortNo' } });
      const charge = await t.call('POST', '/v1/charges', { ...till.as('charger'), body: { clientTxnId: randomUUID(), amountYen: 1000, credential: await c.cpm(), shortNo: foreign } });
      expect(charge.status).toBe(400);
      const paid = await till.payWith('cashier', { amountYen: 1000, credential: await c.cpm(), shortNo: till.shortNo(1) });
      expect(paid.status).toBe(201);
      const cancel = await till.cancelPayment('manager', paid.body.paymentId as string, { shortNo: foreign });
      expect(cancel.status).toBe(400);
      const card = await t.card();
      const migrate = await t.call('POST', '/v1/migrations', { ...till.as('support'), body: { clientTxnId: randomUUID(), card: { cardNumber: card.cardNumber }, to: await c.cpm(), shortNo: foreign } });
      expect(migrate.status).toBe(400);
      const sync = await t.call('POST', '/v1/sync/batches', {
        token: till.token,
        body: { items: [{ seq: 1, clientTxnId: randomUUID(), type: 'payment', occurredAt: new Date(Date.parse(`${DAY}T10:00:00+09:00`)).toISOString(), amountYen: 500, credential: card.credential, shortNo: foreign }] },
      });
      expect(sync.status).toBe(400);
      expect((await c.wallet()).totalYen).toBe(9000);
      const listed = await till.transactions('manager', DAY);
      expect(listed.body.transactions).toHaveLength(1);
      expect(listed.body.transactions[0]).toMatchObject({ shortNo: till.shortNo(1), cancelled: false });
    });

    it('When a payment carries its short number, then it is stored and answered, a replay is exact, and another short number under the same id is a conflict', async () => {
      const shop = await t.merchant('Short replay');
      const till = await t.terminal(shop);
      const c = await fundedCustomer();
      const clientTxnId = randomUUID();
      const credential = await c.cpm();
      const body = { clientTxnId, amountYen: 1200, credential, shortNo: till.shortNo(7) };
      const first = await till.payWith('cashier', body);
      expect(first.status).toBe(201);
      expect(first.body).toMatchObject({ shortNo: till.shortNo(7) });
      const again = await till.payWith('cashier', body);
      expect(again).toEqual(first);
      const changed = await till.payWith('cashier', { ...body, shortNo: till.shortNo(8) });
      expect(changed.status).toBe(409);
      expect(changed.body).toMatchObject({ error: { code: 'idempotency_conflict' } });
      const card = await t.card();
      await t.seedLot(card.walletId, { kind: 'charge', amountYen: 3000, expiresAt: LATER });
      expect((await till.payWith('cashier', { amountYen: 300, credential: card.credential, shortNo: till.shortNo(9) })).status).toBe(201);
      const listed = (await till.transactions('cashier', DAY)).body.transactions as Txn[];
      expect(listed.map((x) => [x.shortNo, x.method])).toEqual([
        [till.shortNo(7), 'qr'],
        [till.shortNo(9), 'card'],
      ]);
      expect(listed[0]).toMatchObject({ staffName: 'cashier', terminalId: till.terminalId, terminalNo: till.terminalNo, terminalName: till.name, businessDay: DAY });
    });
  });

  it('When a card is migrated and a charge made with short numbers, then the day lists them with card number, method and short number, and counts the migration', async () => {
    await t.setClock(`${DAY}T10:00:00+09:00`);
    const shop = await t.merchant('Migration desk', { chargePoint: true });
    const till = await t.terminal(shop);
    const c = await t.customer();
    const card = await t.card();
    await t.seedLot(card.walletId, { kind: 'charge', amountYen: 2500, expiresAt: LATER });
    const moved = await t.call('POST', '/v1/migrations', { ...till.as('support'), body: { clientTxnId: randomUUID(), card: { cardNumber: card.cardNumber }, to: await c.cpm(), shortNo: till.shortNo(1) } });
    expect(moved.status).toBe(201);
    const charged = await t.call('POST', '/v1/charges', { ...till.as('charger'), body: { clientTxnId: randomUUID(), amountYen: 1000, credential: await c.cpm(), shortNo: till.shortNo(2) } });
    expect(charged.status).toBe(201);
    const listed = (await till.transactions('manager', DAY)).body.transactions as Txn[];
    expect(listed.map((x) => [x.type, x.shortNo, x.method ?? null, x.cardNumber ?? null, x.staffName])).toEqual([
      ['migration', till.shortNo(1), null, card.cardNumber, 'support'],
      ['charge', till.shortNo(2), 'qr', null, 'charger'],
    ]);
    expect((await till.settlement('manager', DAY)).body).toMatchObject({ migrations: { count: 1, movedYen: 2500 }, charges: { count: 1, totalYen: 1000 }, expectedDrawerYen: 1000 });
  });

  describe('split sale and decline reasons (R32, R8)', () => {
    it('R8/R32: When eligible value is short, then the decline gives the eligible total, the whole live balance, and the balances not accepted here by campaign', async () => {
      const shop = await t.merchant('Decline');
      const elsewhere = await t.merchant('Elsewhere');
      const till = await t.terminal(shop);
      const b = await t.campaign('限定マネー①', [elsewhere]);
      const c = await t.customer();
      await t.seedLot(c.walletId, { kind: 'charge', amountYen: 5000, expiresAt: LATER });
      await t.seedLot(c.walletId, { kind: 'limited', campaignId: b, amountYen: 2000, expiresAt: LATER });
      await t.seedLot(c.walletId, { kind: 'limited', campaignId: b, amountYen: 1000, expiresAt: LATER });
      await t.seedLot(c.walletId, { kind: 'limited', campaignId: b, amountYen: 700, expiresAt: `${DAY}T09:00:00+09:00` });
      const r = await till.pay('cashier', 9000, await c.cpm());
      expect(r.status).toBe(402);
      expect(r.body).toMatchObject({ error: { code: 'insufficient_funds', eligibleYen: 5000, totalYen: 8000, notAcceptedHere: [{ campaignId: b, label: '限定マネー①', amountYen: 3000 }] } });
    });

    it('R32: When a split sale is paid (e-money + cash) and cancelled, then the cash part is echoed, moves no e-money, is answered as cash to return, and counts in the drawer', async () => {
      await t.setClock(`${DAY}T10:00:00+09:00`);
      const shop = await t.merchant('Split', { chargePoint: true });
      const till = await t.terminal(shop);
      const c = await fundedCustomer(3000);
      const paid = await till.payWith('cashier', { amountYen: 3000, credential: await c.cpm(), cashYen: 800 });
      expect(paid.status).toBe(201);
      expect(paid.body).toMatchObject({ amountYen: 3000, cashYen: 800 });
      expect((await c.wallet()).totalYen).toBe(0);
      const charged = await t.call('POST', '/v1/charges', { ...till.as('charger'), body: { clientTxnId: randomUUID(), amountYen: 5000, credential: await c.cpm() } });
      expect(charged.status).toBe(201);
      const cancel = await till.cancelPayment('manager', paid.body.paymentId as string);
      expect(cancel.status).toBe(200);
      expect(cancel.body).toMatchObject({ cashToReturnYen: 800 });
      const plain = await till.payWith('cashier', { amountYen: 1000, credential: await c.cpm() });
      const plainCancel = await till.cancelPayment('manager', plain.body.paymentId as string);
      expect(plainCancel.body).toMatchObject({ cashToReturnYen: 0 });
      const s = await till.settlement('manager', DAY);
      expect(s.body).toMatchObject({
        payments: { count: 2, totalYen: 4000 },
        cancelledPayments: { count: 2, totalYen: 4000 },
        charges: { count: 1, totalYen: 5000 },
        net: { paymentsYen: 0, chargesYen: 5000 },
        cashSales: { count: 1, totalYen: 800 },
        cashReturnedYen: 800,
        // R33: charge cash 5,000 + split cash 800 − cash returned 800.
        expectedDrawerYen: 5000,
        migrations: { count: 0, movedYen: 0 },
        closed: false,
        currentBusinessDay: DAY,
      });
      const listed = (await till.transactions('manager', DAY)).body.transactions as Txn[];
      expect(listed.find((x) => x.id === paid.body.paymentId)).toMatchObject({ cashYen: 800, cancelled: true });
    });

    it('R32: When an offline item carries a cash part, then it is stored with it', async () => {
      await t.setClock(`${DAY}T10:00:00+09:00`);
      const shop = await t.merchant('Split offline', { offlineCardPayments: true });
      const till = await t.terminal(shop);
      const card = await t.card();
      await t.seedLot(card.walletId, { kind: 'charge', amountYen: 3000, expiresAt: LATER });
      const r = await t.call<{ results: { status: string; paymentId: string }[] }>('POST', '/v1/sync/batches', {
        token: till.token,
        body: { items: [{ seq: 1, clientTxnId: randomUUID(), type: 'payment', occurredAt: `${DAY}T00:59:00.000Z`, amountYen: 2000, credential: card.credential, shortNo: till.shortNo(3), cashYen: 500 }] },
      });
      expect(r.body.results[0]).toMatchObject({ status: 'applied' });
      const listed = (await till.transactions('manager', DAY)).body.transactions as Txn[];
      expect(listed[0]).toMatchObject({ shortNo: till.shortNo(3), cashYen: 500, method: 'card' });
      expect((await till.settlement('manager', DAY)).body).toMatchObject({ cashSales: { count: 1, totalYen: 500 }, expectedDrawerYen: 500 });
    });
  });

  describe('cancel approval (R31)', () => {
    it('R31: a cashier cancels a payment only with a manager’s approval; a missing, wrong or non-manager approval is 403 and nothing is cancelled; the approver is recorded', async () => {
      await t.setClock(`${DAY}T10:00:00+09:00`);
      const shop = await t.merchant('Approval');
      const otherShop = await t.merchant('Approval elsewhere');
      const till = await t.terminal(shop);
      const foreign = await t.terminal(otherShop);
      const c = await fundedCustomer();
      const paid = await till.pay('cashier', 1500, await c.cpm());
      const paymentId = paid.body.paymentId as string;
      const missing = await till.cancelPayment('cashier', paymentId);
      expect(missing.status).toBe(403);
      expect(missing.body).toMatchObject({ error: { code: 'approval_required', reason: 'missing' } });
      const wrongPin = await till.cancelPayment('cashier', paymentId, { approval: { staffCode: till.staffCodes.manager!, pin: '0000' } });
      const unknown = await till.cancelPayment('cashier', paymentId, { approval: { staffCode: 'nobody-here', pin: '0000' } });
      const notManager = await till.cancelPayment('cashier', paymentId, { approval: { staffCode: till.staffCodes.charger!, pin: TEST_PIN } });
      const otherMerchant = await till.cancelPayment('cashier', paymentId, { approval: { staffCode: foreign.staffCodes.manager!, pin: TEST_PIN } });
      for (const r of [wrongPin, unknown, notManager, otherMerchant]) {
        expect(r.status).toBe(403);
        expect(r.body).toEqual(wrongPin.body);
      }
      expect(wrongPin.body).toMatchObject({ error: { code: 'approval_required', reason: 'invalid' } });
      expect((await c.wallet()).totalYen).toBe(20_000 - 1500);

      const clientTxnId = randomUUID();
      const ok = await till.cancelPayment('cashier', paymentId, { approval: 'manager', clientTxnId });
      expect(ok.status).toBe(200);
      expect((await c.wallet()).totalYen).toBe(20_000);
      // A replay of the approved cancel is its first answer, even with the PIN mistyped now.
      const replay = await till.cancelPayment('cashier', paymentId, { approval: { staffCode: till.staffCodes.manager!, pin: '9999' }, clientTxnId });
      expect(replay).toEqual(ok);
      const listed = (await till.transactions('manager', DAY)).body.transactions as Txn[];
      expect(listed.find((x) => x.id === paymentId)).toMatchObject({ cancelled: true, cancelApprovedByName: 'manager' });
      // A manager cancels alone, and nobody needs approval for what is not theirs to do: support is forbidden.
      const second = await till.pay('cashier', 500, await c.cpm());
      expect((await till.cancelPayment('support', second.body.paymentId as string, { approval: 'manager' })).status).toBe(403);
      const alone = await till.cancelPayment('manager', second.body.paymentId as string);
      expect(alone.status).toBe(200);
      expect(((await till.transactions('manager', DAY)).body.transactions as Txn[]).find((x) => x.id === second.body.paymentId)).toMatchObject({ cancelApprovedByName: null });
    });

    it('R31: a charge cancel needs a manager, or a charger with approval; a cashier may not', async () => {
      await t.setClock(`${DAY}T10:00:00+09:00`);
      const shop = await t.merchant('Approval charges', { chargePoint: true });
      const till = await t.terminal(shop);
      const c = await t.customer();
      const charge = async () => (await t.call('POST', '/v1/charges', { ...till.as('charger'), body: { clientTxnId: randomUUID(), amountYen: 1000, credential: await c.cpm() } })).body.chargeId as string;
      const first = await charge();
      expect((await till.cancelCharge('cashier', first, { approval: 'manager' })).body).toMatchObject({ error: { code: 'forbidden' } });
      expect((await till.cancelCharge('charger', first)).body).toMatchObject({ error: { code: 'approval_required', reason: 'missing' } });
      const approved = await till.cancelCharge('charger', first, { approval: 'manager' });
      expect(approved.status).toBe(200);
      expect((await till.cancelCharge('manager', await charge())).status).toBe(200);
      expect((await c.wallet()).totalYen).toBe(0);
    });

    it('Attack R31: When 50 cancels arrive at once with wrong approval PINs, then at most 4 are 403, the rest 423, nothing is cancelled, and even the right PIN is 423 after', async () => {
      await t.setClock(`${DAY}T10:00:00+09:00`);
      const shop = await t.merchant('Approval race');
      const till = await t.terminal(shop);
      const c = await fundedCustomer();
      const paid = await till.pay('cashier', 2000, await c.cpm());
      const paymentId = paid.body.paymentId as string;
      const wrong = await Promise.all(
        Array.from({ length: 50 }, (_, i) => till.cancelPayment('cashier', paymentId, { approval: { staffCode: till.staffCodes.manager!, pin: String(1000 + i) } })),
      );
      const statuses = wrong.map((r) => r.status);
      expect(statuses.every((s) => s === 403 || s === 423)).toBe(true);
      expect(statuses.filter((s) => s === 403).length).toBeLessThanOrEqual(4);
      expect(statuses.filter((s) => s === 423).length).toBeGreaterThanOrEqual(46);
      for (const r of wrong.filter((x) => x.status === 403)) expect(r.body).toMatchObject({ error: { code: 'approval_required', reason: 'invalid' } });
      for (const r of wrong.filter((x) => x.status === 423)) expect((r.body as { error: { retryAfterSeconds: number } }).error.retryAfterSeconds).toBeGreaterThan(0);
      const right = await till.cancelPayment('cashier', paymentId, { approval: 'manager' });
      expect(right.status).toBe(423);
      expect(right.body).toMatchObject({ error: { code: 'staff_locked' } });
      // The manager is locked at the login too: the same lock-out.
      const login = await t.call('POST', '/v1/staff/sessions', { token: till.token, body: { staffCode: till.staffCodes.manager, pin: TEST_PIN } });
      expect(login.status).toBe(423);
      expect(((await till.transactions('manager', DAY)).body.transactions as Txn[]).find((x) => x.id === paymentId)).toMatchObject({ cancelled: false });
      expect((await c.wallet()).totalYen).toBe(18_000);
    });
  });

  describe('search (R31)', () => {
    it('R31: any register of the shop finds the last 8 days by short number, amount, sequence digits and JST time; newest first; bad text is 400', async () => {
      const shop = await t.merchant('Search', { chargePoint: true });
      const elsewhere = await t.merchant('Search elsewhere');
      const a = await t.terminal(shop);
      const b = await t.terminal(shop);
      const x = await t.terminal(elsewhere);
      const c = await fundedCustomer(50_000);
      await t.setClock(`${DAY}T09:00:00+09:00`);
      const old = await a.payWith('cashier', { amountYen: 1000, credential: await c.cpm(), shortNo: a.shortNo(1) });
      await t.setClock(`${DAY}T11:30:00+09:00`);
      const p1 = await a.payWith('cashier', { amountYen: 1000, credential: await c.cpm(), shortNo: a.shortNo(123) });
      await t.setClock(`${DAY}T14:05:30+09:00`);
      const p2 = await b.payWith('cashier', { amountYen: 2500, credential: await c.cpm(), shortNo: b.shortNo(124) });
      const ch = await t.call('POST', '/v1/charges', { ...b.as('charger'), body: { clientTxnId: randomUUID(), amountYen: 1000, credential: await c.cpm(), shortNo: b.shortNo(125) } });
      expect(ch.status).toBe(201);
      await x.pay('cashier', 1000, await c.cpm());
      // Eight days and an hour on, the first payment (09:00 on DAY) has left the 8-day window; the others have not.
      await t.setClock('2026-12-09T10:00:00+09:00');
      // Any register of the shop finds them (a fresh one, with a fresh session: the shift is long over).
      const finder = await t.terminal(shop);
      const ids = async (q: string) => {
        const r = await finder.searchTransactions('cashier', q);
        expect(r.status).toBe(200);
        return (r.body.transactions as Txn[]).map((tx) => tx.id);
      };
      expect(await ids(b.shortNo(124))).toEqual([p2.body.paymentId]);
      expect(await ids('1000')).toEqual([ch.body.chargeId, p1.body.paymentId]);
      expect(await ids('¥1,000')).toEqual([ch.body.chargeId, p1.body.paymentId]);
      expect(await ids('1,000')).toEqual([ch.body.chargeId, p1.body.paymentId]);
      expect(await ids('1000円')).toEqual([ch.body.chargeId, p1.body.paymentId]);
      expect(await ids('123')).toEqual([p1.body.paymentId]);
      expect(await ids('２５００')).toEqual([p2.body.paymentId]);
      expect(await ids('14:05')).toEqual([ch.body.chargeId, p2.body.paymentId]);
      expect(await ids('09:00')).toEqual([]);
      expect(await ids('99999999')).toEqual([]);
      expect(old.status).toBe(201);
      const found = (await finder.searchTransactions('cashier', b.shortNo(124))).body.transactions[0] as Txn;
      expect(found).toMatchObject({ terminalId: b.terminalId, terminalNo: b.terminalNo, terminalName: b.name, staffName: 'cashier', shortNo: b.shortNo(124), method: 'qr', cashYen: 0, businessDay: DAY });
      for (const bad of ['abc', '25:00', '¥0', '12:3', '0001-12']) {
        const r = await finder.searchTransactions('cashier', bad);
        expect(r.status).toBe(400);
        expect(r.body).toMatchObject({ error: { code: 'invalid_request' } });
      }
      expect((await t.call('GET', '/v1/terminal/transactions/search?q=1000', { token: finder.token })).status).toBe(401);
    });
  });

  describe('business day and close (R30, R33)', () => {
    it('R30: When day D is closed, then a later payment and the cancel of a day-D payment land in D+1, D’s figures stay as closed, and a second close is 409', async () => {
      await t.setClock(`${DAY}T10:00:00+09:00`);
      const shop = await t.merchant('Close');
      const till = await t.terminal(shop);
      const c = await fundedCustomer();
      const p1 = await till.pay('cashier', 1000, await c.cpm());
      const before = await till.settlement('manager', DAY);
      expect(before.body).toMatchObject({ closed: false, currentBusinessDay: DAY, payments: { count: 1, totalYen: 1000 } });
      await t.setClock(`${DAY}T20:00:00+09:00`);
      const ack = { clientTxnId: randomUUID(), type: 'payment', journalYen: 500, backendYen: null, difference: 'missing_on_backend' };
      const closed = await till.closeDay('manager', DAY, { acknowledgements: [ack] });
      expect(closed.status).toBe(201);
      expect(closed.body).toMatchObject({
        businessDay: DAY,
        closed: true,
        closedByName: 'manager',
        acknowledgements: [{ ...ack, acknowledgedByName: 'manager' }],
        payments: { count: 1, totalYen: 1000 },
        currentBusinessDay: NEXT,
      });
      const closedAtMs = Date.parse(closed.body.closedAt as string);
      // The test clock runs on from where it was set.
      expect(closedAtMs - Date.parse(`${DAY}T20:00:00+09:00`)).toBeGreaterThanOrEqual(0);
      expect(closedAtMs - Date.parse(`${DAY}T20:00:00+09:00`)).toBeLessThan(60_000);
      // Still the JST date DAY, but the register is in the next business day now.
      await t.setClock(`${DAY}T21:00:00+09:00`);
      const p2 = await till.pay('cashier', 700, await c.cpm());
      const cancel = await till.cancelPayment('manager', p1.body.paymentId as string);
      expect(cancel.status).toBe(200);
      const day = await till.settlement('manager', DAY);
      expect(day.body).toEqual({ ...closed.body, currentBusinessDay: NEXT });
      const next = await till.settlement('manager', NEXT);
      expect(next.body).toMatchObject({ closed: false, payments: { count: 1, totalYen: 700 }, cancelledPayments: { count: 1, totalYen: 1000 }, net: { paymentsYen: -300 }, currentBusinessDay: NEXT });
      expect(((await till.transactions('manager', NEXT)).body.transactions as Txn[]).map((x) => [x.id, x.businessDay])).toEqual([[p2.body.paymentId, NEXT]]);
      expect(((await till.transactions('manager', DAY)).body.transactions as Txn[]).map((x) => x.id)).toEqual([p1.body.paymentId]);
      const again = await till.closeDay('manager', DAY);
      expect(again.status).toBe(409);
      expect(again.body).toMatchObject({ error: { code: 'day_closed' } });
      expect((await till.settlement('manager', DAY)).body).toEqual({ ...closed.body, currentBusinessDay: NEXT });
      // A day after the current business day cannot be closed.
      const early = await till.closeDay('manager', '2026-12-03');
      expect(early.status).toBe(400);
      expect(early.body).toMatchObject({ error: { code: 'invalid_request' } });
    });

    it('R30: When five closes of one day arrive at once, then exactly one is 201 and the others 409 day_closed', async () => {
      await t.setClock(`${DAY}T18:00:00+09:00`);
      const shop = await t.merchant('Close race');
      const till = await t.terminal(shop);
      const c = await fundedCustomer();
      await till.pay('cashier', 900, await c.cpm());
      const answers = await Promise.all(Array.from({ length: 5 }, () => till.closeDay('manager', DAY)));
      expect(answers.filter((r) => r.status === 201)).toHaveLength(1);
      expect(answers.filter((r) => r.status === 409)).toHaveLength(4);
      const winner = answers.find((r) => r.status === 201)!;
      expect((await till.settlement('cashier', DAY)).body).toEqual(winner.body);
    });

    it('R30: When a client POSTs {businessDay} to /v1/terminal/settlement, then the day closes (no differences to acknowledge) and a second close is 409 day_closed', async () => {
      await t.setClock(`${DAY}T19:00:00+09:00`);
      const shop = await t.merchant('Plain close');
      const till = await t.terminal(shop);
      const c = await fundedCustomer();
      await till.pay('cashier', 700, await c.cpm());
      const closed = await till.closeDayPlain('manager', DAY);
      expect(closed.status).toBe(201);
      expect(closed.body).toMatchObject({ businessDay: DAY, closed: true, payments: { count: 1, totalYen: 700 } });
      expect((await till.closeDayPlain('manager', DAY)).body).toMatchObject({ error: { code: 'day_closed' } });
      expect((await till.closeDay('manager', DAY)).status).toBe(409);
      expect((await till.closeDayPlain('cashier', DAY)).status).toBe(403);
    });

    it('R30: When payments commit while the day is being closed, then each lands either in the closed figures or in the next day, never lost between them', async () => {
      await t.setClock(`${DAY}T19:00:00+09:00`);
      const shop = await t.merchant('Close while paying');
      const till = await t.terminal(shop);
      const c = await fundedCustomer(50_000);
      const tokens = await Promise.all(Array.from({ length: 20 }, () => c.cpm()));
      const [close, ...paid] = await Promise.all([till.closeDay('manager', DAY), ...tokens.map((credential) => till.pay('cashier', 100, credential))]);
      expect(close!.status).toBe(201);
      expect(paid.map((p) => p.status)).toEqual(Array(20).fill(201));
      const closedIds = new Set(((await till.settlement('manager', DAY)).body.lines as { id: string }[]).map((l) => l.id));
      const listedDay = ((await till.transactions('manager', DAY)).body.transactions as Txn[]).map((x) => x.id);
      const listedNext = ((await till.transactions('manager', NEXT)).body.transactions as Txn[]).map((x) => x.id);
      // The stored figures and the live list of the closed day agree, and every payment is in one of the two days.
      expect(new Set(listedDay)).toEqual(closedIds);
      expect(new Set([...listedDay, ...listedNext])).toEqual(new Set(paid.map((p) => p.body.paymentId as string)));
      expect(listedDay.length + listedNext.length).toBe(20);
    });

    it('R30/R31: a non-manager closes only with a manager’s approval, recorded by name', async () => {
      await t.setClock(`${DAY}T18:00:00+09:00`);
      const shop = await t.merchant('Close approval');
      const till = await t.terminal(shop);
      const missing = await till.closeDay('cashier', DAY);
      expect(missing.status).toBe(403);
      expect(missing.body).toMatchObject({ error: { code: 'approval_required', reason: 'missing' } });
      const wrong = await till.closeDay('cashier', DAY, { approval: { staffCode: till.staffCodes.manager!, pin: '0000' } });
      expect(wrong.body).toMatchObject({ error: { code: 'approval_required', reason: 'invalid' } });
      const ok = await till.closeDay('cashier', DAY, { approval: 'manager', acknowledgements: [{ clientTxnId: null, type: 'charge', journalYen: null, backendYen: 1000, difference: 'missing_in_journal' }] });
      expect(ok.status).toBe(201);
      expect(ok.body).toMatchObject({ closedByName: 'cashier', acknowledgements: [{ acknowledgedByName: 'manager' }], payments: { count: 0 }, expectedDrawerYen: 0 });
    });
  });

  it('GET /livez answers 200 {"ok":true} without auth', async () => {
    const r = await t.call('GET', '/livez');
    expect(r).toEqual({ status: 200, body: { ok: true } });
  });

  it('The OpenAPI document has the search and close routes', async () => {
    const doc = await t.call<{ paths: Record<string, Record<string, unknown>> }>('GET', '/openapi.json');
    expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/v1/terminal/transactions/search', '/v1/terminal/settlement/close']));
    expect(Object.keys(doc.body.paths['/v1/terminal/settlement/close']!)).toEqual(['post']);
  });
});

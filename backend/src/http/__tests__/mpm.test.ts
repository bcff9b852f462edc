/**
 * R28 merchant-presented QR through real HTTP, on every store of the matrix: dynamic requests
 * (yen and points), the customer's preview and payment, withdraw and expiry, the long poll,
 * the printed store QR and the 入金通知 notices, cancel (R14–R17) and idempotency.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { LIMITS } from '../../../../common/limits';
import { TestBackend } from '../../testing/harness';
import { STORE_KINDS } from '../../testing/stores';
import { customerWithYen, givePoints, kumapoShop, mpmApi, type Till } from './mpm-fixture';

const START = Date.parse('2024-06-01T10:00:00+09:00');
const DAY = '2024-06-01';

describe.each(STORE_KINDS)('R28 MPM through HTTP on %s', (kind) => {
  let t: TestBackend;
  let api: ReturnType<typeof mpmApi>;
  let shop: string;
  let otherShop: string;
  let kumapo: string;
  let till: Till;
  let secondTill: Till;
  let otherTill: Till;
  let kumapoTill: Till;
  /** The test clock only moves forward, a few minutes per step, so no request outlives its test by accident. */
  let nowMs = START;
  const advance = async (ms: number) => {
    nowMs += ms;
    await t.setClock(new Date(nowMs).toISOString());
  };
  const nowIso = () => new Date(nowMs).toISOString();

  beforeAll(async () => {
    t = await TestBackend.start(kind);
    api = mpmApi(t);
    await t.setClock(new Date(START).toISOString());
    shop = await t.merchant('くまがや珈琲店');
    otherShop = await t.merchant('Other Shop');
    kumapo = await kumapoShop(t, '森の工房');
    till = await t.terminal(shop);
    secondTill = await t.terminal(shop);
    otherTill = await t.terminal(otherShop);
    kumapoTill = await t.terminal(kumapo);
  });
  afterAll(async () => {
    expect(await t.ledgerDifferences()).toEqual([]);
    await t.stop();
  });

  it('R28: When a cashier asks for ¥1,200, then the request lives 5 minutes by default and its QR carries the shop and the amount', async () => {
    await advance(60_000);
    const r = await api.create(till, { amountYen: 1200 });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ amountYen: 1200 });
    expect(r.body.qr.startsWith('KPM1.')).toBe(true);
    expect(r.body.qr.length).toBeLessThanOrEqual(LIMITS.mpmQrLengthMax);
    const status = await api.status(till, r.body.requestId);
    expect(status.body).toMatchObject({ requestId: r.body.requestId, status: 'pending', amountYen: 1200, expiresAt: r.body.expiresAt });
    // The test clock runs on from where it was set: a few seconds of slack either side of 5 minutes.
    await advance(LIMITS.mpmRequestTtlMsMax - 10_000);
    expect((await api.status(till, r.body.requestId)).body.status).toBe('pending');
    await advance(20_000);
    expect((await api.status(till, r.body.requestId)).body.status).toBe('expired');
  });

  it('R28: When a request asks for more than 5 minutes, both yen and points, or neither, then it is refused (400) and no request exists', async () => {
    for (const body of [
      { amountYen: 500, ttlMs: LIMITS.mpmRequestTtlMsMax + 1 },
      { amountYen: 500, ttlMs: LIMITS.mpmRequestTtlMsMin - 1 },
      { amountYen: 500, points: 10 },
      {},
      { amountYen: 0 },
    ]) {
      const r = await api.create(till, body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.error.code).toBe('invalid_request');
    }
    expect((await api.create(till, { amountYen: 500, ttlMs: LIMITS.mpmRequestTtlMsMin })).status).toBe(201);
  });

  it('R28/R23: When a shop that is not a KumaPo store asks for points, then 403 not_kumapo_store; a KumaPo store may; support staff may not ask at all', async () => {
    expect((await api.create(till, { points: 50 })).body.error.code).toBe('not_kumapo_store');
    expect((await api.create(till, { points: 50 })).status).toBe(403);
    const ok = await api.create(kumapoTill, { points: 50 });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ points: 50 });
    expect(ok.body.amountYen).toBeUndefined();
    const support = await api.create(till, { amountYen: 100 }, { role: 'support' });
    expect(support.status).toBe(403);
  });

  it('R28: When the customer reads the QR, then the app is shown the shop name, the amount and that it can be paid; a tampered QR is refused', async () => {
    const customer = await customerWithYen(t, 0);
    const created = await api.create(till, { amountYen: 1200 });
    const preview = await api.preview(customer, created.body.qr);
    expect(preview.status).toBe(200);
    expect(preview.body).toEqual({ kind: 'dynamic', merchantName: 'くまがや珈琲店', amountYen: 1200, expiresAt: created.body.expiresAt, status: 'pending' });
    // Ask for ¥1 instead of ¥1,200 under the same signature.
    const fields = created.body.qr.split('.');
    fields[5] = 'y1';
    const tampered = fields.join('.');
    for (const qr of [tampered, created.body.qr.slice(0, -2) + (created.body.qr.endsWith('AA') ? 'BA' : 'AA'), 'KP1.not.an.mpm.qr']) {
      const r = await api.preview(customer, qr);
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe('token_invalid');
      const paid = await api.pay(customer, qr);
      expect(paid.body.error.code).toBe('token_invalid');
    }
  });

  it('R28/R5–R8: When the customer pays a ¥1,200 request, then the yen leave the wallet, the terminal sees it paid with the payment, and it is a payment (method mpm) in the register\'s history and 点検', async () => {
    const customer = await customerWithYen(t, 5000);
    const before = await till.settlement('manager', DAY);
    const created = await api.create(till, { amountYen: 1200 });
    const paid = await api.pay(customer, created.body.qr);
    expect(paid.status).toBe(201);
    expect(paid.body).toMatchObject({ kind: 'dynamic', merchantName: 'くまがや珈琲店', amountYen: 1200, totalYenAfter: 3800 });
    expect((await customer.wallet()).totalYen).toBe(3800);

    const status = await api.status(till, created.body.requestId);
    expect(status.body).toMatchObject({ status: 'paid', paymentId: paid.body.paymentId, amountYen: 1200 });
    expect(status.body.payment).toMatchObject({ paymentId: paid.body.paymentId, status: 'approved', amountYen: 1200, balanceAfter: { totalYen: 3800 } });
    expect(status.body.paidAt).toBeDefined();

    const txns = await till.transactions('cashier', DAY);
    const line = txns.body.transactions.find((x) => x.id === paid.body.paymentId);
    expect(line).toMatchObject({ type: 'payment', amountYen: 1200, method: 'mpm', cancelled: false });
    const after = await till.settlement('manager', DAY);
    const payments = (r: typeof after) => r.body.payments as { count: number; totalYen: number };
    expect(payments(after).count).toBe(payments(before).count + 1);
    expect(payments(after).totalYen).toBe(payments(before).totalYen + 1200);
  });

  it('R28: When the request has expired, then paying it is 410 mpm_request_expired, nothing moves, and the terminal sees it expired', async () => {
    const customer = await customerWithYen(t, 5000);
    const created = await api.create(till, { amountYen: 700, ttlMs: LIMITS.mpmRequestTtlMsMin });
    await advance(LIMITS.mpmRequestTtlMsMin + 60_000);
    const r = await api.pay(customer, created.body.qr);
    expect(r.status).toBe(410);
    expect(r.body.error.code).toBe('mpm_request_expired');
    expect((await customer.wallet()).totalYen).toBe(5000);
    expect((await api.status(till, created.body.requestId)).body.status).toBe('expired');
    expect((await api.preview(customer, created.body.qr)).body.status).toBe('expired');
    // Waiting on an expired request answers at once.
    expect((await api.status(till, created.body.requestId, { waitMs: 20_000 })).body.status).toBe('expired');
  });

  it('R28: When the cashier withdraws a request, then the customer cannot pay it (409 mpm_request_closed) and nothing moves; withdrawing again answers the same', async () => {
    const customer = await customerWithYen(t, 5000);
    const created = await api.create(till, { amountYen: 900 });
    const w = await api.withdraw(till, created.body.requestId);
    expect(w.status).toBe(200);
    expect(w.body).toMatchObject({ requestId: created.body.requestId, status: 'withdrawn' });
    const again = await api.withdraw(till, created.body.requestId);
    expect(again.status).toBe(200);
    expect(again.body.status).toBe('withdrawn');
    const r = await api.pay(customer, created.body.qr);
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('mpm_request_closed');
    expect((await customer.wallet()).totalYen).toBe(5000);
  });

  it('R28: When a paid request is withdrawn, then 409 mpm_request_closed and the payment stands', async () => {
    const customer = await customerWithYen(t, 5000);
    const created = await api.create(till, { amountYen: 900 });
    const paid = await api.pay(customer, created.body.qr);
    expect(paid.status).toBe(201);
    const w = await api.withdraw(till, created.body.requestId);
    expect(w.status).toBe(409);
    expect(w.body.error).toMatchObject({ code: 'mpm_request_closed', status: 'paid', paymentId: paid.body.paymentId });
    expect((await api.status(till, created.body.requestId)).body.status).toBe('paid');
    expect((await customer.wallet()).totalYen).toBe(4100);
  });

  it('R28: When the terminal waits on a request and the customer pays, then the wait answers paid with the payment; waitMs=0 answers at once', async () => {
    const customer = await customerWithYen(t, 5000);
    const created = await api.create(till, { amountYen: 1500 });
    expect((await api.status(till, created.body.requestId, { waitMs: 0 })).body.status).toBe('pending');
    const waiting = api.status(till, created.body.requestId, { waitMs: 20_000 });
    const paid = await api.pay(customer, created.body.qr);
    const seen = await waiting;
    expect(seen.status).toBe(200);
    expect(seen.body).toMatchObject({ status: 'paid', paymentId: paid.body.paymentId, payment: { amountYen: 1500 } });
  });

  it('R28: When the terminal waits and the cashier withdraws on another register, then the wait answers withdrawn', async () => {
    const created = await api.create(till, { amountYen: 1500 });
    const waiting = api.status(till, created.body.requestId, { waitMs: 20_000 });
    expect((await api.withdraw(secondTill, created.body.requestId)).status).toBe(200);
    expect((await waiting).body.status).toBe('withdrawn');
  });

  it('R28: When another shop\'s terminal or a customer asks for a request, then it is not theirs to see (404 / 401)', async () => {
    const customer = await customerWithYen(t, 5000);
    const created = await api.create(till, { amountYen: 400 });
    const paid = await api.pay(customer, created.body.qr);
    expect(paid.status).toBe(201);
    expect((await api.status(otherTill, created.body.requestId)).status).toBe(404);
    expect((await api.withdraw(otherTill, created.body.requestId)).status).toBe(404);
    const asCustomer = await t.call('GET', `/v1/mpm/requests/${created.body.requestId}`, { token: customer.customerToken });
    expect(asCustomer.status).toBe(401);
    // Another customer reading the same QR learns the shop, the amount and the status — nothing of who paid.
    const stranger = await customerWithYen(t, 0, 'Taro');
    const preview = await api.preview(stranger, created.body.qr);
    expect(preview.body).toEqual({ kind: 'dynamic', merchantName: 'くまがや珈琲店', amountYen: 400, expiresAt: created.body.expiresAt, status: 'paid' });
  });

  it('R8/R28: When the wallet is short, then 402 insufficient_funds like a CPM payment, nothing moves, and the request can still be paid', async () => {
    const customer = await customerWithYen(t, 300);
    const created = await api.create(till, { amountYen: 1000 });
    const r = await api.pay(customer, created.body.qr);
    expect(r.status).toBe(402);
    expect(r.body.error).toMatchObject({ code: 'insufficient_funds', eligibleYen: 300 });
    expect((await customer.wallet()).totalYen).toBe(300);
    expect((await api.status(till, created.body.requestId)).body.status).toBe('pending');
    const rich = await customerWithYen(t, 2000, 'Jiro');
    expect((await api.pay(rich, created.body.qr)).status).toBe(201);
  });

  it('R28: When the customer sends an amount with a dynamic QR, then it must be the request\'s own (else 400); a points request takes no yen', async () => {
    const customer = await customerWithYen(t, 5000);
    const created = await api.create(till, { amountYen: 600 });
    const wrong = await api.pay(customer, created.body.qr, { amountYen: 60 });
    expect(wrong.status).toBe(400);
    expect((await customer.wallet()).totalYen).toBe(5000);
    expect((await api.pay(customer, created.body.qr, { amountYen: 600 })).status).toBe(201);
    const pointsRequest = await api.create(kumapoTill, { points: 10 });
    expect((await api.pay(customer, pointsRequest.body.qr, { amountYen: 10 })).status).toBe(400);
  });

  it('Idempotency (R28): When the customer re-sends the same payment, then the first answer comes back and the wallet pays once; another body or another wallet with that id is idempotency_conflict', async () => {
    const customer = await customerWithYen(t, 5000);
    const created = await api.create(till, { amountYen: 800 });
    const clientTxnId = randomUUID();
    const first = await api.pay(customer, created.body.qr, { clientTxnId });
    const second = await api.pay(customer, created.body.qr, { clientTxnId });
    expect(first.status).toBe(201);
    expect(second).toEqual(first);
    expect((await customer.wallet()).totalYen).toBe(4200);
    const other = await api.create(till, { amountYen: 800 });
    expect((await api.pay(customer, other.body.qr, { clientTxnId })).body.error.code).toBe('idempotency_conflict');
    const stranger = await customerWithYen(t, 5000, 'Taro');
    expect((await api.pay(stranger, created.body.qr, { clientTxnId })).body.error.code).toBe('idempotency_conflict');
    expect((await stranger.wallet()).totalYen).toBe(5000);
  });

  it('Idempotency (R28): When the terminal re-sends a request creation, then it gets the same request and QR back; another body with that id is idempotency_conflict', async () => {
    const clientTxnId = randomUUID();
    const first = await api.create(till, { clientTxnId, amountYen: 2000 });
    const again = await api.create(till, { clientTxnId, amountYen: 2000 });
    expect(again).toEqual(first);
    expect((await api.create(till, { clientTxnId, amountYen: 2001 })).body.error.code).toBe('idempotency_conflict');
  });

  it('R28/R23: When the customer pays a 50 pt request at a KumaPo store, then the points move (not yen), the terminal sees the spend, and the shop gets a points notice', async () => {
    const customer = await customerWithYen(t, 1000);
    await givePoints(t, customer, 120, nowIso());
    const start = await api.notices(kumapoTill);
    const created = await api.create(kumapoTill, { points: 50 });
    const preview = await api.preview(customer, created.body.qr);
    expect(preview.body).toMatchObject({ kind: 'dynamic', merchantName: '森の工房', points: 50, status: 'pending' });
    const paid = await api.pay(customer, created.body.qr);
    expect(paid.status).toBe(201);
    expect(paid.body).toMatchObject({ kind: 'dynamic', points: 50, pointsAfter: 70 });
    expect(paid.body.spendId).toBeDefined();
    expect((await customer.wallet()).totalYen).toBe(1000);
    const mine = await t.call<{ points: number }>('GET', '/v1/customer/points', { token: customer.customerToken });
    expect(mine.body.points).toBe(70);
    expect((await api.status(kumapoTill, created.body.requestId)).body).toMatchObject({ status: 'paid', spendId: paid.body.spendId, pointsAfter: 70, points: 50 });
    const notices = await api.notices(kumapoTill, { after: start.body.cursor });
    expect(notices.body.notices).toEqual([expect.objectContaining({ kind: 'mpm_points', source: 'dynamic', terminalId: kumapoTill.terminalId, requestId: created.body.requestId, spendId: paid.body.spendId, paymentId: null, points: 50 })]);
    // Short of points: R23's refusal, and the request stays payable.
    const poor = await customerWithYen(t, 0, 'Taro');
    const again = await api.create(kumapoTill, { points: 50 });
    const refused = await api.pay(poor, again.body.qr);
    expect(refused.status).toBe(402);
    expect(refused.body.error.code).toBe('points_insufficient');
    expect((await api.status(kumapoTill, again.body.requestId)).body.status).toBe('pending');
  });

  it('R28 static: When a customer pays ¥800 by a register\'s printed QR, then every register of the shop is told (入金通知) with the paying register, the payment counts in that register\'s day, and another shop hears nothing', async () => {
    const customer = await customerWithYen(t, 5000);
    const printed = await api.staticQr(till);
    expect(printed.status).toBe(200);
    expect(printed.body.merchantName).toBe('くまがや珈琲店');
    expect(printed.body.qr.length).toBeLessThanOrEqual(LIMITS.mpmQrLengthMax);
    const preview = await api.preview(customer, printed.body.qr);
    expect(preview.body).toEqual({ kind: 'static', merchantName: 'くまがや珈琲店' });
    const cursors = { till: (await api.notices(till)).body.cursor, second: (await api.notices(secondTill)).body.cursor, other: (await api.notices(otherTill)).body.cursor };

    const noAmount = await api.pay(customer, printed.body.qr);
    expect(noAmount.status).toBe(400);
    const paid = await api.pay(customer, printed.body.qr, { amountYen: 800 });
    expect(paid.status).toBe(201);
    expect(paid.body).toMatchObject({ kind: 'static', merchantName: 'くまがや珈琲店', amountYen: 800, totalYenAfter: 4200 });

    const expected = expect.objectContaining({ kind: 'mpm_payment', source: 'static', terminalId: till.terminalId, requestId: null, paymentId: paid.body.paymentId, spendId: null, amountYen: 800 });
    const seenHere = await api.notices(till, { after: cursors.till });
    const seenThere = await api.notices(secondTill, { after: cursors.second });
    expect(seenHere.body.notices).toEqual([expected]);
    expect(seenThere.body.notices).toEqual([expected]);
    expect(seenHere.body.cursor).toBe(cursors.till + 1);
    expect(seenHere.body.more).toBe(false);
    const elsewhere = await api.notices(otherTill, { after: cursors.other });
    expect(elsewhere.body).toEqual({ notices: [], cursor: cursors.other, more: false });

    const txns = await till.transactions('cashier', DAY);
    expect(txns.body.transactions.find((x) => x.id === paid.body.paymentId)).toMatchObject({ type: 'payment', method: 'mpm', amountYen: 800 });
    const secondTxns = await secondTill.transactions('cashier', DAY);
    expect(secondTxns.body.transactions.find((x) => x.id === paid.body.paymentId)).toBeUndefined();
  });

  it('R28: When a register was not polling while two payments came in, then asking after its last cursor gives both, in order; after beyond the last gives none; no cursor starts from now', async () => {
    const customer = await customerWithYen(t, 5000);
    const printed = await api.staticQr(secondTill);
    const last = (await api.notices(till)).body.cursor;
    const a = await api.pay(customer, printed.body.qr, { amountYen: 100 });
    const created = await api.create(till, { amountYen: 200 });
    const b = await api.pay(customer, created.body.qr);
    const caught = await api.notices(till, { after: last });
    expect(caught.body.notices.map((n) => [n.seq, n.paymentId, n.source])).toEqual([
      [last + 1, a.body.paymentId, 'static'],
      [last + 2, b.body.paymentId, 'dynamic'],
    ]);
    expect(caught.body.cursor).toBe(last + 2);
    // Page by page: after the first, only the second.
    expect((await api.notices(till, { after: last + 1 })).body.notices.map((n) => n.paymentId)).toEqual([b.body.paymentId]);
    expect(await api.notices(till, { after: last + 2 })).toMatchObject({ status: 200, body: { notices: [], cursor: last + 2, more: false } });
    expect(await api.notices(till, { after: last + 50 })).toMatchObject({ status: 200, body: { notices: [], cursor: last + 2, more: false } });
    expect((await api.notices(till)).body).toEqual({ notices: [], cursor: last + 2, more: false });
  });

  it('R28: When a register waits for notices and a customer pays by the store QR, then the wait answers with the notice', async () => {
    const customer = await customerWithYen(t, 5000);
    const printed = await api.staticQr(till);
    const cursor = (await api.notices(secondTill)).body.cursor;
    const waiting = api.notices(secondTill, { after: cursor, waitMs: 20_000 });
    const paid = await api.pay(customer, printed.body.qr, { amountYen: 350 });
    const seen = await waiting;
    expect(seen.body.notices.map((n) => n.paymentId)).toEqual([paid.body.paymentId]);
  });

  it('R28/R14–R17: When MPM payments are cancelled like CPM ones (the request\'s register; the store QR\'s register; another register of the shop), then the yen come back once', async () => {
    const customer = await customerWithYen(t, 5000);
    const created = await api.create(till, { amountYen: 1000 });
    const dynamic = await api.pay(customer, created.body.qr);
    const cancelled = await till.cancelPayment('manager', dynamic.body.paymentId!);
    expect(cancelled.status).toBe(200);
    expect((await customer.wallet()).totalYen).toBe(5000);
    expect((await till.cancelPayment('manager', dynamic.body.paymentId!)).body).toMatchObject({ error: { code: 'already_cancelled' } });
    // R31: a cashier needs a manager's approval, as for any payment.
    const printed = await api.staticQr(till);
    const byStatic = await api.pay(customer, printed.body.qr, { amountYen: 700 });
    expect((await till.cancelPayment('cashier', byStatic.body.paymentId!)).body).toMatchObject({ error: { code: 'approval_required' } });
    expect((await till.cancelPayment('cashier', byStatic.body.paymentId!, { approval: 'manager' })).status).toBe(200);
    const another = await api.pay(customer, printed.body.qr, { amountYen: 300 });
    expect((await secondTill.cancelPayment('manager', another.body.paymentId!)).status).toBe(200);
    expect((await otherTill.cancelPayment('manager', another.body.paymentId!)).status).toBe(404);
    expect((await customer.wallet()).totalYen).toBe(5000);
    const txns = await till.transactions('cashier', DAY);
    expect(txns.body.transactions.find((x) => x.id === dynamic.body.paymentId)).toMatchObject({ method: 'mpm', cancelled: true });
  });

  it('R28: When the register that owns a store QR is revoked, then its printed QR no longer pays', async () => {
    const customer = await customerWithYen(t, 5000);
    const doomed = await t.terminal(shop);
    const printed = await api.staticQr(doomed);
    expect((await t.admin(`/v1/admin/terminals/${doomed.terminalId}/revoke`, {})).status).toBe(200);
    const r = await api.pay(customer, printed.body.qr, { amountYen: 100 });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('token_invalid');
    expect((await customer.wallet()).totalYen).toBe(5000);
  });

  it('R28: When a request carries the sale\'s short number, then the payment the customer makes has it (slip, search)', async () => {
    const customer = await customerWithYen(t, 5000);
    const shortNo = till.shortNo(4242);
    const created = await api.create(till, { amountYen: 450, shortNo });
    const paid = await api.pay(customer, created.body.qr);
    expect((await api.status(till, created.body.requestId)).body.payment).toMatchObject({ shortNo });
    const found = await till.searchTransactions('cashier', shortNo);
    expect(found.body.transactions.map((x) => x.id)).toContain(paid.body.paymentId);
    expect((await api.create(till, { amountYen: 450, shortNo: secondTill.shortNo(1) })).status).toBe(400);
  });

  // Runs last: it rotates the backend's keys and moves the clock days on.
  it('R28: When the signing keys are rotated and days pass, then a printed store QR still pays (a shop cannot re-print at every rotation); once the key is revoked after a leak, it does not', async () => {
    const register = await t.terminal(shop);
    const printed = await api.staticQr(register);
    expect((await t.admin('/v1/admin/keys/rotate', {})).status).toBe(201);
    await advance(4 * 24 * 60 * 60 * 1000);
    const customer = await customerWithYen(t, 5000);
    const paid = await api.pay(customer, printed.body.qr, { amountYen: 300 });
    expect(paid.status).toBe(201);
    expect((await customer.wallet()).totalYen).toBe(4700);

    expect((await t.admin('/v1/admin/keys/rotate', { revokePrevious: true })).status).toBe(201);
    const refused = await api.pay(customer, printed.body.qr, { amountYen: 300 });
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('token_invalid');
    expect((await customer.wallet()).totalYen).toBe(4700);
    // A fresh print from the register carries a live key and pays again.
    const reprinted = await api.staticQr(register);
    expect((await api.pay(customer, reprinted.body.qr, { amountYen: 300 })).status).toBe(201);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { LIMITS } from '../../../../common/limits';
import { terminalBusinessDayAt } from '../../../../common/business-day';
import { businessDayOf } from '../../../../common/time';
import { closesOf } from '../../usecases/day-closes';
import { TestBackend } from '../../testing/harness';
import { endOfJstDay, pointsApi } from '../../testing/points-harness';
import { STORE_KINDS } from '../../testing/stores';

/** R23 KumaPo points through HTTP: events, transfers, spends and their cancels, the store flag. */

const CAP = LIMITS.pointsWalletMax;

describe.each(STORE_KINDS)('KumaPo points through HTTP on %s', (kind) => {
  let t: TestBackend;
  let p: ReturnType<typeof pointsApi>;
  let shop: string;
  let plainShop: string;
  let till: Awaited<ReturnType<TestBackend['terminal']>>;
  beforeAll(async () => {
    t = await TestBackend.start(kind);
    p = pointsApi(t);
    await t.setClock('2024-06-01T10:00:00+09:00');
    shop = await p.kumapoShop('熊谷市民体験工房');
    plainShop = await t.merchant('熊谷うどん');
    till = await t.terminal(shop);
  });
  afterAll(async () => {
    expect(await t.ledgerDifferences()).toEqual([]);
    await t.stop();
  });

  describe('the KumaPo store flag', () => {
    it('R23: When an operator makes a merchant a KumaPo store and back, then the list, the enrollment answer and the online contact say so', async () => {
      const list = async () => (await t.call<{ items: { id: string; kumapoStore?: boolean }[] }>('GET', '/v1/admin/merchants?limit=500', { token: t.adminToken })).body.items;
      expect((await list()).find((m) => m.id === shop)?.kumapoStore).toBe(true);
      expect((await list()).find((m) => m.id === plainShop)?.kumapoStore).toBe(false);

      const created = await t.admin<{ id: string; enrollmentCode: string }>('/v1/admin/terminals', { merchantId: shop, name: 'till K' });
      const enrolled = await t.call<{ kumapoStore?: boolean; terminalToken: string }>('POST', '/v1/terminals/enroll', { body: { enrollmentCode: created.body.enrollmentCode } });
      expect(enrolled.body.kumapoStore).toBe(true);
      const contact = async () => (await t.call<{ kumapoStore?: boolean }>('GET', '/v1/terminal/keys', { token: enrolled.body.terminalToken })).body.kumapoStore;
      expect(await contact()).toBe(true);

      const off = await t.admin<{ kumapoStore?: boolean }>(`/v1/admin/merchants/${shop}`, { kumapoStore: false }, 'PATCH');
      expect(off.body.kumapoStore).toBe(false);
      expect(await contact()).toBe(false);
      expect((await list()).find((m) => m.id === shop)?.kumapoStore).toBe(false);
      expect((await t.admin<{ kumapoStore?: boolean }>(`/v1/admin/merchants/${shop}`, { kumapoStore: true }, 'PATCH')).body.kumapoStore).toBe(true);
      expect(await contact()).toBe(true);
    });
  });

  describe('event QRs', () => {
    it('R23: When an event is created, then its code is a KPE1 QR text answered once, and the list shows it with its claims', async () => {
      await t.setClock('2024-06-01T10:00:00+09:00');
      const r = await p.createEvent({ name: '熊谷うちわ祭り', points: 100 });
      expect(r.status).toBe(201);
      expect(r.body.code).toMatch(/^KPE1\.[A-Za-z0-9_-]{22}$/);
      const customer = await t.customer();
      expect((await p.claim(customer.customerToken, r.body.code)).status).toBe(201);
      const listed = (await p.events()).body.items.find((e) => e.id === r.body.id);
      expect(listed).toMatchObject({ name: '熊谷うちわ祭り', points: 100, rule: 'once', claims: 1 });
      // Only a hash is stored: no column holds the code.
      const row = await t.backend.deps.store.read.selectFrom('point_events').selectAll().where('id', '=', r.body.id).executeTakeFirstOrThrow();
      expect(JSON.stringify(row)).not.toContain(r.body.code.slice(5));
    });

    it('R23: When an event is asked for with a period ending before it starts, no points, or an unknown rule, then 400 invalid_request and no event exists', async () => {
      const before = (await p.events()).body.items.length;
      for (const body of [
        { name: 'x', points: 10, rule: 'once', from: '2024-07-01T00:00:00+09:00', to: '2024-06-01T00:00:00+09:00' },
        { name: 'x', points: 0, rule: 'once', from: '2024-06-01T00:00:00+09:00', to: '2024-07-01T00:00:00+09:00' },
        { name: 'x', points: 1.5, rule: 'once', from: '2024-06-01T00:00:00+09:00', to: '2024-07-01T00:00:00+09:00' },
        { name: 'x', points: 10, rule: 'weekly', from: '2024-06-01T00:00:00+09:00', to: '2024-07-01T00:00:00+09:00' },
        { name: '', points: 10, rule: 'once', from: '2024-06-01T00:00:00+09:00', to: '2024-07-01T00:00:00+09:00' },
      ]) {
        const r = await t.admin('/v1/admin/point-events', body);
        expect(r.status, JSON.stringify(body)).toBe(400);
        expect(r.body).toMatchObject({ error: { code: 'invalid_request' } });
      }
      expect((await p.events()).body.items.length).toBe(before);
    });

    it('R23: When a once-event is claimed, then its points arrive with a one-year expiry (end of the JST day); a second claim, even days later, is points_already_claimed and credits nothing', async () => {
      await t.setClock('2024-06-01T10:00:00+09:00');
      const { code } = await p.event({ name: '秩父鉄道フェア', points: 150 });
      const customer = await t.customer();
      const first = await p.claim(customer.customerToken, code);
      expect(first.status).toBe(201);
      expect(first.body).toEqual({ points: 150, pointsAfter: 150, eventName: '秩父鉄道フェア', expiresAt: endOfJstDay('2025-06-01') });
      const again = await p.claim(customer.customerToken, code);
      expect(again.status).toBe(409);
      expect(again.body).toMatchObject({ error: { code: 'points_already_claimed' } });
      await t.setClock('2024-06-05T10:00:00+09:00');
      expect((await p.claim(customer.customerToken, code)).body).toMatchObject({ error: { code: 'points_already_claimed' } });
      expect(await p.points(customer.customerToken)).toEqual({ points: 150, expiresAt: endOfJstDay('2025-06-01') });
      const history = await p.history(customer.customerToken);
      expect(history).toEqual([expect.objectContaining({ type: 'claim', points: 150, name: '秩父鉄道フェア', cancelled: false })]);
      // Another customer still may.
      expect((await p.claim((await t.customer()).customerToken, code)).status).toBe(201);
    });

    it('R23: When a daily event is claimed twice on one JST day, then the second is points_already_claimed; after JST midnight it credits again', async () => {
      await t.setClock('2024-06-01T23:30:00+09:00');
      const { code } = await p.event({ name: 'ラジオ体操', points: 10, rule: 'daily' });
      const customer = await t.customer();
      expect((await p.claim(customer.customerToken, code)).status).toBe(201);
      await t.setClock('2024-06-01T23:59:50+09:00');
      expect((await p.claim(customer.customerToken, code)).body).toMatchObject({ error: { code: 'points_already_claimed' } });
      // 00:00 JST is 15:00 UTC: the day is Japan's, whatever the server's zone.
      await t.setClock('2024-06-02T00:00:00+09:00');
      const next = await p.claim(customer.customerToken, code);
      expect(next.status).toBe(201);
      expect(next.body).toMatchObject({ points: 10, pointsAfter: 20, expiresAt: endOfJstDay('2025-06-02') });
      expect((await p.points(customer.customerToken)).points).toBe(20);
    });

    it('R23: When an event is claimed before its period or after it, then 409 points_event_inactive and nothing is credited; inside it, it credits', async () => {
      const { code } = await p.event({ name: '期間限定', points: 30, from: '2024-07-01T00:00:00+09:00', to: '2024-07-31T23:59:59+09:00' });
      const customer = await t.customer();
      await t.setClock('2024-06-30T23:59:59+09:00');
      const early = await p.claim(customer.customerToken, code);
      expect(early.status).toBe(409);
      expect(early.body).toMatchObject({ error: { code: 'points_event_inactive' } });
      await t.setClock('2024-08-01T00:00:00+09:00');
      expect((await p.claim(customer.customerToken, code)).body).toMatchObject({ error: { code: 'points_event_inactive' } });
      expect(await p.points(customer.customerToken)).toEqual({ points: 0, expiresAt: null });
      expect(await p.history(customer.customerToken)).toEqual([]);
      await t.setClock('2024-07-31T12:00:00+09:00');
      expect((await p.claim(customer.customerToken, code)).status).toBe(201);
    });

    it('R23: When a code is unknown, malformed or not a string, then a contract-shaped 4xx and nothing is credited', async () => {
      await t.setClock('2024-06-01T10:00:00+09:00');
      const customer = await t.customer();
      expect((await p.claim(customer.customerToken, 'KPE1.AAAAAAAAAAAAAAAAAAAAAA')).body).toMatchObject({ error: { code: 'not_found' } });
      expect((await p.claim(customer.customerToken, 'KPG-ABCDEFGHJKMNPQRS')).body).toMatchObject({ error: { code: 'not_found' } });
      const wrongType = await t.call('POST', '/v1/customer/points/claim', { token: customer.customerToken, body: { code: 12 } });
      expect(wrongType.status).toBe(400);
      expect((await t.call('POST', '/v1/customer/points/claim', { body: { code: 'KPE1.x' } })).status).toBe(401);
      expect(await p.points(customer.customerToken)).toEqual({ points: 0, expiresAt: null });
    });

    it('R23: When a claim would pass the 9,999,999 cap, then 409 points_cap_exceeded, nothing is credited, and the claim is not used up', async () => {
      await t.setClock('2024-06-01T10:00:00+09:00');
      const customer = await t.customer();
      await p.fund(customer.customerToken, CAP - 50);
      const event = await p.event({ name: '大きなイベント', points: 100 });
      const r = await p.claim(customer.customerToken, event.code);
      expect(r.status).toBe(409);
      expect(r.body).toMatchObject({ error: { code: 'points_cap_exceeded' } });
      expect((await p.points(customer.customerToken)).points).toBe(CAP - 50);
      expect((await p.events()).body.items.find((e) => e.id === event.id)?.claims).toBe(0);
      expect((await p.history(customer.customerToken)).length).toBe(1);
    });
  });

  describe('expiry (R23: one year after the last activity, end of that JST day)', () => {
    it('R23: When a wallet has points activity, then each one rolls the expiry; a read after the lapse shows 0 and the history an expiry of the whole balance', async () => {
      await t.setClock('2024-06-01T00:10:00+09:00');
      const customer = await t.customer();
      await p.fund(customer.customerToken, 300);
      expect((await p.points(customer.customerToken)).expiresAt).toBe(endOfJstDay('2025-06-01'));
      await t.setClock('2024-09-10T18:00:00+09:00');
      const septemberTill = await t.terminal(shop);
      const spent = await p.spend(septemberTill, 'cashier', 100, await customer.cpm());
      expect(spent.body.pointsExpiresAt).toBe(endOfJstDay('2025-09-10'));
      await t.setClock('2025-09-10T23:59:50+09:00');
      expect(await p.points(customer.customerToken)).toEqual({ points: 200, expiresAt: endOfJstDay('2025-09-10') });
      await t.setClock('2025-09-11T00:00:00+09:00');
      expect(await p.points(customer.customerToken)).toEqual({ points: 0, expiresAt: null });
      const history = await p.history(customer.customerToken);
      expect(history[0]).toMatchObject({ type: 'expiry', points: -200, name: null });
      expect(history.filter((h) => h.type === 'expiry')).toHaveLength(1);
      // Points that lapsed cannot be spent.
      const late = await p.spend(await t.terminal(shop), 'cashier', 1, await customer.cpm());
      expect(late.status).toBe(402);
      expect(late.body).toMatchObject({ error: { code: 'points_insufficient' } });
    });

    it('R23: When points arrive by transfer or go back by a cancel, then the expiry rolls for both wallets of the move', async () => {
      await t.setClock('2024-06-01T10:00:00+09:00');
      const a = await t.customer('A');
      const b = await t.customer('B');
      await p.fund(a.customerToken, 500);
      await p.fund(b.customerToken, 10);
      await t.setClock('2024-08-15T12:00:00+09:00');
      const qr = await p.receiveQr(b.customerToken);
      const sent = await p.transfer(a.customerToken, qr.qr, 100);
      expect(sent.body.expiresAt).toBe(endOfJstDay('2025-08-15'));
      expect((await p.points(b.customerToken)).expiresAt).toBe(endOfJstDay('2025-08-15'));
      const spend = await p.spend(await t.terminal(shop), 'cashier', 50, await a.cpm());
      await t.setClock('2024-08-20T12:00:00+09:00');
      const cancel = await p.cancelSpend(await t.terminal(shop), 'manager', spend.body.spendId);
      expect(cancel.status).toBe(200);
      expect(await p.points(a.customerToken)).toEqual({ points: 400, expiresAt: endOfJstDay('2025-08-20') });
    });
  });

  describe('transfers (receive-QR)', () => {
    it('R23: When B shows a receive-QR and A sends, then the points move once; the same QR again is token_used; a replay of the request answers the same and moves nothing', async () => {
      await t.setClock('2024-06-01T10:00:00+09:00');
      const a = await t.customer('A');
      const b = await t.customer('B');
      await p.fund(a.customerToken, 500);
      const qr = await p.receiveQr(b.customerToken);
      expect(qr.qr).toMatch(/^KPR1\./);
      expect(qr.qr.length).toBeLessThanOrEqual(LIMITS.pointsReceiveQrLengthMax);
      expect(qr.expiresAt).toBe('2024-06-01T01:05:00.000Z');
      const clientTxnId = randomUUID();
      const sent = await p.transfer(a.customerToken, qr.qr, 200, clientTxnId);
      expect(sent.status).toBe(201);
      expect(sent.body).toMatchObject({ points: 200, pointsAfter: 300, expiresAt: endOfJstDay('2025-06-01') });
      const replay = await p.transfer(a.customerToken, qr.qr, 200, clientTxnId);
      expect(replay).toEqual(sent);
      const conflict = await p.transfer(a.customerToken, qr.qr, 201, clientTxnId);
      expect(conflict.status).toBe(409);
      expect(conflict.body).toMatchObject({ error: { code: 'idempotency_conflict' } });
      const reused = await p.transfer(a.customerToken, qr.qr, 10);
      expect(reused.status).toBe(409);
      expect(reused.body).toMatchObject({ error: { code: 'token_used' } });
      expect((await p.points(a.customerToken)).points).toBe(300);
      expect((await p.points(b.customerToken)).points).toBe(200);
      expect((await p.history(a.customerToken))[0]).toMatchObject({ type: 'transfer_out', points: -200, name: null });
      expect((await p.history(b.customerToken))[0]).toMatchObject({ type: 'transfer_in', points: 200, name: null });
      // B's clientTxnId space is B's: the same id from another wallet is a conflict, not A's answer.
      const other = await p.transfer(b.customerToken, (await p.receiveQr(a.customerToken)).qr, 1, clientTxnId);
      expect(other.body).toMatchObject({ error: { code: 'idempotency_conflict' } });
    });

    it('R23: When a receive-QR is older than 5 minutes, forged, garbage or the sender\'s own, then it is refused (token_expired, token_invalid, invalid_request) and nothing moves', async () => {
      await t.setClock('2024-06-01T10:00:00+09:00');
      const a = await t.customer('A');
      const b = await t.customer('B');
      const c = await t.customer('C');
      await p.fund(a.customerToken, 500);
      const qr = (await p.receiveQr(b.customerToken)).qr;
      await t.setClock('2024-06-01T10:05:00+09:00');
      const expired = await p.transfer(a.customerToken, qr, 10);
      expect(expired.status).toBe(400);
      expect(expired.body).toMatchObject({ error: { code: 'token_expired' } });
      await t.setClock('2024-06-01T10:04:59+09:00');
      const fresh = (await p.receiveQr(b.customerToken)).qr;
      // The receiving wallet swapped for C's: the signature no longer matches.
      const parts = fresh.split('.');
      parts[2] = c.walletId;
      const forged = await p.transfer(a.customerToken, parts.join('.'), 10);
      expect(forged.status).toBe(400);
      expect(forged.body).toMatchObject({ error: { code: 'token_invalid' } });
      for (const text of ['hello', `${fresh}x`, fresh.replace('KPR1', 'KPR2'), 'KPR1.' + 'a.'.repeat(150)]) {
        expect((await p.transfer(a.customerToken, text, 10)).body, text).toMatchObject({ error: { code: 'token_invalid' } });
      }
      const self = await p.transfer(a.customerToken, (await p.receiveQr(a.customerToken)).qr, 10);
      expect(self.status).toBe(400);
      expect(self.body).toMatchObject({ error: { code: 'invalid_request' } });
      expect((await p.points(a.customerToken)).points).toBe(500);
      expect((await p.points(b.customerToken)).points).toBe(0);
      expect((await p.points(c.customerToken)).points).toBe(0);
      // The genuine QR still works: the refusals used nothing up.
      expect((await p.transfer(a.customerToken, fresh, 10)).status).toBe(201);
    });

    it('R23: When the sender has too few points or the receiver would pass the cap, then 402 points_insufficient / 409 points_cap_exceeded and nothing moves', async () => {
      await t.setClock('2024-06-01T10:00:00+09:00');
      const a = await t.customer('A');
      const b = await t.customer('B');
      await p.fund(a.customerToken, 300);
      await p.fund(b.customerToken, CAP - 100);
      const qr = (await p.receiveQr(b.customerToken)).qr;
      const short = await p.transfer(a.customerToken, qr, 301);
      expect(short.status).toBe(402);
      expect(short.body).toMatchObject({ error: { code: 'points_insufficient' } });
      const over = await p.transfer(a.customerToken, qr, 101);
      expect(over.status).toBe(409);
      expect(over.body).toMatchObject({ error: { code: 'points_cap_exceeded' } });
      expect((await p.points(a.customerToken)).points).toBe(300);
      expect((await p.points(b.customerToken)).points).toBe(CAP - 100);
      const upTo = await p.transfer(a.customerToken, qr, 100);
      expect(upTo.status).toBe(201);
      expect((await p.points(b.customerToken)).points).toBe(CAP);
    });

    it('R23: When a transfer body is malformed (no points, fractions, no clientTxnId, an overlong QR), then 400 invalid_request and nothing moves', async () => {
      await t.setClock('2024-06-01T10:00:00+09:00');
      const a = await t.customer('A');
      const b = await t.customer('B');
      await p.fund(a.customerToken, 100);
      const qr = (await p.receiveQr(b.customerToken)).qr;
      for (const body of [
        { clientTxnId: randomUUID(), to: qr, points: 0 },
        { clientTxnId: randomUUID(), to: qr, points: -5 },
        { clientTxnId: randomUUID(), to: qr, points: 2.5 },
        { clientTxnId: randomUUID(), to: qr, points: '10' },
        { to: qr, points: 10 },
        { clientTxnId: 'not-a-uuid', to: qr, points: 10 },
        { clientTxnId: randomUUID(), to: 'x'.repeat(5000), points: 10 },
      ]) {
        const r = await t.call('POST', '/v1/customer/points/transfer', { token: a.customerToken, body });
        expect(r.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      }
      expect((await p.points(a.customerToken)).points).toBe(100);
      expect((await p.points(b.customerToken)).points).toBe(0);
    });
  });

  describe('spends at a KumaPo store (terminal)', () => {
    it('R23: When a cashier reads the app QR and keys 120 points, then they are spent, named by the store in the history, and the answer carries the short number', async () => {
      await t.setClock('2024-06-01T10:00:00+09:00');
      const customer = await t.customer();
      await p.fund(customer.customerToken, 500);
      const r = await p.spend(till, 'cashier', 120, await customer.cpm(), { shortNo: till.shortNo(7) });
      expect(r.status).toBe(201);
      expect(r.body).toMatchObject({ points: 120, pointsAfter: 380, pointsExpiresAt: endOfJstDay('2025-06-01'), shortNo: till.shortNo(7) });
      expect(businessDayOf(Date.parse(r.body.occurredAt))).toBe('2024-06-01');
      expect((await p.points(customer.customerToken)).points).toBe(380);
      expect((await p.history(customer.customerToken))[0]).toMatchObject({ type: 'spend', points: -120, name: '熊谷市民体験工房', cancelled: false });
    });

    it('R23: When the whole balance is spent, then pointsExpiresAt is null (nothing left to lapse)', async () => {
      await t.setClock('2024-06-01T10:00:00+09:00');
      const customer = await t.customer();
      await p.fund(customer.customerToken, 40);
      const r = await p.spend(till, 'manager', 40, await customer.cpm());
      expect(r.body).toMatchObject({ pointsAfter: 0, pointsExpiresAt: null });
      expect(await p.points(customer.customerToken)).toEqual({ points: 0, expiresAt: null });
    });

    it('R23: When points are spent at a shop that is not a KumaPo store, then 403 not_kumapo_store and nothing moves', async () => {
      await t.setClock('2024-06-01T10:00:00+09:00');
      const plainTill = await t.terminal(plainShop);
      const customer = await t.customer();
      await p.fund(customer.customerToken, 500);
      const r = await p.spend(plainTill, 'cashier', 100, await customer.cpm());
      expect(r.status).toBe(403);
      expect(r.body).toMatchObject({ error: { code: 'not_kumapo_store' } });
      expect((await p.points(customer.customerToken)).points).toBe(500);
    });

    it('R23: When a card is offered for points, then 400 wallet_not_app (cards hold no points)', async () => {
      const card = await t.card();
      const r = await p.spend(till, 'cashier', 10, card.credential);
      expect(r.status).toBe(400);
      expect(r.body).toMatchObject({ error: { code: 'wallet_not_app' } });
    });

    it('R22/R23: When one app QR pays points, then it is used up: a second spend or a yen payment with it is token_used and moves nothing', async () => {
      await t.setClock('2024-06-01T10:00:00+09:00');
      const customer = await t.customer();
      await p.fund(customer.customerToken, 500);
      await t.seedLot(customer.walletId, { kind: 'charge', amountYen: 5000, expiresAt: '2099-12-31T23:59:59.999+09:00' });
      const cpm = await customer.cpm();
      expect((await p.spend(till, 'cashier', 100, cpm)).status).toBe(201);
      const again = await p.spend(till, 'cashier', 100, cpm);
      expect(again.status).toBe(409);
      expect(again.body).toMatchObject({ error: { code: 'token_used' } });
      const payment = await till.pay('cashier', 1000, cpm);
      expect(payment.status).toBe(409);
      expect(payment.body).toMatchObject({ error: { code: 'token_used' } });
      expect((await p.points(customer.customerToken)).points).toBe(400);
      expect((await customer.wallet()).totalYen).toBe(5000);
    });

    it('R22/R23: When an app QR paid yen first, then a points spend with it is token_used', async () => {
      await t.setClock('2024-06-01T10:00:00+09:00');
      const customer = await t.customer();
      await p.fund(customer.customerToken, 500);
      await t.seedLot(customer.walletId, { kind: 'charge', amountYen: 5000, expiresAt: '2099-12-31T23:59:59.999+09:00' });
      const cpm = await customer.cpm();
      expect((await till.pay('cashier', 1000, cpm)).status).toBe(201);
      expect((await p.spend(till, 'cashier', 100, cpm)).body).toMatchObject({ error: { code: 'token_used' } });
      expect((await p.points(customer.customerToken)).points).toBe(500);
    });

    it('R23: When more points are keyed than the wallet holds, then 402 points_insufficient, stored for the clientTxnId, and nothing moves', async () => {
      await t.setClock('2024-06-01T10:00:00+09:00');
      const customer = await t.customer();
      await p.fund(customer.customerToken, 50);
      const clientTxnId = randomUUID();
      const cpm = await customer.cpm();
      const r = await p.spend(till, 'cashier', 51, cpm, { clientTxnId });
      expect(r.status).toBe(402);
      expect(r.body).toMatchObject({ error: { code: 'points_insufficient', pointsAvailable: 50 } });
      await p.fund(customer.customerToken, 100);
      // The retry of the same request gets the first answer, not a surprise "yes".
      expect(await p.spend(till, 'cashier', 51, cpm, { clientTxnId })).toEqual(r);
      expect((await p.points(customer.customerToken)).points).toBe(150);
    });

    it('R23: When a spend is retried with the same clientTxnId, then the first answer comes back and nothing more is spent; a different body is idempotency_conflict', async () => {
      await t.setClock('2024-06-01T10:00:00+09:00');
      const customer = await t.customer();
      await p.fund(customer.customerToken, 500);
      const clientTxnId = randomUUID();
      const cpm = await customer.cpm();
      const first = await p.spend(till, 'cashier', 100, cpm, { clientTxnId });
      expect(await p.spend(till, 'cashier', 100, cpm, { clientTxnId })).toEqual(first);
      expect((await p.spend(till, 'cashier', 99, cpm, { clientTxnId })).body).toMatchObject({ error: { code: 'idempotency_conflict' } });
      expect((await p.points(customer.customerToken)).points).toBe(400);
      expect((await p.history(customer.customerToken)).filter((h) => h.type === 'spend')).toHaveLength(1);
    });

    it('R23: When support staff try to spend points, or the body is malformed, then a contract-shaped 4xx and nothing moves', async () => {
      await t.setClock('2024-06-01T10:00:00+09:00');
      const customer = await t.customer();
      await p.fund(customer.customerToken, 500);
      const cpm = await customer.cpm();
      const support = await p.spend(till, 'support', 10, cpm);
      expect(support.status).toBe(403);
      expect(support.body).toMatchObject({ error: { code: 'forbidden' } });
      for (const body of [
        { clientTxnId: randomUUID(), points: 0, credential: cpm },
        { clientTxnId: randomUUID(), points: CAP + 1, credential: cpm },
        { clientTxnId: randomUUID(), points: 1.5, credential: cpm },
        { clientTxnId: randomUUID(), points: 10 },
        { clientTxnId: randomUUID(), points: 10, credential: { type: 'cpm', token: 'garbage' } },
        { clientTxnId: randomUUID(), points: 10, credential: cpm, shortNo: '9999-000001' },
      ]) {
        const r = await t.call('POST', '/v1/points/spends', { ...till.as('cashier'), body });
        expect(r.status, JSON.stringify(body).slice(0, 120)).toBeGreaterThanOrEqual(400);
        expect(r.status).toBeLessThan(500);
      }
      expect((await p.points(customer.customerToken)).points).toBe(500);
      // The QR was never used up by the refusals.
      expect((await p.spend(till, 'cashier', 10, cpm)).status).toBe(201);
    });

    it('R30/R23: When the day was closed (精算) and a spend follows, then it belongs to the next business day', async () => {
      await t.setClock('2024-06-03T18:00:00+09:00');
      const dayTill = await t.terminal(shop);
      const customer = await t.customer();
      await p.fund(customer.customerToken, 100);
      expect((await dayTill.closeDay('manager', '2024-06-03')).status).toBe(201);
      const r = await p.spend(dayTill, 'cashier', 10, await customer.cpm());
      expect(r.status).toBe(201);
      const closes = await closesOf(t.backend.deps.store.read, dayTill.terminalId);
      expect(terminalBusinessDayAt(Date.parse(r.body.occurredAt), closes)).toBe('2024-06-04');
    });
  });

  describe('cancelling a spend (R14, R17, R31 as for payments)', () => {
    async function spent(points = 120) {
      const customer = await t.customer();
      await p.fund(customer.customerToken, 500);
      const r = await p.spend(till, 'cashier', points, await customer.cpm());
      expect(r.status).toBe(201);
      return { customer, spendId: r.body.spendId };
    }

    it('R23: When a manager cancels a spend within 8 days, then the points come back once, the history marks the spend cancelled, and a second cancel is already_cancelled', async () => {
      await t.setClock('2024-06-01T10:00:00+09:00');
      const { customer, spendId } = await spent();
      await t.setClock('2024-06-09T09:59:00+09:00');
      const laterTill = await t.terminal(shop);
      const clientTxnId = randomUUID();
      const r = await p.cancelSpend(laterTill, 'manager', spendId, { clientTxnId });
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ points: 120, pointsAfter: 500 });
      expect(await p.cancelSpend(laterTill, 'manager', spendId, { clientTxnId })).toEqual(r);
      const twice = await p.cancelSpend(laterTill, 'manager', spendId);
      expect(twice.status).toBe(409);
      expect(twice.body).toMatchObject({ error: { code: 'already_cancelled' } });
      expect((await p.points(customer.customerToken)).points).toBe(500);
      const history = await p.history(customer.customerToken);
      expect(history.find((h) => h.type === 'spend')).toMatchObject({ cancelled: true, points: -120 });
      expect(history.find((h) => h.type === 'cancelled_spend')).toMatchObject({ points: 120, name: '熊谷市民体験工房' });
    });

    it('R23/R14: When a spend is older than 8 days (192 hours), then cancel_window_closed and nothing moves', async () => {
      await t.setClock('2024-06-01T10:00:00+09:00');
      const { customer, spendId } = await spent();
      await t.setClock('2024-06-09T10:01:00+09:00');
      const r = await p.cancelSpend(await t.terminal(shop), 'manager', spendId);
      expect(r.status).toBe(409);
      expect(r.body).toMatchObject({ error: { code: 'cancel_window_closed' } });
      expect((await p.points(customer.customerToken)).points).toBe(380);
    });

    it('R31: When a cashier cancels a spend without a manager\'s approval, then 403 approval_required; with it, the cancel goes through; support may not at all', async () => {
      await t.setClock('2024-06-01T10:00:00+09:00');
      const { customer, spendId } = await spent();
      const without = await p.cancelSpend(till, 'cashier', spendId);
      expect(without.status).toBe(403);
      expect(without.body).toMatchObject({ error: { code: 'approval_required' } });
      const wrongPin = await p.cancelSpend(till, 'cashier', spendId, { approval: { staffCode: till.staffCodes.manager!, pin: '0000' } });
      expect(wrongPin.body).toMatchObject({ error: { code: 'approval_required', reason: 'invalid' } });
      expect((await p.cancelSpend(till, 'support', spendId, { approval: 'manager' })).body).toMatchObject({ error: { code: 'forbidden' } });
      expect((await p.points(customer.customerToken)).points).toBe(380);
      const approved = await p.cancelSpend(till, 'cashier', spendId, { approval: 'manager' });
      expect(approved.status).toBe(200);
      expect((await p.points(customer.customerToken)).points).toBe(500);
    });

    it('R23: When another merchant\'s terminal cancels the spend, then 404 not_found and nothing moves; a register of the same shop may', async () => {
      await t.setClock('2024-06-01T10:00:00+09:00');
      const { customer, spendId } = await spent();
      const otherShopTill = await t.terminal(await p.kumapoShop('別の店'));
      expect((await p.cancelSpend(otherShopTill, 'manager', spendId)).body).toMatchObject({ error: { code: 'not_found' } });
      expect((await p.points(customer.customerToken)).points).toBe(380);
      const secondRegister = await t.terminal(shop);
      expect((await p.cancelSpend(secondRegister, 'manager', spendId)).status).toBe(200);
    });

    it('R23: When the return of a cancelled spend would pass the cap, then points_cap_exceeded and nothing moves (the cap is per wallet, whatever the way in)', async () => {
      await t.setClock('2024-06-01T10:00:00+09:00');
      const { customer, spendId } = await spent(200);
      await p.fund(customer.customerToken, CAP - 300);
      const r = await p.cancelSpend(till, 'manager', spendId);
      expect(r.status).toBe(409);
      expect(r.body).toMatchObject({ error: { code: 'points_cap_exceeded' } });
      expect((await p.points(customer.customerToken)).points).toBe(CAP);
    });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { TestBackend } from '../../testing/harness';
import { STORE_KINDS } from '../../testing/stores';

describe.each(STORE_KINDS)('card migration and offline sync through HTTP on %s', (kind) => {
  let t: TestBackend;
  let shop: string;
  let cardShop: string;
  beforeAll(async () => {
    t = await TestBackend.start(kind);
    await t.setClock('2024-06-01T10:00:00+09:00');
    shop = await t.merchant('Shop', { chargePoint: true });
    cardShop = await t.merchant('Card-friendly shop', { offlineCardPayments: true });
  });
  afterAll(async () => {
    expect(await t.ledgerDifferences()).toEqual([]);
    await t.stop();
  });

  async function card(number: string, uid?: string) {
    const r = await t.admin<{ walletId: string }>('/v1/admin/cards', { cardNumber: number, ...(uid ? { nfcUid: uid } : {}) });
    return r.body.walletId;
  }

  it('R19: When support migrates a card, then every lot moves with its expiry, the card is retired, and a replay changes nothing', async () => {
    const till = await t.terminal(shop);
    const cardWallet = await card('KC0001', '04AABBCCDD');
    const campaign = await t.campaign('限定①', 'all');
    await t.seedLot(cardWallet, { kind: 'charge', amountYen: 4000, expiresAt: '2025-03-31T23:59:59.999+09:00' });
    await t.seedLot(cardWallet, { kind: 'limited', campaignId: campaign, amountYen: 1500, expiresAt: '2024-09-30T23:59:59.999+09:00' });
    const app = await t.customer('Taro');
    await t.seedLot(app.walletId, { kind: 'charge', amountYen: 48_000, expiresAt: '2026-01-31T23:59:59.999+09:00' });
    const body = { clientTxnId: randomUUID(), card: { nfcUid: '04aabbccdd' }, to: await app.cpm() };

    const cashier = await t.call('POST', '/v1/migrations', { ...till.as('cashier'), body });
    expect(cashier.body).toMatchObject({ error: { code: 'forbidden' } });

    const r = await t.call('POST', '/v1/migrations', { ...till.as('support'), body });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ movedYen: 5500, balanceAfter: { totalYen: 53_500 } });
    expect((r.body.lots as { amountYen: number }[]).map((l) => l.amountYen).sort()).toEqual([1500, 4000]);
    const w = await app.wallet();
    // Value is never stranded: the app balance may pass the charge cap (R19).
    expect(w.totalYen).toBe(53_500);
    expect(w.lots.map((l) => [l.kind, l.amountYen, l.expiresAt]).sort()).toEqual(
      [
        ['charge', 4000, '2025-03-31T14:59:59.999Z'],
        ['charge', 48_000, '2026-01-31T14:59:59.999Z'],
        ['limited', 1500, '2024-09-30T14:59:59.999Z'],
      ].sort(),
    );
    const replay = await t.call('POST', '/v1/migrations', { ...till.as('support'), body });
    expect(replay).toEqual(r);
    expect((await app.wallet()).totalYen).toBe(53_500);

    const again = await t.call('POST', '/v1/migrations', { ...till.as('support'), body: { ...body, clientTxnId: randomUUID() } });
    expect(again.status).toBe(410);
    expect(again.body).toMatchObject({ error: { code: 'card_migrated' } });
    const pay = await till.pay('cashier', 100, { type: 'card', cardNumber: 'KC0001' });
    expect(pay.body).toMatchObject({ error: { code: 'card_migrated' } });
    // Charging above the cap is refused until the balance is below it again.
    const charge = await t.call('POST', '/v1/charges', { ...till.as('charger'), body: { clientTxnId: randomUUID(), amountYen: 1000, credential: await app.cpm() } });
    expect(charge.body).toMatchObject({ error: { code: 'balance_cap_exceeded', maxChargeYen: 0 } });
  });

  it('R19: When the card is unknown, then card_unknown and nothing moves', async () => {
    const till = await t.terminal(shop);
    const app = await t.customer();
    const r = await t.call('POST', '/v1/migrations', { ...till.as('support'), body: { clientTxnId: randomUUID(), card: { cardNumber: 'NO-SUCH' }, to: await app.cpm() } });
    expect(r.status).toBe(404);
    expect(r.body).toMatchObject({ error: { code: 'card_unknown' } });
  });

  it('R20: When offline items arrive, then they apply in seq order, a re-sent batch is answered not re-applied, and a shortfall becomes debt repaid by the next charge (R13)', async () => {
    const till = await t.terminal(shop);
    const c = await t.customer();
    await t.seedLot(c.walletId, { kind: 'charge', amountYen: 3000, expiresAt: '2025-12-31T23:59:59.999+09:00' });
    const at = '2024-06-01T10:00:30+09:00';
    const items = [
      { seq: 2, clientTxnId: randomUUID(), type: 'payment', occurredAt: at, amountYen: 2000, credential: await c.cpm() },
      { seq: 1, clientTxnId: randomUUID(), type: 'payment', occurredAt: at, amountYen: 2000, credential: await c.cpm() },
    ];
    const r = await t.call<{ results: { seq: number; status: string; shortfallYen: number }[] }>('POST', '/v1/sync/batches', { token: till.token, body: { items } });
    expect(r.status).toBe(200);
    expect(r.body.results.map((x) => [x.seq, x.status, x.shortfallYen])).toEqual([
      [1, 'applied', 0],
      [2, 'applied', 1000],
    ]);
    const again = await t.call<{ results: { seq: number; status: string }[] }>('POST', '/v1/sync/batches', { token: till.token, body: { items } });
    expect(again.body.results.map((x) => x.status)).toEqual(['duplicate', 'duplicate']);
    expect(await c.wallet()).toMatchObject({ totalYen: 0, debtYen: 1000 });

    const charge = await t.call('POST', '/v1/charges', { ...till.as('charger'), body: { clientTxnId: randomUUID(), amountYen: 2000, credential: await c.cpm() } });
    expect(charge.body).toMatchObject({ amountYen: 2000, bonusYen: 20, debtRepaidYen: 1000 });
    expect(await c.wallet()).toMatchObject({ totalYen: 1020, debtYen: 0 });
  });

  it('R20: When an item is forged, replayed, over its limits or a card the shop may not take offline, then it is rejected and moves nothing', async () => {
    const till = await t.terminal(shop);
    const c = await t.customer();
    await t.seedLot(c.walletId, { kind: 'charge', amountYen: 20_000, expiresAt: '2025-12-31T23:59:59.999+09:00' });
    await card('KC0099');
    const used = await c.cpm();
    expect((await till.pay('cashier', 100, used)).status).toBe(201);
    const good = await c.cpm();
    const cut = good.token.lastIndexOf('.') + 1;
    const forged = { type: 'cpm', token: good.token.slice(0, cut) + (good.token[cut] === 'A' ? 'B' : 'A') + good.token.slice(cut + 1) };
    const at = '2024-06-01T10:00:40+09:00';
    const items = [
      { seq: 10, clientTxnId: randomUUID(), type: 'payment', occurredAt: at, amountYen: 500, credential: forged },
      { seq: 11, clientTxnId: randomUUID(), type: 'payment', occurredAt: at, amountYen: 500, credential: used },
      { seq: 12, clientTxnId: randomUUID(), type: 'payment', occurredAt: at, amountYen: 9000, credential: await c.cpm() },
      { seq: 13, clientTxnId: randomUUID(), type: 'payment', occurredAt: at, amountYen: 500, credential: { type: 'card', cardNumber: 'KC0099' } },
      { seq: 14, clientTxnId: randomUUID(), type: 'payment', occurredAt: '2024-06-02T10:00:00+09:00', amountYen: 500, credential: await c.cpm() },
    ];
    const r = await t.call<{ results: { seq: number; status: string; error?: { code: string } }[] }>('POST', '/v1/sync/batches', { token: till.token, body: { items } });
    expect(r.body.results.map((x) => [x.seq, x.status, x.error?.code])).toEqual([
      [10, 'rejected', 'token_invalid'],
      [11, 'rejected', 'token_used'],
      [12, 'rejected', 'offline_limit_exceeded'],
      [13, 'rejected', 'offline_limit_exceeded'],
      // R20a: a day after its token was issued (and in the future, by the backend's clock).
      [14, 'rejected', 'offline_time_invalid'],
    ]);
    expect((await c.wallet()).totalYen).toBe(19_900);
  });

  it('R20: When the shop allows offline cards, then a card item applies', async () => {
    const till = await t.terminal(cardShop);
    const w = await card('KC0100');
    await t.seedLot(w, { kind: 'charge', amountYen: 1000, expiresAt: '2025-12-31T23:59:59.999+09:00' });
    const r = await t.call<{ results: { status: string }[] }>('POST', '/v1/sync/batches', { token: till.token, body: { items: [{ seq: 1, clientTxnId: randomUUID(), type: 'payment', occurredAt: '2024-06-01T10:00:50+09:00', amountYen: 800, credential: { type: 'card', cardNumber: 'KC0100' } }] } });
    expect(r.body.results[0]!.status).toBe('applied');
  });
});

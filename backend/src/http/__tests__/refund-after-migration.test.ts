/**
 * Issue 9.4 (R19): a card's value moved to the app. A refund of something the card paid, or a
 * cancel of a charge on it, must follow the value; before the fix a refund landed on the
 * retired card, where nobody could ever spend it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { TestBackend } from '../../testing/harness';
import { STORE_KINDS } from '../../testing/stores';

describe.each(STORE_KINDS)('refunds after a card moved to the app on %s', (kind) => {
  let t: TestBackend;
  let shop: string;
  let till: Awaited<ReturnType<TestBackend['terminal']>>;
  beforeAll(async () => {
    t = await TestBackend.start(kind);
    await t.setClock('2026-12-01T10:00:00+09:00');
    shop = await t.merchant('Charge point', { chargePoint: true, offlineCardPayments: true });
    till = await t.terminal(shop);
  });
  afterAll(async () => {
    expect(await t.ledgerDifferences()).toEqual([]);
    await t.stop();
  });

  const migrate = async (cardNumber: string, to: unknown) => {
    const r = await t.call('POST', '/v1/migrations', { ...till.as('support'), body: { clientTxnId: randomUUID(), card: { cardNumber }, to } });
    expect(r.status).toBe(201);
    return r;
  };
  const cardWallet = async (cardNumber: string) =>
    (await t.call<{ totalYen: number; debtYen: number; status: string }>('POST', '/v1/wallets/lookup', { ...till.as('manager'), body: { credential: { type: 'card', cardNumber } } })).body;

  it('When card payments are cancelled after the card moved to the app, then every yen returns to the app wallet, with its kind and expiry, and the card stays empty', async () => {
    const card = await t.card();
    const campaign = await t.campaign('限定マネー①', 'all');
    await t.seedLot(card.walletId, { kind: 'limited', campaignId: campaign, amountYen: 1_500, expiresAt: '2027-06-30T23:59:59.999+09:00' });
    await t.seedLot(card.walletId, { kind: 'charge', amountYen: 3_000, expiresAt: '2028-12-31T23:59:59.999+09:00' });
    // Two payments: the first spends limited ¥1,500 and charge ¥500, the second charge ¥1,000.
    const first = await till.pay('cashier', 2_000, card.credential);
    const second = await till.pay('cashier', 1_000, card.credential);
    expect([first.status, second.status]).toEqual([201, 201]);
    const app = await t.customer('Mover');
    await migrate(card.cardNumber, await app.cpm());
    expect((await app.wallet()).totalYen).toBe(1_500);

    for (const paid of [first, second]) {
      const cancel = await t.call('POST', `/v1/payments/${paid.body.paymentId as string}/cancel`, { ...till.as('manager'), body: { clientTxnId: randomUUID() } });
      expect(cancel.status).toBe(200);
    }
    const wallet = await app.wallet();
    expect(wallet.totalYen).toBe(4_500);
    // The limited ¥1,500 comes back as limited money with its own expiry (one lot: the card's was empty when it moved).
    expect(wallet.lots.filter((l) => l.kind === 'limited').map((l) => [l.amountYen, l.expiresAt])).toEqual([[1_500, '2027-06-30T14:59:59.999Z']]);
    expect(wallet.lots.filter((l) => l.kind === 'charge').map((l) => l.amountYen)).toEqual([3_000]);
    expect(await cardWallet(card.cardNumber)).toMatchObject({ totalYen: 0, status: 'retired' });
  });

  it('When a charge on a card is cancelled after the card moved, then the amount and bonus come out of the app wallet (where they went) and the cash goes back', async () => {
    const card = await t.card();
    const charged = await t.call('POST', '/v1/charges', { ...till.as('charger'), body: { clientTxnId: randomUUID(), amountYen: 5_000, credential: card.credential } });
    expect(charged).toMatchObject({ status: 201, body: { bonusYen: 50 } });
    const app = await t.customer('Mover 2');
    await migrate(card.cardNumber, await app.cpm());
    expect((await app.wallet()).totalYen).toBe(5_050);
    const cancel = await t.call('POST', `/v1/charges/${charged.body.chargeId as string}/cancel`, { ...till.as('manager'), body: { clientTxnId: randomUUID() } });
    expect(cancel).toMatchObject({ status: 200, body: { refundYen: 5_000 } });
    expect((await app.wallet()).totalYen).toBe(0);
  });

  it('When an offline card payment left debt that moved with the card, then cancelling it clears the debt in the app wallet', async () => {
    const card = await t.card();
    await t.seedLot(card.walletId, { kind: 'charge', amountYen: 400, expiresAt: '2028-12-31T23:59:59.999+09:00' });
    const clientTxnId = randomUUID();
    const synced = await t.call<{ results: { status: string; paymentId: string; shortfallYen: number }[] }>('POST', '/v1/sync/batches', {
      token: till.token,
      body: { items: [{ seq: 1, clientTxnId, type: 'payment', occurredAt: new Date(Date.parse('2026-12-01T10:00:00+09:00')).toISOString(), amountYen: 1_000, credential: card.credential }] },
    });
    expect(synced.body.results[0]).toMatchObject({ status: 'applied', shortfallYen: 600 });
    const app = await t.customer('Debtor');
    await migrate(card.cardNumber, await app.cpm());
    expect(await app.wallet()).toMatchObject({ totalYen: 0, debtYen: 600 });
    const cancel = await t.call('POST', `/v1/payments/${synced.body.results[0]!.paymentId}/cancel`, { ...till.as('manager'), body: { clientTxnId: randomUUID() } });
    expect(cancel).toMatchObject({ status: 200, body: { debtForgivenYen: 600 } });
    expect(await app.wallet()).toMatchObject({ totalYen: 400, debtYen: 0 });
    expect(await cardWallet(card.cardNumber)).toMatchObject({ totalYen: 0, debtYen: 0 });
  });

  it('When a card that never moved is refunded, then it is refunded to the card as before', async () => {
    const card = await t.card();
    await t.seedLot(card.walletId, { kind: 'charge', amountYen: 1_000, expiresAt: '2028-12-31T23:59:59.999+09:00' });
    const paid = await till.pay('cashier', 700, card.credential);
    await t.call('POST', `/v1/payments/${paid.body.paymentId as string}/cancel`, { ...till.as('manager'), body: { clientTxnId: randomUUID() } });
    expect(await cardWallet(card.cardNumber)).toMatchObject({ totalYen: 1_000, status: 'active' });
  });
});

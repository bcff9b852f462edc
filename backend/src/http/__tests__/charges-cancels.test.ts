import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { TestBackend, seedR6Wallet } from '../../testing/harness';
import { STORE_KINDS } from '../../testing/stores';

describe.each(STORE_KINDS)('charges and cancellations through HTTP on %s', (kind) => {
  let t: TestBackend;
  let chargePoint: string;
  let plainShop: string;
  beforeAll(async () => {
    t = await TestBackend.start(kind);
    await t.setClock('2024-06-01T10:00:00+09:00');
    chargePoint = await t.merchant('Charge Point', { chargePoint: true });
    plainShop = await t.merchant('Plain Shop');
  });
  afterAll(async () => {
    expect(await t.ledgerDifferences()).toEqual([]);
    await t.stop();
  });

  const chargeAs = (till: Awaited<ReturnType<TestBackend['terminal']>>, role: 'cashier' | 'charger' | 'manager' | 'support', amountYen: number, credential: unknown, clientTxnId = randomUUID()) =>
    t.call('POST', '/v1/charges', { ...till.as(role), body: { clientTxnId, amountYen, credential } });

  it('R10–R12: When a charger charges 10,000 at a charge point, then the wallet gets 10,000 + 1% bonus', async () => {
    const till = await t.terminal(chargePoint);
    const c = await t.customer();
    const r = await chargeAs(till, 'charger', 10_000, await c.cpm());
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ amountYen: 10_000, bonusYen: 100, debtRepaidYen: 0, balanceAfter: { totalYen: 10_100 } });
    expect((await c.wallet()).totalYen).toBe(10_100);
  });

  it('R10: When a cashier charges, then forbidden; when a plain shop charges, then not_charge_point; nothing moves', async () => {
    const till = await t.terminal(chargePoint);
    const c = await t.customer();
    const cashier = await chargeAs(till, 'cashier', 1000, await c.cpm());
    expect(cashier.status).toBe(403);
    expect(cashier.body).toMatchObject({ error: { code: 'forbidden' } });
    const plain = await t.terminal(plainShop);
    const r = await chargeAs(plain, 'charger', 1000, await c.cpm());
    expect(r.status).toBe(403);
    expect(r.body).toMatchObject({ error: { code: 'not_charge_point' } });
    expect((await c.wallet()).totalYen).toBe(0);
  });

  it('R11: When two charges for one wallet arrive at once at two charge points, then only one fits under the 50,000 cap: the other sees the first one’s money and is refused', async () => {
    const [tillA, tillB] = [await t.terminal(chargePoint), await t.terminal(chargePoint)];
    const c = await t.customer();
    const [a, b] = await Promise.all([chargeAs(tillA, 'charger', 30_000, await c.cpm()), chargeAs(tillB, 'charger', 30_000, await c.cpm())]);
    expect([a.status, b.status].sort()).toEqual([201, 400]);
    expect([a, b].find((r) => r.status === 400)!.body).toMatchObject({ error: { code: 'balance_cap_exceeded' } });
    expect((await c.wallet()).totalYen).toBe(30_300);
  });

  it('R11: units, range and the 50,000 cap (with the largest allowed amount)', async () => {
    const till = await t.terminal(chargePoint);
    const c = await t.customer();
    expect((await chargeAs(till, 'charger', 1500, await c.cpm())).body).toMatchObject({ error: { code: 'charge_unit' } });
    expect((await chargeAs(till, 'charger', 51_000, await c.cpm())).body).toMatchObject({ error: { code: 'charge_amount_range' } });
    expect((await chargeAs(till, 'charger', 45_000, await c.cpm())).status).toBe(201);
    const over = await chargeAs(till, 'charger', 10_000, await c.cpm());
    expect(over.status).toBe(400);
    // 45,000 charged (+450 bonus, which does not count against the cap): 5,000 more fits... minus the bonus already on the lot.
    expect(over.body).toMatchObject({ error: { code: 'balance_cap_exceeded', maxChargeYen: 4000 } });
    expect((await chargeAs(till, 'charger', 4000, await c.cpm())).status).toBe(201);
    expect((await c.wallet()).totalYen).toBe(45_000 + 450 + 4000 + 40);
  });

  it('R16: When a charge is cancelled, then amount and bonus leave the wallet and the cash goes back; when spent, then charge_already_spent', async () => {
    const till = await t.terminal(chargePoint);
    const c = await t.customer();
    const ch = await chargeAs(till, 'charger', 5000, await c.cpm());
    const chargeId = ch.body.chargeId as string;
    // R31: a charger cancels a charge with a manager's approval.
    const cancel = await till.cancelCharge('charger', chargeId, { approval: 'manager' });
    expect(cancel.status).toBe(200);
    expect(cancel.body).toMatchObject({ refundYen: 5000 });
    expect((await c.wallet()).totalYen).toBe(0);
    const again = await till.cancelCharge('manager', chargeId);
    expect(again.body).toMatchObject({ error: { code: 'already_cancelled' } });

    const ch2 = await chargeAs(till, 'charger', 5000, await c.cpm());
    expect((await till.pay('charger', 1000, await c.cpm())).status).toBe(201);
    const spent = await t.call('POST', `/v1/charges/${ch2.body.chargeId as string}/cancel`, { ...till.as('manager'), body: { clientTxnId: randomUUID() } });
    expect(spent.status).toBe(409);
    expect(spent.body).toMatchObject({ error: { code: 'charge_already_spent' } });
    expect((await c.wallet()).totalYen).toBe(4050);
  });

  it('R14, R15, R17: a payment cancel restores each lot; after 192 h the window is closed; twice is already_cancelled', async () => {
    const till = await t.terminal(chargePoint);
    const c = await t.customer();
    const lots = await seedR6Wallet(t, c.walletId, 'all');
    const paid = await till.pay('cashier', 7000, await c.cpm());
    const paymentId = paid.body.paymentId as string;
    // Support may not cancel a payment (contract roles); a charger needs a manager's approval (R31).
    const wrongRole = await t.call('POST', `/v1/payments/${paymentId}/cancel`, { ...till.as('support'), body: { clientTxnId: randomUUID() } });
    expect(wrongRole.body).toMatchObject({ error: { code: 'forbidden' } });
    const unapproved = await t.call('POST', `/v1/payments/${paymentId}/cancel`, { ...till.as('charger'), body: { clientTxnId: randomUUID() } });
    expect(unapproved.status).toBe(403);
    expect(unapproved.body).toMatchObject({ error: { code: 'approval_required', reason: 'missing' } });
    // Another merchant's terminal cannot see it.
    const other = await t.terminal(plainShop);
    const foreign = await t.call('POST', `/v1/payments/${paymentId}/cancel`, { ...other.as('manager'), body: { clientTxnId: randomUUID() } });
    expect(foreign.status).toBe(404);

    const cancel = await till.cancelPayment('cashier', paymentId, { approval: 'manager' });
    expect(cancel.status).toBe(200);
    expect(cancel.body).toMatchObject({ writtenOffYen: 0 });
    expect((cancel.body.restored as { lotId: string; amountYen: number }[]).map((r) => [r.lotId, r.amountYen])).toEqual([
      [lots.C, 2000],
      [lots.B, 3000],
      [lots.A, 2000],
    ]);
    expect((await c.wallet()).totalYen).toBe(10_000);
    const twice = await t.call('POST', `/v1/payments/${paymentId}/cancel`, { ...till.as('manager'), body: { clientTxnId: randomUUID() } });
    expect(twice.status).toBe(409);
    expect(twice.body).toMatchObject({ error: { code: 'already_cancelled' } });

    const late = await till.pay('cashier', 1000, await c.cpm());
    await t.setClock('2024-06-09T11:00:00+09:00');
    // Staff sessions last a shift; a week later the manager logs in afresh at another till (R14: any terminal of the merchant).
    const nextWeek = await t.terminal(chargePoint);
    const closed = await t.call('POST', `/v1/payments/${late.body.paymentId as string}/cancel`, { ...nextWeek.as('manager'), body: { clientTxnId: randomUUID() } });
    expect(closed.status).toBe(409);
    expect(closed.body).toMatchObject({ error: { code: 'cancel_window_closed' } });
    await t.setClock('2024-06-01T10:00:00+09:00');
  });

  it('R15: When a limited lot expired between payment and cancel, then its value comes back and is written off at once', async () => {
    await t.setClock('2024-06-29T12:00:00+09:00');
    const till = await t.terminal(chargePoint);
    const c = await t.customer();
    await seedR6Wallet(t, c.walletId, 'all');
    const paid = await till.pay('cashier', 2500, await c.cpm()); // C 2,000 (expires 6/30) + B 500
    await t.setClock('2024-07-02T12:00:00+09:00');
    const later = await t.terminal(chargePoint);
    const cancel = await t.call('POST', `/v1/payments/${paid.body.paymentId as string}/cancel`, { ...later.as('manager'), body: { clientTxnId: randomUUID() } });
    expect(cancel.status).toBe(200);
    expect(cancel.body).toMatchObject({ writtenOffYen: 2000 });
    const w = await c.wallet();
    expect(w.lots.every((l) => l.amountYen !== 2000 || l.kind === 'charge')).toBe(true);
    expect(w.totalYen).toBe(8000);
    await t.setClock('2024-06-01T10:00:00+09:00');
  });
});

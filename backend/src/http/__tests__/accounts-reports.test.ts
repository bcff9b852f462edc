import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { TestBackend } from '../../testing/harness';
import { STORE_KINDS } from '../../testing/stores';

describe.each(STORE_KINDS)('enrollment, staff, grants, history, daily close on %s', (kind) => {
  let t: TestBackend;
  let shop: string;
  beforeAll(async () => {
    t = await TestBackend.start(kind);
    await t.setClock('2024-06-01T10:00:00+09:00');
    shop = await t.merchant('熊谷うどん', { chargePoint: true });
  });
  afterAll(async () => {
    expect(await t.ledgerDifferences()).toEqual([]);
    await t.stop();
  });

  it('When an enrollment code is used twice, then the second is enrollment_code_used; a wrong code is unauthorized', async () => {
    const term = await t.admin<{ enrollmentCode: string }>('/v1/admin/terminals', { merchantId: shop, name: 'till' });
    const first = await t.call('POST', '/v1/terminals/enroll', { body: { enrollmentCode: term.body.enrollmentCode } });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ merchantId: shop, merchantName: '熊谷うどん', chargePoint: true });
    expect((first.body.tokenPublicKeys as unknown[]).length).toBeGreaterThan(0);
    const second = await t.call('POST', '/v1/terminals/enroll', { body: { enrollmentCode: term.body.enrollmentCode } });
    expect(second.body).toMatchObject({ error: { code: 'enrollment_code_used' } });
    expect((await t.call('POST', '/v1/terminals/enroll', { body: { enrollmentCode: 'WRONGCODE123' } })).status).toBe(401);
  });

  it('When a PIN is wrong 5 times, then the 5th answer is the lock-out and the right PIN is refused too', async () => {
    const till = await t.terminal(shop);
    await t.admin('/v1/admin/staff', { merchantId: shop, staffCode: 'lock-me', name: 'L', role: 'cashier', pin: '1357' });
    for (let i = 0; i < 4; i++) {
      expect((await t.call('POST', '/v1/staff/sessions', { token: till.token, body: { staffCode: 'lock-me', pin: '0000' } })).status).toBe(401);
    }
    const fifth = await t.call('POST', '/v1/staff/sessions', { token: till.token, body: { staffCode: 'lock-me', pin: '0000' } });
    expect(fifth.status).toBe(423);
    expect(fifth.body).toMatchObject({ error: { code: 'staff_locked', retryAfterSeconds: 900 } });
    const locked = await t.call('POST', '/v1/staff/sessions', { token: till.token, body: { staffCode: 'lock-me', pin: '1357' } });
    expect(locked.status).toBe(423);
    expect(locked.body).toMatchObject({ error: { code: 'staff_locked' } });
  });

  it('R2, R4: When a campaign code is claimed, then a limited lot lands valid to the end of claim day + validity; a second claim is refused', async () => {
    const campaign = await t.campaign('限定マネー②', 'all', { months: 3 });
    const codes = await t.admin<{ codes: string[] }>(`/v1/admin/campaigns/${campaign}/codes`, { amountYen: 2000, count: 2 });
    expect(codes.body.codes).toHaveLength(2);
    const c = await t.customer();
    const claim = await t.call('POST', '/v1/customer/grants/claim', { token: c.customerToken, body: { code: codes.body.codes[0] } });
    expect(claim.status).toBe(201);
    expect(claim.body).toMatchObject({ amountYen: 2000, expiresAt: '2024-09-01T14:59:59.999Z' });
    const other = await t.customer('other');
    const again = await t.call('POST', '/v1/customer/grants/claim', { token: other.customerToken, body: { code: codes.body.codes[0] } });
    expect(again.body).toMatchObject({ error: { code: 'grant_code_used' } });
    expect((await c.wallet()).totalYen).toBe(2000);
  });

  it('R25, R26: history shows payment, charge and 取消済; the daily close counts them per kind', async () => {
    const till = await t.terminal(shop);
    const c = await t.customer();
    const campaign = await t.campaign('限定①', 'all');
    await t.seedLot(c.walletId, { kind: 'limited', campaignId: campaign, amountYen: 1000, expiresAt: '2024-12-31T23:59:59.999+09:00' });
    const charged = await t.call('POST', '/v1/charges', { ...till.as('charger'), body: { clientTxnId: randomUUID(), amountYen: 3000, credential: await c.cpm() } });
    const paid = await till.pay('cashier', 1500, await c.cpm());
    const paid2 = await till.pay('cashier', 500, await c.cpm());
    await t.call('POST', `/v1/payments/${paid2.body.paymentId as string}/cancel`, { ...till.as('manager'), body: { clientTxnId: randomUUID() } });

    const history = await t.call<{ items: { type: string; amountYen: number; cancelled: boolean; merchantName: string | null }[] }>('GET', '/v1/customer/history', { token: c.customerToken });
    const types = history.body.items.map((i) => [i.type, i.amountYen, i.cancelled]);
    expect(types).toEqual(
      expect.arrayContaining([
        ['charge', 3030, false],
        ['payment', -1500, false],
        ['payment', -500, true],
        ['cancelled_payment', 500, false],
      ]),
    );
    expect(history.body.items.find((i) => i.type === 'charge')!.merchantName).toBe('熊谷うどん');

    const day = await t.call<Record<string, unknown>>('GET', '/v1/terminal/settlement?businessDay=2024-06-01', till.as('manager'));
    expect(day.status).toBe(200);
    expect(day.body).toMatchObject({
      businessDay: '2024-06-01',
      payments: { count: 2, totalYen: 2000 },
      // R5: the limited lot (earlier expiry) is spent before charge money.
      paymentsByKind: { limitedYen: 1000, chargeYen: 1000 },
      cancelledPayments: { count: 1, totalYen: 500 },
      charges: { count: 1, totalYen: 3000, bonusYen: 30 },
      cashCollectedYen: 3000,
    });
    expect(charged.status).toBe(201);
    expect(paid.status).toBe(201);
    const tx = await t.call<{ transactions: { type: string; cancelled: boolean }[] }>('GET', '/v1/terminal/transactions?businessDay=2024-06-01', till.as('cashier'));
    expect(tx.body.transactions.map((x) => [x.type, x.cancelled])).toEqual([
      ['charge', false],
      ['payment', false],
      ['payment', true],
    ]);
    const bad = await t.call('GET', '/v1/terminal/settlement?businessDay=2024-13-01', till.as('manager'));
    expect(bad.body).toMatchObject({ error: { code: 'invalid_request' } });
  });

  it('R22: When keys rotate, then tokens signed by the old key still verify and terminals get both keys', async () => {
    const till = await t.terminal(shop);
    const c = await t.customer();
    await t.seedLot(c.walletId, { kind: 'charge', amountYen: 1000, expiresAt: '2025-12-31T23:59:59.999+09:00' });
    const before = await c.cpm();
    const rotated = await t.admin<{ kid: string }>('/v1/admin/keys/rotate', {});
    expect(rotated.status).toBe(201);
    const keys = await t.call<{ keys: { kid: string }[] }>('GET', '/v1/terminal/keys', { token: till.token });
    expect(keys.body.keys.map((k) => k.kid)).toContain(rotated.body.kid);
    expect(keys.body.keys.length).toBeGreaterThanOrEqual(2);
    expect((await till.pay('cashier', 100, before)).status).toBe(201);
    const after = await c.cpm();
    expect(after.token.split('.')[1]).toBe(rotated.body.kid);
    expect((await till.pay('cashier', 100, after)).status).toBe(201);
  });

  it('serves /healthz, /metrics and an OpenAPI document generated from the schemas', async () => {
    expect((await t.call('GET', '/healthz')).body).toEqual({ ok: true });
    const metrics = await fetch(`${t.url}/metrics`).then((r) => r.text());
    expect(metrics).toContain('kumapay_http_requests_total');
    const doc = await t.call<{ openapi: string; paths: Record<string, Record<string, { requestBody?: unknown }>> }>('GET', '/openapi.json');
    expect(doc.body.openapi).toBe('3.1.0');
    expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/v1/payments', '/v1/sync/batches', '/v1/payments/{id}/cancel', '/v1/customer/cpm-tokens']));
    expect(JSON.stringify(doc.body.paths['/v1/payments']!.post!.requestBody)).toContain('clientTxnId');
    expect((await t.call('GET', '/v1/nope')).body).toMatchObject({ error: { code: 'not_found' } });
  });

  it('R9: When a merchant has a fee rate, then each payment records its fee (rounded down) and the daily close sums it', async () => {
    const feeShop = (await t.admin<{ id: string }>('/v1/admin/merchants', { name: 'Fee shop', chargePoint: false, feeRateBp: 250 })).body.id;
    const till = await t.terminal(feeShop);
    const c = await t.customer();
    await t.seedLot(c.walletId, { kind: 'charge', amountYen: 10_000, expiresAt: '2099-12-31T23:59:59.999+09:00' });
    expect((await till.pay('cashier', 1_000, await c.cpm())).status).toBe(201);
    expect((await till.pay('cashier', 999, await c.cpm())).status).toBe(201);
    const tx = await t.call<{ transactions: { feeYen: number }[] }>('GET', '/v1/terminal/transactions?businessDay=2024-06-01', till.as('cashier'));
    expect(tx.body.transactions.map((x) => x.feeYen)).toEqual([25, 24]);
    const day = await t.call('GET', '/v1/terminal/settlement?businessDay=2024-06-01', till.as('manager'));
    expect(day.body).toMatchObject({ payments: { count: 2, totalYen: 1_999, feeYen: 49 } });
  });

  it('admin calls need the admin token', async () => {
    const r = await t.call('POST', '/v1/admin/merchants', { token: 'wrong-token', body: { name: 'x', chargePoint: false } });
    expect(r.status).toBe(401);
    expect(r.body).toMatchObject({ error: { code: 'unauthorized' } });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { TestBackend, seedR6Wallet } from '../../testing/harness';
import { STORE_KINDS } from '../../testing/stores';

describe.each(STORE_KINDS)('payments through HTTP on %s', (kind) => {
  let t: TestBackend;
  let shopAll: string;
  let shopNoB: string;
  beforeAll(async () => {
    t = await TestBackend.start(kind);
    await t.setClock('2024-06-01T10:00:00+09:00');
    shopAll = await t.merchant('Shop All');
    shopNoB = await t.merchant('Shop without B');
  });
  afterAll(async () => {
    expect(await t.ledgerDifferences()).toEqual([]);
    await t.stop();
  });

  it('R6: When all kinds are eligible and 7,000 is paid, then C 2,000, B 3,000, A 2,000 are spent and A 3,000 is left', async () => {
    const till = await t.terminal(shopAll);
    const customer = await t.customer();
    const lots = await seedR6Wallet(t, customer.walletId, [shopAll]);
    const r = await till.pay('cashier', 7000, await customer.cpm());
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ status: 'approved', amountYen: 7000 });
    expect((r.body.allocations as { lotId: string; amountYen: number }[]).map((a) => [a.lotId, a.amountYen])).toEqual([
      [lots.C, 2000],
      [lots.B, 3000],
      [lots.A, 2000],
    ]);
    const after = r.body.balanceAfter as { totalYen: number; lots: { lotId: string; amountYen: number; expiresAt: string }[] };
    expect(after.totalYen).toBe(3000);
    const a = after.lots.find((l) => l.lotId === lots.A)!;
    expect(a.amountYen).toBe(3000);
    // R3: the payment moved charge money's expiry two years on from the activity.
    expect(a.expiresAt).toBe('2026-06-01T14:59:59.999Z');
    const wallet = await customer.wallet();
    expect(wallet.totalYen).toBe(3000);
  });

  it('R7: When B is not eligible at the shop and 7,000 is paid, then C 2,000 and A 5,000 are spent and B 3,000 stays', async () => {
    const till = await t.terminal(shopNoB);
    const customer = await t.customer();
    const lots = await seedR6Wallet(t, customer.walletId, [shopAll]);
    const r = await till.pay('cashier', 7000, await customer.cpm());
    expect(r.status).toBe(201);
    expect((r.body.allocations as { lotId: string; amountYen: number }[]).map((a) => [a.lotId, a.amountYen])).toEqual([
      [lots.C, 2000],
      [lots.A, 5000],
    ]);
    const wallet = await customer.wallet();
    expect(wallet.lots.find((l) => l.lotId === lots.B)!.amountYen).toBe(3000);
    expect(wallet.lots.find((l) => l.lotId === lots.A)!.amountYen).toBe(0);
    expect(wallet.totalYen).toBe(3000);
  });

  it('Look-up (R1, R7, R11): When a cashier looks a wallet up, then each lot says whether it is usable here, with the eligible total and the most that may be charged; the token is not used up', async () => {
    const till = await t.terminal(shopNoB);
    const customer = await t.customer();
    const lots = await seedR6Wallet(t, customer.walletId, [shopAll]);
    const cred = await customer.cpm();
    const r = await t.call<{ totalYen: number; eligibleYen: number; maxChargeYen: number; kind: string; status: string; lots: { lotId: string; eligible: boolean; amountYen: number }[] }>('POST', '/v1/wallets/lookup', { ...till.as('cashier'), body: { credential: cred } });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ kind: 'app', status: 'active', totalYen: 10_000, eligibleYen: 7_000, maxChargeYen: 45_000 });
    expect(Object.fromEntries(r.body.lots.map((l) => [l.lotId, l.eligible]))).toEqual({ [lots.A]: true, [lots.B]: false, [lots.C]: true });
    // The same QR still pays after the look-up (R22: only a payment uses a token up).
    expect((await till.pay('cashier', 1000, cred)).status).toBe(201);
  });

  it('R8: When the eligible value is short, then 402 insufficient_funds with eligibleYen and nothing moves', async () => {
    const till = await t.terminal(shopNoB);
    const customer = await t.customer();
    await seedR6Wallet(t, customer.walletId, [shopAll]);
    const r = await till.pay('cashier', 7001, await customer.cpm());
    expect(r.status).toBe(402);
    expect(r.body).toMatchObject({ error: { code: 'insufficient_funds', eligibleYen: 7000 } });
    expect((await customer.wallet()).totalYen).toBe(10000);
    // Split tender: the eligible part pays with a new id, the rest is cash.
    const split = await till.pay('cashier', 7000, await customer.cpm());
    expect(split.status).toBe(201);
  });

  it('R22: When a CPM token is used twice, then the second payment is token_used and moves nothing', async () => {
    const till = await t.terminal(shopAll);
    const customer = await t.customer();
    await t.seedLot(customer.walletId, { kind: 'charge', amountYen: 10000, expiresAt: '2025-12-31T23:59:59.999+09:00' });
    const cred = await customer.cpm();
    expect((await till.pay('cashier', 1000, cred)).status).toBe(201);
    const again = await till.pay('cashier', 1000, cred);
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ error: { code: 'token_used' } });
    expect((await customer.wallet()).totalYen).toBe(9000);
  });

  it('R22: When the token is older than 5 minutes, then token_expired; when forged, then token_invalid', async () => {
    const till = await t.terminal(shopAll);
    const customer = await t.customer();
    await t.seedLot(customer.walletId, { kind: 'charge', amountYen: 10000, expiresAt: '2025-12-31T23:59:59.999+09:00' });
    await t.setClock('2024-06-01T10:00:00+09:00');
    const cred = await customer.cpm();
    const cut = cred.token.lastIndexOf('.') + 1;
    const forged = { type: 'cpm', token: cred.token.slice(0, cut) + (cred.token[cut] === 'A' ? 'B' : 'A') + cred.token.slice(cut + 1) };
    expect((await till.pay('cashier', 100, forged)).body).toMatchObject({ error: { code: 'token_invalid' } });
    expect((await till.pay('cashier', 100, { type: 'cpm', token: 'KP1.garbage' })).body).toMatchObject({ error: { code: 'token_invalid' } });
    await t.setClock('2024-06-01T10:05:00.001+09:00');
    const late = await till.pay('cashier', 100, cred);
    expect(late.status).toBe(400);
    expect(late.body).toMatchObject({ error: { code: 'token_expired' } });
    await t.setClock('2024-06-01T10:00:00+09:00');
    expect((await customer.wallet()).totalYen).toBe(10000);
  });

  it('Idempotency: When a clientTxnId is replayed, then the first answer returns and no second yen moves; a different body is idempotency_conflict', async () => {
    const till = await t.terminal(shopAll);
    const customer = await t.customer();
    await t.seedLot(customer.walletId, { kind: 'charge', amountYen: 10000, expiresAt: '2025-12-31T23:59:59.999+09:00' });
    const id = randomUUID();
    const cred = await customer.cpm();
    const first = await till.pay('cashier', 2500, cred, id);
    const replay = await till.pay('cashier', 2500, cred, id);
    expect(replay).toEqual(first);
    expect((await customer.wallet()).totalYen).toBe(7500);
    const conflict = await till.pay('cashier', 2600, cred, id);
    expect(conflict.status).toBe(409);
    expect(conflict.body).toMatchObject({ error: { code: 'idempotency_conflict' } });
    // A refusal is an answer too: replaying a declined request stays declined.
    const declinedId = randomUUID();
    const declinedCred = await customer.cpm();
    const declined = await till.pay('cashier', 99_999, declinedCred, declinedId);
    expect(declined.status).toBe(402);
    expect(await till.pay('cashier', 99_999, declinedCred, declinedId)).toEqual(declined);
    expect((await customer.wallet()).totalYen).toBe(7500);
  });

  it('Idempotency, R22: When one payment (one clientTxnId, one QR) is sent five times at once, then it is paid once and all five get its answer', async () => {
    const till = await t.terminal(shopAll);
    const customer = await t.customer();
    await t.seedLot(customer.walletId, { kind: 'charge', amountYen: 10000, expiresAt: '2025-12-31T23:59:59.999+09:00' });
    const id = randomUUID();
    const cred = await customer.cpm();
    const answers = await Promise.all(Array.from({ length: 5 }, () => till.pay('cashier', 2500, cred, id)));
    expect(answers[0]!.status).toBe(201);
    for (const answer of answers) expect(answer).toEqual(answers[0]);
    expect((await customer.wallet()).totalYen).toBe(7500);
  });

  it('R22, Idempotency: When a payment is declined after its QR was claimed, then nothing it wrote stays (the QR still pays under a new clientTxnId) and its retry stays declined after a top-up', async () => {
    const till = await t.terminal(shopAll);
    const customer = await t.customer();
    await t.seedLot(customer.walletId, { kind: 'charge', amountYen: 1000, expiresAt: '2025-12-31T23:59:59.999+09:00' });
    const cred = await customer.cpm();
    const declinedId = randomUUID();
    const declined = await till.pay('cashier', 3000, cred, declinedId);
    expect(declined.status).toBe(402);
    await t.seedLot(customer.walletId, { kind: 'charge', amountYen: 5000, expiresAt: '2025-12-31T23:59:59.999+09:00' });
    expect(await till.pay('cashier', 3000, cred, declinedId)).toEqual(declined);
    expect((await customer.wallet()).totalYen).toBe(6000);
    const paid = await till.pay('cashier', 3000, cred, randomUUID());
    expect(paid.status).toBe(201);
    expect((await customer.wallet()).totalYen).toBe(3000);
  });

  it('When 20 payments race against one wallet, then exactly as many succeed as the balance covers and it never goes negative', async () => {
    const till = await t.terminal(shopAll);
    const customer = await t.customer();
    await t.seedLot(customer.walletId, { kind: 'charge', amountYen: 10000, expiresAt: '2025-12-31T23:59:59.999+09:00' });
    const creds = await Promise.all(Array.from({ length: 20 }, () => customer.cpm()));
    const results = await Promise.all(creds.map((c) => till.pay('cashier', 1500, c)));
    const approved = results.filter((r) => r.status === 201).length;
    const declined = results.filter((r) => r.status === 402).length;
    expect(approved).toBe(6);
    expect(declined).toBe(14);
    expect((await customer.wallet()).totalYen).toBe(1000);
  });

  // Issue 16 (docs/performance.md "Twenty-third session"): on SQLite a batch
  // whose unit wrote (claimed its QR) and then failed runs again from the start.
  it('Issue 16, R22: When QR payments declined after their claims share batches with approved ones, then each approved one moves its yen once, each declined one leaves nothing (its QR still pays) and /metrics counts the units run again', async () => {
    const till = await t.terminal(shopAll);
    const rich = await t.customer();
    const poor = await t.customer();
    await t.seedLot(rich.walletId, { kind: 'charge', amountYen: 100_000, expiresAt: '2025-12-31T23:59:59.999+09:00' });
    await t.seedLot(poor.walletId, { kind: 'charge', amountYen: 1_000, expiresAt: '2025-12-31T23:59:59.999+09:00' });
    const richCreds = await Promise.all(Array.from({ length: 8 }, () => rich.cpm()));
    const poorCreds = await Promise.all(Array.from({ length: 4 }, () => poor.cpm()));
    const sent = [...richCreds.map((c) => till.pay('cashier', 1_000, c)), ...poorCreds.map((c) => till.pay('cashier', 3_000, c))];
    const results = await Promise.all(sent);
    expect(results.slice(0, 8).map((r) => r.status)).toEqual(Array(8).fill(201));
    expect(results.slice(8).map((r) => r.status)).toEqual(Array(4).fill(402));
    expect(new Set(results.slice(0, 8).map((r) => r.body.paymentId)).size).toBe(8);
    expect((await rich.wallet()).totalYen).toBe(92_000);
    expect((await poor.wallet()).totalYen).toBe(1_000);
    expect((await till.pay('cashier', 500, poorCreds[0])).status).toBe(201);
    expect((await poor.wallet()).totalYen).toBe(500);
    const retries = await t.metric('kumapay_store_retries_total');
    if (kind === 'sqlite') expect(retries).toBeGreaterThan(0);
    else expect(retries).toBeGreaterThanOrEqual(0);
  });

  it('Roles: When support or a terminal without staff tries to pay, then forbidden / unauthorized and nothing moves', async () => {
    const till = await t.terminal(shopAll);
    const customer = await t.customer();
    await t.seedLot(customer.walletId, { kind: 'charge', amountYen: 10000, expiresAt: '2025-12-31T23:59:59.999+09:00' });
    const support = await till.pay('support', 1000, await customer.cpm());
    expect(support.status).toBe(403);
    expect(support.body).toMatchObject({ error: { code: 'forbidden' } });
    const noStaff = await t.call('POST', '/v1/payments', { token: till.token, body: { clientTxnId: randomUUID(), amountYen: 1000, credential: await customer.cpm() } });
    expect(noStaff.status).toBe(401);
    const noTerminal = await t.call('POST', '/v1/payments', { body: { clientTxnId: randomUUID(), amountYen: 1000, credential: await customer.cpm() } });
    expect(noTerminal.status).toBe(401);
    expect((await customer.wallet()).totalYen).toBe(10000);
  });

  it('R18: When a card pays, then it is found by number or NFC UID; an unknown card is card_unknown', async () => {
    const till = await t.terminal(shopAll);
    const card = await t.admin<{ walletId: string }>('/v1/admin/cards', { cardNumber: `KC${randomUUID().replaceAll('-', '')}`.slice(0, 16), nfcUid: '04a1b2c3d4e5f6' });
    await t.seedLot(card.body.walletId, { kind: 'charge', amountYen: 3000, expiresAt: '2025-12-31T23:59:59.999+09:00' });
    expect((await till.pay('cashier', 1000, { type: 'card', nfcUid: '04:A1:B2:C3:D4:E5:F6' })).status).toBe(201);
    const unknown = await till.pay('cashier', 1000, { type: 'card', cardNumber: 'NOPE0000' });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ error: { code: 'card_unknown' } });
  });

  it('Bad input: When any malformed body arrives, then 400 invalid_request, never a 500, and nothing moves', async () => {
    const till = await t.terminal(shopAll);
    const customer = await t.customer();
    await t.seedLot(customer.walletId, { kind: 'charge', amountYen: 10000, expiresAt: '2025-12-31T23:59:59.999+09:00' });
    const cred = await customer.cpm();
    const fixed = [
      '{',
      '[]',
      'null',
      JSON.stringify({ clientTxnId: 'not-a-uuid', amountYen: 100, credential: cred }),
      JSON.stringify({ clientTxnId: randomUUID(), amountYen: 100.5, credential: cred }),
      JSON.stringify({ clientTxnId: randomUUID(), amountYen: -1, credential: cred }),
      JSON.stringify({ clientTxnId: randomUUID(), amountYen: '100', credential: cred }),
      JSON.stringify({ clientTxnId: randomUUID(), amountYen: 100, credential: { type: 'card' } }),
      JSON.stringify({ clientTxnId: randomUUID(), amountYen: 1e300, credential: cred }),
    ];
    for (const rawBody of fixed) {
      const r = await t.call('POST', '/v1/payments', { ...till.as('cashier'), rawBody });
      expect(r.status, rawBody).toBe(400);
      expect(r.body).toMatchObject({ error: { code: 'invalid_request' } });
    }
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), async (value) => {
        const r = await t.call('POST', '/v1/payments', { ...till.as('cashier'), body: value });
        expect(r.status).toBeLessThan(500);
        expect(r.status).not.toBe(201);
      }),
      { numRuns: 60 },
    );
    expect((await customer.wallet()).totalYen).toBe(10000);
  });

  it('Wire (issue 16): When an answer leaves as JSON text, then it carries its Content-Type and the byte length of its Japanese text, and a HEAD gets the headers without the body', async () => {
    const customer = await t.customer();
    const campaign = await t.campaign('熊谷うちわ祭り応援', 'all');
    await t.seedLot(customer.walletId, { kind: 'limited', campaignId: campaign, amountYen: 5000, expiresAt: '2025-03-31T14:59:59.999Z' });
    const get = (method: 'GET' | 'HEAD') => fetch(`${t.url}/v1/customer/wallet`, { method, headers: { authorization: `Bearer ${customer.customerToken}` } });
    const res = await get('GET');
    const text = await res.text();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(text).toContain('熊谷うちわ祭り応援');
    // Characters are not bytes: a length counted in characters would cut the body short.
    expect(Number(res.headers.get('content-length'))).toBe(Buffer.byteLength(text));
    expect((JSON.parse(text) as { totalYen: number }).totalYen).toBe(5000);
    const head = await get('HEAD');
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(res.headers.get('content-length'));
    expect(await head.text()).toBe('');

    const till = await t.terminal(shopAll);
    const cashier = till.as('cashier');
    const paid = await fetch(`${t.url}/v1/payments`, { method: 'POST', headers: { authorization: `Bearer ${cashier.token}`, 'x-staff-session': cashier.staff, 'content-type': 'application/json' }, body: JSON.stringify({ clientTxnId: randomUUID(), amountYen: 1200, credential: await customer.cpm() }) });
    const paidText = await paid.text();
    expect(paid.status).toBe(201);
    expect(paid.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(Number(paid.headers.get('content-length'))).toBe(Buffer.byteLength(paidText));
    expect(JSON.parse(paidText)).toMatchObject({ status: 'approved', amountYen: 1200 });
  });
});

/**
 * Issue 9.6: what the city's operator controls once things run. Settings change only what a
 * change names (before: a change reset every other setting to its default), every change is
 * audited, and revocation reaches every instance within 10 s.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { ApiClient, TestBackend, TEST_PIN } from '../../testing/harness';
import { ManualClock } from '../../testing/manual-clock';
import { PG_URL, STORE_KINDS } from '../../testing/stores';
import type { RunningBackend } from '../../server';

describe.each(STORE_KINDS)('operator controls on %s', (kind) => {
  let t: TestBackend;
  let shop: string;
  beforeAll(async () => {
    t = await TestBackend.start(kind);
    await t.setClock('2026-12-01T10:00:00+09:00');
    shop = await t.merchant('Shop', { chargePoint: true });
  });
  afterAll(async () => {
    expect(await t.ledgerDifferences()).toEqual([]);
    await t.stop();
  });

  const admin = (method: string, path: string, body?: unknown, operator?: string) =>
    t.call(method, path, { token: t.adminToken, ...(body === undefined ? {} : { body }), ...(operator ? { headers: { 'x-operator': operator } } : {}) });

  it('When two settings changes name different keys, then each keeps the other\'s value (PATCH, and the old POST alike), and each is in the audit trail with who made it', async () => {
    expect((await admin('PATCH', '/v1/admin/settings', { chargeMoneyLabel: 'チャージ残高', offlinePaymentMaxYen: 3_000 }, 'Yamada')).status).toBe(200);
    expect((await admin('POST', '/v1/admin/settings', { bonusDefaultRateBp: 200 }, 'Sato')).status).toBe(200);
    const now = await admin('GET', '/v1/admin/settings');
    expect(now.body).toMatchObject({ chargeMoneyLabel: 'チャージ残高', offlinePaymentMaxYen: 3_000, bonusDefaultRateBp: 200, offlineTokenMaxYen: 5_000 });
    // The terminal is handed the changed limit at its next online contact.
    const till = await t.terminal(shop);
    const keys = await t.call<{ offlineLimits: { paymentMaxYen: number } }>('GET', '/v1/terminal/keys', { token: till.token });
    expect(keys.body.offlineLimits.paymentMaxYen).toBe(3_000);

    const audit = await admin('GET', '/v1/admin/audit?limit=10');
    const lines = (audit.body.items as { actor: string; action: string; details: Record<string, { from: unknown; to: unknown }> }[]).filter((l) => l.action === 'settings.update');
    expect(lines[0]).toMatchObject({ details: { bonusDefaultRateBp: { from: 100, to: 200 } } });
    expect(lines[0]!.actor).toMatch(/^admin:[\w-]{8}:Sato$/);
    expect(lines[1]).toMatchObject({ details: { chargeMoneyLabel: { from: 'チャージマネー', to: 'チャージ残高' }, offlinePaymentMaxYen: { from: 5_000, to: 3_000 } } });
    expect(JSON.stringify(audit.body)).not.toContain(t.adminToken);

    // Restore for the other tests; unknown keys and empty changes are refused, nothing changes.
    await admin('PATCH', '/v1/admin/settings', { chargeMoneyLabel: 'チャージマネー', offlinePaymentMaxYen: 5_000, bonusDefaultRateBp: 100 });
    expect((await admin('PATCH', '/v1/admin/settings', { offlinePaymentMaxYen: 1, nonsense: true })).status).toBe(400);
    expect((await admin('PATCH', '/v1/admin/settings', {})).status).toBe(400);
    expect((await admin('PATCH', '/v1/admin/settings', { offlineDeadlineMs: 30 * 24 * 3_600_000 })).status).toBe(400);
    expect((await admin('GET', '/v1/admin/settings')).body).toMatchObject({ offlinePaymentMaxYen: 5_000 });
  });

  it('When the operator lists merchants, terminals, staff and campaigns, then pages come in id order with a cursor, and filters by merchant hold', async () => {
    const other = await t.merchant('Other shop');
    await t.terminal(other);
    const campaign = await t.campaign('限定マネー①', [other]);
    const merchants = await admin('GET', '/v1/admin/merchants?limit=1');
    expect(merchants.body.items).toHaveLength(1);
    const second = await admin('GET', `/v1/admin/merchants?limit=1&after=${merchants.body.next as string}`);
    expect((second.body.items as { id: string }[])[0]!.id > (merchants.body.items as { id: string }[])[0]!.id).toBe(true);
    const terminals = await admin('GET', `/v1/admin/terminals?merchantId=${other}`);
    expect(terminals.body.items).toEqual([expect.objectContaining({ merchantId: other, revokedAt: null, offlineWindowYen: 0 })]);
    const staff = await admin('GET', `/v1/admin/staff?merchantId=${other}`);
    expect((staff.body.items as { role: string; disabledAt: null }[]).map((s) => s.role).sort()).toEqual(['cashier', 'charger', 'manager', 'support']);
    expect(JSON.stringify(staff.body)).not.toContain('scrypt');
    const campaigns = await admin('GET', '/v1/admin/campaigns?limit=1000');
    expect(campaigns.body.items).toContainEqual(expect.objectContaining({ id: campaign, eligibleMerchantIds: [other], label: '限定マネー①' }));
    const renamed = await admin('PATCH', `/v1/admin/campaigns/${campaign}`, { label: '補助金等マネー' });
    expect(renamed.body).toMatchObject({ id: campaign, label: '補助金等マネー', name: '限定マネー①' });
    const patched = await admin('PATCH', `/v1/admin/merchants/${other}`, { offlineCardPayments: true });
    expect(patched.body).toMatchObject({ id: other, name: 'Other shop', chargePoint: false, offlineCardPayments: true });
  });

  it('When a terminal is revoked, a staff member disabled or a session logged out, then the instance that did it refuses at once', async () => {
    const till = await t.terminal(shop);
    const customer = await t.customer();
    const lookup = (as: { token: string; staff: string }) => t.call('POST', '/v1/wallets/lookup', { ...as, body: { credential: { type: 'card', cardNumber: 'NONE-0000' } } });
    expect((await lookup(till.as('cashier'))).status).toBe(404);

    const out = await t.call('DELETE', '/v1/staff/sessions/current', till.as('cashier'));
    expect(out.body).toEqual({ loggedOut: true });
    expect((await lookup(till.as('cashier'))).status).toBe(401);

    expect((await admin('POST', `/v1/admin/staff/${till.staffIds.charger}/disable`, {})).status).toBe(200);
    const disabled = await lookup(till.as('charger'));
    expect(disabled).toMatchObject({ status: 401, body: { error: { reason: 'staff_disabled' } } });
    const relogin = await t.call('POST', '/v1/staff/sessions', { token: till.token, body: { staffCode: till.staffCodes.charger, pin: TEST_PIN } });
    expect(relogin.status).toBe(403);
    expect((await t.call('POST', '/v1/staff/sessions', { token: till.token, body: { staffCode: till.staffCodes.charger, pin: '0000' } })).status).toBe(401);

    const revoked = await admin('POST', `/v1/admin/terminals/${till.terminalId}/revoke`, {});
    expect(revoked.body).toMatchObject({ id: till.terminalId, revokedAt: expect.any(String) });
    const refused = await t.call('POST', '/v1/payments', { ...till.as('manager'), body: { clientTxnId: randomUUID(), amountYen: 100, credential: await customer.cpm() } });
    expect(refused).toMatchObject({ status: 401, body: { error: { code: 'unauthorized', reason: 'terminal_revoked' } } });
    expect((await t.call('GET', '/v1/terminal/keys', { token: till.token })).status).toBe(401);
    const audit = await admin('GET', '/v1/admin/audit?limit=5');
    expect((audit.body.items as { action: string }[]).map((l) => l.action)).toEqual(expect.arrayContaining(['terminal.revoke', 'staff.disable']));
  });

  it('When a terminal token is a day old, then the next online contact hands out a new one; the old works until the new is used, and an unused token dies after 30 days', async () => {
    await t.setClock('2026-12-01T10:00:00+09:00');
    const till = await t.terminal(shop);
    const keys = (token: string) => t.call<{ terminalToken?: string; terminalTokenExpiresAt?: string }>('GET', '/v1/terminal/keys', { token });
    const fresh = await keys(till.token);
    expect(fresh.body.terminalToken).toBeUndefined();
    expect(fresh.body.terminalTokenExpiresAt).toMatch(/^2026-12-31T01:00:/);

    await t.setClock('2026-12-02T10:00:30+09:00');
    const lost = (await keys(till.token)).body.terminalToken!;
    expect(lost).toEqual(expect.any(String));
    // That answer was lost: the terminal calls with its old token, which still works and gets another.
    const retried = await keys(till.token);
    expect(retried.status).toBe(200);
    const next = retried.body.terminalToken!;
    expect(next).toEqual(expect.any(String));
    expect(next).not.toBe(lost);
    expect((await keys(lost)).status).toBe(401);
    expect((await keys(next)).status).toBe(200);
    // The terminal uses the new token: the old one is done.
    expect(await keys(till.token)).toMatchObject({ status: 401, body: { error: { code: 'unauthorized' } } });

    await t.setClock('2027-01-05T10:00:00+09:00');
    expect(await keys(next)).toMatchObject({ status: 401, body: { error: { reason: 'terminal_token_expired' } } });
    await t.setClock('2026-12-01T10:00:00+09:00');
  });

  it('When a card is blocked, then it is refused online (card_blocked), listed to terminals, and can still be moved to its owner\'s app', async () => {
    const till = await t.terminal(shop);
    const card = await t.card();
    await t.seedLot(card.walletId, { kind: 'charge', amountYen: 2_000, expiresAt: '2028-12-31T23:59:59.999+09:00' });
    const before = await t.call<{ cards: { cardNumber: string }[] }>('GET', '/v1/terminal/blocked-cards', { token: till.token });
    expect(before.body.cards.map((c) => c.cardNumber)).not.toContain(card.cardNumber);
    expect((await admin('POST', `/v1/admin/cards/${card.walletId}/block`, {})).status).toBe(200);
    const pay = await till.pay('cashier', 100, card.credential);
    expect(pay).toMatchObject({ status: 403, body: { error: { code: 'card_blocked' } } });
    const listed = await t.call<{ cards: { cardNumber: string; status: string }[]; next: unknown }>('GET', '/v1/terminal/blocked-cards', { token: till.token });
    expect(listed.body.cards).toContainEqual(expect.objectContaining({ cardNumber: card.cardNumber, status: 'blocked' }));
    const app = await t.customer('Owner');
    const moved = await t.call('POST', '/v1/migrations', { ...till.as('support'), body: { clientTxnId: randomUUID(), card: { cardNumber: card.cardNumber }, to: await app.cpm() } });
    expect(moved).toMatchObject({ status: 201, body: { movedYen: 2_000, card: { cardNumber: card.cardNumber } } });
    const after = await t.call<{ cards: { cardNumber: string; status: string }[] }>('GET', '/v1/terminal/blocked-cards', { token: till.token });
    expect(after.body.cards).toContainEqual(expect.objectContaining({ cardNumber: card.cardNumber, status: 'retired' }));
  });

  it('When a signing key leaks and is rotated with revokePrevious, then tokens it signed are refused at once', async () => {
    const till = await t.terminal(shop);
    const customer = await t.customer();
    await t.seedLot(customer.walletId, { kind: 'charge', amountYen: 1_000, expiresAt: '2028-12-31T23:59:59.999+09:00' });
    const old = await customer.cpm();
    const r = await admin('POST', '/v1/admin/keys/rotate', { revokePrevious: true });
    expect(r).toMatchObject({ status: 201, body: { revokedPrevious: true } });
    expect((await till.pay('cashier', 100, old)).body).toMatchObject({ error: { code: 'token_invalid' } });
    expect((await till.pay('cashier', 100, await customer.cpm())).status).toBe(201);
  });

  it('When an operator seeds lot after lot into one wallet, then it stops at the wallet bound instead of nearing 2^53', async () => {
    const customer = await t.customer();
    expect((await admin('POST', `/v1/admin/wallets/${customer.walletId}/lots`, { kind: 'charge', amountYen: Number.MAX_SAFE_INTEGER, expiresAt: '2028-12-31T23:59:59.999+09:00' })).status).toBe(400);
    for (let i = 0; i < 10; i++) await t.seedLot(customer.walletId, { kind: 'charge', amountYen: 10_000_000, expiresAt: '2028-12-31T23:59:59.999+09:00' });
    const over = await admin('POST', `/v1/admin/wallets/${customer.walletId}/lots`, { kind: 'charge', amountYen: 1, expiresAt: '2028-12-31T23:59:59.999+09:00' });
    expect(over).toMatchObject({ status: 400, body: { error: { code: 'invalid_request' } } });
    expect((await customer.wallet()).totalYen).toBe(100_000_000);
  });
});

describe.skipIf(!PG_URL)('revocation across two instances on one PostgreSQL ledger (skipped without KUMAPAY_TEST_PG_URL)', () => {
  const clock = new ManualClock();
  let t: TestBackend;
  let b: RunningBackend;
  let both: ApiClient;
  beforeAll(async () => {
    t = await TestBackend.start('postgres', { clock });
    b = await t.sibling({ clock });
    both = new ApiClient([t.url, b.url], t.adminToken);
  });
  afterAll(async () => {
    await b?.stop();
    await t?.stop();
  });

  it('When a terminal is revoked on one instance, then the other refuses it no later than 10 s on (its cache bound), and so for disabled staff and logged-out sessions', async () => {
    const shop = await t.merchant('Shop');
    const till = await t.terminal(shop);
    const second = await t.terminal(shop);
    const lookup = (as: { token: string; staff: string }) => both.call('POST', '/v1/wallets/lookup', { ...as, instance: 1, body: { credential: { type: 'card', cardNumber: 'NONE-0000' } } });
    // Instance B has seen (and cached) each credential.
    expect((await lookup(till.as('cashier'))).status).toBe(404);
    expect((await lookup(second.as('cashier'))).status).toBe(404);
    expect((await lookup(second.as('manager'))).status).toBe(404);

    expect((await both.call('POST', `/v1/admin/terminals/${till.terminalId}/revoke`, { token: t.adminToken, body: {}, instance: 0 })).status).toBe(200);
    expect((await both.call('POST', `/v1/admin/staff/${second.staffIds.cashier}/disable`, { token: t.adminToken, body: {}, instance: 0 })).status).toBe(200);
    expect((await both.call('DELETE', '/v1/staff/sessions/current', { ...second.as('manager'), instance: 0 })).status).toBe(200);

    clock.advance(10_000);
    expect(await lookup(till.as('cashier'))).toMatchObject({ status: 401, body: { error: { reason: 'terminal_revoked' } } });
    expect(await lookup(second.as('cashier'))).toMatchObject({ status: 401, body: { error: { reason: 'staff_disabled' } } });
    expect(await lookup(second.as('manager'))).toMatchObject({ status: 401, body: { error: { reason: 'session_invalid' } } });
    // Untouched credentials go on working.
    expect((await lookup(second.as('support'))).status).toBe(404);
  });
});

/**
 * Issue 14, R2: a balance's display name is configuration all the way through. Renaming a
 * campaign (`PATCH /v1/admin/campaigns/:id {"label"}`) or the charge money
 * (`PATCH /v1/admin/settings {"chargeMoneyLabel"}`) renames it in every answer a terminal
 * gets — past payments' allocations (R25), the day's figures per balance (R26), a closed
 * day's figures (R30) and the online contact — because names are read when the answer is
 * made. A fourth campaign is a fourth line with no release. Its own backend: the renames
 * would otherwise leak into other suites' expectations.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestBackend } from '../../testing/harness';
import { STORE_KINDS } from '../../testing/stores';

const DAY = '2026-12-01';
const LATER = '2027-12-31T23:59:59.999+09:00';

type Allocation = { kind: string; campaignId: string | null; amountYen: number; label?: string };
type Txn = { type: string; amountYen: number; allocations: Allocation[] };

describe.each(STORE_KINDS)('balance names as configuration on %s', (kind) => {
  let t: TestBackend;
  beforeAll(async () => {
    t = await TestBackend.start(kind);
    await t.setClock(`${DAY}T10:00:00+09:00`);
  });
  afterAll(async () => {
    expect(await t.ledgerDifferences()).toEqual([]);
    await t.stop();
  });

  const rename = async (campaignId: string, label: string) => {
    expect((await t.call('PATCH', `/v1/admin/campaigns/${campaignId}`, { token: t.adminToken, body: { label } })).status).toBe(200);
  };
  const renameChargeMoney = async (label: string) => {
    expect((await t.call('PATCH', '/v1/admin/settings', { token: t.adminToken, body: { chargeMoneyLabel: label } })).status).toBe(200);
  };

  /** A wallet with charge money and one lot of each campaign, earliest expiry first in the given order. */
  async function walletWith(campaigns: { id: string; amountYen: number; expiresAt: string }[], chargeYen: number) {
    const customer = await t.customer();
    await t.seedLot(customer.walletId, { kind: 'charge', amountYen: chargeYen, expiresAt: LATER });
    for (const c of campaigns) await t.seedLot(customer.walletId, { kind: 'limited', campaignId: c.id, amountYen: c.amountYen, expiresAt: c.expiresAt });
    return customer;
  }

  it('R2/R25: When a campaign and the charge money are renamed after a payment, then that payment’s allocations read the new names in the day’s transactions and in search, while the payment’s own answer named them as they were', async () => {
    const shop = await t.merchant('Rename shop');
    const till = await t.terminal(shop);
    const limited = await t.campaign('限定マネー①', 'all');
    const customer = await walletWith([{ id: limited, amountYen: 1_000, expiresAt: '2027-03-31T23:59:59.999+09:00' }], 5_000);
    const paid = await till.pay('cashier', 1_500, await customer.cpm());
    expect(paid.status).toBe(201);
    // R5/R6: the limited lot expires first; each allocation names its balance.
    expect((paid.body.allocations as Allocation[]).map((a) => [a.label, a.amountYen])).toEqual([
      ['限定マネー①', 1_000],
      ['チャージマネー', 500],
    ]);

    await rename(limited, '補助金等マネー');
    await renameChargeMoney('クマPAYチャージマネー');
    try {
      const day = await till.transactions('manager', DAY);
      const payment = (day.body.transactions as unknown as Txn[]).find((x) => x.type === 'payment');
      expect(payment?.allocations.map((a) => [a.kind, a.label, a.amountYen])).toEqual([
        ['limited', '補助金等マネー', 1_000],
        ['charge', 'クマPAYチャージマネー', 500],
      ]);
      const found = await till.searchTransactions('manager', '1500');
      expect((found.body.transactions as unknown as Txn[])[0]?.allocations.map((a) => a.label)).toEqual(['補助金等マネー', 'クマPAYチャージマネー']);
    } finally {
      await renameChargeMoney('チャージマネー');
    }
  });

  it('R26: When the day’s payments spent charge money and three campaigns, then the settlement has one line per balance — charge money first, the fourth balance on a line of its own — adding up to the kinds', async () => {
    const shop = await t.merchant('Four balances');
    const till = await t.terminal(shop);
    const subsidy = await t.campaign('補助金等マネー', 'all');
    const furusato = await t.campaign('ふるさとクマPAYマネー', 'all');
    const premium = await t.campaign('プレミアム付商品券', 'all');
    const customer = await walletWith(
      [
        { id: premium, amountYen: 700, expiresAt: '2027-01-31T23:59:59.999+09:00' },
        { id: furusato, amountYen: 2_000, expiresAt: '2027-02-28T23:59:59.999+09:00' },
        { id: subsidy, amountYen: 3_000, expiresAt: '2027-03-31T23:59:59.999+09:00' },
      ],
      5_000,
    );
    expect((await till.pay('cashier', 7_000, await customer.cpm())).status).toBe(201);
    const r = await till.settlement('manager', DAY);
    expect(r.status).toBe(200);
    expect(r.body.paymentsByBalance).toEqual([
      { kind: 'charge', campaignId: null, label: 'チャージマネー', amountYen: 1_300 },
      { kind: 'limited', campaignId: furusato, label: 'ふるさとクマPAYマネー', amountYen: 2_000 },
      { kind: 'limited', campaignId: premium, label: 'プレミアム付商品券', amountYen: 700 },
      { kind: 'limited', campaignId: subsidy, label: '補助金等マネー', amountYen: 3_000 },
    ]);
    expect(r.body.paymentsByKind).toEqual({ chargeYen: 1_300, limitedYen: 5_700 });
  });

  it('R30/R2: When a closed day’s campaign is renamed afterwards, then the closed figures keep their amounts and read the new name', async () => {
    const shop = await t.merchant('Closed then renamed');
    const till = await t.terminal(shop);
    const campaign = await t.campaign('限定マネー②', 'all');
    const customer = await walletWith([{ id: campaign, amountYen: 2_000, expiresAt: '2027-02-28T23:59:59.999+09:00' }], 1_000);
    expect((await till.pay('cashier', 2_500, await customer.cpm())).status).toBe(201);
    const closed = await till.closeDay('manager', DAY);
    expect(closed.status).toBe(201);
    expect(closed.body.paymentsByBalance).toContainEqual({ kind: 'limited', campaignId: campaign, label: '限定マネー②', amountYen: 2_000 });

    await rename(campaign, 'ふるさとクマPAYマネー');
    const after = await till.settlement('manager', DAY);
    expect(after.body.closed).toBe(true);
    expect(after.body.paymentsByBalance).toEqual([
      { kind: 'charge', campaignId: null, label: 'チャージマネー', amountYen: 500 },
      { kind: 'limited', campaignId: campaign, label: 'ふるさとクマPAYマネー', amountYen: 2_000 },
    ]);
  });

  it('R2: When a terminal makes its online contact, then it is handed the names configured now: the charge money’s and the campaigns’', async () => {
    const shop = await t.merchant('Contact names');
    const till = await t.terminal(shop);
    const campaign = await t.campaign('限定マネー③', 'all');
    await rename(campaign, '補助金等マネー（2027年度）');
    const keys = await t.call<{ balanceLabels?: { chargeMoney: string; campaigns: { campaignId: string; label: string }[] } }>('GET', '/v1/terminal/keys', { token: till.token });
    expect(keys.body.balanceLabels?.chargeMoney).toBe('チャージマネー');
    expect(keys.body.balanceLabels?.campaigns).toContainEqual({ campaignId: campaign, label: '補助金等マネー（2027年度）' });
  });
});

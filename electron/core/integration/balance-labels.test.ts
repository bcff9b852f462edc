/**
 * Issue 14, R2: balance names are configuration all the way to the counter. The core against
 * the real backend process: an operator renames campaigns and the charge money after a
 * payment, and the terminal's 点検 (R26), its slip (R29) and the earlier payment's history line
 * (R25) read the new names; a campaign added later is a line of its own. Its own backend: the
 * renames must not reach other suites.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { businessDayOf } from '../../../common/time';
import type { HistoryLine } from '../../../common/terminal-api';
import { transform } from 'receiptline';
import { CHARS_PER_LINE } from '../../../common/receipts/printer-settings';
import { slipMarkup } from '../../../common/receipts/slip-markup';
import { RealBackend, realBackendAvailable } from '../testing/real-backend';
import { openHttpCore, type HttpCore } from '../testing/http-core';

const available = realBackendAvailable();
const dir = mkdtempSync(path.join(tmpdir(), 'kumapay-labels-'));
let backend: RealBackend;
let terminalCounter = 0;

beforeAll(async () => {
  if (!available) return;
  backend = new RealBackend(path.join(dir, 'backend.sqlite'));
  await backend.start();
}, 60_000);

afterAll(async () => {
  await backend?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** A fresh shop and terminal signed in as its manager; `terminalDir` to open the same journal again. */
async function managerTerminal(): Promise<{ t: HttpCore; terminalDir: string }> {
  const seeded = await backend.seedShop({ staff: [{ code: 'm1', pin: '1234', role: 'manager' }] });
  const terminalDir = path.join(dir, `t${++terminalCounter}`);
  const t = await openHttpCore({ dir: terminalDir, backendUrl: backend.url });
  const enrolled = await t.core.call('enroll', { enrollmentCode: seeded.enrollmentCode });
  if (!enrolled.ok) throw new Error(`enroll: ${enrolled.message}`);
  const login = await t.core.call('login', { staffCode: 'm1', pin: '1234' });
  if (!login.ok) throw new Error(`login: ${login.message}`);
  return { t, terminalDir };
}

async function campaign(label: string): Promise<string> {
  return (await backend.post<{ id: string }>('/v1/admin/campaigns', { name: label, label, kind: 'limited', validity: { years: 2 }, eligibleMerchantIds: 'all' })).id;
}

async function giveLot(walletId: string, campaignId: string, amountYen: number, expiresAt: string): Promise<void> {
  await backend.post(`/v1/admin/wallets/${walletId}/lots`, { kind: 'limited', campaignId, amountYen, expiresAt });
}

async function rename(campaignId: string, label: string): Promise<void> {
  await backend.patch(`/v1/admin/campaigns/${campaignId}`, { label });
}

async function pay(t: HttpCore, customerToken: string, amountYen: number) {
  const result = await t.core.call('pay', { amountYen, credential: { type: 'cpm', token: await backend.cpmToken(customerToken) } });
  if (!result.ok) throw new Error(`pay: ${result.message}`);
  return result.payment;
}

/** The named payment's breakdown in today's history, as "name amount". */
async function historyBreakdown(t: HttpCore, clientTxnId: string): Promise<string[]> {
  const history = await t.core.call('history', { businessDay: businessDayOf(Date.now()) });
  if (!history.ok) throw new Error(`history: ${history.message}`);
  const line = history.lines.find((l: HistoryLine) => l.clientTxnId === clientTxnId);
  return (line?.allocations ?? []).map((a) => `${a.label ?? '?'} ${a.amountYen}`);
}

/** A kept slip's words as the printer lays them out (no printer needed: the same markup, as text). */
function printedText(t: HttpCore, slipId: string): string {
  const read = t.journal.slips.read(slipId);
  if (!read.ok) throw new Error(`slip: ${read.message}`);
  const markup = slipMarkup(read.kept.slip, { copy: 'shop', reprint: false, paperWidthMm: 80, headerLines: [], footerLines: [] });
  return transform(markup, { cpl: CHARS_PER_LINE[80], encoding: 'shiftjis', command: 'text' });
}

describe.skipIf(!available /* skipped only when backend/src/main.ts is not in this checkout */)('balance names as configuration (R2)', () => {
  it('R2/R25/R26/R29: When campaigns and the charge money are renamed after a payment, then 点検 has one line per balance under today’s names (a campaign added later on its own line), its slip prints them, and the earlier payment’s history line is renamed too', async () => {
    const { t } = await managerTerminal();
    try {
      const first = await campaign('限定マネー①');
      const second = await campaign('限定マネー②');
      const customer = await backend.customer(5_000);
      await giveLot(customer.walletId, first, 3_000, '2098-03-31T23:59:59.999+09:00');
      await giveLot(customer.walletId, second, 2_000, '2097-06-30T23:59:59.999+09:00');
      const before = await pay(t, customer.customerToken, 7_000);
      // R6: earliest expiry first, each named as configured at the time.
      expect(before.allocations.map((a) => `${a.label} ${a.amountYen}`)).toEqual(['限定マネー② 2000', '限定マネー① 3000', 'チャージマネー 2000']);

      await rename(first, '補助金等マネー');
      await rename(second, 'ふるさとクマPAYマネー');
      await backend.setSettings({ chargeMoneyLabel: 'クマPAYチャージマネー' });
      // A fourth balance, no release: a new campaign whose lot is spent first.
      const premium = await campaign('プレミアム付商品券');
      await giveLot(customer.walletId, premium, 700, '2096-01-31T23:59:59.999+09:00');
      const after = await pay(t, customer.customerToken, 1_000);
      expect(after.allocations.map((a) => `${a.label} ${a.amountYen}`)).toEqual(['プレミアム付商品券 700', 'クマPAYチャージマネー 300']);

      const check = await t.core.call('dailyReport', { businessDay: businessDayOf(Date.now()), mode: 'check' });
      if (!check.ok) throw new Error(`点検: ${check.message}`);
      expect(check.report.balances).toEqual([
        { kind: 'charge', campaignId: null, label: 'クマPAYチャージマネー', amountYen: 2_300 },
        { kind: 'limited', campaignId: second, label: 'ふるさとクマPAYマネー', amountYen: 2_000 },
        { kind: 'limited', campaignId: premium, label: 'プレミアム付商品券', amountYen: 700 },
        { kind: 'limited', campaignId: first, label: '補助金等マネー', amountYen: 3_000 },
      ]);
      expect(check.report).toMatchObject({ chargeMoneyYen: 2_300, limitedYen: 5_700 });

      // R29: the 点検 slip says the same, line per balance.
      const slipText = printedText(t, check.report.slipId ?? '');
      for (const name of ['クマPAYチャージマネー', 'ふるさとクマPAYマネー', 'プレミアム付商品券', '補助金等マネー']) expect(slipText).toContain(name);
      expect(slipText).not.toMatch(/限定マネー/);

      // R25: the payment made before the rename reads the names configured now.
      expect(await historyBreakdown(t, before.clientTxnId)).toEqual(['ふるさとクマPAYマネー 2000', '補助金等マネー 3000', 'クマPAYチャージマネー 2000']);
    } finally {
      await backend.setSettings({ chargeMoneyLabel: 'チャージマネー' });
      await t.close();
    }
  });

  it('R2: When the online contact hands out a rename, then an earlier payment’s history line takes the new name with no other answer, and keeps it after a restart', async () => {
    const opened = await managerTerminal();
    let t = opened.t;
    try {
      const hometown = await campaign('限定マネー②');
      const customer = await backend.customer(0);
      await giveLot(customer.walletId, hometown, 2_000, '2097-06-30T23:59:59.999+09:00');
      const paid = await pay(t, customer.customerToken, 1_500);
      await rename(hometown, 'ふるさとクマPAYマネー');
      // Nothing told the terminal yet: its journal still names the lot as it was paid.
      expect(await historyBreakdown(t, paid.clientTxnId)).toEqual(['限定マネー② 1500']);

      expect(await t.core.sync.contact()).toBe(true);
      expect(await historyBreakdown(t, paid.clientTxnId)).toEqual(['ふるさとクマPAYマネー 1500']);

      await t.close();
      t = await openHttpCore({ dir: opened.terminalDir, backendUrl: backend.url });
      const login = await t.core.call('login', { staffCode: 'm1', pin: '1234' });
      if (!login.ok) throw new Error(`login: ${login.message}`);
      expect(await historyBreakdown(t, paid.clientTxnId)).toEqual(['ふるさとクマPAYマネー 1500']);
    } finally {
      await t.close();
    }
  });
});

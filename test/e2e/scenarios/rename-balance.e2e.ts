/**
 * Issue 14 (R2): balance names are configuration, all the way to the counter. The city's
 * operator renames the balances through the admin API (`PATCH /v1/admin/campaigns/:id
 * {"label"}`, `PATCH /v1/admin/settings {"chargeMoneyLabel"}`) and adds a campaign; with no
 * release the counter shows the new names in 残高照会, the payment result and its slip, the
 * history of a payment made before the rename (R25), and 点検 — one line per balance — with
 * its slip (R26, R29). Every scenario has its own backend, so the demo's names stay as they
 * are for the others.
 */
import type { Page } from 'playwright-core';
import { eventually, ExpectationError, expectCount, expectText, expectVisible } from '../lib/expect';
import type { E2eTest } from '../lib/harness';
import type { E2eBackend } from '../lib/backend';
import { DailyCloseScreen, expectLotRows, HistoryScreen, PaymentScreen } from '../lib/pages';
import { payWithHanakoQr, staffOf, startStack, type Stack } from '../lib/stack';

const SUBSIDY = '補助金等マネー';
const HOMETOWN = 'ふるさとクマPAYマネー';
const CHARGE_MONEY = 'クマPAYチャージマネー';
const PREMIUM = 'プレミアム付商品券';

/** One admin API call as the city's operator makes it; throws unless it succeeds. */
async function operator<T>(backend: E2eBackend, method: 'GET' | 'POST' | 'PATCH', urlPath: string, body?: unknown): Promise<T> {
  const response = await fetch(`${backend.url}${urlPath}`, {
    method,
    headers: { authorization: `Bearer ${backend.adminToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(5_000),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`admin ${method} ${urlPath}: HTTP ${response.status} ${text}`);
  return JSON.parse(text) as T;
}

/** The end of the JST day `days` from now, as the demo seed writes expiries. */
function endOfDayIn(days: number): string {
  const day = new Date(Date.now() + 9 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);
  return `${day}T23:59:59.999+09:00`;
}

/**
 * What the cashier reads on screen never shows an old balance name, a raw code or an English
 * word where Japanese belongs (KumaPAY and QR are names, not English).
 */
async function expectOnlyNewNames(page: Page, where: string): Promise<void> {
  const text = await page.locator('body').innerText();
  const bad = /限定マネー|undefined|null|NaN|\blimited\b|\bcharge\b|lot\.|day\.close\./.exec(text);
  if (bad) throw new ExpectationError(`${where}: the screen shows "${bad[0]}"\n--- screen ---\n${text}`);
}

/** The printer simulator's last slip, once it contains every one of `words` (spaces aside). */
async function printedSlipWith(s: Stack, words: readonly string[]): Promise<string> {
  const last = await eventually(
    `a printed slip naming ${words.join(', ')}`,
    () => s.host.printerLast(),
    (seen) => seen.lines !== null && words.every((word) => (seen.lines ?? []).join('').replace(/\s+/g, '').includes(word)),
    15_000,
  );
  return (last.lines ?? []).join('\n');
}

const renameBalances: E2eTest = {
  name: 'When the city renames the balances and adds a campaign through the admin API, then the counter names them as configured in 残高照会, the payment result and slip, an earlier payment’s history and 点検 with one line per balance (R2, R25, R26, R29)',
  slug: 'rename-balance-r2',
  timeoutMs: 180_000,
  async run(t) {
    const s = await startStack(t);
    const manager = staffOf(s.demo, 'manager');
    await s.terminal.login(manager.staffCode, manager.pin);

    // Before the rename: ¥3,000 is paid from C (限定マネー②) ¥2,000 and B (限定マネー①) ¥1,000 (R6).
    await payWithHanakoQr(s, 3_000);
    const pay = new PaymentScreen(s.terminal);
    await expectLotRows(pay.breakdownRows(), ['限定マネー② ¥2,000', '限定マネー① ¥1,000']);
    await pay.nextSale();
    await s.terminal.home();

    // The operator: the city's new names, and a fourth balance whose lot expires first.
    const campaigns = await operator<{ items: { id: string; name: string }[] }>(s.backend, 'GET', '/v1/admin/campaigns?limit=100');
    const idOf = (name: string) => {
      const found = campaigns.items.find((c) => c.name === name);
      if (!found) throw new Error(`no campaign ${name} in the demo data`);
      return found.id;
    };
    await operator(s.backend, 'PATCH', `/v1/admin/campaigns/${idOf('限定マネー①')}`, { label: SUBSIDY });
    await operator(s.backend, 'PATCH', `/v1/admin/campaigns/${idOf('限定マネー②')}`, { label: HOMETOWN });
    await operator(s.backend, 'PATCH', '/v1/admin/settings', { chargeMoneyLabel: CHARGE_MONEY });
    const premium = await operator<{ id: string }>(s.backend, 'POST', '/v1/admin/campaigns', { name: 'プレミアム付商品券2026', label: PREMIUM, kind: 'limited', validity: { months: 6 }, eligibleMerchantIds: 'all' });
    await operator(s.backend, 'POST', `/v1/admin/wallets/${s.demo.hanako.walletId}/lots`, { kind: 'limited', campaignId: premium.id, amountYen: 700, expiresAt: endOfDayIn(10) });

    // 残高照会: every balance under its new name (C is spent out: no ¥0 line).
    await s.terminal.openMenu('lookup');
    const lookupToken = await s.backend.cpmToken(s.demo.hanako.customerToken);
    await s.host.sim({ action: 'scan', body: { text: lookupToken.token } });
    await expectText(s.terminal.byTestId('lookup-eligible'), /¥7,700/);
    await expectLotRows(s.terminal.byTestId('lookup-wallet-lots').getByTestId('lot-row'), [`${PREMIUM} ¥700`, `${SUBSIDY} ¥2,000`, `${CHARGE_MONEY} ¥5,000`]);
    await expectOnlyNewNames(s.page, '残高照会');
    await t.screenshot(s.page, 'lookup');
    await s.terminal.byTestId('lookup-again').click();
    await s.terminal.home();

    // A payment after the rename: ¥3,500 = the new campaign ¥700 + 補助金等 ¥2,000 + charge ¥800.
    await payWithHanakoQr(s, 3_500);
    await expectLotRows(pay.breakdownRows(), [`${PREMIUM} ¥700`, `${SUBSIDY} ¥2,000`, `${CHARGE_MONEY} ¥800`]);
    await expectLotRows(s.terminal.byTestId('balance-after-lots').getByTestId('lot-row'), [`${CHARGE_MONEY} ¥4,200`]);
    await expectOnlyNewNames(s.page, 'お支払い完了');
    await t.screenshot(s.page, 'payment');
    // R29: the customer's slip says the same names.
    const paymentSlip = await printedSlipWith(s, [PREMIUM, SUBSIDY, CHARGE_MONEY, '¥3,500']);
    if (/限定マネー/.test(paymentSlip)) throw new ExpectationError(`the payment slip names an old balance:\n${paymentSlip}`);
    await pay.nextSale();
    await s.terminal.home();

    // R25: the payment made before the rename reads today's names.
    await s.terminal.openMenu('history');
    const history = new HistoryScreen(s.terminal);
    await expectCount(history.lines(), 2);
    await history.open(history.lines().last());
    await expectText(history.detailAmount(), '¥3,000');
    await expectLotRows(s.terminal.byTestId('detail-breakdown').getByTestId('lot-row'), [`${HOMETOWN} ¥2,000`, `${SUBSIDY} ¥1,000`]);
    await expectOnlyNewNames(s.page, '取引履歴');
    await t.screenshot(s.page, 'history');
    await history.closeDetail();
    await s.terminal.home();

    // R26: 点検, one line per balance — charge money first, the new campaign a line of its own.
    await s.terminal.openMenu('close');
    const close = new DailyCloseScreen(s.terminal);
    await close.check();
    await close.expectFigure('gross-payments', '2件 ¥6,500');
    await expectLotRows(close.balanceRows(), [`${CHARGE_MONEY} ¥800`, `${HOMETOWN} ¥2,000`, `${PREMIUM} ¥700`, `${SUBSIDY} ¥3,000`]);
    await expectOnlyNewNames(s.page, '点検');
    await t.screenshot(s.page, 'check');
    // R29: the 点検 slip, printed on request, has the same lines.
    await expectVisible(s.terminal.byTestId('report-print'));
    await s.terminal.byTestId('report-print').click();
    const reportSlip = await printedSlipWith(s, ['お支払いの内訳（残高別）', CHARGE_MONEY, HOMETOWN, PREMIUM, SUBSIDY]);
    if (/限定マネー/.test(reportSlip)) throw new ExpectationError(`the 点検 slip names an old balance:\n${reportSlip}`);
  },
};

export default [renameBalances];

/**
 * Issue 10: the counter's day, right to the last yen (R26, R30–R33), through the real UI, the
 * browser host and the backend: sales, a split sale, a cancel with a manager's approval of a
 * sale made at another register, 点検, a difference acknowledged, 精算, and a sale and a cancel
 * after 精算 going to the next business day while the closed day keeps its figures.
 */
import { ApiRegister } from '../lib/register';
import { expectAttribute, expectCount, expectEqual, expectHidden, expectText, expectVisible } from '../lib/expect';
import type { E2eTest } from '../lib/harness';
import { DailyCloseScreen, HistoryScreen, PaymentScreen } from '../lib/pages';
import { payWithHanakoQr, staffOf, startStack, type Stack } from '../lib/stack';

/** Opens the approval dialog's fields and answers with a manager's code and PIN. */
async function approveAs(s: Stack, staffCode: string, pin: string): Promise<void> {
  await expectVisible(s.terminal.byTestId('approval-dialog'));
  await s.terminal.byTestId('approval-code').fill(staffCode);
  await s.terminal.byTestId('approval-pin').fill(pin);
  await s.terminal.byTestId('approval-submit').click();
}

const fullDay: E2eTest = {
  name: 'When a cashier sells, splits a sale with cash, cancels another register\'s sale with the manager\'s approval, and the manager acknowledges a difference and runs 精算, then the figures are net and right to the yen and later sales go to the next business day (R26, R30, R31, R32, R33)',
  slug: 'counter-day-full-r30-r33',
  timeoutMs: 300_000,
  async run(t) {
    const s = await startStack(t);
    const cashier = staffOf(s.demo, 'cashier');
    const manager = staffOf(s.demo, 'manager');
    await s.terminal.login(cashier.staffCode, cashier.pin);

    // A plain sale: ¥1,200 from 花子's app.
    await payWithHanakoQr(s, 1_200);
    await s.terminal.home();

    // R32: 太郎 holds ¥1,200 and buys for ¥2,000: the decline says how much can be used here,
    // one tap takes that by KumaPAY and the rest in cash.
    await s.terminal.openMenu('pay');
    const pay = new PaymentScreen(s.terminal);
    await pay.startSale(2_000);
    const taroToken = await s.backend.cpmToken(s.demo.taro.customerToken);
    await s.host.sim({ action: 'scan', body: { text: taroToken.token } });
    await pay.waitDeclined();
    await expectText(pay.declineReason(), /¥1,200/);
    await t.screenshot(s.page, 'split-offer');
    // The declined QR paid nothing, so the same scan pays the usable part (R22: one payment).
    await pay.splitButton().click();
    await expectVisible(s.terminal.byTestId('split-result'));
    await expectText(s.terminal.byTestId('split-result'), /¥1,200[\s\S]*¥800/);
    await t.screenshot(s.page, 'split-result');
    await s.terminal.home();

    // レジ2 of the same shop sells ¥500 to 花子.
    const register2 = await ApiRegister.create(s.backend, s.demo.shopId, 'レジ2');
    await register2.login(cashier);
    const hanakoToken = await s.backend.cpmToken(s.demo.hanako.customerToken);
    const sale2 = await register2.pay(500, hanakoToken.token, 1);
    expectEqual('レジ2 sale status', sale2.status, 201);
    const shortNo2 = `${String(register2.terminalNo).padStart(4, '0')}-000001`;

    // R31: at レジ1 the cashier finds it by its short number and cancels it with the manager's
    // approval; a wrong PIN first is refused and can be retried.
    await s.terminal.openMenu('history');
    const history = new HistoryScreen(s.terminal);
    await s.terminal.byTestId('search-input').fill(shortNo2);
    await s.terminal.byTestId('search-submit').click();
    await expectCount(s.terminal.byTestId('search-result'), 1);
    const found = s.terminal.byTestId('search-result').first();
    await expectText(found, /レジ2/);
    await expectText(found, /¥500/);
    await t.screenshot(s.page, 'search');
    await history.open(found);
    await s.terminal.byTestId('cancel-button').click();
    await s.terminal.byTestId('cancel-confirm').click();
    await approveAs(s, manager.staffCode, '0000');
    await expectVisible(s.terminal.byTestId('approval-error'));
    await t.screenshot(s.page, 'approval-wrong-pin');
    await approveAs(s, manager.staffCode, manager.pin);
    await expectVisible(history.cancelDone());
    await t.screenshot(s.page, 'cancelled-other-register');
    await history.closeDetail();
    await s.terminal.byTestId('search-clear').click();

    // A payment this register's journal does not hold (as after restoring an older journal).
    const outside = await ApiRegister.sameAsHost(s.backend, s.terminalDir, 1);
    await outside.login(manager);
    const lost = await outside.pay(300, (await s.backend.cpmToken(s.demo.hanako.customerToken)).token, 999_001);
    expectEqual('payment outside the journal', lost.status, 201);

    // Quick switch to the manager.
    await s.terminal.logout();
    await s.terminal.login(manager.staffCode, manager.pin);

    // 点検 (R33): gross, cancelled and net; split cash in the drawer.
    await s.terminal.openMenu('close');
    const close = new DailyCloseScreen(s.terminal);
    await close.check();
    await close.expectFigure('gross-payments', '2件 ¥2,400');
    await close.expectFigure('cancelled-payments', '1件 ¥500');
    await close.expectFigure('net-payments', '¥1,900');
    await close.expectFigure('cash-sales-value', '1件 ¥800');
    await expectText(close.expectedDrawer(), '¥800');
    // R33: the difference in Japanese: type, time, amount, what differs; no UUID, no English.
    await expectCount(close.differenceLines(), 1);
    const difference = close.differenceLines().first();
    await expectText(difference, /お支払い/);
    await expectText(difference, /¥300/);
    await expectText(difference, /このレジの記録にありません/);
    await expectText(difference, /\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}/);
    const differenceText = (await difference.textContent()) ?? '';
    if (/payment|[0-9a-f]{8}-[0-9a-f]{4}-/.test(differenceText)) throw new Error(`difference line shows raw words: ${differenceText}`);
    await expectAttribute(s.terminal.byTestId('close-button'), 'disabled', '');
    await t.screenshot(s.page, 'check-with-difference');

    // The manager acknowledges it; then 精算 goes through.
    await difference.getByTestId('difference-ack').click();
    await close.close();
    await expectVisible(s.terminal.byTestId('report-closed-badge'));
    const closedDay = (await s.terminal.byTestId('report-business-day').getAttribute('data-day')) ?? '';
    await expectVisible(s.terminal.byTestId('report-next-day'));
    await t.screenshot(s.page, 'closed');

    // R30: after 精算, a ¥100 sale and the cancel of the morning's ¥1,200 belong to the next day.
    await s.terminal.home();
    await payWithHanakoQr(s, 100);
    await s.terminal.home();
    await s.terminal.openMenu('history');
    await s.terminal.byTestId('search-input').fill('1200');
    await s.terminal.byTestId('search-submit').click();
    const morning = s.terminal.byTestId('search-result').filter({ hasText: '¥1,200' }).filter({ hasNotText: '現金' }).first();
    await history.open(morning);
    await history.cancelOpened();
    await history.closeDetail();
    await s.terminal.home();

    await s.terminal.openMenu('close');
    await close.check();
    const nextDay = (await s.terminal.byTestId('report-business-day').getAttribute('data-day')) ?? '';
    if (!(nextDay > closedDay)) throw new Error(`the report after 精算 is for ${nextDay}, not after ${closedDay}`);
    await close.expectFigure('gross-payments', '1件 ¥100');
    await close.expectFigure('cancelled-payments', '1件 ¥1,200');
    await expectHidden(s.terminal.byTestId('report-closed-badge'));
    await t.screenshot(s.page, 'next-day-check');

    // 点検 of the closed day shows its closed figures, unchanged by what came after.
    await close.previousDay();
    await s.terminal.byTestId('report-check').click();
    await expectVisible(s.terminal.byTestId('report-closed-badge'));
    await expectAttribute(s.terminal.byTestId('report-business-day'), 'data-day', closedDay);
    await close.expectFigure('gross-payments', '2件 ¥2,400');
    await close.expectFigure('cancelled-payments', '1件 ¥500');
    await t.screenshot(s.page, 'closed-day-check');
  },
};

export default [fullDay];

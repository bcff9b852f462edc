/**
 * Issue 13 at the counter: KumaPo points spent at a KumaPo store (R23), a dynamic MPM request
 * paid from the citizen app and seen on the terminal and the customer display (R28), and a
 * payment by another register's printed store QR arriving here as 入金通知 (R28 static). The
 * demo's 熊谷うどん本店 is a KumaPo store; the citizen app is the demo's customer page (花子).
 * Every figure on screen is checked against the backend's own answer afterwards.
 */
import { expectAttribute, expectCount, expectEqual, expectText, expectVisible } from '../lib/expect';
import type { E2eTest } from '../lib/harness';
import { DailyCloseScreen, PaymentScreen } from '../lib/pages';
import { openCitizenApp, spendPointsWithHanakoQr, staffOf, startStack } from '../lib/stack';

const pointSpend: E2eTest = {
  name: 'When 花子 claims the event\'s 100 pt in her app and the cashier at the KumaPo store takes 30 pt by クマポ利用 with her QR, then the screen shows 30 pt used and 70 pt left, the customer display too, and history lists the spend (R23, R25)',
  slug: 'kumapo-point-spend-r23',
  timeoutMs: 150_000,
  async run(t) {
    const s = await startStack(t);
    const phone = await openCitizenApp(s);
    await phone.getByTestId('citizen-tab-points').click();
    await phone.getByRole('button', { name: 'デモのイベントQR' }).click();
    await phone.getByRole('button', { name: '受け取る' }).click();
    await expectText(phone.getByTestId('citizen-claim-result'), /100/);
    await expectText(phone.getByTestId('citizen-points-balance'), /100/);
    await t.screenshot(phone, 'citizen-claimed', { scrollsDown: true });

    const display = await s.page.context().newPage();
    await display.goto(`${s.host.url}/#/customer-display`);
    await expectAttribute(display.getByTestId('customer-display'), 'data-screen', 'welcome');

    await s.page.bringToFront();
    const cashier = staffOf(s.demo, 'cashier');
    await s.terminal.login(cashier.staffCode, cashier.pin);
    await expectVisible(s.terminal.menuItem('points'));
    await spendPointsWithHanakoQr(s, 30);
    await expectText(s.terminal.byTestId('points-used'), /30\s*pt/);
    await expectText(s.terminal.byTestId('points-left-value'), /70\s*pt/);
    await expectText(s.terminal.byTestId('points-lapse'), /まで有効|有効期限|\d{4}/);
    await t.screenshot(s.page, 'points-done');
    await expectAttribute(display.getByTestId('customer-display'), 'data-screen', 'points_spent');
    await expectText(display.getByTestId('cd-points-after'), /70/);
    await t.screenshot(display, 'customer-display-points');

    expectEqual('花子 points after the spend (backend)', (await s.backend.points(s.demo.hanako.customerToken)).points, 70);
    // Points never touch the yen: 花子's ¥10,000 is all there.
    expectEqual('花子 yen after the spend (backend)', (await s.backend.wallet(s.demo.hanako.customerToken)).totalYen, 10_000);

    await s.terminal.home();
    await s.terminal.openMenu('history');
    await expectText(s.terminal.byTestId('history-line').first(), /30\s*pt/);
    await t.screenshot(s.page, 'history-point-spend');
  },
};

const dynamicMpm: E2eTest = {
  name: 'When the cashier rings up ¥1,200 and chooses QRを表示, then the customer display shows the QR with the amount and a countdown; 花子 pays it in her app; both screens say お支払い完了 and the payment is in 点検 (R28)',
  slug: 'mpm-dynamic-r28',
  timeoutMs: 150_000,
  async run(t) {
    const s = await startStack(t);
    const cashier = staffOf(s.demo, 'cashier');
    await s.terminal.login(cashier.staffCode, cashier.pin);
    const display = await s.page.context().newPage();
    await display.goto(`${s.host.url}/#/customer-display`);
    await expectAttribute(display.getByTestId('customer-display'), 'data-screen', 'welcome');

    await s.page.bringToFront();
    await s.terminal.openMenu('pay');
    const pay = new PaymentScreen(s.terminal);
    await pay.startSale(1_200);
    await s.terminal.byTestId('pay-show-qr').click();
    await expectAttribute(s.terminal.byTestId('mpm-panel'), 'data-state', 'showing');
    // The QR drawer loads when a QR is first shown; until then a placeholder holds its place.
    await expectAttribute(s.terminal.byTestId('mpm-qr'), 'class', /^(?!.*qr--loading)/);
    await expectText(s.terminal.byTestId('mpm-countdown'), /\d:\d\d/);
    await t.screenshot(s.page, 'terminal-qr-shown');

    await expectAttribute(display.getByTestId('customer-display'), 'data-screen', 'mpm');
    await expectText(display.getByTestId('cd-amount'), '¥1,200');
    await expectAttribute(display.getByTestId('cd-mpm-qr-image'), 'class', /^(?!.*qr--loading)/);
    await expectText(display.getByTestId('cd-mpm-countdown'), /\d:\d\d/);
    const shownQr = await display.getByTestId('cd-mpm-qr').getAttribute('data-qr');
    if (!shownQr?.startsWith('KPM1.')) throw new Error(`the customer display shows no MPM QR: ${shownQr}`);
    await t.screenshot(display, 'customer-display-qr');

    // 花子's phone reads the QR on the customer display, sees shop and amount, and pays.
    const phone = await openCitizenApp(s);
    await phone.getByTestId('citizen-tab-pay').click();
    await phone.getByRole('textbox', { name: 'お店のQRコード' }).fill(shownQr);
    await phone.getByRole('button', { name: '内容を確認' }).click();
    await expectText(phone.getByTestId('citizen-pay-shop'), '熊谷うどん本店');
    await expectText(phone.getByTestId('citizen-pay-amount'), '¥1,200');
    await t.screenshot(phone, 'citizen-preview', { scrollsDown: true });
    await phone.getByRole('button', { name: '支払う' }).click();
    await expectVisible(phone.getByTestId('citizen-pay-result'));
    await expectText(phone.getByTestId('citizen-pay-paid'), '¥1,200');
    await t.screenshot(phone, 'citizen-paid', { scrollsDown: true });

    await s.page.bringToFront();
    await expectVisible(s.terminal.byTestId('mpm-paid'));
    await expectText(s.terminal.byTestId('mpm-paid'), /お支払い完了/);
    await expectText(s.terminal.byTestId('mpm-balance-after'), '¥8,800');
    await t.screenshot(s.page, 'terminal-paid');
    await expectAttribute(display.getByTestId('customer-display'), 'data-screen', 'mpm_paid');
    await expectText(display.getByTestId('customer-display'), /お支払い完了/);
    await t.screenshot(display, 'customer-display-paid');

    expectEqual('花子 yen after the MPM payment (backend)', (await s.backend.wallet(s.demo.hanako.customerToken)).totalYen, 8_800);
    await s.terminal.byTestId('mpm-next').click();
    await s.terminal.home();
    await s.terminal.openMenu('close');
    const close = new DailyCloseScreen(s.terminal);
    await close.check();
    await close.expectFigure('gross-payments', '1件 ¥1,200');
    await expectText(s.terminal.byTestId('report-mpm-value'), '1件 ¥1,200');
    await expectAttribute(close.differences(), 'data-count', '0');
    await t.screenshot(s.page, 'close-with-mpm');
  },
};

const staticNotice: E2eTest = {
  name: 'When 花子 pays ¥800 by the printed store QR of the shop\'s other register, then this register shows 入金通知 ¥800 with the other register named (ほかのレジ), and its own day is untouched (R28 static)',
  slug: 'mpm-static-notice-r28',
  timeoutMs: 150_000,
  async run(t) {
    const s = await startStack(t);
    const cashier = staffOf(s.demo, 'cashier');
    await s.terminal.login(cashier.staffCode, cashier.pin);
    const other = await s.backend.anotherRegisterStoreQr(s.demo.shopId, 'レジ2');

    const phone = await openCitizenApp(s);
    await phone.getByTestId('citizen-tab-pay').click();
    await phone.getByRole('textbox', { name: 'お店のQRコード' }).fill(other.qr);
    await phone.getByRole('button', { name: '内容を確認' }).click();
    await expectText(phone.getByTestId('citizen-pay-shop'), '熊谷うどん本店');
    await phone.getByRole('textbox', { name: '金額（円）' }).fill('800');
    await t.screenshot(phone, 'citizen-store-qr', { scrollsDown: true });
    await phone.getByRole('button', { name: '支払う' }).click();
    await expectText(phone.getByTestId('citizen-pay-paid'), '¥800');

    await s.page.bringToFront();
    await expectVisible(s.terminal.byTestId('notice-banner'));
    await expectText(s.terminal.byTestId('notice-banner-text'), /¥800/);
    await expectText(s.terminal.byTestId('notice-banner-text'), /ほかのレジ/);
    await t.screenshot(s.page, 'notice-banner');
    await s.terminal.byTestId('notice-banner-close').click();
    // The payment counts in レジ2's day (its QR), not here: this register's history has no line
    // for it (the store-QR scenario shows a register's own QR payment in its history).
    await s.terminal.openMenu('history');
    await s.terminal.byTestId('history-filter-type').selectOption('notice');
    await expectCount(s.terminal.byTestId('history-line'), 0);
    expectEqual('花子 yen after the store-QR payment (backend)', (await s.backend.wallet(s.demo.hanako.customerToken)).totalYen, 9_200);
  },
};

export default [pointSpend, dynamicMpm, staticNotice];

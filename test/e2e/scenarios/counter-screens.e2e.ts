/**
 * Issue 10, the exceptions and the screens a busy counter needs: a split sale where a balance
 * is not accepted (R32), its cancel reminding to return the cash, history with short numbers,
 * methods, staff and moved amounts (R25), the customer-facing display, the idle lock keeping a
 * sale, the header's device and link state.
 */
import { expectAttribute, expectCount, expectHidden, expectText, expectVisible, eventually } from '../lib/expect';
import type { E2eTest } from '../lib/harness';
import { DailyCloseScreen, HistoryScreen, MigrationScreen, PaymentScreen } from '../lib/pages';
import { payWithHanakoQr, staffOf, startStack } from '../lib/stack';

const splitAtBookshop: E2eTest = {
  name: 'When 花子 buys ¥8,000 at the bookshop, which does not take 限定マネー①, then the decline names that balance and the ¥7,000 usable here, the split records ¥1,000 cash, 点検 counts it, and its cancel reminds to return the ¥1,000 (R8, R32, R33)',
  slug: 'split-sale-bookshop-r32',
  timeoutMs: 180_000,
  async run(t) {
    const s = await startStack(t, { shop: 'bookshop' });
    const manager = staffOf(s.demo, 'manager');
    await s.terminal.login(manager.staffCode, manager.pin);
    await s.terminal.openMenu('pay');
    const pay = new PaymentScreen(s.terminal);
    await pay.startSale(8_000);
    const { token } = await s.backend.cpmToken(s.demo.hanako.customerToken);
    await s.host.sim({ action: 'scan', body: { text: token } });
    await pay.waitDeclined();
    await expectText(pay.declineReason(), /限定マネー①/);
    await expectText(pay.declineReason(), /¥3,000/);
    await expectText(pay.declineReason(), /¥7,000/);
    // Not the bare 残高が足りません of before: the customer holds ¥10,000.
    await expectVisible(s.terminal.byTestId('split-offer'));
    await t.screenshot(s.page, 'declined-not-accepted');
    await pay.splitButton().click();
    await expectVisible(s.terminal.byTestId('split-result'));
    await expectText(s.terminal.byTestId('split-cash'), /¥1,000/);
    await expectText(s.terminal.byTestId('split-total'), /¥8,000/);
    await expectText(s.terminal.byTestId('short-no'), /\d{4}-\d{6}/);
    await t.screenshot(s.page, 'split-result');
    await s.terminal.home();

    // 点検: the cash half is in the drawer (R32, R33).
    await s.terminal.openMenu('close');
    const close = new DailyCloseScreen(s.terminal);
    await close.check();
    await close.expectFigure('gross-payments', '1件 ¥7,000');
    await close.expectFigure('cash-sales-value', '1件 ¥1,000');
    await expectText(close.expectedDrawer(), '¥1,000');
    await s.terminal.home();

    // The cancel gives back the KumaPAY part and reminds the cashier of the cash part.
    await s.terminal.openMenu('history');
    const history = new HistoryScreen(s.terminal);
    await expectCount(history.lines(), 1);
    await expectText(history.lines().first().getByTestId('line-split'), /¥7,000[\s\S]*¥1,000/);
    await history.open(history.lines().first());
    await s.terminal.byTestId('cancel-button').click();
    await s.terminal.byTestId('cancel-confirm').click();
    await expectVisible(s.terminal.byTestId('cash-return-reminder'));
    await expectText(s.terminal.byTestId('cash-return-reminder'), /現金 ¥1,000/);
    await t.screenshot(s.page, 'cash-return-reminder');
    await s.terminal.byTestId('cash-return-ack').click();
    await expectVisible(history.cancelDone());
    await history.closeDetail();
    await s.terminal.home();

    await s.terminal.openMenu('close');
    await close.check();
    await close.expectFigure('cancelled-payments', '1件 ¥7,000');
    await close.expectFigure('net-payments', '¥0');
    await close.expectFigure('cash-returned-value', '¥1,000');
    await expectText(close.expectedDrawer(), '¥0');
    await t.screenshot(s.page, 'check-after-cancel');
  },
};

const historyLines: E2eTest = {
  name: 'When the manager takes a payment and migrates a card, then History lists them newest first with short numbers, method and staff, the migration shows the ¥4,500 that moved, and the type and amount filters narrow the list (R25)',
  slug: 'history-short-numbers-r25',
  timeoutMs: 180_000,
  async run(t) {
    const s = await startStack(t);
    const manager = staffOf(s.demo, 'manager');
    await s.terminal.login(manager.staffCode, manager.pin);
    await payWithHanakoQr(s, 700);
    await s.terminal.home();

    await s.terminal.openMenu('migrate');
    const migration = new MigrationScreen(s.terminal);
    await s.host.sim({ action: 'tap', body: { uid: s.demo.card.nfcUid, technology: 'iso14443a' } });
    await migration.expectStep('cardShown');
    await migration.toAppStep();
    const { token } = await s.backend.cpmToken(s.demo.taro.customerToken);
    await s.host.sim({ action: 'scan', body: { text: token } });
    await migration.expectStep('confirm');
    await migration.confirm();
    // The done screen shows the app's new balance (¥1,200 + ¥4,500).
    await expectText(s.terminal.byTestId('migration-app-after'), /¥5,700/);
    await t.screenshot(s.page, 'migration-done');
    await s.terminal.home();

    await s.terminal.openMenu('history');
    const history = new HistoryScreen(s.terminal);
    await expectCount(history.lines(), 2);
    const [first, second] = [history.lines().nth(0), history.lines().nth(1)];
    // Newest first: the migration, then the sale.
    await expectText(first.getByTestId('line-migrated'), /¥4,500/);
    await expectText(second.getByTestId('line-amount'), '¥700');
    await expectText(second.getByTestId('line-method'), 'QR');
    await expectText(second.getByTestId('line-staff'), /田中/);
    for (const line of [first, second]) await expectText(line.getByTestId('line-short-no'), /^0001-\d{6}$/);
    const firstNo = await first.getAttribute('data-short-no');
    const secondNo = await second.getAttribute('data-short-no');
    if (!firstNo || !secondNo || !(firstNo > secondNo)) throw new Error(`short numbers not newest first: ${firstNo} then ${secondNo}`);
    await t.screenshot(s.page, 'history');

    await s.terminal.byTestId('history-filter-type').selectOption('migration');
    await expectCount(history.lines(), 1);
    await s.terminal.byTestId('history-filter-type').selectOption('all');
    await s.terminal.byTestId('history-filter-amount').fill('700');
    await expectCount(history.lines(), 1);
    await expectText(history.lines().first().getByTestId('line-amount'), '¥700');
    await t.screenshot(s.page, 'history-filtered');
  },
};

const counterScreens: E2eTest = {
  name: 'When a sale is rung up, then the customer display shows the amount, the result and a 残高照会; a staff switch mid-sale keeps the sale; every screen has 戻る and メニュー; the header says when the link is down without a payment being tried; a lock-out says for how long and whom to call',
  slug: 'counter-screens',
  timeoutMs: 180_000,
  async run(t) {
    const s = await startStack(t);
    const cashier = staffOf(s.demo, 'cashier');
    await s.terminal.login(cashier.staffCode, cashier.pin);

    // The customer-facing display: a second page of the same host.
    const customerPage = await s.page.context().newPage();
    await customerPage.goto(`${s.host.url}/#/customer-display`);
    const display = customerPage.getByTestId('customer-display');
    await expectAttribute(display, 'data-screen', 'welcome');

    await s.terminal.openMenu('pay');
    const pay = new PaymentScreen(s.terminal);
    await expectVisible(s.terminal.byTestId('back-button'));
    await expectVisible(s.terminal.byTestId('menu-button'));
    await pay.startSale(1_500);
    await expectAttribute(display, 'data-screen', 'amount');
    await expectText(customerPage.getByTestId('cd-amount'), '¥1,500');
    await t.screenshot(customerPage, 'customer-amount');

    // Staff switch in the middle of the sale: the amount is still there after the PIN.
    await s.terminal.byTestId('switch-staff').click();
    await expectVisible(s.terminal.byTestId('idle-lock'));
    await t.screenshot(s.page, 'lock');
    await s.terminal.byTestId('lock-staff-code').fill(cashier.staffCode);
    await s.terminal.byTestId('lock-pin').fill(cashier.pin);
    await s.terminal.byTestId('lock-submit').click();
    await expectHidden(s.terminal.byTestId('idle-lock'));
    await expectAttribute(pay.flow(), 'data-state', 'scanning');

    const { token } = await s.backend.cpmToken(s.demo.hanako.customerToken);
    await s.host.sim({ action: 'scan', body: { text: token } });
    await pay.waitApproved();
    await expectAttribute(display, 'data-screen', 'approved');
    await expectText(customerPage.getByTestId('cd-balance-after'), '¥8,500');
    await t.screenshot(customerPage, 'customer-approved');

    // 残高照会: the usable-here amount large, the title once, and the same figure on the display.
    await pay.nextSale();
    await s.terminal.home();
    await s.terminal.openMenu('lookup');
    const lookupToken = await s.backend.cpmToken(s.demo.hanako.customerToken);
    await s.host.sim({ action: 'scan', body: { text: lookupToken.token } });
    await expectText(s.terminal.byTestId('lookup-eligible'), /¥8,500/);
    await expectCount(s.page.getByText('残高照会', { exact: true }), 1);
    await expectAttribute(display, 'data-screen', 'balance');
    await expectText(customerPage.getByTestId('cd-usable-here'), /¥8,500/);
    await t.screenshot(s.page, 'lookup');
    await t.screenshot(customerPage, 'customer-balance');
    await customerPage.close();
    await s.terminal.byTestId('lookup-again').click();
    await s.terminal.byTestId('back-button').click();
    await expectVisible(s.terminal.byTestId('screen-home'));
    await s.terminal.openMenu('pay');

    // メニュー returns to the menu.
    await s.terminal.byTestId('menu-button').click();
    await expectVisible(s.terminal.byTestId('screen-home'));

    // The header: devices, and the link state without any payment being attempted.
    await expectVisible(s.terminal.byTestId('device-status'));
    await s.backend.stop();
    await eventually('the header shows オフライン', async () => s.terminal.byTestId('header-offline-badge').isVisible(), (v) => v, 10_000);
    await t.screenshot(s.page, 'header-offline');
    await s.backend.start();
    await expectHidden(s.terminal.byTestId('header-offline-badge'), 20_000);

    // A locked-out staff code is told for how long and whom to call; the code behind 詳細.
    await s.terminal.logout();
    const support = staffOf(s.demo, 'support');
    for (let attempt = 0; attempt < 5; attempt += 1) {
      await s.terminal.byTestId('login-staff-code').fill(support.staffCode);
      await s.terminal.byTestId('login-pin').fill('0000');
      await s.terminal.byTestId('login-submit').click();
      await expectVisible(s.terminal.byTestId('login-error'));
    }
    await expectAttribute(s.terminal.byTestId('login-error'), 'data-code', 'staff_locked');
    await expectText(s.terminal.byTestId('screen-login'), /あと\d+分/);
    await expectText(s.terminal.byTestId('screen-login'), /店長（責任者）に連絡/);
    await expectHidden(s.terminal.byTestId('failure-details'));
    await s.terminal.byTestId('failure-details-toggle').click();
    await expectText(s.terminal.byTestId('failure-details'), /staff_locked/);
    await t.screenshot(s.page, 'login-locked');
  },
};

export default [splitAtBookshop, historyLines, counterScreens];

/** 点検・精算 (R26) after a day of one payment and one charge. */
import { expectAttribute, expectText, expectVisible } from '../lib/expect';
import type { E2eTest } from '../lib/harness';
import { DailyCloseScreen, expectLotRows } from '../lib/pages';
import { payWithHanakoQr, startChargeWithHanakoQr, staffOf, startStack } from '../lib/stack';

const dailyClose: E2eTest = {
  name: 'When the manager runs 点検 and then 精算 after a ¥7,000 payment and a ¥3,000 charge, then both show the day\'s figures and 精算 finds no differences (R26)',
  slug: 'close-check-and-close-r26',
  async run(t) {
    const s = await startStack(t);
    const manager = staffOf(s.demo, 'manager');
    await s.terminal.login(manager.staffCode, manager.pin);
    await payWithHanakoQr(s, 7_000);
    await s.terminal.home();

    // A ¥3,000 cash charge, paid exactly (the manager may charge at a charge point, R10).
    const charge = await startChargeWithHanakoQr(s);
    await charge.chooseQuickAmount(3000);
    await charge.nextStep();
    await s.terminal.byTestId('cash-exact').click();
    await expectText(charge.cashReceived(), '¥3,000');
    await charge.nextStep();
    await charge.confirm();
    await s.terminal.home();

    await s.terminal.openMenu('close');
    const close = new DailyCloseScreen(s.terminal);
    await close.check();
    await expectAttribute(close.report(), 'data-closed', 'false');
    await close.expectFigure('gross-payments', '1件 ¥7,000');
    await close.expectFigure('gross-charges', '1件 ¥3,000');
    await close.expectFigure('bonus-value', '¥30');
    await close.expectFigure('cash-value', '¥3,000');
    // R6 split of the ¥7,000, one line per balance (R2 names): A 2,000 charge money, B 3,000, C 2,000.
    await expectLotRows(close.balanceRows(), ['チャージマネー ¥2,000', '限定マネー① ¥3,000', '限定マネー② ¥2,000']);
    await close.expectFigure('offline-pending-value', '0件');
    // R33: the drawer holds the charge cash.
    await expectText(close.expectedDrawer(), '¥3,000');
    await expectAttribute(close.differences(), 'data-count', '0');
    await t.screenshot(s.page, 'check');

    await close.close();
    await expectAttribute(close.report(), 'data-closed', 'true');
    await expectVisible(s.terminal.byTestId('report-closed-badge'));
    await close.expectFigure('gross-payments', '1件 ¥7,000');
    await close.expectFigure('gross-charges', '1件 ¥3,000');
    await expectVisible(close.differences());
    await expectAttribute(close.differences(), 'data-count', '0');
    await t.screenshot(s.page, 'close');
  },
};

export default [dailyClose];

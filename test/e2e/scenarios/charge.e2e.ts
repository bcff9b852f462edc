/** チャージ at the charge point (R10–R12), and who may not charge (R10). */
import { expectCount, expectEqual, expectText, expectVisible } from '../lib/expect';
import type { E2eTest } from '../lib/harness';
import { startChargeWithHanakoQr, staffOf, startStack } from '../lib/stack';

const chargeAtChargePoint: E2eTest = {
  name: 'When charge staff charge ¥3,000 against a ¥5,000 note, then the screen shows ¥2,000 change and a ¥30 bonus, and the balance grows by ¥3,030 (R10, R11, R12)',
  slug: 'charge-cash-r12',
  async run(t) {
    const s = await startStack(t);
    const charger = staffOf(s.demo, 'charger');
    await s.terminal.login(charger.staffCode, charger.pin);
    await t.screenshot(s.page, 'menu-charger');
    const charge = await startChargeWithHanakoQr(s);
    await expectText(charge.currentBalance(), '¥10,000');
    // R11: charge money 5,000 of a 50,000 cap leaves 45,000.
    await expectText(charge.maxCharge(), '¥45,000');
    await charge.chooseQuickAmount(3000);
    await expectText(s.terminal.byTestId('amount-display'), '¥3,000');
    await t.screenshot(s.page, 'amount');
    await charge.nextStep();

    await charge.addBanknote(5000);
    await expectText(charge.cashReceived(), '¥5,000');
    await expectText(charge.changeDue(), '¥2,000');
    await t.screenshot(s.page, 'cash');
    await charge.nextStep();

    await expectVisible(charge.confirmPanel());
    await expectText(charge.confirmPanel().getByTestId('charge-amount'), '¥3,000');
    await expectText(charge.confirmPanel().getByTestId('change-due'), '¥2,000');
    // Issue 10: before confirming, the bonus and the balance after; the change as large as the amount.
    await expectText(charge.confirmPanel().getByTestId('charge-bonus-preview'), /¥30/);
    await expectText(charge.confirmPanel().getByTestId('charge-balance-preview'), /¥13,030/);
    const sizes = await s.page.evaluate(() => {
      const px = (id: string) => parseFloat(getComputedStyle(document.querySelector(`[data-testid="${id}"]`)!).fontSize);
      return { amount: px('charge-amount'), change: px('change-due') };
    });
    if (sizes.change < sizes.amount) throw new Error(`おつり is smaller than the amount: ${sizes.change}px < ${sizes.amount}px`);
    await t.screenshot(s.page, 'confirm');
    await charge.confirm();

    await expectText(charge.chargedAmount(), '¥3,000');
    // R12: floor(3,000 × 1%) on top of the amount.
    await expectText(charge.bonus(), '¥30');
    await expectText(charge.change(), '¥2,000');
    await expectText(charge.balanceAfterTotal(), '¥13,030');
    await t.screenshot(s.page, 'done');

    const wallet = await s.backend.wallet(s.demo.hanako.customerToken);
    expectEqual('花子 balance on the backend after the charge', wallet.totalYen, 13_030);
  },
};

const cashierCannotCharge: E2eTest = {
  name: 'When a cashier is signed in, then there is no charge button, the charge screen is refused, and the terminal core refuses a charge command as forbidden (R10)',
  slug: 'charge-cashier-refused-r10',
  async run(t) {
    const s = await startStack(t);
    const cashier = staffOf(s.demo, 'cashier');
    await s.terminal.login(cashier.staffCode, cashier.pin);
    await expectVisible(s.terminal.menuItem('pay'));
    await expectCount(s.terminal.menuItem('charge'), 0);
    await t.screenshot(s.page, 'menu-without-charge');

    // Typing the address does not get round the menu.
    await s.page.goto(`${s.host.url}/#/charge`);
    await expectText(s.terminal.byTestId('not-allowed'), 'この操作はレジ担当ではできません');
    await expectCount(s.terminal.byTestId('screen-charge'), 0);
    await t.screenshot(s.page, 'charge-refused');

    // Nor does calling the core directly with the page's own secret: the core checks the role.
    const { token } = await s.backend.cpmToken(s.demo.hanako.customerToken);
    const answer = await s.host.call('charge', { amountYen: 1_000, credential: { type: 'cpm', token }, cashReceivedYen: 1_000 });
    expectEqual('HTTP status of the refused charge command', answer.status, 200);
    const body = answer.body as { ok: boolean; code?: string };
    expectEqual('charge command result', { ok: body.ok, code: body.code }, { ok: false, code: 'forbidden' });

    const wallet = await s.backend.wallet(s.demo.hanako.customerToken);
    expectEqual('花子 balance after the refused charge', wallet.totalYen, 10_000);
  },
};

export default [chargeAtChargePoint, cashierCannotCharge];

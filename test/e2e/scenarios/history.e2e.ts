/** 取引履歴 and 取消 (R14, R15, R17, R25) by the manager. */
import { expectAttribute, expectCount, expectEqual, expectText } from '../lib/expect';
import type { E2eTest } from '../lib/harness';
import { expectLotRows, HistoryScreen } from '../lib/pages';
import { payWithHanakoQr, staffOf, startStack } from '../lib/stack';

const cancelFromHistory: E2eTest = {
  name: 'When the manager cancels today\'s ¥2,000 payment from History, then the refund is shown, the line reads 取消済 and the wallet has its ¥2,000 back (R14, R15, R17)',
  slug: 'history-cancel-r17',
  async run(t) {
    const s = await startStack(t);
    const manager = staffOf(s.demo, 'manager');
    await s.terminal.login(manager.staffCode, manager.pin);
    await payWithHanakoQr(s, 2_000);
    await s.terminal.home();

    await s.terminal.openMenu('history');
    const history = new HistoryScreen(s.terminal);
    await expectCount(history.lines(), 1);
    const line = history.lines().first();
    await expectAttribute(line, 'data-cancelled', 'false');
    await expectText(line, /支払.*¥2,000/);
    await t.screenshot(s.page, 'history');

    await history.open(line);
    await expectText(history.detailAmount(), '¥2,000');
    // R25: the detail names the lot that paid (C, the earliest expiry, R5).
    await expectLotRows(s.terminal.byTestId('detail-breakdown').getByTestId('lot-row'), ['限定マネー② ¥2,000']);
    await t.screenshot(s.page, 'detail');
    await history.cancelOpened();
    // R15: back to the lot it came from, i.e. to the customer's balance.
    await expectText(history.cancelDone(), /取り消しました.*お客様の残高に ¥2,000 を戻しました/);
    await t.screenshot(s.page, 'cancelled');

    // R17: shown as 取消済, and not offered again.
    await expectAttribute(history.lines().first(), 'data-cancelled', 'true');
    await expectText(history.lines().first().getByTestId('badge-cancelled'), '取消済');
    await history.closeDetail();
    await history.open(history.lines().first());
    await expectCount(s.terminal.byTestId('cancel-button'), 0);
    await t.screenshot(s.page, 'line-cancelled');

    const wallet = await s.backend.wallet(s.demo.hanako.customerToken);
    expectEqual('花子 balance after the cancel', wallet.totalYen, 10_000);
    const payments = (await s.backend.history(s.demo.hanako.customerToken)).filter((item) => item.type === 'payment');
    expectEqual('the payment on the backend', payments.map((p) => ({ amountYen: p.amountYen, cancelled: p.cancelled })), [{ amountYen: -2_000, cancelled: true }]);
  },
};

export default [cancelFromHistory];

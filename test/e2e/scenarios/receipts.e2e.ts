/**
 * Issue 11 (R29): slips on a receipt printer, through the real UI, the browser host and the
 * backend, printed over TCP into the demo's printer simulator, which decodes the ESC/POS
 * stream (Shift_JIS) back into lines: what a customer would read on the paper.
 */
import { eventually, expectAttribute, expectText, expectVisible, readableText } from '../lib/expect';
import type { E2eTest } from '../lib/harness';
import type { PrinterLast } from '../lib/host';
import { DailyCloseScreen, HistoryScreen, PaymentScreen } from '../lib/pages';
import { payWithHanakoQr, startChargeWithHanakoQr, staffOf, startStack, type Stack } from '../lib/stack';

/** Waits until the simulator has printed `count` jobs in all, and answers the last one. */
async function printedJob(s: Stack, count: number): Promise<PrinterLast & { lines: string[] }> {
  const last = await eventually(`printer simulator job #${count}`, () => s.host.printerLast(), (seen) => seen.count >= count && seen.lines !== null, 15_000);
  if (last.count !== count) throw new Error(`the printer got ${last.count} jobs, expected ${count}`);
  return { ...last, lines: last.lines ?? [] };
}

/**
 * Words are looked for with the spaces taken out: the printer draws double-width characters
 * (titles) two columns wide, and the decoded line shows that as spaces between them.
 */
function expectLines(what: string, lines: readonly string[], expected: readonly (string | RegExp)[]): void {
  const text = lines.join('\n');
  const compact = text.replace(/\s+/g, '');
  for (const item of expected) {
    const found = typeof item === 'string' ? compact.includes(item.replace(/\s+/g, '')) : item.test(text);
    if (!found) throw new Error(`${what}: the printed slip lacks ${String(item)}\n--- printed ---\n${text}`);
  }
}

async function shortNoOnScreen(s: Stack): Promise<string> {
  const text = await readableText(s.terminal.byTestId('short-no').first());
  const match = /\d{4}-\d{6}/.exec(text);
  if (!match) throw new Error(`no short number on screen: ${text}`);
  return match[0];
}

const slipsThroughTheDay: E2eTest = {
  name: 'When the manager sells, charges, cancels and closes the day, then each slip comes out of the printer over TCP in Japanese with its figures, a slip reprints from history marked 再印刷, and the preview shows the printed text (R29)',
  slug: 'receipts-day-r29',
  timeoutMs: 300_000,
  async run(t) {
    const s = await startStack(t);
    const manager = staffOf(s.demo, 'manager');
    await s.terminal.login(manager.staffCode, manager.pin);

    // 設定: the demo's printer is the simulator on TCP; the shop adds a footer line.
    await s.terminal.openMenu('settings');
    await s.terminal.byTestId('settings-tab-printer').click();
    const settings = s.terminal.byTestId('printer-settings');
    await expectVisible(settings);
    await eventually('the demo printer connection', () => s.terminal.byTestId('printer-connection-type').inputValue(), (value) => value === 'tcp');
    await s.terminal.byTestId('printer-footer-lines').fill('またのご来店をお待ちしております');
    await s.terminal.byTestId('printer-save').click();
    await s.terminal.byTestId('printer-test').click();
    const test = await printedJob(s, 1);
    expectLines('test slip', test.lines, ['テスト印刷', 'またのご来店をお待ちしております']);
    await expectText(s.terminal.byTestId('printer-status'), /正常|印刷できます|準備完了/);
    await t.screenshot(s.page, 'printer-settings');
    await s.terminal.home();

    // A ¥1,200 sale: the customer's copy prints by itself after the approval.
    await payWithHanakoQr(s, 1_200);
    const saleNo = await shortNoOnScreen(s);
    await expectAttribute(s.terminal.byTestId('slip-panel'), 'data-state', 'printed');
    const sale = await printedJob(s, 2);
    expectLines('payment slip', sale.lines, ['熊谷うどん本店', 'お客様控え', saleNo, '¥1,200', /\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}/, /有効期限/, 'またのご来店をお待ちしております']);
    // The preview on screen is the same markup as the paper: its text lines are the printed lines.
    await s.terminal.byTestId('slip-preview-toggle').click();
    await expectVisible(s.terminal.byTestId('slip-preview'));
    const slipId = (await s.terminal.byTestId('slip-panel').getAttribute('data-slip-id')) ?? '';
    const preview = await s.host.call('slipPreview', { slipId });
    const previewLines = (preview.body as { preview?: { lines: string[] } }).preview?.lines ?? [];
    const printedText = sale.lines.map((line) => line.trim()).filter((line) => line.length > 0);
    const previewText = previewLines.map((line) => line.trim()).filter((line) => line.length > 0);
    for (const line of printedText) {
      if (!previewText.includes(line)) throw new Error(`printed line "${line}" is not in the preview:\n${previewText.join('\n')}`);
    }
    await t.screenshot(s.page, 'payment-slip-preview');
    await s.terminal.byTestId('slip-preview-close').click();

    // The demo's simulator panel shows what the printer got, as an image and as text.
    const simulator = await s.page.context().newPage();
    await simulator.goto(`${s.host.url}/#/simulator`);
    await expectVisible(simulator.getByTestId('sim-printer-last'));
    await expectText(simulator.getByTestId('sim-printer-lines'), new RegExp(saleNo));
    await t.screenshot(simulator, 'simulator-last-slip');
    await simulator.close();
    await s.page.bringToFront();
    await s.terminal.home();

    // A ¥3,000 charge against a ¥5,000 note: the shop's copy for the drawer, then the customer's.
    const charge = await startChargeWithHanakoQr(s);
    await charge.chooseQuickAmount(3000);
    await charge.nextStep();
    await charge.addBanknote(5000);
    await charge.nextStep();
    await charge.confirm();
    await expectText(charge.chargedAmount(), '¥3,000');
    await expectAttribute(s.terminal.byTestId('slip-panel'), 'data-state', 'printed');
    const chargeCustomer = await printedJob(s, 4);
    expectLines('charge slip', chargeCustomer.lines, ['チャージ', '¥3,000', '¥5,000', '¥2,000', '¥30']);
    await t.screenshot(s.page, 'charge-slip');
    await s.terminal.home();

    // The sale is cancelled from history: the 取消 slip names the original's short number.
    await s.terminal.openMenu('history');
    const history = new HistoryScreen(s.terminal);
    const saleLine = history.lines().filter({ hasText: saleNo }).first();
    await history.open(saleLine);
    await history.cancelOpened();
    const cancelSlip = await eventually('the cancel slips', () => s.host.printerLast(), (seen) => seen.count >= 6, 15_000);
    expectLines('cancel slip', cancelSlip.lines ?? [], ['取消', saleNo, '¥1,200']);
    await t.screenshot(s.page, 'cancel-slip');
    await history.closeDetail();

    // 再印刷 from history: the payment's slip again, marked as a reprint.
    await history.open(history.lines().filter({ hasText: saleNo }).first());
    await s.terminal.byTestId('history-slip-reprint-payment').click();
    const reprint = await printedJob(s, 7);
    expectLines('reprinted payment slip', reprint.lines, ['再印刷', saleNo, '¥1,200']);
    await t.screenshot(s.page, 'history-reprint');
    await history.closeDetail();
    await s.terminal.home();

    // 精算: the report prints by itself once the day is closed.
    await s.terminal.openMenu('close');
    const close = new DailyCloseScreen(s.terminal);
    await close.check();
    await close.close();
    await expectVisible(s.terminal.byTestId('report-closed-badge'));
    const report = await printedJob(s, 8);
    expectLines('精算 report', report.lines, ['精算', '¥1,200', '¥3,000']);
    await t.screenshot(s.page, 'close-report-printed');
  },
};

const paperOutDoesNotStopASale: E2eTest = {
  name: 'When the printer runs out of paper, then the sale is still approved, the screen and the header say 用紙切れ with 再印刷, and once paper is loaded 再印刷 prints the slip (R29)',
  slug: 'receipts-paper-out-r29',
  timeoutMs: 180_000,
  async run(t) {
    const s = await startStack(t);
    const cashier = staffOf(s.demo, 'cashier');
    await s.terminal.login(cashier.staffCode, cashier.pin);
    await s.host.sim({ action: 'printer-state', body: { paperOut: true } });

    await s.terminal.openMenu('pay');
    const pay = new PaymentScreen(s.terminal);
    await pay.startSale(800);
    const { token } = await s.backend.cpmToken(s.demo.hanako.customerToken);
    await s.host.sim({ action: 'scan', body: { text: token } });
    await pay.waitApproved();
    await expectText(pay.approvedAmount(), '¥800');
    const saleNo = await shortNoOnScreen(s);
    await expectAttribute(s.terminal.byTestId('slip-panel'), 'data-state', 'failed');
    await expectText(s.terminal.byTestId('slip-panel'), /用紙切れ/);
    await expectVisible(s.terminal.byTestId('header-printer-warning'));
    const nothing = await s.host.printerLast();
    if (nothing.count !== 0) throw new Error(`a printer without paper printed ${nothing.count} jobs`);
    await t.screenshot(s.page, 'paper-out');

    // The backend holds the sale whatever the printer did.
    const wallet = await s.backend.wallet(s.demo.hanako.customerToken);
    if (wallet.totalYen !== 10_000 - 800) throw new Error(`花子's balance is ¥${wallet.totalYen}, expected ¥9,200`);

    // Paper loaded: 再印刷 prints the same slip, marked as a reprint.
    await s.host.sim({ action: 'printer-state', body: { paperOut: false } });
    await s.terminal.byTestId('slip-reprint').click();
    await expectAttribute(s.terminal.byTestId('slip-panel'), 'data-state', 'printed');
    const printed = await printedJob(s, 1);
    expectLines('slip after paper out', printed.lines, ['再印刷', saleNo, '¥800']);
    await t.screenshot(s.page, 'reprinted');
    // The next sale is not held up by the printer's past trouble.
    await pay.nextSale();
  },
};

export default [slipsThroughTheDay, paperOutDoesNotStopASale];

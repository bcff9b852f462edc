/**
 * 設定 → 店頭QR (R28 static MPM), through the real UI, the browser host and the backend: the
 * manager sees this register's store QR as the backend signed it and prints it on the demo's
 * printer simulator; 花子 pays by the very text the screen shows, and the payment counts in
 * this register's day (its history).
 */
import { eventually, expectEqual, expectText, expectVisible } from '../lib/expect';
import type { E2eTest } from '../lib/harness';
import { openCitizenApp, staffOf, startStack, type Stack } from '../lib/stack';

/** Waits until the simulator has printed `count` jobs in all, and answers the last one's lines. */
async function printedLines(s: Stack, count: number): Promise<string[]> {
  const last = await eventually(`printer simulator job #${count}`, () => s.host.printerLast(), (seen) => seen.count >= count && seen.lines !== null, 15_000);
  if (last.count !== count) throw new Error(`the printer got ${last.count} jobs, expected ${count}`);
  return last.lines ?? [];
}

const storeQr: E2eTest = {
  name: "When the manager opens 設定 → 店頭QR and presses 印刷, then this register's store QR shows with the shop's name and comes out of the printer as クマPAY 店頭QR, and 花子 paying ¥600 by that QR rings here as 入金通知 and lands in this register's history under 入金通知 (R28 static)",
  slug: 'store-qr-r28',
  timeoutMs: 150_000,
  async run(t) {
    const s = await startStack(t);
    const manager = staffOf(s.demo, 'manager');
    await s.terminal.login(manager.staffCode, manager.pin);
    await s.terminal.openMenu('settings');
    await s.page.getByRole('tab', { name: '店頭QR' }).click();
    const section = s.page.getByRole('region', { name: '店頭QRコード' });
    const image = section.getByRole('img', { name: '店頭QRコード' });
    await expectVisible(image);
    // The QR generator loads on first use: until then a blank stand-in has the same name.
    await eventually('the QR drawn', () => image.evaluate((element) => element.tagName.toLowerCase()), (tag) => tag === 'svg');
    const qr = await eventually('the store QR text', async () => (await image.getAttribute('data-token')) ?? '', (text) => /^KPM1\.[^.]+\.s\./.test(text));
    await expectText(section.getByTestId('store-qr-shop'), '熊谷うどん本店');
    await expectText(section.getByTestId('store-qr-purpose'), /入金通知/);

    await section.getByRole('button', { name: '印刷' }).click();
    const lines = await printedLines(s, 1);
    const compact = lines.join('').replace(/\s+/g, '');
    for (const words of ['熊谷うどん本店', 'クマPAY店頭QR', '端末']) {
      if (!compact.includes(words)) throw new Error(`the store QR slip lacks ${words}\n--- printed ---\n${lines.join('\n')}`);
    }
    await expectText(section.getByTestId('store-qr-print-result'), '店頭QRコードを印刷しました');
    await t.screenshot(s.page, 'settings-store-qr-printed');

    const phone = await openCitizenApp(s);
    await phone.getByTestId('citizen-tab-pay').click();
    await phone.getByRole('textbox', { name: 'お店のQRコード' }).fill(qr);
    await phone.getByRole('button', { name: '内容を確認' }).click();
    await expectText(phone.getByTestId('citizen-pay-shop'), '熊谷うどん本店');
    await phone.getByRole('textbox', { name: '金額（円）' }).fill('600');
    await phone.getByRole('button', { name: '支払う' }).click();
    await expectText(phone.getByTestId('citizen-pay-paid'), '¥600');
    expectEqual('花子 yen after the store-QR payment (backend)', (await s.backend.wallet(s.demo.hanako.customerToken)).totalYen, 9_400);

    await s.page.bringToFront();
    // 入金通知 with its sound: this register's own store QR, so no ほかのレジ.
    await expectVisible(s.terminal.byTestId('notice-banner'));
    await expectText(s.terminal.byTestId('notice-banner-text'), /¥600/);
    await t.screenshot(s.page, 'notice-own-register');
    await s.terminal.byTestId('notice-banner-close').click();
    await s.terminal.home();
    await s.terminal.openMenu('history');
    await s.terminal.byTestId('history-filter-type').selectOption('notice');
    await expectText(s.terminal.byTestId('history-line').first(), /¥600/);
    await t.screenshot(s.page, 'history-notices');
  },
};

export default [storeQr];

/**
 * お支払い end to end: the real renderer in Chromium, the real browser host and terminal core
 * with simulated devices, the real backend on its own SQLite file.
 */
import { copyFile } from 'node:fs/promises';
import path from 'node:path';
import { writeReadableQrVideo } from '../lib/fake-camera';
import { eventually, expectAttribute, expectEqual, expectText, expectVisible } from '../lib/expect';
import { RESULTS_DIR, type E2eTest } from '../lib/harness';
import { expectLotRows, PaymentScreen, SyncScreen } from '../lib/pages';
import { staffOf, startStack } from '../lib/stack';

/** The offline scenario waits for the core's health probes (backing off up to 15 s) and a sync run. */
const RECONNECT_TIMEOUT_MS = 45_000;
/** Camera start, decoder load (~410 kB of zxing) and a few frames at ~8 a second. */
const CAMERA_TIMEOUT_MS = 20_000;

const scannerPayment: E2eTest = {
  name: 'When 熊谷 花子 pays ¥7,000 with her app QR on the scanner, then the approved screen shows C ¥2,000, B ¥3,000, A ¥2,000 and ¥3,000 left (R5, R6)',
  slug: 'pay-scanner-r6',
  async run(t) {
    const s = await startStack(t, { screenshotEntry: true });
    const cashier = staffOf(s.demo, 'cashier');
    await s.terminal.login(cashier.staffCode, cashier.pin);
    await t.screenshot(s.page, 'menu-cashier');
    await s.terminal.openMenu('pay');
    const pay = new PaymentScreen(s.terminal);
    await pay.startSale(7000);
    await t.screenshot(s.page, 'scan-prompt');

    // The customer's phone shows a fresh QR (the host's demo customer is 熊谷 花子).
    const minted = (await s.host.sim({ action: 'customer-token', body: {} })) as { token: string; totalYen: number };
    expectEqual('花子 balance before paying', minted.totalYen, 10_000);
    await s.host.sim({ action: 'scan', body: { text: minted.token } });

    await pay.waitApproved();
    await expectText(pay.approvedAmount(), '¥7,000');
    // R6: earliest expiry first — C (限定マネー②), then B (限定マネー①), then A (charge money).
    await expectLotRows(pay.breakdownRows(), ['限定マネー② ¥2,000', '限定マネー① ¥3,000', 'チャージマネー ¥2,000']);
    await expectText(pay.balanceAfterTotal(), '¥3,000');
    // R6 "after: A 3,000, B 0, C 0": the spent lots are at zero, so the counter hides them (issue 10).
    await expectLotRows(s.terminal.byTestId('balance-after-lots').getByTestId('lot-row'), ['チャージマネー ¥3,000']);
    await t.screenshot(s.page, 'approved-r6');

    const wallet = await s.backend.wallet(s.demo.hanako.customerToken);
    expectEqual('花子 balance on the backend after paying', wallet.totalYen, 3_000);
  },
};

const bookshopPayment: E2eTest = {
  name: 'When 熊谷 花子 pays ¥7,000 at the bookshop, where 限定マネー① is not accepted, then C ¥2,000 and A ¥5,000 are spent and B ¥3,000 stays (R7)',
  slug: 'pay-bookshop-r7',
  async run(t) {
    const s = await startStack(t, { shop: 'bookshop' });
    const cashier = staffOf(s.demo, 'cashier');
    await s.terminal.login(cashier.staffCode, cashier.pin);
    await s.terminal.openMenu('pay');
    const pay = new PaymentScreen(s.terminal);
    await pay.startSale(7000);
    const minted = (await s.host.sim({ action: 'customer-token', body: {} })) as { token: string };
    await s.host.sim({ action: 'scan', body: { text: minted.token } });

    await pay.waitApproved();
    await expectLotRows(pay.breakdownRows(), ['限定マネー② ¥2,000', 'チャージマネー ¥5,000']);
    await expectText(pay.balanceAfterTotal(), '¥3,000');
    await t.screenshot(s.page, 'approved-r7');

    const wallet = await s.backend.wallet(s.demo.hanako.customerToken);
    expectEqual('花子 限定マネー① untouched on the backend', wallet.lots.find((l) => l.label === '限定マネー①')?.amountYen, 3_000);
    expectEqual('花子 charge money spent out on the backend', wallet.lots.find((l) => l.kind === 'charge')?.amountYen, 0);
  },
};

const webcamPayment: E2eTest = {
  name: 'When the customer holds her app QR up to the webcam, then the payment is approved (R22)',
  slug: 'pay-webcam',
  async run(t) {
    const s = await startStack(t, {
      // Her phone's QR, minted from the customer API as the app would, made into the camera's video.
      fakeCamera: async (backend, demo) => {
        const files = await writeReadableQrVideo(async () => (await backend.cpmToken(demo.hanako.customerToken)).token, path.join(t.dir, 'customer-qr'));
        await copyFile(files.pngPath, path.join(RESULTS_DIR, `${t.slug}-00-customer-qr.png`));
        return files.y4mPath;
      },
    });
    const cashier = staffOf(s.demo, 'cashier');
    await s.terminal.login(cashier.staffCode, cashier.pin);
    await s.terminal.openMenu('pay');
    const pay = new PaymentScreen(s.terminal);
    await pay.startSale(1_200);
    await pay.turnCameraOn();
    await pay.waitApproved(CAMERA_TIMEOUT_MS);
    await expectText(pay.approvedAmount(), '¥1,200');
    await expectLotRows(pay.breakdownRows(), ['限定マネー② ¥1,200']);
    await expectText(pay.balanceAfterTotal(), '¥8,800');
    await t.screenshot(s.page, 'approved-webcam');

    const wallet = await s.backend.wallet(s.demo.hanako.customerToken);
    expectEqual('花子 balance on the backend after the webcam payment', wallet.totalYen, 8_800);
  },
};

const declineAndSplit: E2eTest = {
  name: 'When ¥12,000 is asked of a wallet holding ¥10,000, then it is declined with ¥10,000 usable, and one touch pays ¥10,000 with ¥2,000 left for cash (R8)',
  slug: 'pay-decline-split-r8',
  async run(t) {
    const s = await startStack(t);
    const cashier = staffOf(s.demo, 'cashier');
    await s.terminal.login(cashier.staffCode, cashier.pin);
    await s.terminal.openMenu('pay');
    const pay = new PaymentScreen(s.terminal);
    await pay.startSale(12_000);
    const { token } = await s.backend.cpmToken(s.demo.hanako.customerToken);
    await s.host.sim({ action: 'scan', body: { text: token } });

    await pay.waitDeclined();
    await expectAttribute(pay.declineReason(), 'data-code', 'insufficient_funds');
    // R32: how much is short and how much can be used here, not a bare 残高が足りません.
    await expectText(pay.declineReason(), /残高が ¥2,000 足りません（ここで使える残高 ¥10,000）/);
    await expectText(pay.eligibleAmount(), '¥10,000');
    await expectText(pay.splitButton(), /KumaPAY ¥10,000 ＋ 現金 ¥2,000/);
    await t.screenshot(s.page, 'declined-r8');

    await pay.splitButton().click();
    await pay.waitApproved();
    await expectText(pay.approvedAmount(), '¥10,000');
    await expectText(pay.cashRemainder(), '残り¥2,000を現金でお受け取りください');
    await expectText(pay.balanceAfterTotal(), '¥0');
    await t.screenshot(s.page, 'split-approved');

    const history = await s.backend.history(s.demo.hanako.customerToken);
    const payments = history.filter((item) => item.type === 'payment');
    expectEqual('payments on the backend (the declined ¥12,000 moved nothing)', payments.map((p) => p.amountYen), [-10_000]);
  },
};

const offlineApproval: E2eTest = {
  name: 'When the backend is down, then a payment is approved offline with the オフライン badge, and once it is back the item is reconciled exactly once (R20)',
  slug: 'pay-offline-r20',
  timeoutMs: 150_000,
  async run(t) {
    const s = await startStack(t);
    const cashier = staffOf(s.demo, 'cashier');
    await s.terminal.login(cashier.staffCode, cashier.pin);
    await s.terminal.expectConnectivity('online');
    // Her phone got the QR while it still had signal; the counter's backend then goes away.
    // (The core does not probe while online: the payment's own refused connection is what
    // tells it, so the test does not wait for the header first.)
    const { token } = await s.backend.cpmToken(s.demo.hanako.customerToken);
    await s.backend.stop();

    await s.terminal.openMenu('pay');
    const pay = new PaymentScreen(s.terminal);
    await pay.startSale(1_500);
    await s.host.sim({ action: 'scan', body: { text: token } });
    await pay.waitApproved();
    await expectText(pay.approvedAmount(), '¥1,500');
    await expectVisible(pay.offlineBadge());
    await expectText(pay.offlineBadge(), 'オフライン');
    await s.terminal.expectConnectivity('offline');
    await expectText(s.terminal.connectivity(), 'オフライン');
    await expectText(s.terminal.byTestId('header-pending'), '未送信 1件');
    await t.screenshot(s.page, 'approved-offline');

    await s.terminal.home();
    await s.terminal.openMenu('sync');
    const sync = new SyncScreen(s.terminal);
    await expectAttribute(sync.pending(), 'data-count', '1');
    await expectAttribute(sync.deadline(), 'data-state', 'running');
    await t.screenshot(s.page, 'sync-pending');

    await s.backend.start();
    await s.terminal.expectConnectivity('online', RECONNECT_TIMEOUT_MS);
    await expectAttribute(sync.pending(), 'data-count', '0', RECONNECT_TIMEOUT_MS);
    await expectText(sync.rejected(), '0');
    await t.screenshot(s.page, 'sync-reconciled');

    // The ledger has it exactly once, with the R6 order applied at reconciliation.
    const payments = await eventually(
      '花子 payments on the backend',
      async () => (await s.backend.history(s.demo.hanako.customerToken)).filter((item) => item.type === 'payment'),
      (items) => items.length >= 1,
    );
    expectEqual('payments on the backend after reconciliation', payments.map((p) => p.amountYen), [-1_500]);
    const wallet = await s.backend.wallet(s.demo.hanako.customerToken);
    expectEqual('花子 balance after reconciliation', wallet.totalYen, 8_500);
    expectEqual('花子 debt after reconciliation', wallet.debtYen, 0);
  },
};

const offlineRejected: E2eTest = {
  name: 'When a QR approved offline here was also spent at another shop meanwhile, then the backend rejects the offline item and the shop is told in Japanese: when, how much, why, and what to do (R20a)',
  slug: 'pay-offline-rejected-r20a',
  timeoutMs: 150_000,
  async run(t) {
    const s = await startStack(t);
    const cashier = staffOf(s.demo, 'cashier');
    await s.terminal.login(cashier.staffCode, cashier.pin);
    await s.terminal.expectConnectivity('online');
    const { token } = await s.backend.cpmToken(s.demo.hanako.customerToken);
    // This counter's network goes down (the backend stays up for the rest of the city).
    await s.host.sim({ action: 'network', body: { online: false } });
    await s.terminal.openMenu('pay');
    const pay = new PaymentScreen(s.terminal);
    await pay.startSale(1_200);
    await s.host.sim({ action: 'scan', body: { text: token } });
    await pay.waitApproved();
    await expectVisible(pay.offlineBadge());
    // The same QR pays at the bookshop, online, before this counter comes back.
    const elsewhere = await s.backend.payElsewhere(s.demo.bookshopEnrollmentCode, cashier, 800, token);
    expectEqual('payment at the bookshop', elsewhere.status, 201);

    await s.host.sim({ action: 'network', body: { online: true } });
    await s.terminal.expectConnectivity('online', RECONNECT_TIMEOUT_MS);
    await s.terminal.home();
    await s.terminal.openMenu('sync');
    const sync = new SyncScreen(s.terminal);
    await expectText(sync.rejected(), '1', RECONNECT_TIMEOUT_MS);
    const notice = sync.notifications('offline_rejected');
    await expectVisible(notice);
    await expectText(notice, /\d{4}\/\d{2}\/\d{2} \d{2}:\d{2} のオフライン支払い ¥1,200/);
    await expectText(notice.getByTestId('notification-reason'), /このQRコードはすでに別のお支払いに使われていました/);
    await expectText(notice.getByTestId('notification-action'), /お客様に連絡がつく場合は、¥1,200 を現金など別の方法で/);
    await t.screenshot(s.page, 'rejected-notice');
    const wallet = await s.backend.wallet(s.demo.hanako.customerToken);
    expectEqual('花子 paid once (at the bookshop), not twice', wallet.totalYen, 10_000 - 800);
  },
};

export default [scannerPayment, bookshopPayment, webcamPayment, declineAndSplit, offlineApproval, offlineRejected];

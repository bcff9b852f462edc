/** The demo's own pages (#/customer, #/simulator) drive the counter as `npm run demo` users do. */
import { expectAttribute, expectCount, expectEqual, expectText, expectVisible } from '../lib/expect';
import type { E2eTest } from '../lib/harness';
import { expectLotRows, PaymentScreen } from '../lib/pages';
import { openCitizenApp, staffOf, startStack } from '../lib/stack';

/** Once offline, the core probes with a backoff from 0.5 s (doubling, ≤ 15 s), then syncs. */
const LINK_CHANGE_TIMEOUT_MS = 30_000;

const demoPages: E2eTest = {
  name: 'When a sale waits and the simulator panel scans the customer\'s QR, then the terminal approves it; with the network cut there, the next sale is approved offline and sent once it is restored (R6, R20)',
  slug: 'demo-simulator-customer',
  async run(t) {
    const s = await startStack(t);
    const cashier = staffOf(s.demo, 'cashier');
    await s.terminal.login(cashier.staffCode, cashier.pin);
    await s.terminal.openMenu('pay');
    const pay = new PaymentScreen(s.terminal);
    await pay.startSale(3_000);

    // The customer's phone: her QR and balance.
    const customer = await openCitizenApp(s);
    await expectAttribute(customer.getByTestId('customer-qr'), 'data-token', /^KP1\./);
    await expectText(customer.getByTestId('customer-balance'), '¥10,000');
    await t.screenshot(customer, 'customer-page', { scrollsDown: true });

    // The simulator panel: "make the customer's QR and scan it" on the counter's scanner.
    const simulator = await s.page.context().newPage();
    await simulator.goto(`${s.host.url}/#/simulator`);
    await expectVisible(simulator.getByTestId('simulator-page'));
    await simulator.getByTestId('sim-customer-scan').click();
    await expectAttribute(simulator.getByTestId('sim-result'), 'data-ok', 'true');
    await t.screenshot(simulator, 'simulator-page');

    await pay.waitApproved();
    await expectText(pay.approvedAmount(), '¥3,000');
    await expectLotRows(pay.breakdownRows(), ['限定マネー② ¥2,000', '限定マネー① ¥1,000']);
    await t.screenshot(s.page, 'approved-from-simulator');

    // The network switch: cut, and the next sale is approved offline (R20) — the core learns the
    // link is down from that payment's refused connection, and the header says so.
    await simulator.bringToFront();
    await simulator.getByTestId('sim-network-cut').click();
    await expectAttribute(simulator.getByTestId('sim-result'), 'data-ok', 'true');
    await s.page.bringToFront();
    await pay.nextSale();
    await pay.startSale(500);
    await simulator.getByTestId('sim-customer-scan').click();
    await pay.waitApproved();
    await expectText(pay.approvedAmount(), '¥500');
    await expectVisible(pay.offlineBadge());
    await s.terminal.expectConnectivity('offline');
    await expectText(s.terminal.connectivity(), 'オフライン');
    await t.screenshot(s.page, 'network-cut-offline-approval');

    // Restored: the health probes (0.5 s backoff, doubling) find the link, the item is sent.
    await simulator.getByTestId('sim-network-restore').click();
    await s.terminal.expectConnectivity('online', LINK_CHANGE_TIMEOUT_MS);
    await expectText(s.terminal.connectivity(), 'オンライン');
    await expectCount(s.terminal.byTestId('header-pending'), 0, LINK_CHANGE_TIMEOUT_MS);
    const wallet = await s.backend.wallet(s.demo.hanako.customerToken);
    expectEqual('花子 balance after both payments reached the backend', wallet.totalYen, 6_500);
  },
};

export default [demoPages];

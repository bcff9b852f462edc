/** The demo's own pages (#/customer, #/simulator) drive the counter as `npm run demo` users do. */
import { expectAttribute, expectText, expectVisible } from '../lib/expect';
import type { E2eTest } from '../lib/harness';
import { expectLotRows, PaymentScreen } from '../lib/pages';
import { staffOf, startStack } from '../lib/stack';

/** The core notices a cut link on its next health probe (backing off from 0.5 s). */
const LINK_CHANGE_TIMEOUT_MS = 30_000;

const demoPages: E2eTest = {
  name: 'When a sale waits and the simulator panel scans the customer\'s QR, then the terminal approves it, and cutting the network there shows オフライン on the counter (R6, R20)',
  slug: 'demo-simulator-customer',
  async run(t) {
    const s = await startStack(t);
    const cashier = staffOf(s.demo, 'cashier');
    await s.terminal.login(cashier.staffCode, cashier.pin);
    await s.terminal.openMenu('pay');
    const pay = new PaymentScreen(s.terminal);
    await pay.startSale(3_000);

    // The customer's phone: her QR and balance.
    const customer = await s.page.context().newPage();
    await customer.goto(`${s.host.url}/#/customer`);
    await expectVisible(customer.getByTestId('customer-page'));
    await expectAttribute(customer.getByTestId('customer-qr'), 'data-token', /^KP1\./);
    await expectText(customer.getByTestId('customer-balance'), '¥10,000');
    await t.screenshot(customer, 'customer-page');

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

    await simulator.getByTestId('sim-network-cut').click();
    await s.terminal.expectConnectivity('offline', LINK_CHANGE_TIMEOUT_MS);
    await expectText(s.terminal.connectivity(), 'オフライン');
    await t.screenshot(s.page, 'network-cut');
    await simulator.getByTestId('sim-network-restore').click();
    await s.terminal.expectConnectivity('online', LINK_CHANGE_TIMEOUT_MS);
    await expectText(s.terminal.connectivity(), 'オンライン');
  },
};

export default [demoPages];

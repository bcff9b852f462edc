/**
 * One test's world: a fresh backend database seeded with the demo data, the browser host in
 * demo mode pointed at it, a Chromium page on the terminal, enrolled as the shop's terminal
 * (レジ1 of 熊谷うどん本店) through the enrollment screen. Everything is stopped by the test's
 * cleanups, browser first, so no process outlives the test.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { seedDemo, type DemoData } from '../../../scripts/demo-seed';
import { E2eBackend, E2E_ADMIN_TOKEN } from './backend';
import { expectAttribute, expectVisible } from './expect';
import { launchChromium, newCounterPage, type PageProblems } from './browser';
import type { TestContext } from './harness';
import { E2eHost } from './host';
import { ChargeScreen, PaymentScreen, TerminalPage } from './pages';

export interface Stack {
  backend: E2eBackend;
  demo: DemoData;
  host: E2eHost;
  browser: Browser;
  page: Page;
  terminal: TerminalPage;
  problems: PageProblems;
  /** The browser host's data folder (journal, secrets). */
  terminalDir: string;
}

export interface StackOptions {
  /**
   * Makes the fake camera's video once the backend is seeded (a QR needs a token, and Chromium
   * fixes its fake camera file at launch); returns the y4m's absolute path.
   */
  fakeCamera?: (backend: E2eBackend, demo: DemoData) => Promise<string>;
  /** Screenshots of the enrollment and sign-in screens on the way in (one test takes them). */
  screenshotEntry?: boolean;
  /** Which demo shop the terminal is enrolled at: the udon shop (charge point) or the bookshop. */
  shop?: 'udon' | 'bookshop';
  /** The host's PC/SC reader: this machine's pcscd instead of the simulated one (issue 12). */
  demoPcsc?: 'system';
}

export type StaffRole = DemoData['staff'][number]['role'];

export function staffOf(demo: DemoData, role: StaffRole): { staffCode: string; pin: string } {
  const staff = demo.staff.find((s) => s.role === role);
  if (!staff) throw new Error(`demo data has no ${role}`);
  return { staffCode: staff.staffCode, pin: staff.pin };
}

export async function startStack(t: TestContext, options: StackOptions = {}): Promise<Stack> {
  const backendDir = path.join(t.dir, 'backend');
  const terminalDir = path.join(t.dir, 'terminal');
  mkdirSync(backendDir, { recursive: true });
  mkdirSync(terminalDir, { recursive: true });

  const backend = await E2eBackend.start(backendDir);
  t.defer('stop the backend', async () => {
    await backend.stop();
  });
  const demo = await seedDemo(backend.url, E2E_ADMIN_TOKEN);

  const host = await E2eHost.start({
    dataDir: terminalDir,
    backendUrl: backend.url,
    demoCustomerToken: demo.hanako.customerToken,
    demoPartnerToken: demo.taro.customerToken,
    ...(demo.pointEvent ? { demoEventCode: demo.pointEvent.code } : {}),
    ...(options.demoPcsc ? { demoPcsc: options.demoPcsc } : {}),
  });
  t.defer('stop the browser host', async () => {
    await host.stop();
  });

  const fakeCameraY4mPath = options.fakeCamera ? await options.fakeCamera(backend, demo) : null;
  const browser = await launchChromium(fakeCameraY4mPath ? { fakeCameraY4mPath } : {});
  t.defer('close Chromium', async () => {
    await browser.close();
  });
  const { page, problems } = await newCounterPage(browser);
  // Uncaught page errors fail the test: a cashier would be looking at a broken screen.
  t.defer('check the page for uncaught errors', async () => {
    const uncaught = problems.errors.filter((line) => line.startsWith('pageerror'));
    for (const line of problems.errors) t.log(line);
    if (uncaught.length > 0) throw new Error(`the page threw: ${uncaught.join(' | ')}`);
  });

  const terminal = new TerminalPage(page, host.url);
  await terminal.open();
  if (options.screenshotEntry) {
    await terminal.byTestId('screen-enroll').waitFor({ state: 'visible', timeout: 30_000 });
    await t.screenshot(page, 'enroll');
  }
  await terminal.enroll(options.shop === 'bookshop' ? demo.bookshopEnrollmentCode : demo.enrollmentCode);
  if (options.screenshotEntry) await t.screenshot(page, 'login');
  return { backend, demo, host, browser, page, terminal, problems, terminalDir };
}

/**
 * A sale through the payment screen with 花子's app QR on the simulated scanner, ending on the
 * approved panel; for scenarios that need a payment to exist before what they test.
 */
export async function payWithHanakoQr(s: Stack, amountYen: number): Promise<void> {
  await s.terminal.openMenu('pay');
  const pay = new PaymentScreen(s.terminal);
  await pay.startSale(amountYen);
  const { token } = await s.backend.cpmToken(s.demo.hanako.customerToken);
  await s.host.sim({ action: 'scan', body: { text: token } });
  await pay.waitApproved();
}

/**
 * チャージ up to the amount step: the charge screen waits for the customer, 花子's app QR comes
 * through the simulated scanner, and her wallet is on screen.
 */
export async function startChargeWithHanakoQr(s: Stack): Promise<ChargeScreen> {
  await s.terminal.openMenu('charge');
  const charge = new ChargeScreen(s.terminal);
  await charge.waitForCustomer();
  const { token } = await s.backend.cpmToken(s.demo.hanako.customerToken);
  await s.host.sim({ action: 'scan', body: { text: token } });
  await charge.waitAmountStep();
  return charge;
}

/** A phone held at the counter: the citizen app scrolls down, never sideways. */
export const PHONE_VIEWPORT = { width: 390, height: 844 };

/** The customer's phone: the demo's citizen app at `#/customer` (花子), in a page of its own. */
export async function openCitizenApp(s: Stack): Promise<Page> {
  const phone = await s.page.context().newPage();
  await phone.setViewportSize(PHONE_VIEWPORT);
  await phone.goto(`${s.host.url}/#/customer`);
  await expectVisible(phone.getByTestId('customer-page'));
  return phone;
}

/**
 * クマポ利用 (R23) at a KumaPo store: the points on the keypad, Enter, 花子's app QR through the
 * simulated scanner, ending on the done panel.
 */
export async function spendPointsWithHanakoQr(s: Stack, points: number): Promise<void> {
  await s.terminal.openMenu('points');
  await expectAttribute(s.terminal.byTestId('points-flow'), 'data-state', 'entering');
  await s.terminal.keypadAmount(points);
  await s.terminal.keypadEnter();
  await expectAttribute(s.terminal.byTestId('points-flow'), 'data-state', 'scanning');
  const { token } = await s.backend.cpmToken(s.demo.hanako.customerToken);
  await s.host.sim({ action: 'scan', body: { text: token } });
  await expectVisible(s.terminal.byTestId('points-done'));
}

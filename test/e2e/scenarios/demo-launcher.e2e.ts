/**
 * `npm run demo` itself: first start seeds and enrolls, a restart reuses the data and prints the
 * same addresses, Ctrl-C stops everything. Runs the real script on a scratch data folder and
 * free ports, so a developer's own data/demo is never touched.
 */
import { freePort, portClosed } from '../../../scripts/lib/ports';
import path from 'node:path';
import { eventually, expectEqual, expectText, expectVisible } from '../lib/expect';
import { launchChromium, newCounterPage } from '../lib/browser';
import type { E2eTest, TestContext } from '../lib/harness';
import { TerminalPage } from '../lib/pages';
import { spawnTsx, type ManagedProcess } from '../../../scripts/lib/processes';

/** The demo stops the terminal then the backend, each bounded by 8 s; it gets both bounds. */
const DEMO_STOP_TIMEOUT_MS = 20_000;
/** A first start builds nothing (the runner built the renderer) but seeds over HTTP. */
const DEMO_START_TIMEOUT_MS = 45_000;

async function startDemo(t: TestContext, env: Record<string, string>): Promise<ManagedProcess> {
  const demo = await spawnTsx({ name: 'npm run demo', script: 'scripts/demo.ts', env, readyPattern: /Ctrl-C stops everything\./, startTimeoutMs: DEMO_START_TIMEOUT_MS });
  t.defer('stop the demo', () => demo.interrupt(DEMO_STOP_TIMEOUT_MS));
  return demo;
}

const demoLauncher: E2eTest = {
  name: 'When `npm run demo` starts, then it prints the terminal, simulator and customer addresses and every role\'s code/PIN, the terminal is enrolled, a restart reuses the data, and Ctrl-C stops everything',
  slug: 'demo-launcher',
  timeoutMs: 150_000,
  async run(t) {
    const backendPort = await freePort();
    const terminalPort = await freePort();
    const env = {
      KUMAPAY_DEMO_DATA_DIR: path.join(t.dir, 'demo-data'),
      KUMAPAY_DEMO_BACKEND_PORT: String(backendPort),
      KUMAPAY_DEMO_TERMINAL_PORT: String(terminalPort),
    };
    const terminalUrl = `http://127.0.0.1:${terminalPort}`;

    const first = await startDemo(t, env);
    const printed = first.output();
    for (const expected of [
      '(fresh data)',
      `${terminalUrl}/`,
      `${terminalUrl}/#/simulator`,
      `${terminalUrl}/#/customer`,
      '1001 / 1111',
      '2001 / 2222',
      '3001 / 3333',
      '9001 / 9999',
      'KC00012345',
    ]) {
      if (!printed.includes(expected)) throw new Error(`the demo did not print ${JSON.stringify(expected)}; it printed:\n${printed}`);
    }

    // Already enrolled as the shop's terminal: the first screen is the sign-in.
    const browser = await launchChromium();
    t.defer('close Chromium', () => browser.close());
    const { page } = await newCounterPage(browser);
    const terminal = new TerminalPage(page, terminalUrl);
    await terminal.open();
    await terminal.login('9001', '9999');
    await expectText(page.locator('.header-merchant'), '熊谷うどん本店');
    await expectText(terminal.byTestId('header-staff'), /田中 店長/);
    await t.screenshot(page, 'demo-menu-manager');
    await page.close();

    await first.interrupt(DEMO_STOP_TIMEOUT_MS);
    expectEqual('exit code after Ctrl-C', first.child.exitCode, 0);
    expectEqual('backend port closed after Ctrl-C', await portClosed(backendPort), true);
    expectEqual('terminal port closed after Ctrl-C', await portClosed(terminalPort), true);

    const second = await startDemo(t, env);
    const again = second.output();
    if (!again.includes('reused') || !again.includes(`${terminalUrl}/#/customer`) || !again.includes('9001 / 9999')) {
      throw new Error(`a restart should reuse the data and print the same information; it printed:\n${again}`);
    }
    const { page: customer } = await newCounterPage(browser);
    await customer.goto(`${terminalUrl}/#/customer`);
    await expectVisible(customer.getByTestId('customer-page'));
    // 花子's R6 wallet, untouched by the first run.
    await expectText(customer.getByTestId('customer-balance'), '¥10,000');
    // Under `npm run demo` Ctrl-C arrives twice (the process group, then npm/tsx passing it on):
    // the second must not cut the stop short, or the backend is left running.
    second.child.kill('SIGINT');
    await eventually('the demo stopping', async () => second.output(), (text) => text.includes('stopping (Ctrl-C)'));
    await second.interrupt(DEMO_STOP_TIMEOUT_MS);
    expectEqual('exit code after a double Ctrl-C', second.child.exitCode, 0);
    expectEqual('the demo says it stopped after a double Ctrl-C', second.output().includes('demo stopped'), true);
    expectEqual('backend port closed after the second Ctrl-C', await portClosed(backendPort), true);
  },
};

export default [demoLauncher];

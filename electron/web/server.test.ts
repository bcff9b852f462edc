import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createDeviceManager, type HardwareLogger } from '../../hardware/index';
import { createDemoHardware } from '../../hardware/simulators/index';
import type { TerminalEvent } from '../../common/terminal-api';
import { silentLogger } from '../core/index';
import { eventually, goOffline, makeHarness, type Harness } from '../core/testing/index';
import { HardwareDevices } from '../host-common/hardware-devices';
import { createLinkSwitch } from '../host-common/link-switch';
import { CONTENT_SECURITY_POLICY } from './security';
import { startWebHost, type WebHost } from './server';
import { createSimController } from './sim';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

function rendererDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'kumapay-renderer-'));
  writeFileSync(path.join(dir, 'index.html'), '<!doctype html><html><head><title>t</title></head><body><script type="module" src="./app.js"></script></body></html>');
  writeFileSync(path.join(dir, 'app.js'), 'console.log(1)');
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function host(h: Harness, sim: Parameters<typeof startWebHost>[0]['sim'] = null): Promise<WebHost> {
  const web = await startWebHost({ core: h.core, rendererDir: rendererDir(), port: 0, logger: silentLogger, sim });
  cleanups.push(() => web.close());
  return web;
}

/** Bound on a simulated device's bytes reaching the core: milliseconds when well, seconds when the machine is busy. */
const DEVICE_EVENT_TIMEOUT_MS = 10_000;

async function harness(options: Parameters<typeof makeHarness>[0] = {}): Promise<Harness> {
  const h = await makeHarness(options);
  cleanups.push(() => h.cleanup());
  return h;
}

function call(web: WebHost, command: string, body: unknown, headers: Record<string, string> = { 'X-KumaPAY-Secret': web.secret }) {
  return fetch(`${web.url}/api/call/${command}`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

/** Reads SSE `data:` lines until `count` events arrived (or the stream ended). */
function readEvents(url: string, count: number, onOpen: () => void): Promise<TerminalEvent[]> {
  return new Promise((resolve, reject) => {
    const events: TerminalEvent[] = [];
    const req = http.get(url, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`SSE status ${res.statusCode}`));
      let buffer = '';
      onOpen();
      res.on('data', (chunk: Buffer) => {
        buffer += chunk.toString();
        for (let at = buffer.indexOf('\n\n'); at >= 0; at = buffer.indexOf('\n\n')) {
          const block = buffer.slice(0, at);
          buffer = buffer.slice(at + 2);
          if (block.startsWith('data: ')) events.push(JSON.parse(block.slice(6)) as TerminalEvent);
          if (events.length >= count) {
            req.destroy();
            return resolve(events);
          }
        }
      });
    });
    req.on('error', (error) => (events.length >= count ? undefined : reject(error)));
  });
}

describe('browser host protocol', () => {
  it('When the page is loaded, then index.html carries the per-launch secret and a strict CSP, and nothing is CORS-enabled', async () => {
    const h = await harness();
    const web = await host(h);
    const response = await fetch(`${web.url}/`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain(`<meta name="kumapay-secret" content="${web.secret}">`);
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    const asset = await fetch(`${web.url}/app.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('When a command comes without the secret or with a wrong one, then it is 401 and nothing runs', async () => {
    const h = await harness();
    const web = await host(h);
    expect((await call(web, 'logout', {}, {})).status).toBe(401);
    expect((await call(web, 'logout', {}, { 'X-KumaPAY-Secret': `${web.secret.slice(0, -1)}x` })).status).toBe(401);
    expect(h.core.status().staff).not.toBeNull();
  });

  it('When the input does not match the command schema, then it is 400 invalid_request; an unknown command is 404', async () => {
    const h = await harness();
    const web = await host(h);
    const bad = await call(web, 'pay', { amountYen: -1, credential: { type: 'cpm', token: 'x' } });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: 'invalid_request' } });
    const notJson = await fetch(`${web.url}/api/call/pay`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-KumaPAY-Secret': web.secret }, body: '{' });
    expect(notJson.status).toBe(400);
    expect((await call(web, 'dropTables', {})).status).toBe(404);
    expect(h.backend.calls).not.toContain('pay');
  });

  it('When a payment is called through the host, then the core answers 200 with the Result, refusals included', async () => {
    const h = await harness();
    const web = await host(h);
    const walletId = h.backend.addWallet(1_000);
    const token = await h.backend.token(walletId);
    const ok = await call(web, 'pay', { amountYen: 400, credential: { type: 'cpm', token } });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ ok: true, payment: { amountYen: 400, offline: false } });
    const refused = await call(web, 'pay', { amountYen: 5_000, credential: { type: 'cpm', token: await h.backend.token(walletId) } });
    expect(refused.status).toBe(200);
    expect(await refused.json()).toMatchObject({ ok: false, code: 'insufficient_funds' });
    expect(h.backend.wallets.get(walletId)?.balanceYen).toBe(600);
  });

  it('When a page from another origin or another Host name calls, then it is refused (no CSRF, no DNS rebinding)', async () => {
    const h = await harness();
    const web = await host(h);
    expect((await call(web, 'logout', {}, { 'X-KumaPAY-Secret': web.secret, Origin: 'http://evil.example' })).status).toBe(403);
    const port = new URL(web.url).port;
    const rebound = await new Promise<number>((resolve, reject) => {
      http.get({ host: '127.0.0.1', port, path: '/', headers: { Host: `evil.example:${port}` } }, (res) => resolve(res.statusCode ?? 0)).on('error', reject);
    });
    expect(rebound).toBe(403);
    expect(h.core.status().staff).not.toBeNull();
  });

  it('When the event stream is opened with the secret, then it starts with the status and carries every TerminalEvent; without it, 401', async () => {
    const h = await harness();
    const web = await host(h);
    expect((await fetch(`${web.url}/api/events?secret=nope`)).status).toBe(401);
    const events = await readEvents(`${web.url}/api/events?secret=${encodeURIComponent(web.secret)}`, 2, () => {
      void call(web, 'logout', {});
    });
    expect(events[0]).toMatchObject({ type: 'status', status: { enrolled: true } });
    expect(events[1]).toMatchObject({ type: 'status', status: { staff: null } });
  });

  it('When a second tab opens /#/customer-display, then it gets the same per-launch secret, and the view the cashier screen sets reaches its event stream', async () => {
    const h = await harness();
    const web = await host(h);
    // The hash never reaches the server: the customer tab loads the same page, with the secret.
    const page = await fetch(`${web.url}/#/customer-display`);
    expect(page.status).toBe(200);
    const secret = /<meta name="kumapay-secret" content="([^"]+)">/.exec(await page.text())?.[1];
    expect(secret).toBe(web.secret);
    const view = { screen: 'amount', purpose: 'payment', amountYen: 1_200 };
    const events = await readEvents(`${web.url}/api/events?secret=${encodeURIComponent(secret ?? '')}`, 2, () => {
      void call(web, 'customerDisplay', { view });
    });
    expect(events[1]).toEqual({ type: 'customer_display', view });
    const current = await call(web, 'getCustomerDisplay', {});
    expect(await current.json()).toEqual({ ok: true, view });
    // The view is checked like every command input.
    expect((await call(web, 'customerDisplay', { view: { screen: 'amount', amountYen: -1 } })).status).toBe(400);
  });

  it('When a body is hostile (over 64 KiB, an unknown charset, a Content-Encoding it is not), then the answer is that 4xx in the contract shape, never a 500', async () => {
    const h = await harness();
    const web = await host(h);
    const post = (body: string, headers: Record<string, string> = {}) =>
      fetch(`${web.url}/api/call/login`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-KumaPAY-Secret': web.secret, ...headers }, body });
    const cases: { response: Response; status: number }[] = [
      { response: await post(JSON.stringify({ staffCode: 'c1', pin: '1'.repeat(65 * 1024) })), status: 413 },
      { response: await post('{}', { 'Content-Type': 'application/json; charset=ebcdic-hostile' }), status: 415 },
      { response: await post('{}', { 'Content-Encoding': 'x-hostile' }), status: 415 },
      { response: await post('{"not":"gzip"}', { 'Content-Encoding': 'gzip' }), status: 400 },
    ];
    for (const { response, status } of cases) {
      expect(response.status).toBe(status);
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect(body).toEqual({ error: { code: 'invalid_request', message: expect.any(String) as string } });
      expect(body.error.message).not.toMatch(/at .*\.js|node_modules/);
    }
    expect(h.core.status().staff).not.toBeNull();
  });

  it('When not in demo mode, then the simulator endpoints do not exist', async () => {
    const h = await harness();
    const web = await host(h);
    const response = await fetch(`${web.url}/api/sim/network`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-KumaPAY-Secret': web.secret }, body: '{"online":false}' });
    expect(response.status).toBe(404);
  });
});

describe('browser host demo mode', () => {
  async function demoHost() {
    const h = await harness();
    const hardware = createDemoHardware();
    const dir = mkdtempSync(path.join(tmpdir(), 'kumapay-hw-'));
    // The reader's "card removed" is only logged: the test listens for it there.
    const removedUids: string[] = [];
    const logger: HardwareLogger = {
      debug: (fields, message) => {
        if (message === 'card removed' && typeof fields.uid === 'string') removedUids.push(fields.uid);
      },
      info: () => undefined,
      warn: () => undefined,
      error: () => undefined,
    };
    const devices = createDeviceManager({ configPath: path.join(dir, 'hardware.json'), transports: hardware.transports, initialConfig: hardware.initialConfig, logger });
    await devices.start();
    cleanups.push(async () => {
      await devices.stop();
      rmSync(dir, { recursive: true, force: true });
    });
    // The harness core talks to the fake backend; the switch sits in front of it, as in the host.
    const link = createLinkSwitch(h.backend);
    const unsubscribe = new HardwareDevices(devices).subscribe((event) => {
      if (event.type !== 'devices_changed') h.events.push(event);
    });
    cleanups.push(unsubscribe);
    const sim = createSimController({ hardware, devices, link, customerToken: null, backendUrl: () => 'http://127.0.0.1:1' });
    const web = await host(h, sim);
    const post = (action: string, body: unknown) =>
      fetch(`${web.url}/api/sim/${action}`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-KumaPAY-Secret': web.secret }, body: JSON.stringify(body) });
    return { h, web, post, link, devices, removedUids };
  }

  it('When the simulator scans and taps, then the simulated devices send real bytes and the events arrive', async () => {
    const { h, post } = await demoHost();
    expect((await post('scan', { text: 'KP1.demo' })).status).toBe(200);
    expect((await post('tap', { uid: '04A1B2C3', technology: 'iso14443a' })).status).toBe(200);
    await eventually('a scan and a card event', () => h.events.filter((e) => e.type === 'scan' || e.type === 'card').length, (n) => n >= 2, DEVICE_EVENT_TIMEOUT_MS);
    expect(h.events).toContainEqual(expect.objectContaining({ type: 'scan', text: 'KP1.demo' }));
    expect(h.events).toContainEqual(expect.objectContaining({ type: 'card', uid: '04A1B2C3', technology: 'iso14443a' }));
  });

  it('When the same card is tapped twice, a moment apart, then the core hears two taps (a tap lifts the card again)', async () => {
    const { h, post, devices, removedUids } = await demoHost();
    const uid = '04A1B2C3D4E5F6';
    const cards = () => h.events.filter((e): e is Extract<TerminalEvent, { type: 'card' }> => e.type === 'card');
    expect((await post('tap', { uid, technology: 'iso14443a' })).status).toBe(200);
    const [first] = await eventually('the first tap', cards, (seen) => seen.length >= 1, DEVICE_EVENT_TIMEOUT_MS);
    // The simulator lifts the card after its dwell, and the reader notices on its next polls.
    await eventually('the reader to see the card lifted', () => removedUids, (removed) => removed.includes(uid), DEVICE_EVENT_TIMEOUT_MS);
    // The same card again within the debounce window would be one tap: the cashier's second tap comes after it.
    const firstAtMs = Date.parse(first?.at ?? '');
    const debounceMs = devices.config().debounceMs;
    await eventually('the debounce window to pass', () => Date.now() - firstAtMs, (sinceMs) => sinceMs >= debounceMs, debounceMs + DEVICE_EVENT_TIMEOUT_MS);
    expect((await post('tap', { uid, technology: 'iso14443a' })).status).toBe(200);
    await eventually('the second tap', () => cards().length, (n) => n >= 2, DEVICE_EVENT_TIMEOUT_MS);
    expect(cards().map((card) => card.uid)).toEqual([uid, uid]);
  });

  it('When the network is switched off, then the link answers connection refused; bad input is 400; an unknown device is 404', async () => {
    const { post, link } = await demoHost();
    expect((await post('network', { online: false })).status).toBe(200);
    expect(link.online).toBe(false);
    expect(await link.backend.health()).toMatchObject({ kind: 'not_sent' });
    expect((await post('network', { online: 'no' })).status).toBe(400);
    expect((await post('unplug', { deviceId: 'nothing' })).status).toBe(404);
    expect((await post('customer-token', {})).status).toBe(404);
  });

  it('When the card reader is unplugged, then its status says disconnected', async () => {
    const { post, devices } = await demoHost();
    expect((await post('unplug', { deviceId: 'demo-card-reader' })).status).toBe(200);
    const reader = await eventually('the reader to be marked disconnected', () => devices.devices().find((d) => d.id === 'demo-card-reader')?.state, (state) => state === 'disconnected', DEVICE_EVENT_TIMEOUT_MS);
    expect(reader).toBe('disconnected');
  });
});

describe('offline through the host', () => {
  it('When the core is offline, then a charge through the host is refused as offline_refused (R21)', async () => {
    const h = await harness({ staff: { code: 'ch', pin: '1234', role: 'charger' } });
    const web = await host(h);
    await goOffline(h);
    const walletId = h.backend.addWallet(0);
    const response = await call(web, 'charge', { amountYen: 1_000, cashReceivedYen: 1_000, credential: { type: 'cpm', token: await h.backend.token(walletId) } });
    expect(await response.json()).toMatchObject({ ok: false, code: 'offline_refused' });
  });
});

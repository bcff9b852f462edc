import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { toIso } from '../../common/time';
import type { DeviceStatus, FrameDrop, InputEvent } from '../events';
import { HARDWARE_LIMITS } from '../limits';
import { ManualTime } from '../testing/manual-time';
import { SimulatedHidBus } from '../simulators/hid/simulated-hid-bus';
import { createHidPosScannerSim } from '../simulators/hid/hid-pos-scanner-sim';
import { createKeyboardCardReaderSim, createKeyboardScannerSim } from '../simulators/hid/keyboard-devices-sim';
import { MockSerialBus } from '../simulators/serial/mock-serial-bus';
import { createSerialScannerSim } from '../simulators/serial/serial-scanner-sim';
import { createPn532Sim } from '../simulators/serial/pn532-sim';
import { createDeviceManager } from './device-manager';
import type { DeviceManager, DeviceManagerOptions } from './device-manager';
import type { HardwareConfigInput } from './config-schema';

const TICK_MS = HARDWARE_LIMITS.discoveryIntervalMsMin;
const cleanups: Array<() => Promise<void>> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function rig(options: { config?: HardwareConfigInput; writeConfig?: string; platform?: NodeJS.Platform } = {}) {
  const directory = await mkdtemp(path.join(tmpdir(), 'kumapay-hw-'));
  const configPath = path.join(directory, 'devices.json');
  if (options.writeConfig !== undefined) await writeFile(configPath, options.writeConfig);
  else if (options.config) await writeFile(configPath, JSON.stringify(options.config));
  const time = new ManualTime();
  const hid = new SimulatedHidBus();
  const serial = new MockSerialBus();
  const managerOptions: DeviceManagerOptions = {
    configPath,
    transports: { hid, serial: serial.transport },
    clock: time,
    timers: time,
    ...(options.platform ? { tuning: { platform: options.platform } } : {}),
  };
  const manager = createDeviceManager(managerOptions);
  const events: InputEvent[] = [];
  const statuses: DeviceStatus[] = [];
  const drops: FrameDrop[] = [];
  manager.on('event', (e) => events.push(e));
  manager.on('status', (s) => statuses.push(s));
  manager.on('drop', (d) => drops.push(d));
  cleanups.push(async () => {
    await manager.stop();
    await rm(directory, { recursive: true, force: true });
  });
  return { directory, configPath, time, hid, serial, manager, events, statuses, drops };
}

function stateOf(manager: DeviceManager, id: string): DeviceStatus | undefined {
  return manager.devices().find((d) => d.id === id);
}

describe('device manager with a HID POS scanner', () => {
  it('When a HID POS scanner is plugged in, then discovery opens it and a scan becomes one event with source and time', async () => {
    const r = await rig();
    const scanner = createHidPosScannerSim(r.hid, { serialNumber: 'S1' });
    await r.manager.start();
    const [device] = r.manager.devices();
    expect(device).toMatchObject({ kind: 'scanner', transport: 'simulator', state: 'connected', reason: null });
    scanner.scan('KP1.k2026a.token');
    await r.time.advance(0);
    expect(r.events).toEqual([{ type: 'scan', text: 'KP1.k2026a.token', source: device!.id, at: toIso(r.time.nowMs()) }]);
  });

  it('When the same code is scanned twice within the window, then it is one event; after the window, two', async () => {
    const r = await rig();
    const scanner = createHidPosScannerSim(r.hid);
    await r.manager.start();
    scanner.scan('SAME');
    await r.time.advance(300);
    scanner.scan('SAME');
    await r.time.advance(0);
    expect(r.events).toHaveLength(1);
    await r.time.advance(r.manager.config().debounceMs);
    scanner.scan('SAME');
    await r.time.advance(0);
    expect(r.events.map((e) => e.type === 'scan' && e.text)).toEqual(['SAME', 'SAME']);
  });

  it('When the cable is pulled, then the device is disconnected; when re-plugged, it reconnects by itself', async () => {
    const r = await rig();
    const scanner = createHidPosScannerSim(r.hid);
    await r.manager.start();
    const id = r.manager.devices()[0]!.id;
    scanner.unplug();
    await r.time.advance(0);
    expect(stateOf(r.manager, id)).toMatchObject({ state: 'disconnected', reasonCode: 'device_unplugged' });
    await r.time.advance(TICK_MS * 3);
    expect(stateOf(r.manager, id)?.state).toBe('disconnected');
    scanner.replug(); // under a new hidraw path, found again by its ids
    await r.time.advance(TICK_MS * 2);
    expect(stateOf(r.manager, id)).toMatchObject({ state: 'connected', reasonCode: null });
    scanner.scan('AFTER-REPLUG');
    await r.time.advance(0);
    expect(r.events.map((e) => e.type === 'scan' && e.text)).toEqual(['AFTER-REPLUG']);
  });

  it('When the device cannot be opened for lack of permission, then the status says so with a udev rule, and it connects once fixed', async () => {
    const r = await rig();
    const scanner = createHidPosScannerSim(r.hid, { vendorId: 0x0c2e, productId: 0x0b87 });
    scanner.device.failOpens('permission_denied');
    await r.manager.start();
    const status = r.manager.devices()[0]!;
    expect(status).toMatchObject({ state: 'error', reasonCode: 'permission_denied' });
    if (process.platform === 'linux') expect(status.fix).toContain('ATTRS{idVendor}=="0c2e", ATTRS{idProduct}=="0b87"');
    scanner.device.failOpens(null);
    await r.time.advance(HARDWARE_LIMITS.reconnectBackoffMsMax + TICK_MS);
    expect(r.manager.devices()[0]).toMatchObject({ state: 'connected', reasonCode: null, fix: null });
  });

  it('When another program holds the device, then the status is device_busy and retries back off within the bound', async () => {
    const r = await rig();
    const scanner = createHidPosScannerSim(r.hid);
    scanner.device.failOpens('device_busy');
    await r.manager.start();
    expect(r.manager.devices()[0]).toMatchObject({ state: 'error', reasonCode: 'device_busy' });
    const attemptTimes: number[] = [];
    let seen = scanner.device.openAttempts;
    for (let t = 0; t < 60_000; t += 250) {
      await r.time.advance(250);
      if (scanner.device.openAttempts !== seen) attemptTimes.push(r.time.nowMs());
      seen = scanner.device.openAttempts;
    }
    const gaps = attemptTimes.slice(1).map((t, i) => t - attemptTimes[i]!);
    expect(gaps.length).toBeGreaterThan(2);
    // Doubling gaps, capped: never shrinking, never longer than the cap plus one discovery tick.
    gaps.slice(1).forEach((gap, i) => expect(gap).toBeGreaterThanOrEqual(gaps[i]!));
    for (const gap of gaps) expect(gap).toBeLessThanOrEqual(HARDWARE_LIMITS.reconnectBackoffMsMax + TICK_MS);
    // …and they do grow, up to the cap: a busy device is not hammered every tick.
    expect(gaps.at(-1)!).toBeGreaterThanOrEqual(HARDWARE_LIMITS.reconnectBackoffMsMax);
  });

  it('When a listener throws, then other listeners still hear the event', async () => {
    const r = await rig();
    const scanner = createHidPosScannerSim(r.hid);
    r.manager.on('event', () => {
      throw new Error('listener bug');
    });
    await r.manager.start();
    scanner.scan('STILL-DELIVERED');
    await r.time.advance(0);
    expect(r.events).toHaveLength(1);
  });

  it('When garbled reports arrive, then no event is emitted and the drop is reported with its source', async () => {
    const r = await rig();
    const scanner = createHidPosScannerSim(r.hid);
    await r.manager.start();
    const bad = new Uint8Array(64);
    bad.set([0x02, 0x03, 0x5d, 0x51, 0x30, 0x41, 0x00, 0x42]);
    scanner.sendRaw(bad);
    await r.time.advance(0);
    expect(r.events).toEqual([]);
    expect(r.drops).toMatchObject([{ source: r.manager.devices()[0]!.id, reason: 'garbled_text' }]);
  });

  it('When stopped, then devices are disconnected and later scans are not delivered', async () => {
    const r = await rig();
    const scanner = createHidPosScannerSim(r.hid);
    await r.manager.start();
    await r.manager.stop();
    expect(r.manager.devices().map((d) => d.state)).toEqual(['disconnected']);
    scanner.scan('LATE');
    await r.time.advance(TICK_MS * 2);
    expect(r.events).toEqual([]);
  });
});

describe('device manager with configured devices', () => {
  it('When a keyboard-mode NFC reader is configured, then a tap is a card event with the canonical UID', async () => {
    const r = await rig({
      config: {
        version: 1,
        devices: [{ id: 'nfc-kbd', name: 'NFC (keyboard)', driver: 'hid_keyboard_card_reader', match: { vendorId: 0xffff, productId: 0x0035 }, uidFormat: 'decimal', uidByteOrder: 'reversed' }],
      },
    });
    const reader = createKeyboardCardReaderSim(r.hid, { vendorId: 0xffff, productId: 0x0035, uid: { format: 'decimal', byteOrder: 'reversed' } });
    await r.manager.start();
    reader.tap('04A1B2C3');
    await r.time.advance(0);
    expect(r.events).toMatchObject([{ type: 'card', uid: '04A1B2C3', technology: 'unknown', source: 'nfc-kbd' }]);
  });

  it('When a JIS keyboard-mode scanner is configured as JIS, then symbols come through as printed', async () => {
    const r = await rig({
      config: { version: 1, devices: [{ id: 'kbd-scanner', name: '2D (keyboard)', driver: 'hid_keyboard_scanner', match: { vendorId: 0x0c2e, productId: 0x0200 }, keyboardLayout: 'jis' }] },
    });
    const scanner = createKeyboardScannerSim(r.hid, { vendorId: 0x0c2e, productId: 0x0200, keyboardLayout: 'jis' });
    await r.manager.start();
    scanner.scan('KP1.a+b@c:d_e~f');
    await r.time.advance(0);
    expect(r.events).toMatchObject([{ type: 'scan', text: 'KP1.a+b@c:d_e~f', source: 'kbd-scanner' }]);
  });

  it('When Windows refuses to open a keyboard-mode scanner, then the status says the OS owns it and how to switch modes', async () => {
    const r = await rig({
      platform: 'win32',
      config: { version: 1, devices: [{ id: 'kbd-scanner', name: '2D (keyboard)', driver: 'hid_keyboard_scanner', match: { vendorId: 0x0c2e, productId: 0x0200 } }] },
    });
    const scanner = createKeyboardScannerSim(r.hid, { vendorId: 0x0c2e, productId: 0x0200 });
    scanner.device.failOpens('permission_denied');
    await r.manager.start();
    expect(stateOf(r.manager, 'kbd-scanner')).toMatchObject({ state: 'error', reasonCode: 'keyboard_os_owned', fix: expect.stringContaining('HID POS or USB-COM') });
  });

  it('When a serial scanner is configured by path, then scans arrive; unplugged it is disconnected, re-plugged it reconnects', async () => {
    const time0 = await rig();
    const attachment = time0.serial.attach('ttyACM0');
    const scanner = createSerialScannerSim(attachment, { suffix: 'crlf' });
    await time0.manager.configure({
      version: 1,
      devices: [{ id: 'com-scanner', name: 'USB-COM scanner', driver: 'serial_scanner', port: { path: attachment.path }, suffix: 'crlf' }],
    });
    await time0.manager.start();
    expect(stateOf(time0.manager, 'com-scanner')?.state).toBe('connected');
    scanner.scan('SERIAL-1');
    // A serial code ends at its suffix plus the quiet gap.
    await time0.time.advance(HARDWARE_LIMITS.serialSuffixQuietMs);
    scanner.unplug();
    await time0.time.advance(0);
    expect(stateOf(time0.manager, 'com-scanner')).toMatchObject({ state: 'disconnected', reasonCode: 'device_unplugged' });
    await time0.time.advance(TICK_MS * 2);
    expect(stateOf(time0.manager, 'com-scanner')).toMatchObject({ state: 'disconnected', reasonCode: 'device_not_found' });
    scanner.replug();
    await time0.time.advance(TICK_MS * 2);
    expect(stateOf(time0.manager, 'com-scanner')?.state).toBe('connected');
    scanner.scan('SERIAL-2');
    await time0.time.advance(0);
    expect(time0.events.map((e) => e.type === 'scan' && e.text)).toEqual(['SERIAL-1']);
    await time0.time.advance(HARDWARE_LIMITS.serialSuffixQuietMs);
    expect(time0.events.map((e) => e.type === 'scan' && e.text)).toEqual(['SERIAL-1', 'SERIAL-2']);
  });

  it('When a PN532 is re-plugged, then it is woken again and the next tap pays', async () => {
    const r = await rig();
    const attachment = r.serial.attach('ttyUSB0', { vendorId: 0x1a86, productId: 0x7523 });
    const reader = createPn532Sim(attachment);
    await r.manager.configure({ version: 1, devices: [{ id: 'pn532', name: 'NFC (PN532)', driver: 'pn532', port: { vendorId: 0x1a86, productId: 0x7523 } }] });
    await r.manager.start();
    reader.tap('DEADBEEF');
    await r.time.advance(1_000);
    reader.remove();
    reader.unplug();
    await r.time.advance(TICK_MS);
    expect(stateOf(r.manager, 'pn532')?.state).toBe('disconnected');
    reader.replug();
    await r.time.advance(TICK_MS * 2);
    expect(stateOf(r.manager, 'pn532')?.state).toBe('connected');
    reader.tap('CAFEBABE', 'iso14443a');
    await r.time.advance(1_000);
    expect(r.events.map((e) => e.type === 'card' && e.uid)).toEqual(['DEADBEEF', 'CAFEBABE']);
  });

  it('When a discovered device is in ignoredDeviceIds, then it is not opened', async () => {
    const r = await rig();
    createHidPosScannerSim(r.hid, { serialNumber: 'IGNORED' });
    await r.manager.start();
    const id = r.manager.devices()[0]!.id;
    await r.manager.configure({ version: 1, ignoredDeviceIds: [id] });
    expect(r.manager.devices()).toEqual([]);
    expect(r.statuses.at(-1)).toMatchObject({ id, state: 'disconnected', reason: 'removed from the device list' });
  });
});

describe('device manager configuration', () => {
  it('When the config file is invalid, then start fails with config_invalid naming the field', async () => {
    const r = await rig({ writeConfig: JSON.stringify({ version: 1, debounceMs: -5 }) });
    await expect(r.manager.start()).rejects.toMatchObject({ code: 'config_invalid', message: expect.stringContaining('debounceMs') });
  });

  it('When the config file is not JSON, then start fails with config_invalid', async () => {
    const r = await rig({ writeConfig: '{ not json' });
    await expect(r.manager.start()).rejects.toMatchObject({ code: 'config_invalid' });
  });

  it('When configured, then the file holds the validated config and a new manager starts from it', async () => {
    const r = await rig();
    await r.manager.start();
    const saved = await r.manager.configure({ version: 1, debounceMs: 250, devices: [{ id: 'p', name: 'Reader', driver: 'pn532', port: { path: '/nowhere' } }] });
    expect(saved.devices[0]).toMatchObject({ baudRate: 115_200, enabled: true });
    expect(JSON.parse(await readFile(r.configPath, 'utf8'))).toEqual(saved);
    const again = createDeviceManager({ configPath: r.configPath, transports: { hid: r.hid, serial: r.serial.transport }, clock: r.time, timers: r.time });
    await again.start();
    expect(again.config()).toEqual(saved);
    expect(again.devices()).toMatchObject([{ id: 'p', state: 'disconnected', reasonCode: 'device_not_found' }]);
    await again.stop();
  });

  it('When an invalid config is given, then it is refused and the file is unchanged', async () => {
    const r = await rig({ config: { version: 1, debounceMs: 500 } });
    await r.manager.start();
    const before = await readFile(r.configPath, 'utf8');
    await expect(
      r.manager.configure({ version: 1, devices: [{ id: 'a', name: 'A', driver: 'pn532', port: { path: '/x' } }, { id: 'a', name: 'B', driver: 'pn532', port: { path: '/y' } }] }),
    ).rejects.toMatchObject({ code: 'config_invalid' });
    expect(await readFile(r.configPath, 'utf8')).toBe(before);
  });
});

describe('device manager with a HID POS scanner of a vendor not in the table (issue 12)', () => {
  it('When its first scan shows the Newland layout, then the scan is an event and the device says which layout it picked', async () => {
    const r = await rig();
    const scanner = createHidPosScannerSim(r.hid, { vendorId: 0x9999, layout: 'newland' });
    await r.manager.start();
    expect(r.manager.config().devices).toEqual([]);
    scanner.scan('KP1.k2026a.token');
    await r.time.advance(0);
    expect(r.events.map((e) => e.type === 'scan' && e.text)).toEqual(['KP1.k2026a.token']);
    expect(r.manager.devices()[0]?.notice).toMatchObject({ code: 'hid_pos_layout_detected', level: 'info', params: { layout: 'newland' } });
    expect(r.statuses.at(-1)?.notice?.code).toBe('hid_pos_layout_detected');
  });

  it('When a configured layout does not fit, then scans are refused and the connected device carries the warning until it reconnects', async () => {
    const r = await rig({ config: { version: 1, autoDiscovery: false, devices: [{ id: 'hp', name: 'HID POS', driver: 'hid_pos_scanner', match: { vendorId: 0x9999, productId: 0x0b87 }, layout: 'honeywell' }] } });
    const scanner = createHidPosScannerSim(r.hid, { vendorId: 0x9999, layout: 'newland' });
    await r.manager.start();
    scanner.scan('KP1.k2026a.token');
    await r.time.advance(0);
    expect(r.events).toEqual([]);
    expect(r.drops.map((d) => d.reason)).toEqual(['layout_mismatch']);
    expect(stateOf(r.manager, 'hp')).toMatchObject({ state: 'connected', notice: { code: 'hid_pos_layout_mismatch', level: 'warning' } });
    scanner.unplug();
    await r.time.advance(0);
    scanner.replug();
    await r.time.advance(TICK_MS * 2);
    expect(stateOf(r.manager, 'hp')).toMatchObject({ state: 'connected', notice: null });
  });
});

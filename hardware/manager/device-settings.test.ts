import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { InputEvent } from '../events';
import { isHardwareError } from '../errors';
import { report } from '../testing/bytes';
import { ManualTime } from '../testing/manual-time';
import { createHidPosScannerSim } from '../simulators/hid/hid-pos-scanner-sim';
import { SimulatedHidBus } from '../simulators/hid/simulated-hid-bus';
import { MockSerialBus } from '../simulators/serial/mock-serial-bus';
import { createDeviceManager } from './device-manager';

// A Honeywell-style HID POS engine reading 熊谷市 クマPAY in Shift_JIS (length 14, AIM ]Q1).
const SHIFT_JIS_REPORT = report(64, '02 0e 5d 51 31 8c 46 92 4a 8e 73 20 83 4e 83 7d 50 41 59');

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function rig() {
  const directory = await mkdtemp(path.join(tmpdir(), 'kumapay-hw-settings-'));
  const configPath = path.join(directory, 'devices.json');
  const time = new ManualTime();
  const hid = new SimulatedHidBus();
  const manager = createDeviceManager({ configPath, transports: { hid, serial: new MockSerialBus().transport }, clock: time, timers: time });
  const events: InputEvent[] = [];
  manager.on('event', (e) => events.push(e));
  cleanups.push(async () => {
    await manager.stop();
    await rm(directory, { recursive: true, force: true });
  });
  return { configPath, time, hid, manager, events };
}

describe('device encoding setting', () => {
  it('When a discovered scanner is set to shift_jis, then the choice is saved with the device and its next Shift_JIS scan reads right', async () => {
    const r = await rig();
    const scanner = createHidPosScannerSim(r.hid, { serialNumber: 'SJIS-1' });
    await r.manager.start();
    const [device] = r.manager.devices();
    expect(device?.encoding).toBe('auto');

    await r.manager.setEncoding(device!.id, 'shift_jis');
    await r.time.advance(0);
    expect(r.manager.devices()).toMatchObject([{ id: device!.id, state: 'connected', encoding: 'shift_jis' }]);
    const saved = JSON.parse(await readFile(r.configPath, 'utf8')) as { devices: Array<{ id: string; encoding: string }> };
    expect(saved.devices).toMatchObject([{ id: device!.id, driver: 'hid_pos_scanner', encoding: 'shift_jis' }]);

    scanner.sendRaw(SHIFT_JIS_REPORT);
    await r.time.advance(0);
    expect(r.events.map((e) => e.type === 'scan' && e.text)).toEqual(['熊谷市 クマPAY']);
  });

  it('When the device is unknown, then the answer is device_not_found and nothing is saved', async () => {
    const r = await rig();
    await r.manager.start();
    const refusal = await r.manager.setEncoding('no-such-scanner', 'utf8').catch((error: unknown) => error);
    expect(isHardwareError(refusal) && refusal.code).toBe('device_not_found');
    await expect(readFile(r.configPath, 'utf8')).rejects.toThrow();
  });
});

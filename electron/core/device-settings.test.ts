import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ScanTextEncoding } from '../../common/scan-encoding';
import type { DeviceView } from '../../common/terminal-api';
import { FileSecretStore } from './adapters/file-secret-store';
import { Journal } from './journal/journal';
import type { DeviceEvent, Devices, DeviceSettingOutcome } from './ports';
import { TerminalCore } from './terminal-core';
import { FakeBackend } from './testing/fake-backend';
import { ManualClock, nextTurnTimers, START_MS } from './testing/harness';

/** A host whose one scanner takes an encoding, as hardware/'s device manager does. */
class SettableDevices implements Devices {
  devices: DeviceView[] = [{ id: 'scanner-1', kind: 'scanner', name: 'Scanner', transport: 'serial', state: 'connected', reason: null, encoding: 'auto' }];
  asked: Array<{ deviceId: string; encoding: ScanTextEncoding }> = [];
  list(): DeviceView[] {
    return this.devices;
  }
  subscribe(_listener: (event: DeviceEvent) => void): () => void {
    return () => undefined;
  }
  async setEncoding(deviceId: string, encoding: ScanTextEncoding): Promise<DeviceSettingOutcome> {
    this.asked.push({ deviceId, encoding });
    const device = this.devices.find((d) => d.id === deviceId);
    if (!device) return { ok: false, reason: 'unknown_device', message: `No scanner ${deviceId}.` };
    device.encoding = encoding;
    return { ok: true };
  }
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

async function openCore() {
  const dir = mkdtempSync(path.join(tmpdir(), 'kumapay-device-settings-'));
  const clock = new ManualClock(START_MS);
  const journal = Journal.open(path.join(dir, 'journal.sqlite'));
  const backend = await FakeBackend.create(clock);
  const devices = new SettableDevices();
  const core = await TerminalCore.open({ journal, backend, devices, secrets: new FileSecretStore(path.join(dir, 'secrets')), defaultBackendUrl: 'http://127.0.0.1:1', clock, timers: nextTurnTimers });
  cleanups.push(async () => {
    await core.stop();
    journal.close();
    rmSync(dir, { recursive: true, force: true });
  });
  expect(await core.call('enroll', { enrollmentCode: 'GOOD-CODE' })).toMatchObject({ ok: true });
  const login = async (code: string, role: 'cashier' | 'manager') => {
    backend.addStaff(code, '1234', role);
    expect(await core.call('login', { staffCode: code, pin: '1234' })).toMatchObject({ ok: true });
  };
  return { core, devices, login };
}

describe('device settings (issue 12)', () => {
  it('When a cashier sets a scanner encoding, then it is refused; a manager sets it and the status shows it', async () => {
    const { core, devices, login } = await openCore();
    await login('c1', 'cashier');
    expect(await core.call('setDeviceEncoding', { deviceId: 'scanner-1', encoding: 'shift_jis' })).toMatchObject({ ok: false, code: 'forbidden' });
    expect(devices.asked).toEqual([]);

    await login('m1', 'manager');
    expect(await core.call('setDeviceEncoding', { deviceId: 'scanner-1', encoding: 'shift_jis' })).toEqual({ ok: true });
    expect(core.status().devices).toMatchObject([{ id: 'scanner-1', encoding: 'shift_jis' }]);
  });

  it('When the device is unknown, then the answer is not_found; an encoding outside the list is refused before the host', async () => {
    const { core, devices, login } = await openCore();
    await login('m1', 'manager');
    expect(await core.call('setDeviceEncoding', { deviceId: 'nope', encoding: 'utf8' })).toMatchObject({ ok: false, code: 'not_found' });
    await expect(core.call('setDeviceEncoding', { deviceId: 'scanner-1', encoding: 'euc_jp' as ScanTextEncoding })).rejects.toThrow();
    expect(devices.asked).toEqual([{ deviceId: 'nope', encoding: 'utf8' }]);
  });
});

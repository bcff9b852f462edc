import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { InputEvent } from '../events';
import { createDeviceManager } from '../manager/device-manager';
import type { DeviceManager } from '../manager/device-manager';
import { ManualTime } from '../testing/manual-time';
import { createDemoHardware } from './demo';

let manager: DeviceManager | null = null;
let directory = '';

afterEach(async () => {
  await manager?.stop();
  if (directory) await rm(directory, { recursive: true, force: true });
});

describe('demo hardware', () => {
  it('When the manager runs on the demo transports, then scanner, USB-COM scanner and both card readers (PN532, PC/SC) all produce events', async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'kumapay-demo-'));
    const demo = createDemoHardware();
    const time = new ManualTime();
    manager = createDeviceManager({ configPath: path.join(directory, 'devices.json'), transports: demo.transports, initialConfig: demo.initialConfig, clock: time, timers: time });
    const events: InputEvent[] = [];
    manager.on('event', (e) => events.push(e));
    await manager.start();
    expect(manager.devices().map((d) => [d.id, d.kind, d.transport, d.state])).toEqual([
      [demo.deviceIds.serialScanner, 'scanner', 'simulator', 'connected'],
      [demo.deviceIds.cardReader, 'card_reader', 'simulator', 'connected'],
      [demo.deviceIds.scanner, 'scanner', 'simulator', 'connected'],
      [demo.deviceIds.pcscReader, 'card_reader', 'simulator', 'connected'],
    ]);
    expect(manager.devices().find((d) => d.id === demo.deviceIds.pcscReader)?.deviceClass).toBe('pcsc_reader');
    demo.scanner.scan('KP1.demo.hid');
    demo.serialScanner.scan('KP1.demo.serial');
    demo.cardReader.tap('0123456789ABCDEF', 'felica');
    demo.pcscReader.put({ uid: '04A1B2C3D4E5F6', technology: 'iso14443a' });
    await time.advance(500);
    expect(events.map((e) => (e.type === 'scan' ? e.text : e.uid)).sort()).toEqual(['0123456789ABCDEF', '04A1B2C3D4E5F6', 'KP1.demo.hid', 'KP1.demo.serial']);
  });
});

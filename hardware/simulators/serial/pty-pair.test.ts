/**
 * The serial scanner and the PN532 driver against real pseudo-terminals from socat, opened
 * with serialport's real native binding: the same path a USB-COM device takes in production.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { InputEvent } from '../../events';
import { createDeviceManager } from '../../manager/device-manager';
import type { DeviceManager } from '../../manager/device-manager';
import { createSerialportTransport } from '../../transports/serialport-transport';
import { SimulatedHidBus } from '../hid/simulated-hid-bus';
import { createPn532Sim } from './pn532-sim';
import type { Pn532Simulator } from './pn532-sim';
import { hasSocat, openPtyAttachment } from './pty-pair';
import type { PtyAttachment } from './pty-pair';
import { createSerialScannerSim } from './serial-scanner-sim';

const socat = hasSocat();

/** The device end of a pty as a simulator's cable; pulling it is done on the pty itself. */
function cable(pty: PtyAttachment) {
  return { path: pty.path, link: pty.link, unplug: () => undefined, replug: () => undefined };
}
const WAIT = { timeout: 10_000, interval: 20 };

describe.skipIf(!socat)('serial devices on a real pty pair (skipped: socat not installed; CI installs it)', () => {
  let directory = '';
  let scannerPty: PtyAttachment;
  let readerPty: PtyAttachment;
  let reader: Pn532Simulator;
  let manager: DeviceManager;
  const events: InputEvent[] = [];

  beforeAll(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'kumapay-pty-'));
    scannerPty = await openPtyAttachment(directory, 'scanner');
    readerPty = await openPtyAttachment(directory, 'pn532');
    reader = createPn532Sim(cable(readerPty));
    manager = createDeviceManager({
      configPath: path.join(directory, 'devices.json'),
      transports: { hid: new SimulatedHidBus(), serial: createSerialportTransport() },
      initialConfig: {
        version: 1,
        devices: [
          { id: 'pty-scanner', name: 'USB-COM scanner on a pty', driver: 'serial_scanner', port: { path: scannerPty.path }, baudRate: 9_600, suffix: 'crlf' },
          { id: 'pty-pn532', name: 'PN532 on a pty', driver: 'pn532', port: { path: readerPty.path } },
        ],
      },
    });
    manager.on('event', (e) => events.push(e));
    await manager.start();
  });

  afterAll(async () => {
    await manager?.stop();
    await scannerPty?.close();
    await readerPty?.close();
    if (directory) await rm(directory, { recursive: true, force: true });
  });

  it('When both devices are opened through the real binding, then both are connected', () => {
    expect(manager.devices().map((d) => [d.id, d.state, d.transport])).toEqual([
      ['pty-scanner', 'connected', 'serial'],
      ['pty-pn532', 'connected', 'serial'],
    ]);
  });

  it('When the scanner sends a frame in pieces, then one scan event with the whole text arrives', async () => {
    const scanner = createSerialScannerSim(cable(scannerPty), { suffix: 'crlf' });
    scanner.sendRaw(new TextEncoder().encode('KP1.k2026a.'));
    scanner.sendRaw(new TextEncoder().encode('熊谷\r\n'));
    await vi.waitFor(() => expect(events.filter((e) => e.type === 'scan').map((e) => e.type === 'scan' && e.text)).toEqual(['KP1.k2026a.熊谷']), WAIT);
  });

  it('When a card is tapped on the PN532, then one card event arrives', async () => {
    reader.tap('04A1B2C3D4E5F6');
    await vi.waitFor(() => expect(events.filter((e) => e.type === 'card')).toMatchObject([{ uid: '04A1B2C3D4E5F6', technology: 'iso14443a', source: 'pty-pn532' }]), WAIT);
    reader.remove();
  });

  it('When the pty vanishes, then the scanner is disconnected; when it returns, it reconnects by itself', async () => {
    await scannerPty.unplug();
    await vi.waitFor(() => expect(manager.devices().find((d) => d.id === 'pty-scanner')?.state).toBe('disconnected'), WAIT);
    await scannerPty.replug();
    await vi.waitFor(() => expect(manager.devices().find((d) => d.id === 'pty-scanner')?.state).toBe('connected'), WAIT);
    const scanner = createSerialScannerSim(cable(scannerPty), { suffix: 'crlf' });
    scanner.scan('AFTER-REPLUG');
    await vi.waitFor(() => expect(events.some((e) => e.type === 'scan' && e.text === 'AFTER-REPLUG')).toBe(true), WAIT);
  });
});

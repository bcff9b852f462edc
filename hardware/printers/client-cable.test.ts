/**
 * R29: printers on a cable. USB (usblp, /dev/usb/lpN) is played by a real pty pair from socat
 * in place of the device file; serial goes through the same SerialTransport the scanners use,
 * on serialport's MockBinding. On a cable, a job is one cut piece of paper, and a job counts as
 * delivered only once a DLE EOT reply written behind it came back.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrinterConnection } from '../../common/receipts/printer-settings';
import { HARDWARE_LIMITS } from '../limits';
import { ManualTime, settle } from '../testing/manual-time';
import { MockSerialBus } from '../simulators/serial/mock-serial-bus';
import { hasSocat, openPtyAttachment } from '../simulators/serial/pty-pair';
import type { PtyAttachment } from '../simulators/serial/pty-pair';
import { createPrinterClient } from './client';
import { renderReceipt } from './render';
import { attachPrinterSimulator } from './simulator/printer-simulator';
import type { LinkedPrinterSimulator } from './simulator/printer-simulator';

const SLIP = ['"熊谷書店"', 'チャージ | ¥5,000', '='].join('\n');
const socat = hasSocat();

describe.skipIf(!socat)('R29: a USB printer (usblp) on a socat pty in place of /dev/usb/lp0 (skipped: socat is not installed)', () => {
  let directory = '';
  let pty: PtyAttachment;
  let printer: LinkedPrinterSimulator;
  let connection: PrinterConnection;
  const client = createPrinterClient({ serial: new MockSerialBus().transport });

  beforeAll(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'kumapay-lp-'));
    pty = await openPtyAttachment(directory, 'lp0');
    printer = attachPrinterSimulator(pty.link, { clock: () => new Date('2026-12-01T04:30:00Z') });
    // The settings schema only takes /dev/usb/lpN; the client takes any device path.
    connection = { type: 'usb', path: pty.path };
  });
  afterAll(async () => {
    await pty?.close();
    if (directory) await rm(directory, { recursive: true, force: true });
  });

  it('When the printer is fine, then it is ready; when its cover opens, then cover_open', async () => {
    expect(await client.status(connection)).toEqual({ state: 'ready', paperNearEnd: false });
    printer.setState({ coverOpen: true });
    expect(await client.status(connection)).toEqual({ state: 'cover_open', paperNearEnd: false });
    printer.setState({ coverOpen: false, paperOut: true });
    expect(await client.status(connection)).toEqual({ state: 'paper_out', paperNearEnd: false });
    printer.setState({ paperOut: false });
  });

  it('When a slip is sent, then the printer prints it once and the device path is free again afterwards', async () => {
    const { bytes, lines } = renderReceipt(SLIP, { commandSet: 'epson', paperWidthMm: 58 });
    expect(await client.send(connection, bytes)).toEqual({ ok: true });
    expect(printer.jobs()).toHaveLength(1);
    expect(printer.lastJob()?.lines).toEqual(lines.filter((l) => l.length > 0));
    expect(printer.lastJob()?.lines.map((l) => l.trim())).toContain('熊谷書店');
    expect(await client.status(connection)).toEqual({ state: 'ready', paperNearEnd: false });
  });

  it('When the device file does not exist, then the printer is unreachable and a job fails as unreachable', async () => {
    const missing: PrinterConnection = { type: 'usb', path: path.join(directory, 'lp9') };
    expect(await client.status(missing)).toEqual({ state: 'unreachable', paperNearEnd: false });
    expect(await client.send(missing, new Uint8Array([0x41, 0x0a]))).toMatchObject({ ok: false, code: 'unreachable', message: expect.stringContaining('does not exist') });
  });
});

describe('R29: a serial printer through the SerialTransport', () => {
  it('When the printer is fine, then it is ready, and a slip sent is printed and confirmed', async () => {
    const bus = new MockSerialBus();
    const attachment = bus.attach('printer');
    const printer = attachPrinterSimulator(attachment.link);
    const client = createPrinterClient({ serial: bus.transport });
    const connection: PrinterConnection = { type: 'serial', path: attachment.path, baudRate: 38_400 };

    expect(await client.status(connection)).toEqual({ state: 'ready', paperNearEnd: false });
    printer.setState({ offline: true });
    expect(await client.status(connection)).toEqual({ state: 'offline', paperNearEnd: false });
    printer.setState({ offline: false, paperNearEnd: true });
    expect(await client.status(connection)).toEqual({ state: 'ready', paperNearEnd: true });

    const { bytes, lines } = renderReceipt(SLIP, { commandSet: 'epson', paperWidthMm: 80 });
    expect(await client.send(connection, bytes)).toEqual({ ok: true });
    expect(printer.lastJob()?.lines).toEqual(lines.filter((l) => l.length > 0));
  });

  it('When the printer is out of paper, then a job sent anyway prints nothing', async () => {
    const bus = new MockSerialBus();
    const attachment = bus.attach('printer');
    const printer = attachPrinterSimulator(attachment.link);
    const client = createPrinterClient({ serial: bus.transport });
    const connection: PrinterConnection = { type: 'serial', path: attachment.path, baudRate: 38_400 };
    printer.setState({ paperOut: true });
    await client.send(connection, renderReceipt(SLIP, { commandSet: 'epson', paperWidthMm: 80 }).bytes);
    expect(printer.jobs()).toEqual([]);
  });

  it('When the port is not there, then the printer is unreachable', async () => {
    const client = createPrinterClient({ serial: new MockSerialBus().transport });
    expect(await client.status({ type: 'serial', path: '/sim/serial-missing', baudRate: 9_600 })).toEqual({ state: 'unreachable', paperNearEnd: false });
  });

  it('When the cable carries nothing back, then status is unreachable after the timeout and a job fails as timeout', async () => {
    const bus = new MockSerialBus();
    const attachment = bus.attach('mute-printer');
    const time = new ManualTime();
    const client = createPrinterClient({ serial: bus.transport, timers: time });
    const connection: PrinterConnection = { type: 'serial', path: attachment.path, baudRate: 9_600 };

    let status: unknown = null;
    const asking = client.status(connection).then((s) => (status = s));
    await settle();
    expect(status).toBeNull();
    await time.advance(HARDWARE_LIMITS.printerStatusTimeoutMs);
    await asking;
    expect(status).toEqual({ state: 'unreachable', paperNearEnd: false });

    let sent: unknown = null;
    const sending = client.send(connection, new Uint8Array([0x41, 0x0a])).then((r) => (sent = r));
    await settle();
    expect(sent).toBeNull();
    await time.advance(HARDWARE_LIMITS.printerSendTimeoutMs);
    await sending;
    expect(sent).toMatchObject({ ok: false, code: 'timeout' });
  });
});

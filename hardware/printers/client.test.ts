/**
 * R29: the printer client against the printer simulator over real TCP: what the print queue
 * learns before a job, and what becomes of the job. Time is moved by hand where a printer
 * stays silent; nothing here depends on how fast the machine is.
 */
import net from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { PrinterConnection } from '../../common/receipts/printer-settings';
import { HARDWARE_LIMITS } from '../limits';
import { ManualTime, settle } from '../testing/manual-time';
import { MockSerialBus } from '../simulators/serial/mock-serial-bus';
import { createPrinterClient } from './client';
import { renderReceipt } from './render';
import { startPrinterSimulator } from './simulator/printer-simulator';
import type { PrinterSimulator } from './simulator/printer-simulator';

const SLIP = ['"熊谷書店"', 'お支払い | ¥1,200', '---', '=', ''].join('\n');

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** A host that accepts connections and then never says anything (nor closes). */
async function silentPrinter(): Promise<{ port: number; received: () => number; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  let received = 0;
  const server = net.createServer({ allowHalfOpen: true }, (socket) => {
    sockets.add(socket);
    socket.on('data', (chunk: Buffer) => (received += chunk.length));
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return {
    port: address.port,
    received: () => received,
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

describe('R29: the printer client on a network printer (TCP 9100)', () => {
  let sim: PrinterSimulator;
  let connection: PrinterConnection;
  const client = createPrinterClient({ serial: new MockSerialBus().transport });

  beforeAll(async () => {
    sim = await startPrinterSimulator({ clock: () => new Date('2026-12-01T04:30:00Z') });
    connection = { type: 'tcp', host: sim.host, port: sim.port };
  });
  afterAll(() => sim.close());
  afterEach(() => sim.setState({ paperOut: false, coverOpen: false, offline: false, paperNearEnd: false }));

  it('When the printer is fine, then it is ready', async () => {
    expect(await client.status(connection)).toEqual({ state: 'ready', paperNearEnd: false });
  });

  it('When the roll is nearly used up, then it is ready and says so', async () => {
    sim.setState({ paperNearEnd: true });
    expect(await client.status(connection)).toEqual({ state: 'ready', paperNearEnd: true });
  });

  it('When the roll is empty, then it is paper_out', async () => {
    sim.setState({ paperOut: true });
    expect(await client.status(connection)).toEqual({ state: 'paper_out', paperNearEnd: false });
  });

  it('When the cover is open, then it is cover_open', async () => {
    sim.setState({ coverOpen: true });
    expect(await client.status(connection)).toEqual({ state: 'cover_open', paperNearEnd: false });
  });

  it('When the printer is offline, then it is offline', async () => {
    sim.setState({ offline: true });
    expect(await client.status(connection)).toEqual({ state: 'offline', paperNearEnd: false });
  });

  it('When status is only asked, then the printer records no job', async () => {
    const before = sim.jobs().length;
    await client.status(connection);
    expect(sim.jobs()).toHaveLength(before);
  });

  it('When a slip is sent, then the printer prints it: the decoded lines are the slip in Japanese, cut', async () => {
    const { bytes, lines } = renderReceipt(SLIP, { commandSet: 'epson', paperWidthMm: 58 });
    expect(await client.send(connection, bytes)).toEqual({ ok: true });
    const job = sim.lastJob();
    expect(job).toMatchObject({ receivedAt: '2026-12-01T04:30:00.000Z', byteCount: bytes.length, cuts: 2 });
    expect(job?.lines).toEqual(lines);
    expect(job?.lines.map((l) => l.trim())).toContain('熊谷書店');
    const svg = sim.lastSvg() ?? '';
    expect(svg).toContain('熊谷書店');
    expect(svg).toContain('¥1,200');
  });

  it('When the roll is empty, then a job sent anyway is thrown away by the printer and nothing is recorded', async () => {
    const before = sim.jobs().length;
    const printedBefore = sim.printedCount();
    sim.setState({ paperOut: true });
    const { bytes } = renderReceipt(SLIP, { commandSet: 'epson', paperWidthMm: 80 });
    await client.send(connection, bytes);
    expect(sim.jobs()).toHaveLength(before);
    expect(sim.printedCount()).toBe(printedBefore);
    sim.setState({ paperOut: false });
    expect(await client.send(connection, bytes)).toEqual({ ok: true });
    expect(sim.jobs()).toHaveLength(before + 1);
    expect(sim.printedCount()).toBe(printedBefore + 1);
  });

  it('When a slip line holds XML characters, then the printed-slip SVG escapes them', async () => {
    // (A double quote is receiptline's emphasis mark, so it does not print.)
    const { bytes } = renderReceipt("A<&>'B", { commandSet: 'epson', paperWidthMm: 58 });
    expect(await client.send(connection, bytes)).toEqual({ ok: true });
    const svg = sim.lastSvg() ?? '';
    expect(svg).toContain('A&lt;&amp;&gt;&apos;B');
    expect(svg).not.toContain('<&>');
  });

  it('When nothing listens on the port, then the printer is unreachable and a job fails as unreachable', async () => {
    const port = await closedPort();
    expect(await client.status({ type: 'tcp', host: '127.0.0.1', port })).toEqual({ state: 'unreachable', paperNearEnd: false });
    expect(await client.send({ type: 'tcp', host: '127.0.0.1', port }, new Uint8Array([0x41, 0x0a]))).toMatchObject({ ok: false, code: 'unreachable' });
  });

  it('When no printer is set up, then status is not_configured and a job fails as not_configured', async () => {
    expect(await client.status({ type: 'none' })).toEqual({ state: 'not_configured', paperNearEnd: false });
    expect(await client.send({ type: 'none' }, new Uint8Array([0x41]))).toMatchObject({ ok: false, code: 'not_configured' });
  });
});

describe('R29: a printer that never answers', () => {
  it('When the printer accepts the connection but never replies to DLE EOT, then after the status timeout it is unreachable', async () => {
    const silent = await silentPrinter();
    try {
      const time = new ManualTime();
      const client = createPrinterClient({ serial: new MockSerialBus().transport, timers: time });
      let result: unknown = null;
      const pending = client.status({ type: 'tcp', host: '127.0.0.1', port: silent.port }).then((r) => (result = r));
      await settle();
      expect(silent.received()).toBe(3);
      expect(result).toBeNull();
      await time.advance(HARDWARE_LIMITS.printerStatusTimeoutMs - 1);
      expect(result).toBeNull();
      await time.advance(1);
      await pending;
      expect(result).toEqual({ state: 'unreachable', paperNearEnd: false });
      expect(time.pendingCount).toBe(0);
    } finally {
      await silent.close();
    }
  });

  it('When the printer takes the job but never finishes the connection, then the job fails as timeout (not ok)', async () => {
    const silent = await silentPrinter();
    try {
      const time = new ManualTime();
      const client = createPrinterClient({ serial: new MockSerialBus().transport, timers: time, timeoutMs: 5_000 });
      let result: unknown = null;
      const pending = client.send({ type: 'tcp', host: '127.0.0.1', port: silent.port }, new Uint8Array(100).fill(0x41)).then((r) => (result = r));
      await settle();
      expect(result).toBeNull();
      await time.advance(5_000);
      await pending;
      expect(result).toMatchObject({ ok: false, code: 'timeout' });
    } finally {
      await silent.close();
    }
  });
});

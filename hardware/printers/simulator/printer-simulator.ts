/**
 * A network receipt printer for tests and the demo: a TCP server (raw port, like 9100 on a
 * TM-T88) in front of the printer engine. A job is what one connection printed; connections
 * that only asked DLE EOT leave no job. Bytes per connection are bounded
 * (HARDWARE_LIMITS.printerSimJobBytesMax).
 *
 * A printer on a cable instead (USB lp, serial): attachPrinterSimulator(link), where a job is
 * one cut piece of paper, since a cable has no connections to tell jobs apart.
 */
import net from 'node:net';
import type { SerialDeviceLink } from '../../simulators/serial/device-link';
import { createPrinterEngine } from './printer-engine';
import type { PrinterEngine } from './printer-engine';

export type { SimPrintedJob, SimPrinterState } from './printer-engine';

/** The printer (engine) on its own TCP port: what the printer got is `jobs()`, `lastJob()`, `lastSvg()`. */
export interface PrinterSimulator extends Omit<PrinterEngine, 'session'> {
  readonly host: string;
  readonly port: number;
  close(): Promise<void>;
}

export interface PrinterSimulatorOptions {
  host?: string;
  port?: number;
  clock?: () => Date;
}

export async function startPrinterSimulator(options: PrinterSimulatorOptions = {}): Promise<PrinterSimulator> {
  const engine = createPrinterEngine(options.clock);
  const sockets = new Set<net.Socket>();
  // Half-open: the job is recorded when the host's FIN arrives, before our side closes, so a
  // host that waits for the close sees its job already recorded.
  const server = net.createServer({ allowHalfOpen: true }, (socket) => {
    sockets.add(socket);
    const session = engine.session((bytes) => {
      if (socket.writable) socket.write(bytes);
    }, 'per_session');
    socket.on('data', (chunk: Buffer) => session.data(chunk));
    socket.on('end', () => {
      session.end();
      socket.end();
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      session.end();
      sockets.delete(socket);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the printer simulator has no TCP address');

  return {
    host: address.address,
    port: address.port,
    setState: engine.setState,
    state: engine.state,
    jobs: engine.jobs,
    printedCount: engine.printedCount,
    lastJob: engine.lastJob,
    lastSvg: engine.lastSvg,
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

export type LinkedPrinterSimulator = Omit<PrinterSimulator, 'host' | 'port' | 'close'>;

/** A simulated printer on the device end of a cable (a pty from socat, MockSerialBus). */
export function attachPrinterSimulator(link: SerialDeviceLink, options: { clock?: () => Date } = {}): LinkedPrinterSimulator {
  const engine = createPrinterEngine(options.clock);
  const session = engine.session((bytes) => {
    link.send(bytes);
  }, 'per_cut');
  link.onReceive((bytes) => session.data(bytes));
  return { setState: engine.setState, state: engine.state, jobs: engine.jobs, printedCount: engine.printedCount, lastJob: engine.lastJob, lastSvg: engine.lastSvg };
}

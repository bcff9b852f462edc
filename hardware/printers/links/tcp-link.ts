/**
 * A network printer's raw port (Epson and Star: 9100). One TCP connection per status check or
 * job. A job is delivered once the printer has read it all: we send FIN after the last byte,
 * and the printer closes its side only after reading up to it.
 */
import net from 'node:net';
import { HardwareError, toHardwareError } from '../../errors';
import { ByteInbox } from './link';
import type { PrinterLink } from './link';

/** `signal` aborts a connect still in progress (the client's deadline). */
export function openTcpLink(host: string, port: number, signal: AbortSignal): Promise<PrinterLink> {
  const where = `${host}:${port}`;
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(new HardwareError('open_failed', `connecting to the printer at ${where} was given up`));
      return;
    }
    const socket = net.connect({ host, port });
    const inbox = new ByteInbox();
    let connected = false;
    let closed = false;
    const closeWaiters: Array<() => void> = [];
    const abort = (): void => {
      if (connected) return;
      socket.destroy();
      reject(new HardwareError('open_failed', `the printer at ${where} did not accept a connection in time`, { host, port }));
    };
    signal.addEventListener('abort', abort, { once: true });

    socket.on('data', (chunk: Buffer) => inbox.push(chunk));
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (!connected) {
        signal.removeEventListener('abort', abort);
        reject(new HardwareError('open_failed', `cannot connect to the printer at ${where}: ${error.code ?? error.message}`, { host, port, errno: error.code ?? null }, { cause: error }));
        return;
      }
      inbox.fail(toHardwareError(error, 'read_failed', `the printer at ${where} failed`));
    });
    socket.on('close', () => {
      closed = true;
      inbox.fail(new HardwareError('closed', `the printer at ${where} closed the connection`));
      for (const waiter of closeWaiters.splice(0)) waiter();
    });
    socket.once('connect', () => {
      connected = true;
      signal.removeEventListener('abort', abort);
      socket.setNoDelay(true);
      resolve({
        write(bytes) {
          return new Promise((done, fail) => {
            if (socket.destroyed || !socket.writable) {
              fail(new HardwareError('write_failed', `the connection to ${where} is closed`));
              return;
            }
            socket.write(bytes, (error) => (error ? fail(toHardwareError(error, 'write_failed', `writing to the printer at ${where} failed`)) : done()));
          });
        },
        nextByte: () => inbox.next(),
        discardPending: () => inbox.clear(),
        finish() {
          return new Promise((done, fail) => {
            if (closed) {
              done();
              return;
            }
            closeWaiters.push(() => (socket.errored ? fail(toHardwareError(socket.errored, 'write_failed', `the printer at ${where} failed`)) : done()));
            socket.end();
          });
        },
        destroy() {
          socket.destroy();
        },
      });
    });
  });
}

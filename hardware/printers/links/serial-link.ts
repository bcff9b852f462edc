/**
 * A serial printer (RS-232C, USB-serial) through the same SerialTransport the scanners use,
 * 8N1 at the configured baud. A write resolves when the bytes are handed to the OS, so a job
 * counts as delivered only after a DLE EOT reply written behind it (see client.ts).
 */
import { HardwareError } from '../../errors';
import type { SerialTransport } from '../../transports/types';
import { ByteInbox } from './link';
import type { PrinterLink } from './link';

export async function openSerialLink(serial: SerialTransport, path: string, baudRate: number): Promise<PrinterLink & { readonly confirmsDeliveryByReply: true }> {
  const connection = await serial.open({ path, baudRate, dataBits: 8, stopBits: 1, parity: 'none' });
  const inbox = new ByteInbox();
  let closing: Promise<void> | null = null;
  connection.start({
    data: (bytes) => inbox.push(bytes),
    closed: (error) => inbox.fail(error),
  });
  function closeOnce(): Promise<void> {
    closing ??= connection.close().catch(() => undefined);
    return closing;
  }
  return {
    confirmsDeliveryByReply: true,
    write: (bytes) => (closing ? Promise.reject(new HardwareError('closed', `${path} was closed`, { path })) : connection.write(bytes)),
    nextByte: () => inbox.next(),
    discardPending: () => inbox.clear(),
    finish: closeOnce,
    destroy() {
      inbox.fail(new HardwareError('closed', `${path} was closed`, { path }));
      void closeOnce();
    },
  };
}

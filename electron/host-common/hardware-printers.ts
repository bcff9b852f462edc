/**
 * The core's Printers port over hardware/printers: receiptline rendering for the bytes and the
 * preview, and the printer client (real-time status, delivery) over TCP, USB lp or serial.
 */
import { createPrinterClient, renderReceipt, type SerialTransport } from '../../hardware/index';
import type { Printers } from '../core/index';

export function hardwarePrinters(serial: SerialTransport): Printers {
  const client = createPrinterClient({ serial });
  return {
    render: (markup, format) => renderReceipt(markup, format),
    status: (connection) => client.status(connection),
    send: (connection, bytes) => client.send(connection, bytes),
  };
}

/** USB-COM / RS-232 scanner: suffix-terminated frames → scan events. */
import { createSerialLineParser } from '../protocols/serial-lines/serial-line-parser';
import type { SerialPrefix, SerialSuffix } from '../protocols/serial-lines/serial-line-parser';
import type { SerialOpenOptions, SerialTransport } from '../transports/types';
import type { DriverContext, DriverSession } from './driver';

export interface SerialScannerOptions {
  suffix: SerialSuffix;
  prefix: SerialPrefix;
}

export async function openSerialScanner(ctx: DriverContext, transport: SerialTransport, port: SerialOpenOptions, options: SerialScannerOptions): Promise<DriverSession> {
  const connection = await transport.open(port);
  const parser = createSerialLineParser(options, { frame: (text) => ctx.input({ type: 'scan', text }), drop: ctx.drop });
  connection.start({ data: (bytes) => parser.feed(bytes, ctx.clock.nowMs()), closed: ctx.failed });
  return { close: () => connection.close() };
}

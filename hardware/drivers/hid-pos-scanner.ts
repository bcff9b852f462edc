/** HID POS scanner: scanned-data reports → scan events. */
import { createHidPosParser } from '../protocols/hid-pos/hid-pos-parser';
import type { HidPosLayout } from '../protocols/hid-pos/layouts';
import type { HidTransport } from '../transports/types';
import type { DriverContext, DriverSession } from './driver';

export async function openHidPosScanner(ctx: DriverContext, transport: HidTransport, path: string, layout: HidPosLayout): Promise<DriverSession> {
  const connection = await transport.open(path);
  const parser = createHidPosParser({ layout }, { frame: (text) => ctx.input({ type: 'scan', text }), drop: ctx.drop });
  connection.start({ report: (bytes) => parser.feed(bytes, ctx.clock.nowMs()), failed: ctx.failed });
  return { close: () => connection.close() };
}

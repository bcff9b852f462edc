/**
 * USB-COM / RS-232 scanner: suffix-terminated frames → scan events. A frame ends at its suffix
 * plus a quiet gap, so the driver wakes the parser when the gap is over (no byte comes to say so).
 */
import type { ScanTextEncoding } from '../../common/scan-encoding';
import { createSerialLineParser } from '../protocols/serial-lines/serial-line-parser';
import type { SerialPrefix, SerialSuffix } from '../protocols/serial-lines/serial-line-parser';
import type { TimerHandle } from '../timers';
import type { SerialOpenOptions, SerialTransport } from '../transports/types';
import type { DriverContext, DriverSession } from './driver';

export interface SerialScannerOptions {
  suffix: SerialSuffix;
  prefix: SerialPrefix;
  encoding: ScanTextEncoding;
}

export async function openSerialScanner(ctx: DriverContext, transport: SerialTransport, port: SerialOpenOptions, options: SerialScannerOptions): Promise<DriverSession> {
  const connection = await transport.open(port);
  const parser = createSerialLineParser(options, { frame: (text) => ctx.input({ type: 'scan', text }), drop: ctx.drop });
  let wake: TimerHandle | null = null;
  let open = true;

  function schedule(): void {
    wake?.cancel();
    wake = null;
    const atMs = parser.nextTickAtMs();
    if (atMs === null || !open) return;
    wake = ctx.timers.setTimeout(() => {
      // One more turn of the event loop first: after a stall, bytes the OS already holds are
      // delivered before the silence is judged, so a stalled loop never cuts a code in two.
      wake = ctx.timers.setTimeout(() => {
        wake = null;
        parser.tick(ctx.clock.nowMs());
        schedule();
      }, 0);
    }, Math.max(0, atMs - ctx.clock.nowMs()));
  }

  connection.start({
    data(bytes) {
      parser.feed(bytes, ctx.clock.nowMs());
      schedule();
    },
    closed: ctx.failed,
  });
  return {
    close() {
      open = false;
      wake?.cancel();
      wake = null;
      return connection.close();
    },
  };
}

import { describe, expect, it } from 'vitest';
import { hex } from '../testing/bytes';
import { HARDWARE_LIMITS } from '../limits';
import { MockSerialBus } from '../simulators/serial/mock-serial-bus';
import { createSerialScannerSim } from '../simulators/serial/serial-scanner-sim';
import { recordingContext } from '../testing/driver-context';
import { ManualTime } from '../testing/manual-time';
import type { SerialScannerOptions } from './serial-scanner';
import { openSerialScanner } from './serial-scanner';

const QUIET_MS = HARDWARE_LIMITS.serialSuffixQuietMs;

async function scanner(options: SerialScannerOptions) {
  const time = new ManualTime();
  const bus = new MockSerialBus();
  const attachment = bus.attach('ttyACM0');
  const device = createSerialScannerSim(attachment, { suffix: options.suffix, prefix: options.prefix });
  const recorded = recordingContext(time);
  const session = await openSerialScanner(recorded.ctx, bus.transport, { path: attachment.path, baudRate: 9_600, dataBits: 8, stopBits: 1, parity: 'none' }, options);
  await time.advance(0);
  return { time, device, session, ...recorded };
}

describe('serial scanner driver', () => {
  it('When a multi-line code with a CRLF suffix arrives and the line goes quiet, then the driver emits it whole with no further byte', async () => {
    const r = await scanner({ suffix: 'crlf', prefix: 'none', encoding: 'auto' });
    r.device.sendRaw(hex('4c 49 4e 45 31 0d 0a 4c 49 4e 45 32 0d 0a'));
    await r.time.advance(QUIET_MS - 1);
    expect(r.inputs).toEqual([]);
    await r.time.advance(1);
    expect(r.inputs).toEqual([{ type: 'scan', text: 'LINE1\r\nLINE2' }]);
    expect(r.time.pendingCount).toBe(0);
    await r.session.close();
  });

  it('When a Shift_JIS scanner is set to shift_jis, then its code reads as Japanese text', async () => {
    const r = await scanner({ suffix: 'cr', prefix: 'none', encoding: 'shift_jis' });
    r.device.sendRaw(hex('8c 46 92 4a 8e 73 20 83 4e 83 7d 50 41 59 0d'));
    await r.time.advance(QUIET_MS);
    expect(r.inputs).toEqual([{ type: 'scan', text: '熊谷市 クマPAY' }]);
    await r.session.close();
  });

  it('When a code is cut off, then the stale bound drops it by the timer, and closing leaves no timer behind', async () => {
    const r = await scanner({ suffix: 'cr', prefix: 'none', encoding: 'utf8' });
    r.device.sendRaw(hex('4b 50 31 2e'));
    await r.time.advance(HARDWARE_LIMITS.serialByteGapMsMax + 1);
    expect(r.drops).toEqual([{ reason: 'stale_partial', byteCount: 4 }]);
    r.device.sendRaw(hex('4b 50 31 2e 78 0d'));
    await r.time.advance(0);
    await r.session.close();
    expect(r.time.pendingCount).toBe(0);
    expect(r.inputs).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import type { ScanTextEncoding } from '../../common/scan-encoding';
import { createKeyboardScannerSim } from '../simulators/hid/keyboard-devices-sim';
import { SimulatedHidBus } from '../simulators/hid/simulated-hid-bus';
import { recordingContext } from '../testing/driver-context';
import { ManualTime } from '../testing/manual-time';
import { openHidKeyboardDevice } from './hid-keyboard-device';

const JAPANESE = '熊谷市 クマPAY';

/** A keyboard-mode Japanese scanner in Alt mode (Shift_JIS values) read on Linux hidraw. */
async function altModeScanner(encoding: ScanTextEncoding) {
  const time = new ManualTime();
  const bus = new SimulatedHidBus();
  const sim = createKeyboardScannerSim(bus, { vendorId: 0x0c2e, productId: 0x0200, altMode: 'shift_jis' });
  const recorded = recordingContext(time);
  const session = await openHidKeyboardDevice(recorded.ctx, bus, sim.device.path, { platform: 'linux', keyboardLayout: 'us', terminator: 'enter', reportId: null, uid: null, encoding });
  return { time, sim, session, ...recorded };
}

describe('keyboard-mode scanner driver encodings', () => {
  it('When the scanner is set to shift_jis or auto, then an Alt-mode Japanese code is one scan with the exact text', async () => {
    for (const encoding of ['shift_jis', 'auto'] as const) {
      const r = await altModeScanner(encoding);
      r.sim.scan(JAPANESE);
      await r.time.advance(0);
      expect(r.inputs).toEqual([{ type: 'scan', text: JAPANESE }]);
      await r.session.close();
    }
  });

  it('When the scanner is set to utf8, then the Shift_JIS code is refused as garbled', async () => {
    const r = await altModeScanner('utf8');
    r.sim.scan(JAPANESE);
    await r.time.advance(0);
    expect(r.inputs).toEqual([]);
    expect(r.drops.map((d) => d.reason)).toEqual(['garbled_text']);
    await r.session.close();
  });
});

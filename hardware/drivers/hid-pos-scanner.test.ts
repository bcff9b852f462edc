import { describe, expect, it } from 'vitest';
import type { HidPosLayoutName, HidPosLayoutSetting } from '../protocols/hid-pos/layouts';
import { createHidPosScannerSim } from '../simulators/hid/hid-pos-scanner-sim';
import { SimulatedHidBus } from '../simulators/hid/simulated-hid-bus';
import { recordingContext } from '../testing/driver-context';
import { ManualTime } from '../testing/manual-time';
import { openHidPosScanner } from './hid-pos-scanner';

/** A scanner sending `deviceLayout` reports, opened by the driver set to `setting`. */
async function rig(deviceLayout: HidPosLayoutName, setting: HidPosLayoutSetting) {
  const time = new ManualTime();
  const bus = new SimulatedHidBus();
  const scanner = createHidPosScannerSim(bus, { vendorId: 0x9999, layout: deviceLayout });
  const recorded = recordingContext(time);
  const session = await openHidPosScanner(recorded.ctx, bus, scanner.device.path, { layout: setting });
  const scan = async (text: string) => {
    scanner.scan(text);
    await time.advance(1_000);
  };
  return { scan, session, ...recorded };
}

describe('HID POS scanner layouts', () => {
  it('When a Newland-layout scanner is set to honeywell, then scans are refused and the device carries one layout-mismatch warning', async () => {
    const r = await rig('newland', 'honeywell');
    await r.scan('KP1.k2026a.token');
    await r.scan('KP1.k2026a.other');
    expect(r.inputs).toEqual([]);
    expect(r.drops.map((d) => d.reason)).toEqual(['layout_mismatch', 'layout_mismatch']);
    expect(r.notices).toEqual([expect.objectContaining({ code: 'hid_pos_layout_mismatch', level: 'warning', params: { layout: 'honeywell' } })]);
    await r.session.close();
  });

  it('When a Newland-layout scanner is set to auto, then the first scan picks newland, says so, and is emitted', async () => {
    const r = await rig('newland', 'auto');
    await r.scan('KP1.k2026a.token');
    expect(r.inputs).toEqual([{ type: 'scan', text: 'KP1.k2026a.token' }]);
    expect(r.notices).toEqual([expect.objectContaining({ code: 'hid_pos_layout_detected', level: 'info', params: { layout: 'newland' } })]);
    await r.session.close();
  });

  it('When a Honeywell-layout scanner is set to auto and its first code fits both layouts, then it warns until a scan decides', async () => {
    const r = await rig('honeywell', 'auto');
    await r.scan(`KP1.k2026a.${'x'.repeat(45)}`); // 56 bytes: a full report, no padding to tell by
    expect(r.inputs).toEqual([]);
    await r.scan('KP1.k2026a.token');
    expect(r.inputs).toEqual([{ type: 'scan', text: 'KP1.k2026a.token' }]);
    expect(r.notices.map((n) => n?.code)).toEqual(['hid_pos_layout_undetected', 'hid_pos_layout_detected']);
    await r.session.close();
  });
});

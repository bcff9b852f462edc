import { describe, expect, it } from 'vitest';
import { encodeKeyboardReports } from '../protocols/keyboard/boot-keyboard-encoder';
import { KEYBOARD_LAYOUTS } from '../protocols/keyboard/layouts';
import type { TypedUidOptions } from '../protocols/card-uid/typed-uid';
import { SimulatedHidBus } from '../simulators/hid/simulated-hid-bus';
import { recordingContext } from '../testing/driver-context';
import { ManualTime } from '../testing/manual-time';
import { openHidKeyboardDevice } from './hid-keyboard-device';

/** A keyboard-mode NFC reader on the bus, opened by the driver; `type` sends what it types on a tap. */
async function cardReader(uid: TypedUidOptions) {
  const time = new ManualTime();
  const bus = new SimulatedHidBus();
  const device = bus.attach({ vendorId: 0xffff, productId: 0x0035, serialNumber: null, manufacturer: 'test', product: 'NFC reader (keyboard)', usagePage: 0x01, usage: 0x06, interfaceNumber: 0 });
  const recorded = recordingContext(time);
  const session = await openHidKeyboardDevice(recorded.ctx, bus, device.path, { platform: 'linux', keyboardLayout: 'us', terminator: 'enter', reportId: null, uid });
  const type = async (text: string) => {
    for (const report of encodeKeyboardReports(KEYBOARD_LAYOUTS.us, text, 'enter')) device.send(report);
    await time.advance(0);
  };
  return { type, session, ...recorded };
}

describe('keyboard-mode NFC reader typing decimal UIDs', () => {
  it('When a FeliCa IDm is typed as its 17-digit decimal, then the card event carries the 8-byte IDm as felica', async () => {
    const r = await cardReader({ format: 'decimal' });
    await r.type('85089910126633482'); // IDm 01 2E 4C D2 8B 11 62 0A
    expect(r.inputs).toEqual([{ type: 'card', uid: '012E4CD28B11620A', technology: 'felica' }]);
    expect(r.drops).toEqual([]);
    await r.session.close();
  });

  it('When 7-byte and 4-byte UIDs are typed in decimal, then their events say iso14443a and unknown', async () => {
    const r = await cardReader({ format: 'decimal' });
    await r.type('01303689068602870'); // 04 A1 B2 C3 D4 E5 F6, zero-padded to 17 digits
    await r.type('0077705923'); // 04 A1 B2 C3, zero-padded to 10 digits
    expect(r.inputs).toEqual([
      { type: 'card', uid: '04A1B2C3D4E5F6', technology: 'iso14443a' },
      { type: 'card', uid: '04A1B2C3', technology: 'unknown' },
    ]);
    await r.session.close();
  });
});

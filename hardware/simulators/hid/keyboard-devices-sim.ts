/**
 * Keyboard-mode devices on a simulated bus: a scanner that types codes and an NFC reader that
 * types UIDs, both as real boot keyboard reports (usage page 1, usage 6).
 */
import type { CardTechnology } from '../../events';
import { encodeKeyboardReports } from '../../protocols/keyboard/boot-keyboard-encoder';
import type { AltModeEncoding } from '../../protocols/keyboard/boot-keyboard-encoder';
import type { KeyboardTerminator } from '../../protocols/keyboard/boot-keyboard-parser';
import { KEYBOARD_LAYOUTS } from '../../protocols/keyboard/layouts';
import type { KeyboardLayoutName } from '../../protocols/keyboard/layouts';
import { formatTypedUid } from '../../protocols/card-uid/typed-uid';
import type { TypedUidOptions } from '../../protocols/card-uid/typed-uid';
import type { ScannerSimulator } from './hid-pos-scanner-sim';
import type { SimulatedHidBus, SimulatedHidDevice } from './simulated-hid-bus';

export interface KeyboardSimOptions {
  vendorId: number;
  productId: number;
  serialNumber?: string;
  keyboardLayout?: KeyboardLayoutName;
  terminator?: KeyboardTerminator;
  /** Characters without a key typed in Windows Alt mode, as Japanese scanners do; default none. */
  altMode?: AltModeEncoding;
}

function attachKeyboard(bus: SimulatedHidBus, options: KeyboardSimOptions, product: string): SimulatedHidDevice {
  return bus.attach({
    vendorId: options.vendorId,
    productId: options.productId,
    serialNumber: options.serialNumber ?? null,
    manufacturer: 'KumaPAY simulator',
    product,
    usagePage: 0x01,
    usage: 0x06,
    interfaceNumber: 0,
  });
}

export function createKeyboardScannerSim(bus: SimulatedHidBus, options: KeyboardSimOptions): ScannerSimulator {
  const device = attachKeyboard(bus, options, 'keyboard-mode scanner (simulated)');
  const layout = KEYBOARD_LAYOUTS[options.keyboardLayout ?? 'us'];
  return {
    scan(text) {
      for (const report of encodeKeyboardReports(layout, text, options.terminator, options.altMode)) device.send(report);
    },
    sendRaw: (bytes) => device.send(bytes),
    unplug: () => device.unplug(),
    replug: () => device.replug(),
    device,
  };
}

export interface CardReaderSimulator {
  /** The card's UID as uppercase hex (4/7/10 bytes, or an 8-byte FeliCa IDm). */
  tap(uid: string, technology?: CardTechnology): void;
  remove(): void;
  unplug(): void;
  replug(): void;
}

export function createKeyboardCardReaderSim(bus: SimulatedHidBus, options: KeyboardSimOptions & { uid: TypedUidOptions }): CardReaderSimulator & { device: SimulatedHidDevice } {
  const device = attachKeyboard(bus, options, 'keyboard-mode NFC reader (simulated)');
  const layout = KEYBOARD_LAYOUTS[options.keyboardLayout ?? 'us'];
  return {
    tap(uid) {
      // Keyboard readers type the UID once per tap and say nothing about the technology.
      for (const report of encodeKeyboardReports(layout, formatTypedUid(uid, options.uid), options.terminator)) device.send(report);
    },
    // Keyboard readers do not report removal; nothing goes over the wire.
    remove: () => undefined,
    unplug: () => device.unplug(),
    replug: () => device.replug(),
    device,
  };
}

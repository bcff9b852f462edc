/**
 * Keyboard-mode scanners and NFC readers read straight from their HID interface (Linux
 * hidraw; Windows and macOS keep keyboards from hidapi, see docs/hardware.md). A scanner's
 * line is a scan; a card reader's line is a UID.
 */
import type { ScanTextEncoding } from '../../common/scan-encoding';
import { createBootKeyboardParser } from '../protocols/keyboard/boot-keyboard-parser';
import type { KeyboardTerminator } from '../protocols/keyboard/boot-keyboard-parser';
import { KEYBOARD_LAYOUTS } from '../protocols/keyboard/layouts';
import type { KeyboardLayoutName } from '../protocols/keyboard/layouts';
import { parseTypedCard } from '../protocols/card-uid/typed-uid';
import type { TypedUidOptions } from '../protocols/card-uid/typed-uid';
import { HardwareError, isHardwareError } from '../errors';
import type { HardwareErrorCode } from '../errors';
import type { HidConnection, HidTransport } from '../transports/types';
import type { DriverContext, DriverSession } from './driver';

const OS_REFUSALS = new Set<HardwareErrorCode>(['permission_denied', 'device_busy', 'open_failed']);

/** Where hidapi can read a keyboard interface at all (docs/hardware.md, OS matrix). */
export function canReadKeyboards(platform: NodeJS.Platform): boolean {
  return platform === 'linux';
}

export interface HidKeyboardOptions {
  platform: NodeJS.Platform;
  keyboardLayout: KeyboardLayoutName;
  terminator: KeyboardTerminator;
  reportId: number | null;
  /** Present for card readers: how the reader types a UID. */
  uid: TypedUidOptions | null;
  /** Of characters typed in Alt mode (Alt+numpad code-page values); absent: UTF-8. */
  encoding?: ScanTextEncoding;
}

export async function openHidKeyboardDevice(ctx: DriverContext, transport: HidTransport, path: string, options: HidKeyboardOptions): Promise<DriverSession> {
  let connection: HidConnection;
  try {
    connection = await transport.open(path);
  } catch (error) {
    if (canReadKeyboards(options.platform) || !isHardwareError(error) || !OS_REFUSALS.has(error.code)) throw error;
    throw new HardwareError(
      'keyboard_os_owned',
      'This operating system does not let apps read keyboard-mode devices directly.',
      {
        path,
        fix: 'Switch the device to HID POS or USB-COM mode by scanning its setup code (best for payment QR codes), or leave it in keyboard mode and let the register screen read its keystrokes.',
      },
      { cause: error },
    );
  }
  const { uid } = options;
  const parser = createBootKeyboardParser(
    { layout: KEYBOARD_LAYOUTS[options.keyboardLayout], terminator: options.terminator, reportId: options.reportId, encoding: options.encoding ?? 'utf8' },
    {
      frame(text) {
        if (uid === null) {
          ctx.input({ type: 'scan', text });
          return;
        }
        const card = parseTypedCard(text, uid);
        if (card === null) ctx.drop('bad_uid', text.length);
        else ctx.input({ type: 'card', uid: card.uid, technology: card.technology });
      },
      drop: ctx.drop,
    },
  );
  connection.start({ report: (bytes) => parser.feed(bytes, ctx.clock.nowMs()), failed: ctx.failed });
  return { close: () => connection.close() };
}

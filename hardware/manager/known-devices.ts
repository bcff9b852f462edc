/**
 * Devices recognised on sight. HID POS scanners are recognised by usage page 0x8C whoever made
 * them; the vendor only picks the report layout. Keyboard-mode devices look like keyboards, and
 * USB-serial bridges carry anything (a PN532, a printer), so neither is opened without being
 * configured, unless its exact ids are listed here. Entries marked "secondary source" come from
 * one public udev rule file, not from a vendor's manual.
 */
import type { HidPosLayoutName, HidPosLayoutSetting } from '../protocols/hid-pos/layouts';
import type { DeviceConfigInput } from './config-schema';

export interface KnownHidPosVendor {
  vendorId: number;
  vendor: string;
  layout: HidPosLayoutName;
}

export const KNOWN_HID_POS_VENDORS: readonly KnownHidPosVendor[] = [
  { vendorId: 0x0c2e, vendor: 'Honeywell', layout: 'honeywell' },
  { vendorId: 0x067e, vendor: 'Intermec (Honeywell)', layout: 'honeywell' },
  { vendorId: 0x1eab, vendor: 'Newland', layout: 'newland' },
];

/**
 * HID POS from a vendor not listed: its first scan tells the layout. Guessing Honeywell, the
 * common one, misread every other layout: scans dropped as garbled, or emitted three bytes off.
 */
export const GENERIC_HID_POS_LAYOUT: HidPosLayoutSetting = 'auto';

export interface KnownDevice {
  vendorId: number;
  productId: number;
  name: string;
  /** The device's settings minus id, name and where it is; discovery fills those in. */
  template:
    | { driver: 'serial_scanner'; baudRate?: number; suffix?: 'cr' | 'lf' | 'crlf' | 'etx' }
    | { driver: 'hid_keyboard_scanner'; keyboardLayout?: 'us' | 'jis' }
    | Omit<Extract<DeviceConfigInput, { driver: 'hid_keyboard_card_reader' }>, 'id' | 'name' | 'match'>;
}

export const KNOWN_DEVICES: readonly KnownDevice[] = [
  // Newland engines in USB-COM mode (secondary source).
  { vendorId: 0x1eab, productId: 0x8306, name: 'Newland scanner (USB-COM)', template: { driver: 'serial_scanner', suffix: 'cr' } },
  { vendorId: 0x1eab, productId: 0x0c06, name: 'Newland scanner (USB-COM)', template: { driver: 'serial_scanner', suffix: 'cr' } },
];

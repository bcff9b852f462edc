/**
 * The device configuration file: devices a shop added by hand, and the switches for discovery
 * and debounce. Validated with zod on every read and every change, so a bad value fails fast
 * with the path of the bad field.
 */
import { z } from 'zod';
import { DEFAULT_SCAN_TEXT_ENCODING, SCAN_TEXT_ENCODINGS } from '../../common/scan-encoding';
import { HARDWARE_LIMITS } from '../limits';
import { HID_POS_LAYOUT_SETTINGS } from '../protocols/hid-pos/layouts';
import { KEYBOARD_LAYOUT_NAMES } from '../protocols/keyboard/layouts';
import { SERIAL_PREFIXES, SERIAL_SUFFIXES } from '../protocols/serial-lines/serial-line-parser';
import { UID_BYTE_ORDERS, UID_FORMATS } from '../protocols/card-uid/typed-uid';

const usbId = z.number().int().min(0).max(0xffff);

/** A HID device by what survives re-plugging (hidraw paths do not). */
export const hidMatch = z
  .object({
    vendorId: usbId,
    productId: usbId,
    serialNumber: z.string().min(1).max(128).optional(),
    usagePage: usbId.optional(),
    interfaceNumber: z.number().int().min(0).max(255).optional(),
  })
  .strict();
export type HidMatch = z.infer<typeof hidMatch>;

/** A serial port by path (COM3, /dev/ttyACM0, a pty) or by the USB ids behind it. */
export const serialPortSelector = z.union([
  z.object({ path: z.string().min(1).max(256) }).strict(),
  z.object({ vendorId: usbId, productId: usbId, serialNumber: z.string().min(1).max(128).optional() }).strict(),
]);
export type SerialPortSelector = z.infer<typeof serialPortSelector>;

const deviceId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,79}$/, 'letters, digits and . _ : - (≤ 80)');
const base = {
  id: deviceId,
  name: z.string().min(1).max(80),
  enabled: z.boolean().default(true),
};
/** Which encoding a scanner's codes are in (Shift_JIS for many Japanese scanners). */
const encoding = z.enum(SCAN_TEXT_ENCODINGS).default(DEFAULT_SCAN_TEXT_ENCODING);
const keyboard = {
  match: hidMatch,
  keyboardLayout: z.enum(KEYBOARD_LAYOUT_NAMES).default('us'),
  terminator: z.enum(['enter', 'tab']).default('enter'),
  reportId: z.number().int().min(1).max(255).nullable().default(null),
};
const serialLine = {
  port: serialPortSelector,
  dataBits: z.union([z.literal(5), z.literal(6), z.literal(7), z.literal(8)]).default(8),
  stopBits: z.union([z.literal(1), z.literal(2)]).default(1),
  parity: z.enum(['none', 'even', 'odd']).default('none'),
};

export const deviceConfig = z.discriminatedUnion('driver', [
  z.object({ ...base, driver: z.literal('hid_pos_scanner'), match: hidMatch, layout: z.enum(HID_POS_LAYOUT_SETTINGS).default('honeywell'), encoding }).strict(),
  z.object({ ...base, driver: z.literal('hid_keyboard_scanner'), ...keyboard, encoding }).strict(),
  z
    .object({
      ...base,
      driver: z.literal('hid_keyboard_card_reader'),
      ...keyboard,
      uidFormat: z.enum(UID_FORMATS).default('hex'),
      uidByteOrder: z.enum(UID_BYTE_ORDERS).default('as_typed'),
      uidLengthBytes: z.union([z.literal(4), z.literal(7), z.literal(8), z.literal(10)]).optional(),
    })
    .strict(),
  z
    .object({
      ...base,
      driver: z.literal('serial_scanner'),
      ...serialLine,
      baudRate: z.number().int().min(300).max(4_000_000).default(9_600),
      suffix: z.enum(SERIAL_SUFFIXES).default('cr'),
      prefix: z.enum(SERIAL_PREFIXES).default('none'),
      encoding,
    })
    .strict(),
  z.object({ ...base, driver: z.literal('pn532'), ...serialLine, baudRate: z.number().int().min(9_600).max(1_288_000).default(115_200) }).strict(),
  // A PC/SC reader by the name the service gives it; the slot numbers at its end are ignored (pcsc-reader-name.ts).
  z.object({ ...base, driver: z.literal('pcsc_reader'), reader: z.string().min(1).max(200) }).strict(),
]);
export type DeviceConfig = z.infer<typeof deviceConfig>;
export type DeviceConfigInput = z.input<typeof deviceConfig>;
export type DriverName = DeviceConfig['driver'];

export const hardwareConfig = z
  .object({
    version: z.literal(1),
    /** Open HID POS scanners and known serial scanners without asking. */
    autoDiscovery: z.boolean().default(true),
    /** The same code or card within this window is one event. */
    debounceMs: z.number().int().min(0).max(HARDWARE_LIMITS.debounceMsMax).default(1_000),
    devices: z.array(deviceConfig).max(HARDWARE_LIMITS.configuredDevicesMax).default([]),
    /** Discovered devices the shop chose not to use. */
    ignoredDeviceIds: z.array(deviceId).max(HARDWARE_LIMITS.configuredDevicesMax).default([]),
  })
  .strict()
  .superRefine((config, ctx) => {
    const seen = new Set<string>();
    config.devices.forEach((device, index) => {
      if (seen.has(device.id)) ctx.addIssue({ code: 'custom', path: ['devices', index, 'id'], message: `duplicate device id ${device.id}` });
      seen.add(device.id);
    });
  });
export type HardwareConfig = z.infer<typeof hardwareConfig>;
export type HardwareConfigInput = z.input<typeof hardwareConfig>;

export const DEFAULT_CONFIG: HardwareConfig = hardwareConfig.parse({ version: 1 });

/** A configured device at a path → the driver that runs it. */
import { assertNever } from '../../common/assert';
import type { DeviceView } from '../../common/terminal-api';
import type { DriverContext, DriverSession } from '../drivers/driver';
import { openHidKeyboardDevice } from '../drivers/hid-keyboard-device';
import { openHidPosScanner } from '../drivers/hid-pos-scanner';
import { openPn532Reader, PN532_READER_DEFAULTS } from '../drivers/pn532/pn532-reader';
import type { Pn532ReaderOptions } from '../drivers/pn532/pn532-reader';
import { openSerialScanner } from '../drivers/serial-scanner';
import { HID_POS_LAYOUTS } from '../protocols/hid-pos/layouts';
import type { HidTransport, SerialOpenOptions, SerialTransport } from '../transports/types';
import type { DeviceConfig } from './config-schema';

export interface Transports {
  hid: HidTransport;
  serial: SerialTransport;
}

export interface DriverTuning {
  pn532: Pn532ReaderOptions;
  /** Decides whether keyboard-mode devices can be read (Linux only); injectable for tests. */
  platform: NodeJS.Platform;
}

export const DEFAULT_TUNING: DriverTuning = { pn532: PN532_READER_DEFAULTS, platform: process.platform };

export function deviceKind(device: DeviceConfig): DeviceView['kind'] {
  return device.driver === 'hid_keyboard_card_reader' || device.driver === 'pn532' ? 'card_reader' : 'scanner';
}

export function deviceTransport(device: DeviceConfig, transports: Transports): DeviceView['transport'] {
  const label = 'match' in device ? transports.hid.label : transports.serial.label;
  return label === 'simulator' ? 'simulator' : label;
}

function serialOptions(device: Extract<DeviceConfig, { port: unknown }>, path: string): SerialOpenOptions {
  return { path, baudRate: device.baudRate, dataBits: device.dataBits, stopBits: device.stopBits, parity: device.parity };
}

export function openDevice(device: DeviceConfig, path: string, ctx: DriverContext, transports: Transports, tuning: DriverTuning): Promise<DriverSession> {
  switch (device.driver) {
    case 'hid_pos_scanner':
      return openHidPosScanner(ctx, transports.hid, path, HID_POS_LAYOUTS[device.layout]);
    case 'hid_keyboard_scanner':
      return openHidKeyboardDevice(ctx, transports.hid, path, { platform: tuning.platform, keyboardLayout: device.keyboardLayout, terminator: device.terminator, reportId: device.reportId, uid: null });
    case 'hid_keyboard_card_reader':
      return openHidKeyboardDevice(ctx, transports.hid, path, {
        platform: tuning.platform,
        keyboardLayout: device.keyboardLayout,
        terminator: device.terminator,
        reportId: device.reportId,
        uid: { format: device.uidFormat, byteOrder: device.uidByteOrder, ...(device.uidLengthBytes ? { lengthBytes: device.uidLengthBytes } : {}) },
      });
    case 'serial_scanner':
      return openSerialScanner(ctx, transports.serial, serialOptions(device, path), { suffix: device.suffix, prefix: device.prefix });
    case 'pn532':
      return openPn532Reader(ctx, transports.serial, serialOptions(device, path), tuning.pn532);
    default:
      return assertNever(device, 'device driver');
  }
}

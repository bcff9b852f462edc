/** A configured device at a path → the driver that runs it. */
import { assertNever } from '../../common/assert';
import type { DeviceView } from '../../common/terminal-api';
import type { DriverContext, DriverSession } from '../drivers/driver';
import { openHidKeyboardDevice } from '../drivers/hid-keyboard-device';
import { openHidPosScanner } from '../drivers/hid-pos-scanner';
import { openPn532Reader, PN532_READER_DEFAULTS } from '../drivers/pn532/pn532-reader';
import type { Pn532ReaderOptions } from '../drivers/pn532/pn532-reader';
import { openPcscReader } from '../drivers/pcsc/pcsc-reader';
import { openSerialScanner } from '../drivers/serial-scanner';
import { HardwareError } from '../errors';
import type { HidTransport, PcscTransport, SerialOpenOptions, SerialTransport } from '../transports/types';
import type { DeviceConfig } from './config-schema';

export interface Transports {
  hid: HidTransport;
  serial: SerialTransport;
  /** Absent where the host has no PC/SC (older hosts, tests of other devices): no PC/SC readers then. */
  pcsc?: PcscTransport;
}

export interface DriverTuning {
  pn532: Pn532ReaderOptions;
  /** Decides whether keyboard-mode devices can be read (Linux only); injectable for tests. */
  platform: NodeJS.Platform;
}

export const DEFAULT_TUNING: DriverTuning = { pn532: PN532_READER_DEFAULTS, platform: process.platform };

export function deviceKind(device: DeviceConfig): DeviceView['kind'] {
  return device.driver === 'hid_keyboard_card_reader' || device.driver === 'pn532' || device.driver === 'pcsc_reader' ? 'card_reader' : 'scanner';
}

export function deviceTransport(device: DeviceConfig, transports: Transports): DeviceView['transport'] {
  const label = device.driver === 'pcsc_reader' ? (transports.pcsc?.label ?? 'pcsc') : 'match' in device ? transports.hid.label : transports.serial.label;
  return label === 'simulator' ? 'simulator' : label;
}

function serialOptions(device: Extract<DeviceConfig, { port: unknown }>, path: string): SerialOpenOptions {
  return { path, baudRate: device.baudRate, dataBits: device.dataBits, stopBits: device.stopBits, parity: device.parity };
}

export function openDevice(device: DeviceConfig, path: string, ctx: DriverContext, transports: Transports, tuning: DriverTuning): Promise<DriverSession> {
  switch (device.driver) {
    case 'hid_pos_scanner':
      return openHidPosScanner(ctx, transports.hid, path, { layout: device.layout, encoding: device.encoding });
    case 'hid_keyboard_scanner':
      return openHidKeyboardDevice(ctx, transports.hid, path, { platform: tuning.platform, keyboardLayout: device.keyboardLayout, terminator: device.terminator, reportId: device.reportId, uid: null, encoding: device.encoding });
    case 'hid_keyboard_card_reader':
      return openHidKeyboardDevice(ctx, transports.hid, path, {
        platform: tuning.platform,
        keyboardLayout: device.keyboardLayout,
        terminator: device.terminator,
        reportId: device.reportId,
        // UIDs are typed in ASCII: a card reader never needs a guess between encodings.
        encoding: 'utf8',
        uid: { format: device.uidFormat, byteOrder: device.uidByteOrder, ...(device.uidLengthBytes ? { lengthBytes: device.uidLengthBytes } : {}) },
      });
    case 'serial_scanner':
      return openSerialScanner(ctx, transports.serial, serialOptions(device, path), { suffix: device.suffix, prefix: device.prefix, encoding: device.encoding });
    case 'pn532':
      return openPn532Reader(ctx, transports.serial, serialOptions(device, path), tuning.pn532);
    case 'pcsc_reader':
      if (!transports.pcsc) return Promise.reject(new HardwareError('pcsc_unavailable', 'This host has no PC/SC support.'));
      return openPcscReader(ctx, transports.pcsc, path);
    default:
      return assertNever(device, 'device driver');
  }
}

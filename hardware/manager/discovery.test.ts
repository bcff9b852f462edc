import { describe, expect, it } from 'vitest';
import type { HidDeviceInfo, SerialPortInfo } from '../transports/types';
import { discoverDevices, locate } from './discovery';
import { parseConfig } from './config-store';
import type { KnownTables } from './discovery';

function hidDevice(overrides: Partial<HidDeviceInfo>): HidDeviceInfo {
  return { path: '/dev/hidraw0', vendorId: 0x0c2e, productId: 0x0b87, serialNumber: 'SN1', manufacturer: 'Honeywell', product: 'Xenon', usagePage: 0x8c, usage: 0x02, interfaceNumber: 0, ...overrides };
}

function serialPort(overrides: Partial<SerialPortInfo>): SerialPortInfo {
  return { path: '/dev/ttyACM0', vendorId: 0x1eab, productId: 0x8306, serialNumber: null, manufacturer: 'Newland', ...overrides };
}

const config = parseConfig({ version: 1 });

describe('discovery', () => {
  it('When a HID POS interface is listed, then it becomes a scanner with its vendor layout, or auto for a vendor not in the table', () => {
    const found = discoverDevices(config, {
      hid: [hidDevice({}), hidDevice({ path: '/dev/hidraw1', vendorId: 0x1eab, productId: 0x0001, serialNumber: null }), hidDevice({ path: '/dev/hidraw2', vendorId: 0x9999, usagePage: 0x8c })],
      serial: [],
    });
    expect(found.map((d) => [d.driver, d.driver === 'hid_pos_scanner' && d.layout])).toEqual([
      ['hid_pos_scanner', 'honeywell'],
      ['hid_pos_scanner', 'newland'],
      ['hid_pos_scanner', 'auto'],
    ]);
  });

  it('When a keyboard or an unknown USB-serial bridge is listed, then nothing is opened without configuration', () => {
    const found = discoverDevices(config, {
      hid: [hidDevice({ vendorId: 0x046d, productId: 0xc31c, usagePage: 0x01, usage: 0x06 })],
      serial: [serialPort({ vendorId: 0x1a86, productId: 0x7523, path: '/dev/ttyUSB0' })],
    });
    expect(found).toEqual([]);
  });

  it('When a known USB-COM scanner is listed, then it becomes a serial scanner with the table settings', () => {
    const [device] = discoverDevices(config, { hid: [], serial: [serialPort({})] });
    expect(device).toMatchObject({ driver: 'serial_scanner', suffix: 'cr', baudRate: 9_600, port: { path: '/dev/ttyACM0' } });
  });

  it('When a listed keyboard-mode reader is in the table, then it is discovered with its template', () => {
    const tables: KnownTables = {
      hidPosVendors: [],
      devices: [{ vendorId: 0xffff, productId: 0x0035, name: 'NFC reader', template: { driver: 'hid_keyboard_card_reader', uidFormat: 'decimal', uidByteOrder: 'reversed' } }],
    };
    const [device] = discoverDevices(config, { hid: [hidDevice({ vendorId: 0xffff, productId: 0x0035, usagePage: 0x01, serialNumber: null })], serial: [] }, tables);
    expect(device).toMatchObject({ driver: 'hid_keyboard_card_reader', uidFormat: 'decimal', keyboardLayout: 'us' });
  });

  it('When a device is already configured or ignored, then discovery leaves it alone', () => {
    const withDevice = parseConfig({ version: 1, devices: [{ id: 'mine', name: 'Mine', driver: 'hid_pos_scanner', match: { vendorId: 0x0c2e, productId: 0x0b87 } }] });
    expect(discoverDevices(withDevice, { hid: [hidDevice({})], serial: [] })).toEqual([]);
    const [first] = discoverDevices(config, { hid: [hidDevice({})], serial: [] });
    expect(discoverDevices(parseConfig({ version: 1, ignoredDeviceIds: [first!.id] }), { hid: [hidDevice({})], serial: [] })).toEqual([]);
  });

  it('When a composite scanner lists several interfaces, then each driver is located on its own usage page', () => {
    const hid = [hidDevice({ path: '/dev/hidraw5', usagePage: 0x01 }), hidDevice({ path: '/dev/hidraw6', usagePage: 0x8c })];
    const pos = parseConfig({ version: 1, devices: [{ id: 'p', name: 'P', driver: 'hid_pos_scanner', match: { vendorId: 0x0c2e, productId: 0x0b87 } }] }).devices[0]!;
    const kbd = parseConfig({ version: 1, devices: [{ id: 'k', name: 'K', driver: 'hid_keyboard_scanner', match: { vendorId: 0x0c2e, productId: 0x0b87 } }] }).devices[0]!;
    expect([locate(pos, { hid, serial: [] }), locate(kbd, { hid, serial: [] })]).toEqual(['/dev/hidraw6', '/dev/hidraw5']);
  });

  it('When a serial device is configured by USB ids, then it is found under whatever path it has now', () => {
    const device = parseConfig({ version: 1, devices: [{ id: 'n', name: 'N', driver: 'pn532', port: { vendorId: 0x1a86, productId: 0x7523 } }] }).devices[0]!;
    expect(locate(device, { hid: [], serial: [serialPort({ vendorId: 0x1a86, productId: 0x7523, path: '/dev/ttyUSB3' })] })).toBe('/dev/ttyUSB3');
    expect(locate(device, { hid: [], serial: [] })).toBeNull();
  });
});

describe('discovery of PC/SC readers', () => {
  const pcsc = [{ name: 'Sony FeliCa Port/PaSoRi 4.0 (0123456) 00 00' }, { name: 'ACS ACR122U PICC Interface 01 00' }];

  it('When the smart-card service lists readers, then each becomes a card reader with a stable id', () => {
    const found = discoverDevices(config, { hid: [], serial: [], pcsc });
    expect(found.map((d) => [d.id, d.driver])).toEqual([
      ['pcsc-Sony_FeliCa_Port_PaSoRi_4.0__0123456__slot_00', 'pcsc_reader'],
      ['pcsc-ACS_ACR122U_PICC_Interface_slot_00', 'pcsc_reader'],
    ]);
  });

  it('When a configured reader comes back under another index, then it is located there and not discovered twice', () => {
    const withReader = parseConfig({ version: 1, devices: [{ id: 'pasori', name: 'PaSoRi', driver: 'pcsc_reader', reader: 'Sony FeliCa Port/PaSoRi 4.0 (0123456) 02 00' }] });
    expect(discoverDevices(withReader, { hid: [], serial: [], pcsc }).map((d) => d.id)).toEqual(['pcsc-ACS_ACR122U_PICC_Interface_slot_00']);
    expect(locate(withReader.devices[0]!, { hid: [], serial: [], pcsc })).toBe('Sony FeliCa Port/PaSoRi 4.0 (0123456) 00 00');
    expect(locate(withReader.devices[0]!, { hid: [], serial: [] })).toBeNull();
  });
});

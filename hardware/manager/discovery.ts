/**
 * Enumeration results → the devices to run: discovered ones (HID POS by usage page, listed
 * ids) plus configured ones, and for each the path it has right now.
 */
import { HID_POS_USAGE_PAGE } from '../protocols/hid-pos/layouts';
import { findReader, readerIdentity } from '../protocols/pcsc/reader-name';
import type { HidDeviceInfo, PcscReaderInfo, SerialPortInfo } from '../transports/types';
import type { DeviceConfig, HardwareConfig, HidMatch, SerialPortSelector } from './config-schema';
import { deviceConfig } from './config-schema';
import type { KnownDevice, KnownHidPosVendor } from './known-devices';
import { GENERIC_HID_POS_LAYOUT, KNOWN_DEVICES, KNOWN_HID_POS_VENDORS } from './known-devices';

export interface Enumeration {
  hid: HidDeviceInfo[];
  serial: SerialPortInfo[];
  /** Absent with a host that has no PC/SC transport. */
  pcsc?: PcscReaderInfo[];
}

export interface KnownTables {
  hidPosVendors: readonly KnownHidPosVendor[];
  devices: readonly KnownDevice[];
}

const DEFAULT_TABLES: KnownTables = { hidPosVendors: KNOWN_HID_POS_VENDORS, devices: KNOWN_DEVICES };

const hex4 = (id: number) => id.toString(16).padStart(4, '0');
const idPart = (text: string) => text.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 40);

function hidIdentity(d: Pick<HidDeviceInfo, 'vendorId' | 'productId' | 'serialNumber' | 'interfaceNumber'>): string {
  return `${hex4(d.vendorId)}-${hex4(d.productId)}-${idPart(d.serialNumber ?? `if${d.interfaceNumber ?? 0}`)}`;
}

/** The id discovery gives a PC/SC reader: its model and slot, so re-plugging keeps it. */
export function discoveredPcscId(readerName: string): string {
  // Reader names are long and the slot sits at the end: up to 74 characters of it (ids ≤ 80).
  return `pcsc-${readerIdentity(readerName).replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 74)}`;
}

/** The id discovery gives a HID POS scanner: stable across re-plugging and restarts. */
export function discoveredHidPosId(d: Pick<HidDeviceInfo, 'vendorId' | 'productId' | 'serialNumber' | 'interfaceNumber'>): string {
  return `hidpos-${hidIdentity(d)}`;
}

export function hidMatches(match: HidMatch, d: HidDeviceInfo): boolean {
  return (
    match.vendorId === d.vendorId &&
    match.productId === d.productId &&
    (match.serialNumber === undefined || match.serialNumber === d.serialNumber) &&
    (match.usagePage === undefined || match.usagePage === d.usagePage) &&
    (match.interfaceNumber === undefined || match.interfaceNumber === d.interfaceNumber)
  );
}

function serialMatches(selector: SerialPortSelector, p: SerialPortInfo): boolean {
  if ('path' in selector) return selector.path === p.path;
  return selector.vendorId === p.vendorId && selector.productId === p.productId && (selector.serialNumber === undefined || selector.serialNumber === p.serialNumber);
}

function coveredByConfig(config: HardwareConfig, test: (device: DeviceConfig) => boolean): boolean {
  return config.devices.some(test);
}

export function discoverDevices(config: HardwareConfig, enumeration: Enumeration, tables: KnownTables = DEFAULT_TABLES): DeviceConfig[] {
  const found = new Map<string, DeviceConfig>();
  for (const d of enumeration.hid) {
    const hidConfigured = coveredByConfig(config, (c) => 'match' in c && hidMatches(c.match, d));
    if (hidConfigured) continue;
    if (d.usagePage === HID_POS_USAGE_PAGE) {
      const vendor = tables.hidPosVendors.find((v) => v.vendorId === d.vendorId);
      const id = discoveredHidPosId(d);
      found.set(id, deviceConfig.parse({
        id,
        name: `${vendor?.vendor ?? 'HID POS'} ${d.product ?? 'scanner'}`.slice(0, 80),
        driver: 'hid_pos_scanner',
        match: { vendorId: d.vendorId, productId: d.productId, usagePage: HID_POS_USAGE_PAGE, ...(d.serialNumber ? { serialNumber: d.serialNumber } : {}) },
        layout: vendor?.layout ?? GENERIC_HID_POS_LAYOUT,
      }));
      continue;
    }
    const known = tables.devices.find((k) => k.vendorId === d.vendorId && k.productId === d.productId && k.template.driver !== 'serial_scanner');
    if (!known) continue;
    const id = `hidkbd-${hidIdentity(d)}`;
    found.set(id, deviceConfig.parse({ ...known.template, id, name: known.name, match: { vendorId: d.vendorId, productId: d.productId, ...(d.serialNumber ? { serialNumber: d.serialNumber } : {}) } }));
  }
  for (const p of enumeration.serial) {
    if (p.vendorId === null || p.productId === null) continue;
    const known = tables.devices.find((k) => k.vendorId === p.vendorId && k.productId === p.productId && k.template.driver === 'serial_scanner');
    if (!known || coveredByConfig(config, (c) => 'port' in c && serialMatches(c.port, p))) continue;
    const id = `serial-${hex4(p.vendorId)}-${hex4(p.productId)}-${idPart(p.serialNumber ?? p.path)}`;
    const port = p.serialNumber ? { vendorId: p.vendorId, productId: p.productId, serialNumber: p.serialNumber } : { path: p.path };
    found.set(id, deviceConfig.parse({ ...known.template, id, name: known.name, port }));
  }
  // Every PC/SC reader is a card reader: the service lists nothing else.
  for (const r of enumeration.pcsc ?? []) {
    if (coveredByConfig(config, (c) => c.driver === 'pcsc_reader' && findReader(c.reader, [r]) !== null)) continue;
    const id = discoveredPcscId(r.name);
    found.set(id, deviceConfig.parse({ id, name: readerIdentity(r.name).slice(0, 80), driver: 'pcsc_reader', reader: r.name }));
  }
  return [...found.values()].filter((d) => !config.ignoredDeviceIds.includes(d.id));
}

/** Where the device is right now, or null when it is not plugged in. */
export function locate(device: DeviceConfig, enumeration: Enumeration): string | null {
  if (device.driver === 'pcsc_reader') return findReader(device.reader, enumeration.pcsc ?? [])?.name ?? null;
  if ('match' in device) {
    const candidates = enumeration.hid.filter((d) => hidMatches(device.match, d));
    // Composite scanners expose several interfaces; prefer the one the driver reads.
    const wanted = device.driver === 'hid_pos_scanner' ? HID_POS_USAGE_PAGE : 0x01;
    return (candidates.find((d) => d.usagePage === wanted) ?? candidates[0])?.path ?? null;
  }
  // A path that enumeration does not show (a pty, a port the OS does not list) is still tried.
  if ('path' in device.port) return device.port.path;
  const selector = device.port;
  return enumeration.serial.find((p) => serialMatches(selector, p))?.path ?? null;
}

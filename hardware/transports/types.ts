/**
 * The seams between drivers and the OS: real node-hid and serialport implement them, and so do
 * the simulators, byte for byte. Listener callbacks run inside the device's read loop: they
 * parse and enqueue, nothing more.
 */
import type { HardwareError } from '../errors';

export type TransportLabel = 'hid' | 'serial' | 'simulator';

export interface HidDeviceInfo {
  path: string;
  vendorId: number;
  productId: number;
  serialNumber: string | null;
  manufacturer: string | null;
  product: string | null;
  usagePage: number | null;
  usage: number | null;
  interfaceNumber: number | null;
}

export interface HidListeners {
  report(bytes: Uint8Array): void;
  /** The device stopped delivering reports (unplugged, read error); it will not recover. */
  failed(error: HardwareError): void;
}

export interface HidConnection {
  start(listeners: HidListeners): void;
  close(): Promise<void>;
}

export interface HidTransport {
  readonly label: TransportLabel;
  list(): Promise<HidDeviceInfo[]>;
  /** Rejects with a HardwareError saying why (permission_denied, device_busy, …). */
  open(path: string): Promise<HidConnection>;
}

export interface SerialPortInfo {
  path: string;
  vendorId: number | null;
  productId: number | null;
  serialNumber: string | null;
  manufacturer: string | null;
}

export interface SerialOpenOptions {
  path: string;
  baudRate: number;
  dataBits: 5 | 6 | 7 | 8;
  stopBits: 1 | 2;
  parity: 'none' | 'even' | 'odd';
}

export interface SerialListeners {
  data(bytes: Uint8Array): void;
  /** The port closed without being asked to: null error only if the OS gave no reason. */
  closed(error: HardwareError): void;
}

export interface SerialConnection {
  start(listeners: SerialListeners): void;
  write(bytes: Uint8Array): Promise<void>;
  close(): Promise<void>;
}

export interface SerialTransport {
  readonly label: TransportLabel;
  list(): Promise<SerialPortInfo[]>;
  open(options: SerialOpenOptions): Promise<SerialConnection>;
}

/** Parses a vendor or product id as serialport reports it (hex text without 0x). */
export function parseUsbId(text: string | undefined | null): number | null {
  if (!text || !/^[0-9a-fA-F]{1,4}$/.test(text)) return null;
  return Number.parseInt(text, 16);
}

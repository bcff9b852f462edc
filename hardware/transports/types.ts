/**
 * The seams between drivers and the OS: real node-hid and serialport implement them, and so do
 * the simulators, byte for byte. Listener callbacks run inside the device's read loop: they
 * parse and enqueue, nothing more.
 */
import type { HardwareError } from '../errors';

export type TransportLabel = 'hid' | 'serial' | 'pcsc' | 'simulator';

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

/**
 * PC/SC (CCID readers: Sony PaSoRi RC-S300, ACS ACR122U/ACR1252U): the OS's smart-card service
 * (pcscd, WinSCard) owns the USB device and names each reader; a card's arrival and departure
 * are reader states, and the card is spoken to with APDUs.
 */
export interface PcscReaderInfo {
  /** As the service names it, e.g. "ACS ACR122U PICC Interface 00 00" (the last two numbers can change on re-plugging). */
  name: string;
}

export interface PcscListeners {
  /** A card is on the reader now (also when one was already there at start); `atr` as the reader built it. */
  present(atr: Uint8Array): void;
  absent(): void;
  /** The reader went away (unplugged, the service stopped); it will not recover. */
  failed(error: HardwareError): void;
}

export interface PcscConnection {
  start(listeners: PcscListeners): void;
  /**
   * Connects to the card present now (shared, T=0 or T=1), sends one APDU, leaves the card
   * powered and answers the response with its status word. Rejects when no card answers.
   */
  exchange(apdu: Uint8Array): Promise<Uint8Array>;
  close(): Promise<void>;
}

export interface PcscTransport {
  readonly label: TransportLabel;
  /** The readers the service lists now; none (not an error) when the service is not running. */
  list(): Promise<PcscReaderInfo[]>;
  open(readerName: string): Promise<PcscConnection>;
  /** Releases the service connection and its monitoring thread. */
  dispose(): Promise<void>;
}

/** Parses a vendor or product id as serialport reports it (hex text without 0x). */
export function parseUsbId(text: string | undefined | null): number | null {
  if (!text || !/^[0-9a-fA-F]{1,4}$/.test(text)) return null;
  return Number.parseInt(text, 16);
}

/**
 * The serial seam on serialport's stream, with any binding: the real one (default), or
 * MockBinding behind the simulators, so both run the same code.
 */
import { SerialPortStream } from '@serialport/stream';
import { HardwareError, toHardwareError } from '../errors';
import { classifyOpenError } from './open-errors';
import type { SerialConnection, SerialOpenOptions, SerialPortInfo, SerialTransport, TransportLabel } from './types';
import { parseUsbId } from './types';

/** A port as a serialport binding lists it. */
export interface BindingPortInfo {
  path: string;
  manufacturer?: string | undefined;
  serialNumber?: string | undefined;
  vendorId?: string | undefined;
  productId?: string | undefined;
}

/**
 * The part of a serialport binding this transport calls itself; SerialPortStream uses the rest.
 * (The package's own SerialBinding type does not resolve under Bundler module resolution.)
 */
export interface SerialBinding {
  list(): Promise<BindingPortInfo[]>;
  open(options: object): Promise<unknown>;
}

export interface SerialportTransportOptions {
  /** Defaults to serialport's auto-detected native binding, loaded on first use. */
  binding?: SerialBinding;
  label?: TransportLabel;
}

async function nativeBinding(): Promise<SerialBinding> {
  const { SerialPort } = await import('serialport');
  const binding: SerialBinding = SerialPort.binding;
  return binding;
}

export function createSerialportTransport(options: SerialportTransportOptions = {}): SerialTransport {
  let binding: Promise<SerialBinding> | null = options.binding ? Promise.resolve(options.binding) : null;
  const getBinding = (): Promise<SerialBinding> => (binding ??= nativeBinding());

  async function list(): Promise<SerialPortInfo[]> {
    try {
      const ports = await (await getBinding()).list();
      return ports.map((p) => ({
        path: p.path,
        vendorId: parseUsbId(p.vendorId),
        productId: parseUsbId(p.productId),
        serialNumber: p.serialNumber ?? null,
        manufacturer: p.manufacturer ?? null,
      }));
    } catch (error) {
      throw toHardwareError(error, 'enumeration_failed', 'listing serial ports failed');
    }
  }

  async function open(openOptions: SerialOpenOptions): Promise<SerialConnection> {
    const port = new SerialPortStream({ binding: await getBinding(), autoOpen: false, ...openOptions });
    await new Promise<void>((resolve, reject) => {
      port.open((error) => (error ? reject(classifyOpenError(error, { kind: 'serial', path: openOptions.path })) : resolve()));
    });
    let closing = false;
    return {
      start(listeners) {
        port.on('data', (data: Buffer) => listeners.data(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)));
        port.on('close', (error: Error | null) => {
          if (closing) return;
          listeners.closed(
            new HardwareError('device_unplugged', `serial port ${openOptions.path} closed (unplugged?)`, { path: openOptions.path }, { cause: error ?? undefined }),
          );
        });
        port.on('error', (error: Error) => {
          if (closing) return;
          listeners.closed(toHardwareError(error, 'read_failed', `serial port ${openOptions.path} failed`));
        });
      },
      write(bytes) {
        // serialport queues writes to a closed port until it reopens, which it never will.
        if (!port.isOpen) return Promise.reject(new HardwareError('write_failed', `serial port ${openOptions.path} is closed`, { path: openOptions.path }));
        return new Promise<void>((resolve, reject) => {
          port.write(Buffer.from(bytes), (error) => (error ? reject(toHardwareError(error, 'write_failed', `writing to ${openOptions.path} failed`)) : resolve()));
        });
      },
      close() {
        closing = true;
        if (!port.isOpen) return Promise.resolve();
        return new Promise<void>((resolve, reject) => {
          port.close((error) => (error ? reject(toHardwareError(error, 'closed', `closing ${openOptions.path} failed`)) : resolve()));
        });
      },
    };
  }

  return { label: options.label ?? 'serial', list, open };
}

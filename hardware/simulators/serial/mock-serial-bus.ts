/**
 * Serial devices on serialport's MockBinding, wrapped so a cable can be pulled: a pulled port
 * fails its pending read the way a real one does (the stream then closes with a disconnect),
 * disappears from list() and cannot be opened until re-plugged. Host writes reach the device
 * side; device bytes reach the host through MockBinding's emitData.
 */
import { MockBinding } from '@serialport/binding-mock';
import type { CloseRace } from '../../close-race';
import { createCloseRace } from '../../close-race';
import type { SerialBinding } from '../../transports/serialport-transport';
import { createSerialportTransport } from '../../transports/serialport-transport';
import type { SerialTransport } from '../../transports/types';
import type { SerialAttachment } from './device-link';

export type SerialOpenFault = 'permission_denied';

export interface MockSerialDeviceOptions {
  vendorId?: number;
  productId?: number;
  manufacturer?: string;
}

export type MockSerialAttachment = SerialAttachment & {
  failOpens(fault: SerialOpenFault | null): void;
  /** Reads that pulling the cable would fail now: at most the one read in flight. For tests. */
  readonly unplugWaiterCount: number;
};

/** The methods SerialPortStream calls on an open port binding. */
interface PortBinding {
  isOpen: boolean;
  emitData(data: Buffer): void;
  close(): Promise<void>;
  read(buffer: Buffer, offset: number, length: number): Promise<{ buffer: Buffer; bytesRead: number }>;
  write(buffer: Buffer): Promise<void>;
  update(options: object): Promise<void>;
  set(options: object): Promise<void>;
  get(): Promise<object>;
  getBaudRate(): Promise<{ baudRate: number }>;
  flush(): Promise<void>;
  drain(): Promise<void>;
}

interface PortState {
  plugged: boolean;
  fault: SerialOpenFault | null;
  open: PortBinding | null;
  /** Fails the open port's pending read when the cable is pulled. */
  unplugged: CloseRace<Error> | null;
  listeners: Array<(bytes: Uint8Array) => void>;
}

let busCount = 0;

export class MockSerialBus {
  readonly transport: SerialTransport;
  private readonly ports = new Map<string, PortState>();
  private readonly prefix = `/sim/serial${++busCount}/`;

  constructor() {
    this.transport = createSerialportTransport({ binding: this.binding(), label: 'simulator' });
  }

  /** A new port at `/sim/serialN/<name>`; its device side is the returned attachment. */
  attach(name: string, options: MockSerialDeviceOptions = {}): MockSerialAttachment {
    const path = this.prefix + name;
    MockBinding.createPort(path, {
      echo: false,
      record: false,
      manufacturer: options.manufacturer ?? 'KumaPAY simulator',
      ...(options.vendorId === undefined ? {} : { vendorId: options.vendorId.toString(16).padStart(4, '0') }),
      ...(options.productId === undefined ? {} : { productId: options.productId.toString(16).padStart(4, '0') }),
    });
    const state: PortState = { plugged: true, fault: null, open: null, unplugged: null, listeners: [] };
    this.ports.set(path, state);
    return {
      path,
      link: {
        send(bytes) {
          if (!state.plugged || !state.open?.isOpen) return false;
          state.open.emitData(Buffer.from(bytes));
          return true;
        },
        onReceive(listener) {
          state.listeners.push(listener);
        },
      },
      unplug() {
        if (!state.plugged) return;
        state.plugged = false;
        state.unplugged?.close(new Error('Error: Input/output error, cannot read'));
        state.unplugged = null;
      },
      replug() {
        state.plugged = true;
      },
      failOpens(fault) {
        state.fault = fault;
      },
      get unplugWaiterCount() {
        return state.unplugged?.waiterCount ?? 0;
      },
    };
  }

  private binding(): SerialBinding {
    const ports = this.ports;
    const prefix = this.prefix;
    return {
      async list() {
        const all = await MockBinding.list();
        return all.filter((p) => p.path.startsWith(prefix) && ports.get(p.path)?.plugged);
      },
      async open(options: object) {
        const path = (options as { path?: unknown }).path;
        const state = typeof path === 'string' ? ports.get(path) : undefined;
        // The real binding's messages, so classification is exercised as in production.
        if (!state || !state.plugged) throw new Error(`Error: No such file or directory, cannot open ${String(path)}`);
        if (state.fault === 'permission_denied') throw new Error(`Error: Permission denied, cannot open ${path}`);
        const inner = (await MockBinding.open(options)) as PortBinding;
        return wrapPort(inner, state);
      },
    };
  }
}

function wrapPort(inner: PortBinding, state: PortState): PortBinding {
  state.open = inner;
  // Not Promise.race against one promise pending while the port is open: every read's
  // reaction stayed on it until the cable was pulled.
  const unplugged = createCloseRace<Error>();
  state.unplugged = unplugged;
  return {
    get isOpen() {
      return inner.isOpen;
    },
    set isOpen(value: boolean) {
      inner.isOpen = value;
    },
    emitData: (data) => inner.emitData(data),
    close: async () => {
      if (state.open === inner) state.open = null;
      await inner.close();
    },
    read: (buffer, offset, length) => unplugged.race(inner.read(buffer, offset, length)),
    write: async (buffer) => {
      if (!state.plugged) throw new Error('Error: Input/output error, cannot write');
      await inner.write(buffer);
      const bytes = new Uint8Array(buffer);
      for (const listener of state.listeners) listener(bytes);
    },
    update: (options) => inner.update(options),
    set: (options) => inner.set(options),
    get: () => inner.get(),
    getBaudRate: () => inner.getBaudRate(),
    flush: () => inner.flush(),
    drain: () => inner.drain(),
  };
}

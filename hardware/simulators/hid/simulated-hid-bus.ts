/**
 * A HID bus in memory that implements the HidTransport seam: devices attach, unplug and
 * replug, and send real report bytes to whoever opened them. Opening fails the way node-hid
 * fails (same OS messages, same classification), so the open-failure paths are testable.
 */
import { HardwareError } from '../../errors';
import { classifyOpenError } from '../../transports/open-errors';
import type { HidConnection, HidDeviceInfo, HidListeners, HidTransport } from '../../transports/types';

export type HidOpenFault = 'permission_denied' | 'device_busy';

export interface SimulatedHidDevice {
  readonly path: string;
  readonly plugged: boolean;
  /** Device → host: one input report, delivered asynchronously like a USB interrupt transfer. */
  send(report: Uint8Array): void;
  unplug(): void;
  /** Plugs back in under a new path, as hidraw numbering does. */
  replug(): void;
  /** Makes every open fail like the OS would, until cleared with null. */
  failOpens(fault: HidOpenFault | null): void;
  /** Opens attempted while plugged in, failed or not. */
  readonly openAttempts: number;
}

const OS_MESSAGES: Record<HidOpenFault, string> = {
  permission_denied: 'Permission denied',
  device_busy: 'Device or resource busy',
};

let busCount = 0;

export class SimulatedHidBus implements HidTransport {
  readonly label = 'simulator' as const;
  private readonly devices: DeviceState[] = [];
  private readonly busId = ++busCount;
  private pathCount = 0;

  attach(info: Omit<HidDeviceInfo, 'path'>): SimulatedHidDevice {
    const state = new DeviceState(info, () => this.nextPath());
    const handle: SimulatedHidDevice = {
      get path() {
        return state.path;
      },
      get plugged() {
        return state.plugged;
      },
      send: (report) => state.send(report),
      unplug: () => state.unplug(),
      replug: () => state.replug(),
      failOpens: (fault) => (state.fault = fault),
      get openAttempts() {
        return state.openAttempts;
      },
    };
    this.devices.push(state);
    return handle;
  }

  async list(): Promise<HidDeviceInfo[]> {
    return this.devices.filter((d) => d.plugged).map((d) => ({ ...d.info, path: d.path }));
  }

  async open(path: string): Promise<HidConnection> {
    const device = this.devices.find((d) => d.plugged && d.path === path);
    if (device) device.openAttempts++;
    const osText = (reason: string) => `cannot open device with path ${path}: Failed to open a device with path '${path}': ${reason}`;
    if (!device) throw classifyOpenError(new Error(osText('No such file or directory')), { kind: 'hid', path });
    if (device.fault) throw classifyOpenError(new Error(osText(OS_MESSAGES[device.fault])), { kind: 'hid', path, vendorId: device.info.vendorId, productId: device.info.productId });
    return device.connect();
  }

  private nextPath(): string {
    return `/sim/hid${this.busId}/hidraw${this.pathCount++}`;
  }
}

class DeviceState {
  path: string;
  plugged = true;
  fault: HidOpenFault | null = null;
  openAttempts = 0;
  private readonly connections = new Set<{ listeners: HidListeners | null; pending: Uint8Array[] }>();

  constructor(
    readonly info: Omit<HidDeviceInfo, 'path'>,
    private readonly nextPath: () => string,
  ) {
    this.path = nextPath();
  }

  connect(): HidConnection {
    const connection: { listeners: HidListeners | null; pending: Uint8Array[] } = { listeners: null, pending: [] };
    this.connections.add(connection);
    return {
      start: (listeners) => {
        connection.listeners = listeners;
        for (const report of connection.pending.splice(0)) listeners.report(report);
      },
      close: async () => {
        this.connections.delete(connection);
      },
    };
  }

  send(report: Uint8Array): void {
    if (!this.plugged) throw new HardwareError('simulator_misuse', `${this.path} is unplugged`);
    const copy = report.slice();
    setImmediate(() => {
      for (const c of this.connections) {
        if (c.listeners) c.listeners.report(copy);
        else c.pending.push(copy);
      }
    });
  }

  unplug(): void {
    if (!this.plugged) return;
    this.plugged = false;
    const open = [...this.connections];
    this.connections.clear();
    setImmediate(() => {
      for (const c of open) {
        c.listeners?.failed(new HardwareError('device_unplugged', `HID device ${this.path} stopped responding (unplugged?)`, { path: this.path }));
      }
    });
  }

  replug(): void {
    if (this.plugged) return;
    this.path = this.nextPath();
    this.plugged = true;
  }
}

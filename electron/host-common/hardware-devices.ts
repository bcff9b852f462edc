/**
 * The core's Devices port over hardware/'s device manager: scan and card events pass through
 * unchanged (they already are TerminalEvent shapes); status changes become `devices_changed`.
 */
import type { DeviceManager, DeviceStatus } from '../../hardware/index';
import type { DeviceView } from '../../common/terminal-api';
import type { DeviceEvent, Devices } from '../core/index';

export function toDeviceView(status: DeviceStatus): DeviceView {
  return { id: status.id, kind: status.kind, name: status.name, transport: status.transport, state: status.state, reason: status.reason };
}

export class HardwareDevices implements Devices {
  constructor(private readonly manager: DeviceManager) {}

  list(): DeviceView[] {
    return this.manager.devices().map(toDeviceView);
  }

  subscribe(listener: (event: DeviceEvent) => void): () => void {
    const offEvent = this.manager.on('event', (event) => listener(event));
    const offStatus = this.manager.on('status', () => listener({ type: 'devices_changed' }));
    return () => {
      offEvent();
      offStatus();
    };
  }
}

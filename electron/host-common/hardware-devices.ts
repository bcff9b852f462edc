/**
 * The core's Devices port over hardware/'s device manager: scan and card events pass through
 * unchanged (they already are TerminalEvent shapes); status changes become `devices_changed`.
 */
import { isHardwareError, type DeviceManager, type DeviceStatus } from '../../hardware/index';
import type { ScanTextEncoding } from '../../common/scan-encoding';
import type { DeviceView } from '../../common/terminal-api';
import type { DeviceEvent, Devices, DeviceSettingOutcome } from '../core/index';

export function toDeviceView(status: DeviceStatus): DeviceView {
  const view: DeviceView = { id: status.id, kind: status.kind, name: status.name, transport: status.transport, state: status.state, reason: status.reason, deviceClass: status.deviceClass };
  // Additive: only devices with something to say carry a notice, only scanners an encoding.
  return { ...view, ...(status.notice ? { notice: status.notice } : {}), ...(status.encoding ? { encoding: status.encoding } : {}) };
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

  async setEncoding(deviceId: string, encoding: ScanTextEncoding): Promise<DeviceSettingOutcome> {
    try {
      await this.manager.setEncoding(deviceId, encoding);
      return { ok: true };
    } catch (error) {
      if (!isHardwareError(error)) throw error;
      return { ok: false, reason: error.code === 'device_not_found' ? 'unknown_device' : 'not_saved', message: error.message };
    }
  }
}

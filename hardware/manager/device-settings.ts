/**
 * Settings a person changes on the settings screen, applied to the device config: a scanner's
 * text encoding. A discovered device is written into the config with it, so the choice outlives
 * a restart (discovery alone would give it the default again).
 */
import type { ScanTextEncoding } from '../../common/scan-encoding';
import type { DeviceConfig, HardwareConfig } from './config-schema';

/** The encoding of a device that has the setting (scanners that read text), else undefined. */
export function encodingOf(device: DeviceConfig): ScanTextEncoding | undefined {
  return 'encoding' in device ? device.encoding : undefined;
}

/** The config with `device` set to `encoding`; null when the device has no such setting. */
export function configWithEncoding(config: HardwareConfig, device: DeviceConfig, encoding: ScanTextEncoding): HardwareConfig | null {
  if (!('encoding' in device)) return null;
  const updated: DeviceConfig = { ...device, encoding };
  const index = config.devices.findIndex((d) => d.id === device.id);
  const devices = index >= 0 ? config.devices.map((d, i) => (i === index ? updated : d)) : [...config.devices, updated];
  return { ...config, devices };
}

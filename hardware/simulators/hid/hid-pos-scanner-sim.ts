/** A HID POS scanner on a simulated bus: `scan(text)` sends the real 64-byte reports. */
import { encodeHidPosReports } from '../../protocols/hid-pos/hid-pos-encoder';
import { HID_POS_LAYOUTS, HID_POS_USAGE_PAGE } from '../../protocols/hid-pos/layouts';
import type { HidPosLayoutName } from '../../protocols/hid-pos/layouts';
import type { SimulatedHidBus, SimulatedHidDevice } from './simulated-hid-bus';

export interface HidPosScannerSimOptions {
  vendorId?: number;
  productId?: number;
  serialNumber?: string;
  layout?: HidPosLayoutName;
  product?: string;
}

export interface ScannerSimulator {
  scan(text: string): void;
  /** Raw bytes as the device would send them, for noise and fault tests. */
  sendRaw(bytes: Uint8Array): void;
  unplug(): void;
  replug(): void;
  readonly device: SimulatedHidDevice;
}

export function createHidPosScannerSim(bus: SimulatedHidBus, options: HidPosScannerSimOptions = {}): ScannerSimulator {
  const layout = HID_POS_LAYOUTS[options.layout ?? 'honeywell'];
  const device = bus.attach({
    vendorId: options.vendorId ?? 0x0c2e,
    productId: options.productId ?? 0x0b87,
    serialNumber: options.serialNumber ?? 'SIM-HIDPOS-1',
    manufacturer: 'KumaPAY simulator',
    product: options.product ?? 'HID POS scanner (simulated)',
    usagePage: HID_POS_USAGE_PAGE,
    usage: 0x02,
    interfaceNumber: 0,
  });
  return {
    scan(text) {
      for (const report of encodeHidPosReports(layout, new TextEncoder().encode(text))) device.send(report);
    },
    sendRaw: (bytes) => device.send(bytes),
    unplug: () => device.unplug(),
    replug: () => device.replug(),
    device,
  };
}

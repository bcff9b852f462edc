/**
 * The real HID seam: node-hid's async API. node-hid is loaded on first use, so hosts running
 * simulators only (demo mode, tests) never load the native module.
 */
import { HardwareError, toHardwareError } from '../errors';
import { classifyOpenError } from './open-errors';
import type { HidConnection, HidDeviceInfo, HidTransport } from './types';

type NodeHid = typeof import('node-hid');

export function createNodeHidTransport(): HidTransport {
  let loaded: Promise<NodeHid> | null = null;
  const load = (): Promise<NodeHid> => (loaded ??= import('node-hid'));

  async function list(): Promise<HidDeviceInfo[]> {
    try {
      const hid = await load();
      const devices = await hid.devicesAsync();
      return devices.flatMap((d) =>
        d.path
          ? [
              {
                path: d.path,
                vendorId: d.vendorId,
                productId: d.productId,
                serialNumber: d.serialNumber || null,
                manufacturer: d.manufacturer ?? null,
                product: d.product ?? null,
                usagePage: d.usagePage ?? null,
                usage: d.usage ?? null,
                interfaceNumber: d.interface >= 0 ? d.interface : null,
              },
            ]
          : [],
      );
    } catch (error) {
      throw toHardwareError(error, 'enumeration_failed', 'listing HID devices failed');
    }
  }

  async function open(path: string): Promise<HidConnection> {
    const hid = await load();
    let device: Awaited<ReturnType<NodeHid['HIDAsync']['open']>>;
    try {
      device = await hid.HIDAsync.open(path);
    } catch (error) {
      throw classifyOpenError(error, { kind: 'hid', path });
    }
    let closing = false;
    return {
      start(listeners) {
        device.on('data', (data: Buffer) => listeners.report(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)));
        device.on('error', (error: unknown) => {
          if (closing) return; // node-hid reports the read it interrupts on close; that is ours
          listeners.failed(new HardwareError('device_unplugged', `HID device ${path} stopped responding (unplugged?)`, { path }, { cause: error }));
        });
      },
      async close() {
        closing = true;
        try {
          await device.close();
        } catch (error) {
          throw toHardwareError(error, 'closed', `closing ${path} failed`);
        }
      },
    };
  }

  return { label: 'hid', list, open };
}

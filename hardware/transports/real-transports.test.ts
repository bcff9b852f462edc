/**
 * The real node-hid and serialport transports on this machine: no scanner is attached, so
 * what can be checked is enumeration and how a failed open is reported.
 */
import { describe, expect, it } from 'vitest';
import { createNodeHidTransport } from './node-hid-transport';
import { createSerialportTransport } from './serialport-transport';

describe('real transports', () => {
  it('When HID devices are listed, then enumeration succeeds and every entry has a path and numeric ids', async () => {
    const devices = await createNodeHidTransport().list();
    for (const d of devices) expect(d).toMatchObject({ path: expect.any(String), vendorId: expect.any(Number), productId: expect.any(Number) });
  });

  it('When a HID path that does not exist is opened, then node-hid\'s error becomes device_not_found', async () => {
    await expect(createNodeHidTransport().open('/dev/hidraw-kumapay-missing')).rejects.toMatchObject({ code: 'device_not_found' });
  });

  it('When a serial port that does not exist is opened with the native binding, then it is device_not_found', async () => {
    const transport = createSerialportTransport();
    await expect(transport.open({ path: '/dev/ttyKUMAPAYmissing', baudRate: 9_600, dataBits: 8, stopBits: 1, parity: 'none' })).rejects.toMatchObject({ code: 'device_not_found' });
  });

  it('When serial ports are listed with the native binding, then ids are numbers or null', async () => {
    for (const p of await createSerialportTransport().list()) {
      expect(p.vendorId === null || typeof p.vendorId === 'number').toBe(true);
    }
  });
});

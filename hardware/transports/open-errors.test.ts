import { describe, expect, it } from 'vitest';
import { classifyOpenError } from './open-errors';

describe('open errors', () => {
  it('When node-hid cannot open a hidraw node for lack of permission, then the fix is a udev rule with the ids', () => {
    const error = classifyOpenError(
      new Error("cannot open device with path /dev/hidraw3: Failed to open a device with path '/dev/hidraw3': Permission denied"),
      { kind: 'hid', path: '/dev/hidraw3', vendorId: 0x0c2e, productId: 0x0b87 },
      'linux',
    );
    expect(error.code).toBe('permission_denied');
    expect(error.details.fix).toContain('KERNEL=="hidraw*", ATTRS{idVendor}=="0c2e", ATTRS{idProduct}=="0b87", MODE="0660", GROUP="plugdev"');
    expect(error.details.fix).toContain('udevadm control --reload-rules');
  });

  it('When serialport cannot open a tty for lack of permission on Linux, then the fix names the dialout group', () => {
    const error = classifyOpenError(new Error('Error: Permission denied, cannot open /dev/ttyACM0'), { kind: 'serial', path: '/dev/ttyACM0' }, 'linux');
    expect(error.code).toBe('permission_denied');
    expect(error.details.fix).toContain('dialout');
  });

  it('When the port is locked or busy, then it is device_busy and the fix says to close the other program', () => {
    // Linux bindings-cpp's lock failure, and MockBinding's.
    for (const text of ['Error Resource temporarily unavailable Cannot lock port', 'Port is locked cannot open']) {
      expect(classifyOpenError(new Error(text), { kind: 'serial', path: '/dev/ttyACM0' }, 'linux').code).toBe('device_busy');
    }
    expect(classifyOpenError(new Error('Error: Device or resource busy'), { kind: 'hid', path: 'p' }, 'linux').details.fix).toContain('Another program');
  });

  it('When the device is gone, then it is device_not_found; anything else is open_failed with the OS text kept', () => {
    expect(classifyOpenError(new Error('Error: No such file or directory, cannot open /dev/ttyUSB9'), { kind: 'serial', path: '/dev/ttyUSB9' }).code).toBe('device_not_found');
    const other = classifyOpenError(new Error('Error: Invalid argument setting custom baud rate of 7'), { kind: 'serial', path: '/dev/ttyS0' });
    expect(other.code).toBe('open_failed');
    expect(other.details.osMessage).toBe('Error: Invalid argument setting custom baud rate of 7');
  });
});

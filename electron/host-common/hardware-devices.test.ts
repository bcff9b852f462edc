import { describe, expect, it } from 'vitest';
import type { DeviceStatus } from '../../hardware/index';
import { toDeviceView } from './hardware-devices';

const connected: DeviceStatus = { id: 'hidpos-9999-0b87-S1', kind: 'scanner', name: 'HID POS scanner', transport: 'hid', deviceClass: 'hid_pos_scanner', state: 'connected', reason: null, reasonCode: null, fix: null, notice: null };

describe('device statuses as the core sees them', () => {
  it('When a device carries a notice, then the view the renderer gets carries it too', () => {
    const notice = { code: 'hid_pos_layout_mismatch', level: 'warning', message: 'Reports do not fit the honeywell layout', params: { layout: 'honeywell' } } as const;
    expect(toDeviceView({ ...connected, notice }).notice).toEqual(notice);
  });

  it('When a device has no notice, then its view is as before (no notice key)', () => {
    expect(toDeviceView(connected)).toEqual({ id: connected.id, kind: 'scanner', name: 'HID POS scanner', transport: 'hid', deviceClass: 'hid_pos_scanner', state: 'connected', reason: null });
  });

  it('When a PC/SC reader is listed, then the view says its class, so settings can name it even when simulated', () => {
    const reader: DeviceStatus = { ...connected, id: 'pcsc-Demo_PaSoRi_slot_00', kind: 'card_reader', transport: 'simulator', deviceClass: 'pcsc_reader' };
    expect(toDeviceView(reader)).toMatchObject({ kind: 'card_reader', deviceClass: 'pcsc_reader' });
  });
});

// @vitest-environment jsdom
import { cleanup, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { DeviceView } from '../../../common/terminal-api';
import { fakeStaff } from '../../bridge/fake';
import { renderApp } from '../../test-support/render-app';

afterEach(cleanup);

const misread: DeviceView = {
  id: 'hidpos-9999-0b87-SIM',
  kind: 'scanner',
  name: 'HID POS scanner',
  transport: 'hid',
  state: 'connected',
  reason: null,
  notice: { code: 'hid_pos_layout_mismatch', level: 'warning', message: 'Reports do not fit the honeywell layout', params: { layout: 'honeywell' } },
};

describe('設定 → 機器: device notices (issue 12)', () => {
  it('When a connected scanner carries a layout-mismatch notice, then its row says so in Japanese with the fix', async () => {
    const { user } = renderApp({ route: 'settings', status: { staff: fakeStaff('manager'), devices: [misread] } });
    await user.click(await screen.findByTestId('settings-tab-devices'));
    const device = within(screen.getByTestId('settings-devices')).getByTestId('device');
    expect(device.getAttribute('data-state')).toBe('connected');
    const notice = within(device).getByTestId('device-notice');
    expect(notice.getAttribute('role')).toBe('alert');
    expect(notice.textContent).toContain('読み取り形式（レイアウト honeywell）が合っていない可能性があります');
    expect(notice.textContent).toContain('layout を変更してください');
  });

  it('When auto-detection picked a layout, then the row shows it as information, not as an alert', async () => {
    const detected: DeviceView = { ...misread, notice: { code: 'hid_pos_layout_detected', level: 'info', message: 'Layout detected: newland', params: { layout: 'newland' } } };
    const { user } = renderApp({ route: 'settings', status: { staff: fakeStaff('manager'), devices: [detected] } });
    await user.click(await screen.findByTestId('settings-tab-devices'));
    const notice = screen.getByTestId('device-notice');
    expect(notice.textContent).toBe('読み取り形式を自動で判定しました：newland');
    expect(notice.getAttribute('role')).toBeNull();
  });

  it('When a device has no notice, then its row has none', async () => {
    const { user } = renderApp({ route: 'settings', status: { staff: fakeStaff('manager'), devices: [{ ...misread, notice: null }] } });
    await user.click(await screen.findByTestId('settings-tab-devices'));
    expect(screen.queryByTestId('device-notice')).toBeNull();
  });
});

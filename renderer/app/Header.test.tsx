// @vitest-environment jsdom
import { act, cleanup, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeStaff } from '../bridge/fake';
import { renderApp } from '../test-support/render-app';

afterEach(cleanup);

describe('header (issue 10)', () => {
  it('When the core reports offline in a status event, then the header shows the offline badge at once, and drops it when back online', async () => {
    const { fake } = renderApp({ status: { staff: fakeStaff('cashier') } });
    await screen.findByTestId('screen-home');
    expect(screen.queryByTestId('header-offline-badge')).toBeNull();
    act(() => fake.setStatus({ connectivity: 'offline' }));
    expect(screen.getByTestId('header-offline-badge').textContent).toBe('オフライン');
    expect(screen.getByTestId('connectivity').getAttribute('data-connectivity')).toBe('offline');
    act(() => fake.setStatus({ connectivity: 'online' }));
    expect(screen.queryByTestId('header-offline-badge')).toBeNull();
  });

  it('When a card reader is unplugged, a printer fails and this PC has no camera while the camera is the chosen input, then the header names each; a tap opens Settings', async () => {
    const { fake, user } = renderApp({
      preferences: { cameraEnabled: true },
      status: {
        staff: fakeStaff('cashier'),
        devices: [
          { id: 'scanner-1', kind: 'scanner', name: 'Honeywell', transport: 'hid', state: 'connected', reason: null },
          { id: 'reader-1', kind: 'card_reader', name: 'PaSoRi', transport: 'hid', state: 'connected', reason: null },
        ],
      },
    });
    await screen.findByTestId('screen-home');
    const status = screen.getByTestId('device-status');
    // jsdom has no navigator.mediaDevices: no camera on this "PC".
    expect(status.getAttribute('data-problems')).toBe('camera');
    act(() =>
      fake.setStatus({
        devices: [
          { id: 'scanner-1', kind: 'scanner', name: 'Honeywell', transport: 'hid', state: 'connected', reason: null },
          { id: 'reader-1', kind: 'card_reader', name: 'PaSoRi', transport: 'hid', state: 'disconnected', reason: 'unplugged' },
          { id: 'printer-1', kind: 'printer', name: 'TM-m30', transport: 'serial', state: 'error', reason: 'not configured' },
        ],
      }),
    );
    const problems = within(screen.getByTestId('device-status')).getAllByTestId('device-problem');
    expect(problems.map((p) => p.getAttribute('aria-label'))).toEqual(['カードリーダー未接続', 'カメラなし', 'プリンター未設定']);
    expect(problems.map((p) => p.textContent)).toEqual(['リーダー✕', 'カメラ✕', 'プリンター✕']);
    await user.click(screen.getByTestId('device-status'));
    expect(await screen.findByTestId('screen-settings')).toBeTruthy();
  });

  it('When this PC has no camera but QR codes are read with a scanner (camera not chosen), then the header says nothing about a camera', async () => {
    const { fake } = renderApp({
      preferences: { cameraEnabled: false, cameraDeviceId: null },
      status: {
        staff: fakeStaff('cashier'),
        devices: [{ id: 'scanner-1', kind: 'scanner', name: 'Honeywell', transport: 'hid', state: 'connected', reason: null }],
      },
    });
    await screen.findByTestId('screen-home');
    // jsdom has no navigator.mediaDevices: no camera on this "PC", and nobody uses one.
    const status = screen.getByTestId('device-status');
    expect(status.getAttribute('data-state')).toBe('ok');
    expect(status.getAttribute('data-problems')).toBe('');
    expect(status.textContent).toBe('機器OK');
    // Not even a camera the core lists as disconnected, while the camera is not the chosen input.
    act(() =>
      fake.setStatus({
        devices: [
          { id: 'scanner-1', kind: 'scanner', name: 'Honeywell', transport: 'hid', state: 'connected', reason: null },
          { id: 'camera-1', kind: 'camera', name: 'USB camera', transport: 'camera', state: 'disconnected', reason: 'unplugged' },
        ],
      }),
    );
    expect(screen.getByTestId('device-status').getAttribute('data-problems')).toBe('');
    expect(screen.queryByTestId('device-problem')).toBeNull();
  });

  it('When a camera is picked in Settings (the chosen input) and this PC has none, then the header shows カメラ✕', async () => {
    renderApp({
      preferences: { cameraEnabled: false, cameraDeviceId: 'usb-cam-1' },
      status: {
        staff: fakeStaff('cashier'),
        devices: [{ id: 'scanner-1', kind: 'scanner', name: 'Honeywell', transport: 'hid', state: 'connected', reason: null }],
      },
    });
    await screen.findByTestId('screen-home');
    const problem = within(screen.getByTestId('device-status')).getByTestId('device-problem');
    expect(problem.getAttribute('data-kind')).toBe('camera');
    expect(problem.textContent).toBe('カメラ✕');
  });

  it('When every screen opens, then 戻る and メニュー are visible (not on the menu itself), and メニュー goes home', async () => {
    const { user } = renderApp({ route: 'history', status: { staff: fakeStaff('manager') } });
    await screen.findByTestId('screen-history');
    expect(screen.getByTestId('back-button').textContent).toContain('戻る');
    await user.click(screen.getByTestId('menu-button'));
    await screen.findByTestId('screen-home');
    expect(screen.queryByTestId('back-button')).toBeNull();
    for (const route of ['sync', 'settings', 'lookup', 'charge', 'migrate', 'close'] as const) {
      await user.click(screen.getByTestId(`nav-${route}`));
      await screen.findByTestId(`screen-${route}`);
      expect(screen.getByTestId('back-button')).toBeTruthy();
      await user.click(screen.getByTestId('back-button'));
      await screen.findByTestId('screen-home');
    }
  });
});

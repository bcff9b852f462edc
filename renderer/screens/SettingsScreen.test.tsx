// @vitest-environment jsdom
import { cleanup, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeStaff } from '../bridge/fake';
import { renderApp } from '../test-support/render-app';

afterEach(cleanup);

describe('settings (設定)', () => {
  it('When Settings opens, then it is in three tabs (each fits the screen) and the devices tab lists what the core sees', async () => {
    const { user } = renderApp({
      route: 'settings',
      status: { staff: fakeStaff('manager'), devices: [{ id: 'reader-1', kind: 'card_reader', name: 'PaSoRi', transport: 'hid', state: 'disconnected', reason: 'unplugged' }] },
    });
    await screen.findByTestId('screen-settings');
    expect(screen.getByTestId('settings-tab-display').getAttribute('aria-selected')).toBe('true');
    expect(screen.getByTestId('settings-idle-lock')).toBeTruthy();
    expect(screen.queryByTestId('settings-devices')).toBeNull();

    await user.click(screen.getByTestId('settings-tab-terminal'));
    expect(screen.getByTestId('settings-terminal-id').textContent).toBe('term-1');

    await user.click(screen.getByTestId('settings-tab-devices'));
    const device = within(screen.getByTestId('settings-devices')).getByTestId('device');
    expect(device.getAttribute('data-state')).toBe('disconnected');
    expect(screen.getByTestId('test-scan-area')).toBeTruthy();
    expect(screen.getByTestId('scanner-note')).toBeTruthy();
  });
});

// @vitest-environment jsdom
import { act, cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeStaff } from '../bridge/fake';
import { renderApp } from '../test-support/render-app';

afterEach(cleanup);

describe('the receipt printer in the header (R29)', () => {
  it('R29: When the printer runs out of paper, then the header warns 用紙切れ at once; a roll near its end is a soft notice; no printer says nothing', async () => {
    const { fake } = renderApp({ status: { staff: fakeStaff('cashier'), printer: { state: 'not_configured', paperNearEnd: false, checkedAt: null } } });
    await screen.findByTestId('screen-home');
    expect(screen.queryByTestId('header-printer-warning')).toBeNull();
    expect(screen.queryByTestId('header-printer-notice')).toBeNull();

    act(() => fake.setStatus({ printer: { state: 'paper_out', paperNearEnd: false, checkedAt: '2026-12-01T05:00:00.000Z' } }));
    const warning = screen.getByTestId('header-printer-warning');
    expect(warning.textContent).toContain('用紙切れ');
    expect(warning.getAttribute('data-state')).toBe('paper_out');
    expect(warning.getAttribute('title')).toContain('用紙を補充');

    act(() => fake.setStatus({ printer: { state: 'cover_open', paperNearEnd: false, checkedAt: '2026-12-01T05:01:00.000Z' } }));
    expect(screen.getByTestId('header-printer-warning').textContent).toContain('カバー開');

    act(() => fake.setStatus({ printer: { state: 'ready', paperNearEnd: true, checkedAt: '2026-12-01T05:02:00.000Z' } }));
    expect(screen.queryByTestId('header-printer-warning')).toBeNull();
    expect(screen.getByTestId('header-printer-notice').textContent).toContain('用紙残りわずか');

    act(() => fake.setStatus({ printer: { state: 'ready', paperNearEnd: false, checkedAt: '2026-12-01T05:03:00.000Z' } }));
    expect(screen.queryByTestId('header-printer-notice')).toBeNull();
  });

  it('R29: When English is on and the printer cannot be reached, then the header says so in English', async () => {
    renderApp({ language: 'en', status: { staff: fakeStaff('cashier'), printer: { state: 'unreachable', paperNearEnd: false, checkedAt: null } } });
    expect((await screen.findByTestId('header-printer-warning')).textContent).toContain('Printer ✕');
  });
});

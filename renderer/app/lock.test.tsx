// @vitest-environment jsdom
import { act, cleanup, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { LIMITS } from '../../common/limits';
import { fakeStaff } from '../bridge/fake';
import { cpmTokenText, r6Approved } from '../test-support/fixtures';
import { renderApp } from '../test-support/render-app';
import { createManualTimers } from '../hooks/timers';

afterEach(cleanup);

const TOKEN = cpmTokenText();

describe('idle lock and staff switch (issue 10)', () => {
  it('When nobody touches the terminal for the idle time, then it locks, the sale underneath keeps its amount, and a scan meanwhile pays nothing', async () => {
    const timers = createManualTimers();
    const { fake, user } = renderApp({ route: 'pay', status: { staff: fakeStaff('cashier', '山田') }, timers });
    await screen.findByTestId('screen-pay');
    await user.click(screen.getByTestId('keypad-1'));
    await user.click(screen.getByTestId('keypad-2'));
    await user.click(screen.getByTestId('keypad-enter'));
    await screen.findByTestId('scan-prompt');

    act(() => timers.advance(LIMITS.idleLockMsDefault - 1));
    expect(screen.queryByTestId('idle-lock')).toBeNull();
    act(() => timers.advance(1));
    const overlay = await screen.findByTestId('idle-lock');
    expect(overlay.getAttribute('data-reason')).toBe('idle');
    expect(within(overlay).getByText('山田さんが操作中でした')).toBeTruthy();
    expect(within(overlay).queryByTestId('lock-cancel')).toBeNull();

    // Locked: a scan does not pay, Escape does not leave the sale.
    act(() => fake.emit({ type: 'scan', text: TOKEN, source: 'hid-pos', at: '2024-06-01T01:00:00Z' }));
    await user.keyboard('{Escape}');
    expect(fake.inputsOf('pay')).toHaveLength(0);

    // Another cashier signs in on the overlay: the sale is still waiting for the scan.
    fake.handle('login', () => {
      fake.status = { ...fake.status, staff: fakeStaff('cashier', '佐藤') };
      return { ok: true, staff: fakeStaff('cashier', '佐藤') };
    });
    fake.handle('pay', () => ({ ok: true, payment: { ...r6Approved(), amountYen: 12 } }));
    await user.type(within(overlay).getByTestId('lock-staff-code'), 'S-2');
    await user.type(within(overlay).getByTestId('lock-pin'), '1234');
    await user.click(within(overlay).getByTestId('lock-submit'));
    await waitFor(() => expect(screen.queryByTestId('idle-lock')).toBeNull());
    expect(screen.getByTestId('header-staff').textContent).toContain('佐藤');
    expect(screen.getByTestId('payment-flow').getAttribute('data-state')).toBe('scanning');
    expect(screen.getByTestId('amount-display').textContent).toBe('¥12');
    act(() => fake.emit({ type: 'scan', text: TOKEN, source: 'hid-pos', at: '2024-06-01T01:00:05Z' }));
    await screen.findByTestId('payment-approved');
    expect(fake.inputsOf('pay')).toEqual([{ amountYen: 12, credential: { type: 'cpm', token: TOKEN } }]);
  });

  it('When the cashier keeps working, then the idle timer starts again and nothing locks', async () => {
    const timers = createManualTimers();
    const { user } = renderApp({ route: 'pay', status: { staff: fakeStaff('cashier') }, timers, preferences: { idleLockMs: 60_000 } });
    await screen.findByTestId('screen-pay');
    act(() => timers.advance(50_000));
    await user.click(screen.getByTestId('keypad-3'));
    act(() => timers.advance(50_000));
    expect(screen.queryByTestId('idle-lock')).toBeNull();
    act(() => timers.advance(10_000));
    expect(await screen.findByTestId('idle-lock')).toBeTruthy();
  });

  it('When スタッフ切替 is tapped mid-sale, then the overlay opens at once and やめる returns to the same sale', async () => {
    const { user } = renderApp({ route: 'pay', status: { staff: fakeStaff('cashier', '山田') } });
    await screen.findByTestId('screen-pay');
    await user.click(screen.getByTestId('keypad-7'));
    await user.click(screen.getByTestId('switch-staff'));
    const overlay = await screen.findByTestId('idle-lock');
    expect(overlay.getAttribute('data-reason')).toBe('switch');
    await user.click(within(overlay).getByTestId('lock-cancel'));
    expect(screen.queryByTestId('idle-lock')).toBeNull();
    expect(screen.getByTestId('amount-display').textContent).toBe('¥7');
  });

  it('When a manager sets the idle time in Settings, then it is kept within 30 s…60 min; other roles cannot change it', async () => {
    const { user, services } = renderApp({ route: 'settings', status: { staff: fakeStaff('manager') } });
    const select = (await screen.findByTestId('settings-idle-lock')) as HTMLSelectElement;
    expect(select.disabled).toBe(false);
    expect(select.value).toBe(String(LIMITS.idleLockMsDefault));
    await user.selectOptions(select, String(30_000));
    expect(services.preferences.get().idleLockMs).toBe(30_000);
    services.preferences.set({ idleLockMs: 5 });
    expect(services.preferences.get().idleLockMs).toBe(LIMITS.idleLockMsMin);
    cleanup();

    renderApp({ route: 'settings', status: { staff: fakeStaff('cashier') } });
    expect(((await screen.findByTestId('settings-idle-lock')) as HTMLSelectElement).disabled).toBe(true);
  });
});

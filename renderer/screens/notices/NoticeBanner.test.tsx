// @vitest-environment jsdom
import { act, cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { MpmNoticeView } from '../../../common/terminal-api';
import { fakeStaff } from '../../bridge/fake';
import { beep } from '../../feedback/beep';
import { createManualTimers } from '../../hooks/timers';
import { renderApp } from '../../test-support/render-app';

vi.mock('../../feedback/beep', () => ({ beep: vi.fn() }));

afterEach(() => {
  cleanup();
  vi.mocked(beep).mockClear();
});

function notice(overrides: Partial<MpmNoticeView> = {}): MpmNoticeView {
  return { seq: 1, source: 'static', amountYen: 1_234, points: null, occurredAt: '2024-06-01T01:00:00.000Z', ownRegister: true, ...overrides };
}

describe('入金通知 (R28)', () => {
  it('R28: When a customer pays the store QR, then a 入金通知 banner with the amount shows over any screen with its own tone, and goes after a while', async () => {
    const timers = createManualTimers();
    const { fake } = renderApp({ route: 'history', status: { staff: fakeStaff('cashier') }, timers });
    fake.handle('history', () => ({ ok: true, lines: [] }));
    await screen.findByTestId('screen-history');
    act(() => fake.emit({ type: 'mpm_notices', notices: [notice()] }));

    const banner = await screen.findByRole('status', { name: '入金通知' });
    expect(banner.getAttribute('data-testid')).toBe('notice-banner');
    expect(screen.getByTestId('notice-banner-text').textContent).toBe('入金通知 ¥1,234');
    expect(beep).toHaveBeenCalledWith('notice');
    expect(beep).not.toHaveBeenCalledWith('success');

    act(() => timers.advance(15_000));
    expect(screen.queryByTestId('notice-banner')).toBeNull();
  });

  it('R28: When several notices arrive at once (after an outage), then one banner says how many and the total; another register’s is marked so', async () => {
    const { fake, user } = renderApp({ status: { staff: fakeStaff('cashier') } });
    await screen.findByTestId('nav-pay');
    act(() => fake.emit({ type: 'mpm_notices', notices: [notice({ seq: 1, amountYen: 1_000 }), notice({ seq: 2, amountYen: 500, ownRegister: false })] }));
    expect((await screen.findByTestId('notice-banner-text')).textContent).toBe('入金通知 2件 合計 ¥1,500');
    act(() => fake.emit({ type: 'mpm_notices', notices: [notice({ seq: 3, amountYen: 300, ownRegister: false })] }));
    expect(screen.getByTestId('notice-banner-text').textContent).toBe('入金通知 ¥300 ほかのレジ');
    expect(vi.mocked(beep).mock.calls).toEqual([['notice'], ['notice']]);
    await user.click(screen.getByRole('button', { name: '閉じる' }));
    expect(screen.queryByTestId('notice-banner')).toBeNull();
  });

  it('R28: When the sound is off, then the banner still shows, silently', async () => {
    const { fake } = renderApp({ status: { staff: fakeStaff('cashier') }, preferences: { soundEnabled: false } });
    await screen.findByTestId('nav-pay');
    act(() => fake.emit({ type: 'mpm_notices', notices: [notice({ points: 500, amountYen: null, source: 'dynamic' })] }));
    expect((await screen.findByTestId('notice-banner-text')).textContent).toBe('入金通知 500 pt');
    expect(beep).not.toHaveBeenCalled();
  });
});

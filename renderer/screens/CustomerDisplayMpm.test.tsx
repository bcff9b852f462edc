// @vitest-environment jsdom
import { act, cleanup, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { createManualClock } from '../hooks/clock';
import { createManualTimers } from '../hooks/timers';
import { renderApp } from '../test-support/render-app';

afterEach(cleanup);

const QR = 'KPM1.k1.d.mpm-1.merchant-1.y2n.abc.def.sig';

describe('customer-facing display: MPM and KumaPo (R28, R23)', () => {
  it('R28: When the register shows a QR, then the customer sees it as an image with its name, the amount and a countdown from the clock; then お支払い完了', async () => {
    const clock = createManualClock(Date.parse('2024-06-01T01:00:00.000Z'));
    const timers = createManualTimers();
    const { fake } = renderApp({
      route: 'customer-display',
      status: { staff: null },
      clock,
      timers,
      setup: (f) => {
        f.customerView = { screen: 'mpm', amountYen: 1_234, qr: QR, expiresAt: '2024-06-01T01:05:00.000Z' };
      },
    });
    const qr = await screen.findByRole('img', { name: 'お支払い用QRコード（アプリで読み取ってください）' });
    expect(qr.getAttribute('data-token')).toBe(QR);
    expect(screen.getByTestId('cd-amount').textContent).toBe('¥1,234');
    expect(screen.getByRole('timer').textContent).toBe('残り 5:00');
    // The view arrives from the bridge outside act(), so the countdown's first tick is armed by
    // a passive effect React runs a moment later; advancing before then moves nothing (seen in CI).
    await waitFor(() => expect(timers.pending()).toBe(1));
    act(() => {
      clock.advance(61_000);
      timers.advance(61_000);
    });
    expect(screen.getByRole('timer').textContent).toBe('残り 3:59');

    act(() => fake.emit({ type: 'customer_display', view: { screen: 'mpm_paid', amountYen: 1_234, balanceAfterYen: 3_766, pointsAfter: null } }));
    const display = screen.getByTestId('customer-display');
    expect(display.getAttribute('data-screen')).toBe('mpm_paid');
    expect(display.textContent).toContain('お支払い完了');
    expect(screen.getByTestId('cd-balance-after').textContent).toBe('¥3,766');

    act(() => fake.emit({ type: 'customer_display', view: { screen: 'mpm_expired' } }));
    expect(display.textContent).toContain('このQRコードは期限切れです');
  });

  it('R23: When the QR asks for points, or points were spent at the counter, then the customer reads points, never yen', async () => {
    const { fake } = renderApp({
      route: 'customer-display',
      status: { staff: null },
      setup: (f) => {
        f.customerView = { screen: 'mpm', amountYen: 0, points: 500, qr: QR, expiresAt: '2024-06-01T01:05:00.000Z' };
      },
    });
    expect((await screen.findByTestId('cd-points')).textContent).toBe('500 pt');
    expect(screen.queryByTestId('cd-amount')).toBeNull();
    act(() => fake.emit({ type: 'customer_display', view: { screen: 'points_spent', points: 1_200, pointsAfter: 3_800, pointsExpiresAt: '2025-06-01T14:59:59.999Z' } }));
    expect(screen.getByTestId('cd-points').textContent).toBe('1,200 pt');
    expect(screen.getByTestId('cd-points-after').textContent).toBe('3,800 pt');
    expect(screen.getByTestId('customer-display').textContent).toContain('2025/06/01まで有効');
  });
});

// @vitest-environment jsdom
import { act, cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { renderApp } from '../test-support/render-app';

afterEach(cleanup);

describe('customer-facing display (#/customer-display)', () => {
  it('When it opens, then it needs no staff sign-in and shows what the core says now; each customer_display event replaces it', async () => {
    const { fake } = renderApp({
      route: 'customer-display',
      status: { staff: null },
      setup: (f) => {
        f.customerView = { screen: 'amount', purpose: 'payment', amountYen: 1_280 };
      },
    });
    const display = await screen.findByTestId('customer-display');
    expect(await screen.findByTestId('cd-amount')).toBeTruthy();
    expect(display.getAttribute('data-screen')).toBe('amount');
    expect(screen.getByTestId('cd-amount').textContent).toBe('¥1,280');
    expect(display.textContent).toContain('お支払い金額');
    expect(screen.queryByTestId('screen-login')).toBeNull();
    expect(fake.inputsOf('getCustomerDisplay')).toHaveLength(1);

    act(() => fake.emit({ type: 'customer_display', view: { screen: 'approved', amountYen: 1_000, cashYen: 280, balanceAfterYen: 4_000, usableHereYen: 3_000 } }));
    expect(display.textContent).toContain('ありがとうございました');
    expect(screen.getByTestId('cd-cash').textContent).toBe('¥280');
    expect(screen.getByTestId('cd-balance-after').textContent).toBe('¥4,000');
    expect(screen.getByTestId('cd-usable-here').textContent).toBe('¥3,000');

    act(() => fake.emit({ type: 'customer_display', view: { screen: 'mpm', amountYen: 500, qr: 'KPM1.abc', expiresAt: '2026-12-01T05:10:00.000Z' } }));
    expect(screen.getByTestId('cd-mpm-qr').getAttribute('data-qr')).toBe('KPM1.abc');
    expect(display.textContent).toContain('2026/12/01 14:10まで有効');

    act(() => fake.emit({ type: 'customer_display', view: { screen: 'welcome' } }));
    expect(display.textContent).toContain('いらっしゃいませ');
  });
});

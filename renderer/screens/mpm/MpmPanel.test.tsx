// @vitest-environment jsdom
import { act, cleanup, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { MpmRequestView } from '../../../common/terminal-api';
import { fakeStaff } from '../../bridge/fake';
import { failure } from '../../bridge/host-error';
import { beep } from '../../feedback/beep';
import { createManualClock } from '../../hooks/clock';
import { createManualTimers } from '../../hooks/timers';
import { renderApp } from '../../test-support/render-app';

vi.mock('../../feedback/beep', () => ({ beep: vi.fn() }));

afterEach(() => {
  cleanup();
  vi.mocked(beep).mockClear();
});

const START_MS = Date.parse('2024-06-01T01:00:00.000Z');

function pending(overrides: Partial<MpmRequestView> = {}): MpmRequestView {
  return {
    requestId: 'mpm-1',
    clientTxnId: '0b0c7d1e-1111-4a4a-8b8b-000000000021',
    shortNo: '0001-000021',
    qr: 'KPM1.k1.d.mpm-1.merchant-1.y2n.abc.def.sig',
    expiresAt: '2024-06-01T01:05:00.000Z',
    amountYen: 1_234,
    points: null,
    status: 'pending',
    payment: null,
    spend: null,
    watching: true,
    ...overrides,
  };
}

function paid(): MpmRequestView {
  return pending({
    status: 'paid',
    watching: false,
    payment: {
      clientTxnId: 'mpm:request:mpm-1',
      paymentId: 'pay-9',
      shortNo: '0001-000021',
      cashYen: 0,
      amountYen: 1_234,
      offline: false,
      allocations: [],
      balanceAfter: { totalYen: 3_766, lots: [] },
      occurredAt: '2024-06-01T01:01:00.000Z',
      slipId: null,
    },
  });
}

async function showQr(options: { connectivity?: 'online' | 'offline' } = {}) {
  const clock = createManualClock(START_MS);
  const timers = createManualTimers();
  const view = renderApp({ route: 'pay', status: { staff: fakeStaff('cashier'), connectivity: options.connectivity ?? 'online' }, clock, timers });
  view.fake.handle('mpmCreate', () => ({ ok: true, request: pending() }));
  view.fake.handle('mpmWithdraw', () => ({ ok: true, request: pending({ status: 'withdrawn', watching: false }) }));
  await screen.findByTestId('screen-pay');
  for (const digit of '1234') await view.user.click(screen.getByTestId(`keypad-${digit}`));
  await view.user.click(screen.getByTestId('keypad-enter'));
  await screen.findByTestId('scan-prompt');
  return { ...view, clock, timers };
}

describe('QRを表示 (R28, dynamic MPM at the counter)', () => {
  it('R28: When the cashier shows the QR, then both screens show it with the amount and a countdown that follows the clock; when paid both say お支払い完了 with the success tone', async () => {
    const { fake, user, clock, timers } = await showQr();
    await user.click(screen.getByRole('button', { name: 'QRを表示' }));

    const panel = await screen.findByTestId('mpm-panel');
    await within(panel).findByRole('img', { name: 'お支払い用QRコード' });
    expect(fake.inputsOf('mpmCreate')).toEqual([{ amountYen: 1_234 }]);
    expect(within(panel).getByTestId('mpm-amount').textContent).toBe('¥1,234');
    expect(within(panel).getByRole('timer').textContent).toBe('残り 5:00');
    expect(fake.customerView).toEqual({ screen: 'mpm', amountYen: 1_234, qr: pending().qr, expiresAt: pending().expiresAt });
    // The request comes back from the bridge outside act(), so the countdown's first tick is
    // armed by a passive effect a moment later (beside the idle lock's); wait for both.
    await waitFor(() => expect(timers.pending()).toBe(2));

    act(() => {
      clock.advance(28_000);
      timers.advance(28_000);
    });
    expect(within(panel).getByRole('timer').textContent).toBe('残り 4:32');

    act(() => fake.emit({ type: 'mpm_request', request: paid() }));
    const done = await screen.findByTestId('mpm-paid');
    expect(within(done).getByText('お支払い完了')).toBeTruthy();
    expect(within(done).getByTestId('mpm-balance-after').textContent).toContain('¥3,766');
    expect(fake.customerView).toEqual({ screen: 'mpm_paid', amountYen: 1_234, balanceAfterYen: 3_766, pointsAfter: null });
    expect(beep).toHaveBeenCalledWith('success');
    // Done: nothing is withdrawn on the way to the next sale.
    await user.click(screen.getByTestId('mpm-next'));
    await screen.findByTestId('keypad-enter');
    expect(fake.inputsOf('mpmWithdraw')).toHaveLength(0);
  });

  it('R28: When an event about another request arrives, then the QR on screen stays as it is', async () => {
    const { fake, user } = await showQr();
    await user.click(screen.getByRole('button', { name: 'QRを表示' }));
    await screen.findByRole('timer');
    act(() => fake.emit({ type: 'mpm_request', request: { ...paid(), requestId: 'mpm-other' } }));
    expect(screen.getByTestId('mpm-panel').getAttribute('data-state')).toBe('showing');
  });

  it('R28: When the cashier presses 取り下げ, then the request is withdrawn and the customer display goes back to the welcome', async () => {
    const { fake, user } = await showQr();
    await user.click(screen.getByRole('button', { name: 'QRを表示' }));
    await user.click(await screen.findByRole('button', { name: '取り下げ' }));
    expect((await screen.findByTestId('mpm-withdrawn')).textContent).toContain('QRコードを取り下げました');
    expect(fake.inputsOf('mpmWithdraw')).toEqual([{ requestId: 'mpm-1' }]);
    expect(fake.customerView).toEqual({ screen: 'welcome' });
  });

  it('R28: When the customer paid just before 取り下げ, then the answer is the payment (お支払い完了), never "withdrawn"', async () => {
    const { fake, user } = await showQr();
    fake.handle('mpmWithdraw', () => ({ ok: true, request: paid() }));
    await user.click(screen.getByRole('button', { name: 'QRを表示' }));
    await user.click(await screen.findByRole('button', { name: '取り下げ' }));
    await screen.findByTestId('mpm-paid');
  });

  it('R28: When the QR expires unpaid, then both screens say 期限切れ and a new QR is offered', async () => {
    const { fake, user } = await showQr();
    await user.click(screen.getByRole('button', { name: 'QRを表示' }));
    await screen.findByRole('timer');
    act(() => fake.emit({ type: 'mpm_request', request: pending({ status: 'expired', watching: false }) }));
    const expired = await screen.findByTestId('mpm-expired');
    expect(within(expired).getByText('期限切れ')).toBeTruthy();
    expect(fake.customerView).toEqual({ screen: 'mpm_expired' });
    expect(beep).toHaveBeenCalledWith('failure');
    await user.click(within(expired).getByRole('button', { name: '新しいQRを表示' }));
    await screen.findByRole('timer');
    expect(fake.inputsOf('mpmCreate')).toHaveLength(2);
  });

  it('R28: When the cashier leaves while the QR can still be paid, then it is withdrawn (no payable QR left behind)', async () => {
    const { fake, user } = await showQr();
    await user.click(screen.getByRole('button', { name: 'QRを表示' }));
    await screen.findByRole('timer');
    await user.keyboard('{Escape}');
    await screen.findByTestId('scan-prompt');
    expect(fake.inputsOf('mpmWithdraw')).toEqual([{ requestId: 'mpm-1' }]);
  });

  it('R28: When a QR from an earlier screen is still open, then it is withdrawn and a new one is made', async () => {
    const { fake, user } = await showQr();
    let calls = 0;
    fake.handle('mpmCreate', () => {
      calls += 1;
      return calls === 1 ? failure('invalid_request', 'still shown', { reason: 'mpm_request_open', requestId: 'mpm-0' }) : { ok: true, request: pending() };
    });
    await user.click(screen.getByRole('button', { name: 'QRを表示' }));
    await screen.findByRole('timer');
    expect(fake.inputsOf('mpmWithdraw')).toEqual([{ requestId: 'mpm-0' }]);
  });

  it('R28: When the terminal is offline, then QRを表示 cannot be pressed and the screen says why', async () => {
    const { fake } = await showQr({ connectivity: 'offline' });
    expect((screen.getByRole('button', { name: 'QRを表示' }) as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByTestId('mpm-offline').textContent).toContain('オフライン中はクマポ利用とQR表示（MPM）は使えません');
    expect(fake.inputsOf('mpmCreate')).toHaveLength(0);
  });

  it('R28: When the core refuses offline after all (the link just dropped), then the refusal is the same plain sentence', async () => {
    const { fake, user } = await showQr();
    fake.handle('mpmCreate', () => failure('offline_refused', 'needs the backend', { reason: 'online_only' }));
    await user.click(screen.getByRole('button', { name: 'QRを表示' }));
    expect((await screen.findByTestId('mpm-error')).textContent).toContain('オフライン中はクマポ利用とQR表示（MPM）は使えません');
  });
});

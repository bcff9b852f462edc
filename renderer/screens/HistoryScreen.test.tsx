// @vitest-environment jsdom
import { cleanup, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { HistoryLine } from '../../common/terminal-api';
import { failure } from '../bridge/host-error';
import { fakeStaff } from '../bridge/fake';
import { renderApp } from '../test-support/render-app';

afterEach(cleanup);

const HOUR_MS = 60 * 60 * 1000;

function line(overrides: Partial<HistoryLine>): HistoryLine {
  return {
    id: 'pay-1',
    clientTxnId: null,
    type: 'payment',
    occurredAt: new Date(Date.now() - HOUR_MS).toISOString(),
    amountYen: 7_000,
    bonusYen: 0,
    offline: false,
    state: 'synced',
    cancelled: false,
    allocations: [{ lotId: 'lot-c', kind: 'limited', campaignId: 'camp-2', amountYen: 7_000, expiresAt: '2024-06-30T14:59:59.999Z', label: '限定マネー②' }],
    ...overrides,
  };
}

describe('history (R25) and cancel (R14–R17)', () => {
  it('When the day is listed, then cancelled, unsent and rejected items are marked as such', async () => {
    const { fake } = renderApp({ route: 'history', status: { staff: fakeStaff('cashier') } });
    fake.handle('history', () => ({
      ok: true,
      lines: [line({ id: 'a', cancelled: true }), line({ id: 'b', state: 'pending', offline: true }), line({ id: 'c', state: 'rejected', offline: true })],
    }));
    const rows = await screen.findAllByTestId('history-line');
    expect(within(rows[0] as HTMLElement).getByTestId('badge-cancelled').textContent).toBe('取消済');
    expect(within(rows[1] as HTMLElement).getByTestId('badge-pending').textContent).toBe('未送信');
    expect(within(rows[2] as HTMLElement).getByTestId('badge-rejected').textContent).toBe('送信拒否');
  });

  it('When a cashier cancels a recent payment, then it is confirmed once, the refund is shown and the line becomes 取消済', async () => {
    const { fake, user } = renderApp({ route: 'history', status: { staff: fakeStaff('cashier') } });
    let cancelled = false;
    fake.handle('history', () => ({ ok: true, lines: [line({ cancelled })] }));
    fake.handle('cancel', () => {
      cancelled = true;
      return { ok: true, cancellationId: 'can-1', writtenOffYen: 500, refundYen: 6_500 };
    });
    await user.click(await screen.findByTestId('history-line'));
    const detail = await screen.findByTestId('history-detail');
    expect(within(detail).getByTestId('detail-breakdown').textContent).toContain('限定マネー②');
    await user.click(within(detail).getByTestId('cancel-transaction'));
    await user.click(within(detail).getByTestId('cancel-confirm'));

    expect((await screen.findByTestId('cancel-done')).textContent).toContain('¥6,500');
    expect(screen.getByTestId('cancel-written-off').textContent).toBe('期限切れのため失効した額：¥500');
    const row = await screen.findByTestId('history-line');
    expect((await within(row).findByTestId('badge-cancelled')).textContent).toBe('取消済');
    expect(fake.inputsOf('cancel')).toEqual([{ type: 'payment', id: 'pay-1' }]);
  });

  it('When the backend says the window has closed, then the cashier reads that it must be settled in cash', async () => {
    const { fake, user } = renderApp({ route: 'history', status: { staff: fakeStaff('manager') } });
    fake.handle('history', () => ({ ok: true, lines: [line({})] }));
    fake.handle('cancel', () => failure('cancel_window_closed', 'too late'));
    await user.click(await screen.findByTestId('history-line'));
    await user.click(screen.getByTestId('cancel-transaction'));
    await user.click(screen.getByTestId('cancel-confirm'));
    expect((await screen.findByTestId('cancel-error')).textContent).toContain('取消期限（8日間）を過ぎています');
  });

  it('When a payment is older than 192 hours, then no cancel button is offered and the reason is shown (R14)', async () => {
    const { fake, user } = renderApp({ route: 'history', status: { staff: fakeStaff('manager') } });
    fake.handle('history', () => ({ ok: true, lines: [line({ occurredAt: new Date(Date.now() - 193 * HOUR_MS).toISOString() })] }));
    await user.click(await screen.findByTestId('history-line'));
    expect(screen.queryByTestId('cancel-transaction')).toBeNull();
    expect(screen.getByTestId('cancel-blocked').getAttribute('data-reason')).toBe('window');
  });

  it('When a cashier opens a charge, then cancelling it is not offered (charges are for chargers and managers)', async () => {
    const { fake, user } = renderApp({ route: 'history', status: { staff: fakeStaff('cashier') } });
    fake.handle('history', () => ({ ok: true, lines: [line({ type: 'charge', id: 'ch-1', bonusYen: 100, allocations: [] })] }));
    await user.click(await screen.findByTestId('history-line'));
    expect(screen.getByTestId('cancel-blocked').getAttribute('data-reason')).toBe('role');
  });
});

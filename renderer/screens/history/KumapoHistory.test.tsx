// @vitest-environment jsdom
import { cleanup, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { HistoryLine } from '../../../common/terminal-api';
import { fakeStaff } from '../../bridge/fake';
import { renderApp } from '../../test-support/render-app';

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
    allocations: [],
    ...overrides,
  };
}

const SPEND = line({ id: 'spend-1', type: 'point_spend', amountYen: 0, points: 1_200, method: 'qr', shortNo: '0001-000031' });
const STATIC_MPM = line({ id: 'pay-7', amountYen: 1_234, method: 'mpm', mpmSource: 'static' });
const SHOWN_MPM = line({ id: 'pay-8', amountYen: 900, method: 'mpm', mpmSource: 'dynamic' });

describe('history with KumaPo and MPM (R25, R23, R28)', () => {
  it('R23/R25: When the day has a point spend, then it is listed in points (never yen) as クマポ利用', async () => {
    const { fake } = renderApp({ route: 'history', status: { staff: fakeStaff('cashier') } });
    fake.handle('history', () => ({ ok: true, lines: [SPEND, STATIC_MPM] }));
    const row = (await screen.findAllByTestId('history-line')).find((el) => el.getAttribute('data-type') === 'point_spend');
    if (!row) throw new Error('no point spend line');
    expect(within(row).getByTestId('line-amount').textContent).toBe('1,200 pt');
    expect(row.textContent).toContain('クマポ利用');
    expect(row.textContent).not.toContain('¥0');
  });

  it('R28: When the filter 入金通知 is chosen, then only the payments by this register’s store QR are listed', async () => {
    const { fake, user } = renderApp({ route: 'history', status: { staff: fakeStaff('cashier') } });
    fake.handle('history', () => ({ ok: true, lines: [SPEND, STATIC_MPM, SHOWN_MPM] }));
    await screen.findAllByTestId('history-line');
    await user.selectOptions(screen.getByTestId('history-filter-type'), '入金通知（店舗QR）');
    const rows = screen.getAllByTestId('history-line');
    expect(rows.map((r) => r.getAttribute('data-id'))).toEqual(['pay-7']);
    expect(within(rows[0] as HTMLElement).getByTestId('line-mpm-source').textContent).toBe('店舗QR');
    expect(within(rows[0] as HTMLElement).getByTestId('line-method').textContent).toBe('MPM');
  });

  it('R23/R31: When a cashier cancels a point spend, then a manager approves it like a payment cancel and the points back are shown', async () => {
    const { fake, user } = renderApp({ route: 'history', status: { staff: fakeStaff('cashier') } });
    fake.handle('history', () => ({ ok: true, lines: [SPEND] }));
    fake.handle('cancel', () => ({ ok: true, cancellationId: 'c-1', writtenOffYen: 0, refundYen: 0, pointsRestored: 1_200, pointsAfter: 5_000 }));
    await user.click(await screen.findByTestId('history-line'));
    const detail = await screen.findByTestId('history-detail');
    expect(within(detail).getByTestId('detail-amount').textContent).toBe('1,200 pt');
    await user.click(within(detail).getByTestId('cancel-button'));
    expect(within(detail).getByTestId('cancel-confirm-panel').textContent).toContain('1,200 ptのクマポ利用を取り消します');
    await user.click(within(detail).getByTestId('cancel-confirm'));
    const dialog = await screen.findByTestId('approval-dialog');
    await user.type(within(dialog).getByTestId('approval-code'), '9001');
    await user.type(within(dialog).getByTestId('approval-pin'), '1234{Enter}');
    const done = await screen.findByTestId('cancel-done');
    expect(within(done).getByTestId('cancel-points-restored').textContent).toBe('お客様のクマポに 1,200 pt を戻しました');
    expect(within(done).getByTestId('cancel-points-after').textContent).toBe('お客様の保有ポイント：5,000 pt');
    expect(fake.inputsOf('cancel')).toEqual([{ type: 'point_spend', id: 'spend-1', approval: { staffCode: '9001', pin: '1234' } }]);
  });
});

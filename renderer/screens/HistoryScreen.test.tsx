// @vitest-environment jsdom
import { cleanup, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { HistoryLine, SearchLine } from '../../common/terminal-api';
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

function searchLine(overrides: Partial<SearchLine>): SearchLine {
  return { ...line({}), terminalNo: 2, terminalName: '2番レジ', own: false, cancellable: true, ...overrides };
}

describe('history (R25)', () => {
  it('When the history opens, then the day shows as 2026/12/01 between ◀ 前の日 / 次の日 ▶ and 今日 (not a date field in the browser\'s locale), in both languages, and the buttons move it', async () => {
    const { fake, user } = renderApp({ route: 'history', status: { staff: fakeStaff('cashier'), businessDay: '2026-12-01' } });
    fake.handle('history', () => ({ ok: true, lines: [] }));
    const day = await screen.findByTestId('history-day');
    expect(day.tagName).not.toBe('INPUT');
    expect(day.textContent).toBe('2026/12/01');
    expect(day.getAttribute('data-day')).toBe('2026-12-01');
    expect((screen.getByTestId('history-next-day') as HTMLButtonElement).disabled).toBe(true);
    expect((screen.getByTestId('history-today') as HTMLButtonElement).disabled).toBe(true);

    await user.click(screen.getByTestId('history-prev-day'));
    expect(screen.getByTestId('history-day').textContent).toBe('2026/11/30');
    expect(screen.getByTestId('history-day').getAttribute('data-day')).toBe('2026-11-30');
    expect(fake.inputsOf('history').at(-1)).toEqual({ businessDay: '2026-11-30' });
    await user.click(screen.getByTestId('language-toggle'));
    expect(screen.getByTestId('history-day').textContent).toBe('2026/11/30');
    await user.click(screen.getByTestId('history-next-day'));
    expect(screen.getByTestId('history-day').textContent).toBe('2026/12/01');
    await user.click(screen.getByTestId('history-prev-day'));
    await user.click(screen.getByTestId('history-prev-day'));
    expect(screen.getByTestId('history-day').textContent).toBe('2026/11/29');
    await user.click(screen.getByTestId('history-today'));
    expect(screen.getByTestId('history-day').getAttribute('data-day')).toBe('2026-12-01');
  });

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

  it('When a line is listed, then it shows its short number, time, type, amount, method and staff; a split sale shows both parts and a migration what moved', async () => {
    const { fake } = renderApp({ route: 'history', status: { staff: fakeStaff('cashier') } });
    fake.handle('history', () => ({
      ok: true,
      lines: [
        line({ id: 'p', shortNo: '0001-000123', occurredAt: '2026-12-01T05:05:00.000Z', amountYen: 5_000, cashYen: 1_200, method: 'qr', staffName: '山田 花子' }),
        line({ id: 'm', type: 'migration', shortNo: '0001-000122', occurredAt: '2026-12-01T04:00:00.000Z', amountYen: 3_000, method: 'card', staffName: '佐藤' }),
        line({ id: 'q', shortNo: '0001-000121', method: 'mpm', amountYen: 800 }),
      ],
    }));
    const rows = await screen.findAllByTestId('history-line');
    const [split, migration, mpm] = rows as [HTMLElement, HTMLElement, HTMLElement];
    expect(split.getAttribute('data-short-no')).toBe('0001-000123');
    expect(within(split).getByTestId('line-short-no').textContent).toBe('0001-000123');
    expect(within(split).getByTestId('line-time').textContent).toBe('2026/12/01 14:05');
    expect(split.textContent).toContain('お支払い');
    expect(within(split).getByTestId('line-method').textContent).toBe('QR');
    expect(within(split).getByTestId('line-staff').textContent).toBe('山田 花子');
    expect(within(split).getByTestId('line-split').textContent).toBe('KumaPAY ¥5,000 + 現金 ¥1,200');
    expect(migration.textContent).toContain('残高移行');
    expect(within(migration).getByTestId('line-method').textContent).toBe('カード');
    expect(within(migration).getByTestId('line-migrated').textContent).toBe('移行額 ¥3,000');
    expect(within(mpm).getByTestId('line-method').textContent).toBe('MPM');
  });

  it('When English is on, then the line reads in English with the same number and time format', async () => {
    const { fake } = renderApp({ route: 'history', language: 'en', status: { staff: fakeStaff('cashier') } });
    fake.handle('history', () => ({ ok: true, lines: [line({ shortNo: '0001-000123', occurredAt: '2026-12-01T05:05:00.000Z', amountYen: 5_000, cashYen: 1_200, method: 'card' })] }));
    const row = await screen.findByTestId('history-line');
    expect(row.textContent).toContain('Payment');
    expect(within(row).getByTestId('line-method').textContent).toBe('Card');
    expect(within(row).getByTestId('line-time').textContent).toBe('2026/12/01 14:05');
    expect(within(row).getByTestId('line-split').textContent).toBe('KumaPAY ¥5,000 + cash ¥1,200');
  });

  it('When the cashier filters by type and by a typed amount, with the keyboard, then only matching lines stay', async () => {
    const { fake, user } = renderApp({ route: 'history', status: { staff: fakeStaff('cashier') } });
    fake.handle('history', () => ({
      ok: true,
      lines: [line({ id: 'p1', amountYen: 1_200 }), line({ id: 'c1', type: 'charge', amountYen: 3_000, allocations: [] }), line({ id: 'p2', amountYen: 500, cashYen: 700 })],
    }));
    expect(await screen.findAllByTestId('history-line')).toHaveLength(3);
    await user.selectOptions(screen.getByTestId('history-filter-type'), 'payment');
    expect(screen.getAllByTestId('history-line').map((row) => row.getAttribute('data-id'))).toEqual(['p1', 'p2']);
    // The whole split sale (¥500 + ¥700 cash) is found by its total too.
    await user.type(screen.getByTestId('history-filter-amount'), '1200');
    expect(screen.getAllByTestId('history-line').map((row) => row.getAttribute('data-id'))).toEqual(['p1', 'p2']);
    await user.clear(screen.getByTestId('history-filter-amount'));
    await user.type(screen.getByTestId('history-filter-amount'), '¥1,200');
    await user.selectOptions(screen.getByTestId('history-filter-type'), 'charge');
    expect(screen.queryAllByTestId('history-line')).toHaveLength(0);
    expect(screen.getByTestId('history-no-match').textContent).toBe('条件に合う取引はありません');
  });

  it('When a line is opened, then the detail shows the per-lot breakdown and who and how', async () => {
    const { fake, user } = renderApp({ route: 'history', status: { staff: fakeStaff('manager') } });
    fake.handle('history', () => ({ ok: true, lines: [line({ shortNo: '0001-000007', method: 'qr', staffName: '山田', cashYen: 300 })] }));
    await user.click(await screen.findByTestId('history-line'));
    const detail = await screen.findByTestId('history-detail');
    expect(within(detail).getByTestId('detail-breakdown').textContent).toContain('限定マネー②');
    expect(within(detail).getByTestId('detail-short-no').textContent).toContain('0001-000007');
    expect(within(detail).getByTestId('detail-staff').textContent).toContain('山田');
    expect(within(detail).getByTestId('detail-kumapay').textContent).toContain('¥7,000');
    expect(within(detail).getByTestId('detail-cash').textContent).toContain('¥300');
  });

  it('R2/R25: When the core names a past payment’s balances as configured now, then the detail shows those names; a balance with no known name shows a neutral word, never 限定マネー', async () => {
    const { fake, user } = renderApp({ route: 'history', status: { staff: fakeStaff('manager') } });
    const allocations: HistoryLine['allocations'] = [
      { lotId: 'lot-c', kind: 'limited', campaignId: 'camp-2', amountYen: 2_000, expiresAt: '2024-06-30T14:59:59.999Z', label: 'ふるさとクマPAYマネー' },
      { lotId: 'lot-x', kind: 'limited', campaignId: 'camp-9', amountYen: 1_000, expiresAt: '2024-07-31T14:59:59.999Z' },
      { lotId: 'lot-a', kind: 'charge', campaignId: null, amountYen: 500, expiresAt: '2024-12-31T14:59:59.999Z' },
    ];
    fake.handle('history', () => ({ ok: true, lines: [line({ amountYen: 3_500, allocations })] }));
    await user.click(await screen.findByTestId('history-line'));
    const detail = await screen.findByTestId('history-detail');
    const rows = within(within(detail).getByTestId('detail-breakdown')).getAllByTestId('lot-row');
    expect(rows.map((row) => row.textContent)).toEqual(['ふるさとクマPAYマネー¥2,000', 'キャンペーン残高¥1,000', 'チャージ残高¥500']);
    expect(detail.textContent).not.toMatch(/限定マネー|チャージマネー/);
  });
});

describe('cancel (R14–R17, R31, R32)', () => {
  it('When a manager cancels a recent payment, then it is confirmed once, no approval is asked, the refund is shown and the line becomes 取消済', async () => {
    const { fake, user } = renderApp({ route: 'history', status: { staff: fakeStaff('manager') } });
    let cancelled = false;
    fake.handle('history', () => ({ ok: true, lines: [line({ cancelled })] }));
    fake.handle('cancel', () => {
      cancelled = true;
      return { ok: true, cancellationId: 'can-1', writtenOffYen: 500, refundYen: 6_500 };
    });
    await user.click(await screen.findByTestId('history-line'));
    const detail = await screen.findByTestId('history-detail');
    await user.click(within(detail).getByTestId('cancel-button'));
    await user.click(within(detail).getByTestId('cancel-confirm'));

    expect((await screen.findByTestId('cancel-done')).textContent).toContain('¥6,500');
    expect(screen.getByTestId('cancel-written-off').textContent).toBe('期限切れのため失効した額：¥500');
    expect(screen.queryByTestId('approval-dialog')).toBeNull();
    const row = await screen.findByTestId('history-line');
    expect((await within(row).findByTestId('badge-cancelled')).textContent).toBe('取消済');
    expect(fake.inputsOf('cancel')).toEqual([{ type: 'payment', id: 'pay-1' }]);
  });

  it('When a cashier cancels, then a manager types code and PIN (masked) with the keyboard; a wrong PIN says so and can be retried', async () => {
    const { fake, user } = renderApp({ route: 'history', status: { staff: fakeStaff('cashier') } });
    fake.handle('history', () => ({ ok: true, lines: [line({})] }));
    fake.handle('cancel', (input) =>
      input.approval?.pin === '1234'
        ? { ok: true, cancellationId: 'can-1', writtenOffYen: 0, refundYen: 7_000 }
        : failure('approval_required', 'bad approval', { reason: 'invalid' }),
    );
    await user.click(await screen.findByTestId('history-line'));
    await user.click(screen.getByTestId('cancel-button'));
    await user.click(screen.getByTestId('cancel-confirm'));

    const dialog = await screen.findByTestId('approval-dialog');
    const code = within(dialog).getByTestId('approval-code');
    const pin = within(dialog).getByTestId('approval-pin') as HTMLInputElement;
    expect(document.activeElement).toBe(code);
    expect(pin.type).toBe('password');
    await user.keyboard('9001');
    await user.tab();
    expect(document.activeElement).toBe(pin);
    await user.keyboard('0000{Enter}');
    expect((await within(dialog).findByTestId('approval-error')).textContent).toBe('責任者コードまたは暗証番号が違います');
    expect(pin.value).toBe('');

    await user.click(pin);
    await user.keyboard('1234{Enter}');
    expect((await screen.findByTestId('cancel-done')).textContent).toContain('¥7,000');
    expect(screen.queryByTestId('approval-dialog')).toBeNull();
    expect(fake.inputsOf('cancel')).toEqual([
      { type: 'payment', id: 'pay-1', approval: { staffCode: '9001', pin: '0000' } },
      { type: 'payment', id: 'pay-1', approval: { staffCode: '9001', pin: '1234' } },
    ]);
  });

  it('When the manager is locked out after wrong PINs, then the dialog says for how many minutes and to call another manager', async () => {
    const { fake, user } = renderApp({ route: 'history', status: { staff: fakeStaff('cashier') } });
    fake.handle('history', () => ({ ok: true, lines: [line({})] }));
    fake.handle('cancel', () => failure('staff_locked', 'locked', { retryAfterSeconds: 290 }));
    await user.click(await screen.findByTestId('history-line'));
    await user.click(screen.getByTestId('cancel-button'));
    await user.click(screen.getByTestId('cancel-confirm'));
    await user.type(await screen.findByTestId('approval-code'), '9001');
    await user.type(screen.getByTestId('approval-pin'), '9999{Enter}');
    const error = await screen.findByTestId('approval-error');
    expect(error.textContent).toContain('5分間');
    expect(error.textContent).toContain('別の責任者を呼んでください');
  });

  it('When a split sale is cancelled, then a large reminder to hand back the cash part stays until acknowledged (R32)', async () => {
    const { fake, user } = renderApp({ route: 'history', status: { staff: fakeStaff('manager') } });
    fake.handle('history', () => ({ ok: true, lines: [line({ amountYen: 5_000, cashYen: 1_200 })] }));
    fake.handle('cancel', () => ({ ok: true, cancellationId: 'can-1', writtenOffYen: 0, refundYen: 5_000, cashToReturnYen: 1_200 }));
    await user.click(await screen.findByTestId('history-line'));
    await user.click(screen.getByTestId('cancel-button'));
    await user.click(screen.getByTestId('cancel-confirm'));

    const reminder = await screen.findByTestId('cash-return-reminder');
    expect(reminder.textContent).toContain('現金 ¥1,200 をお客様にお返しください');
    expect(screen.queryByTestId('cancel-done')).toBeNull();
    await user.keyboard('{Escape}');
    expect(screen.getByTestId('cash-return-reminder')).toBeTruthy();
    await user.keyboard('{Enter}');
    expect(screen.queryByTestId('cash-return-reminder')).toBeNull();
    expect((await screen.findByTestId('cancel-done')).textContent).toContain('¥5,000');
  });

  it('When a charge is cancelled, then the cash to hand back is shown', async () => {
    const { fake, user } = renderApp({ route: 'history', status: { staff: fakeStaff('manager') } });
    fake.handle('history', () => ({ ok: true, lines: [line({ type: 'charge', id: 'ch-1', amountYen: 3_000, bonusYen: 30, allocations: [] })] }));
    fake.handle('cancel', () => ({ ok: true, cancellationId: 'can-2', writtenOffYen: 0, refundYen: 3_000 }));
    await user.click(await screen.findByTestId('history-line'));
    await user.click(screen.getByTestId('cancel-button'));
    await user.click(screen.getByTestId('cancel-confirm'));
    expect((await screen.findByTestId('cancel-refund-cash')).textContent).toBe('お客様に現金 ¥3,000 をお返しください');
    expect(fake.inputsOf('cancel')).toEqual([{ type: 'charge', id: 'ch-1' }]);
  });

  it('When the backend says the window has closed, then the cashier reads that it must be settled in cash', async () => {
    const { fake, user } = renderApp({ route: 'history', status: { staff: fakeStaff('manager') } });
    fake.handle('history', () => ({ ok: true, lines: [line({})] }));
    fake.handle('cancel', () => failure('cancel_window_closed', 'too late'));
    await user.click(await screen.findByTestId('history-line'));
    await user.click(screen.getByTestId('cancel-button'));
    await user.click(screen.getByTestId('cancel-confirm'));
    expect((await screen.findByTestId('cancel-error')).textContent).toContain('取消期限（8日間）を過ぎています');
  });

  it('When a payment is older than 192 hours, then no cancel button is offered and the reason is shown (R14)', async () => {
    const { fake, user } = renderApp({ route: 'history', status: { staff: fakeStaff('manager') } });
    fake.handle('history', () => ({ ok: true, lines: [line({ occurredAt: new Date(Date.now() - 193 * HOUR_MS).toISOString() })] }));
    await user.click(await screen.findByTestId('history-line'));
    expect(screen.queryByTestId('cancel-button')).toBeNull();
    expect(screen.getByTestId('cancel-blocked').getAttribute('data-reason')).toBe('window');
  });

  it('When a cashier opens a charge, then cancelling it is not offered (charges are for chargers and managers, R31)', async () => {
    const { fake, user } = renderApp({ route: 'history', status: { staff: fakeStaff('cashier') } });
    fake.handle('history', () => ({ ok: true, lines: [line({ type: 'charge', id: 'ch-1', bonusYen: 100, allocations: [] })] }));
    await user.click(await screen.findByTestId('history-line'));
    expect(screen.getByTestId('cancel-blocked').getAttribute('data-reason')).toBe('role');
  });
});

describe('search of the shop’s last 8 days (R31)', () => {
  it('When a short number is searched, then results from any register show with their register, and one can be cancelled', async () => {
    const { fake, user } = renderApp({ route: 'history', status: { staff: fakeStaff('manager') } });
    let cancelled = false;
    fake.handle('history', () => ({ ok: true, lines: [] }));
    fake.handle('searchTransactions', () => ({
      ok: true,
      source: 'backend',
      lines: [searchLine({ id: 'pay-9', shortNo: '0002-000045', cancelled, cancellable: !cancelled })],
    }));
    fake.handle('cancel', () => {
      cancelled = true;
      return { ok: true, cancellationId: 'can-9', writtenOffYen: 0, refundYen: 7_000 };
    });
    await screen.findByTestId('history-empty');
    await user.type(screen.getByTestId('search-input'), '0002-000045{Enter}');
    const result = await screen.findByTestId('search-result');
    expect(fake.inputsOf('searchTransactions')).toEqual([{ q: '0002-000045' }]);
    expect(result.getAttribute('data-short-no')).toBe('0002-000045');
    expect(within(result).getByTestId('line-register').textContent).toBe('レジ 0002 2番レジ');
    expect(screen.queryByTestId('search-offline')).toBeNull();

    await user.click(result);
    await user.click(screen.getByTestId('cancel-button'));
    await user.click(screen.getByTestId('cancel-confirm'));
    await screen.findByTestId('cancel-done');
    expect(fake.inputsOf('cancel')).toEqual([{ type: 'payment', id: 'pay-9' }]);
    expect(await within(await screen.findByTestId('search-result')).findByTestId('badge-cancelled')).toBeTruthy();
  });

  it('When the search could only read this register’s journal (offline), then the screen says so', async () => {
    const { fake, user } = renderApp({ route: 'history', status: { staff: fakeStaff('cashier') } });
    fake.handle('history', () => ({ ok: true, lines: [] }));
    fake.handle('searchTransactions', () => ({ ok: true, source: 'journal', lines: [searchLine({ own: true, terminalNo: 1, terminalName: null })] }));
    await screen.findByTestId('history-empty');
    await user.type(screen.getByTestId('search-input'), '14:05{Enter}');
    expect((await screen.findByTestId('search-offline')).textContent).toBe('オフラインのため、このレジの取引のみ表示しています');
    expect(await screen.findAllByTestId('search-result')).toHaveLength(1);
    await user.click(screen.getByTestId('search-clear'));
    expect(screen.queryByTestId('search-result')).toBeNull();
    expect(screen.getByTestId('history-empty')).toBeTruthy();
  });
});

// @vitest-environment jsdom
import { cleanup, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { DailyReport } from '../../common/terminal-api';
import { fakeStaff, fakeStatus } from '../bridge/fake';
import { renderApp } from '../test-support/render-app';

afterEach(cleanup);

function report(overrides: Partial<DailyReport> = {}): DailyReport {
  return {
    businessDay: '2024-06-01',
    mode: 'check',
    closed: false,
    paymentsCount: 12,
    paymentsYen: 34_500,
    chargesCount: 3,
    chargesYen: 15_000,
    bonusYen: 150,
    cancelledCount: 1,
    cancelledYen: 700,
    cashCollectedYen: 15_000,
    limitedYen: 20_000,
    chargeMoneyYen: 14_500,
    offlinePendingCount: 0,
    differences: [],
    backendCompared: true,
    ...overrides,
  };
}

describe('daily close (R26)', () => {
  it('When 点検 is run, then the figures show and the terminal-vs-server differences are listed', async () => {
    const { fake, user } = renderApp({ route: 'close', status: { staff: fakeStaff('cashier') } });
    fake.handle('dailyReport', (input) => ({
      ok: true,
      report: report({ mode: input.mode, differences: [{ clientTxnId: 'c-9', type: 'payment', journalYen: 1_000, backendYen: null, difference: 'missing_on_backend' }] }),
    }));
    await user.click(await screen.findByTestId('report-check'));

    const shown = await screen.findByTestId('report');
    expect(within(shown).getByTestId('report-payments').textContent).toBe('お支払い12件¥34,500');
    expect(within(shown).getByTestId('report-cash').textContent).toBe('チャージ現金¥15,000');
    const differences = within(shown).getAllByTestId('difference-row');
    expect(differences.map((row) => row.textContent)).toEqual(['payment c-9¥1,000—サーバーにない']);
    expect(fake.inputsOf('dailyReport')[0]?.mode).toBe('check');
  });

  it('When 精算 is chosen online with nothing unsent, then it asks once and closes the day', async () => {
    const { fake, user } = renderApp({ route: 'close', status: { staff: fakeStaff('manager') } });
    fake.handle('dailyReport', (input) => ({ ok: true, report: report({ mode: input.mode, closed: input.mode === 'close' }) }));
    await user.click(await screen.findByTestId('report-close'));
    await user.click(await screen.findByTestId('report-close-confirm'));
    expect((await screen.findByTestId('report')).getAttribute('data-closed')).toBe('true');
    expect(fake.inputsOf('dailyReport').map((input) => input.mode)).toEqual(['close']);
  });

  it('When offline items are still unsent, then 精算 is not possible and the screen says to send them first', async () => {
    const queue = { ...fakeStatus().queue, pendingCount: 2, pendingYen: 3_000 };
    renderApp({ route: 'close', status: { staff: fakeStaff('manager'), queue } });
    expect(((await screen.findByTestId('report-close')) as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByTestId('report-close-help').textContent).toBe('未送信の取引が2件あります。先に送信してください');
  });

  it('When 点検 ran without the backend, then it says the comparison was not made rather than "no differences"', async () => {
    const { fake, user } = renderApp({ route: 'close', status: { staff: fakeStaff('cashier'), connectivity: 'offline' } });
    fake.handle('dailyReport', () => ({ ok: true, report: report({ backendCompared: false }) }));
    await user.click(await screen.findByTestId('report-check'));
    expect((await screen.findByTestId('report-not-compared')).textContent).toContain('照合できませんでした');
    expect(screen.queryByText('差異はありません')).toBeNull();
  });
});

describe('who may close the day (R26)', () => {
  it('When a cashier opens 点検・精算, then 点検 is there but 精算 is not offered', async () => {
    renderApp({ route: 'close', status: { staff: fakeStaff('cashier') } });
    expect(await screen.findByTestId('report-check')).toBeTruthy();
    expect(screen.queryByTestId('report-close')).toBeNull();
  });
});

// @vitest-environment jsdom
import { act, cleanup, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { DailyReport } from '../../../common/terminal-api';
import { fakePrintJob, fakeStaff } from '../../bridge/fake';
import { renderApp } from '../../test-support/render-app';

afterEach(cleanup);

const DAY = '2026-12-01';

function report(overrides: Partial<DailyReport>): DailyReport {
  return {
    businessDay: DAY,
    mode: 'check',
    closed: false,
    paymentsCount: 1,
    paymentsYen: 1_200,
    chargesCount: 1,
    chargesYen: 3_000,
    bonusYen: 30,
    cancelledCount: 0,
    cancelledYen: 0,
    cashCollectedYen: 3_000,
    limitedYen: 0,
    chargeMoneyYen: 1_200,
    offlinePendingCount: 0,
    differences: [],
    backendCompared: true,
    currentBusinessDay: DAY,
    ...overrides,
  };
}

describe('the report slip (R29, R26)', () => {
  it('R29: When 点検 is shown, then レシート印刷 prints the report\'s slip (the shop\'s copy) and says when it came out', async () => {
    const { fake, user } = renderApp({ route: 'close', status: { staff: fakeStaff('cashier'), businessDay: DAY } });
    fake.handle('dailyReport', () => ({ ok: true, report: report({ slipId: 'slip-check-1' }) }));
    await user.click(await screen.findByTestId('report-check'));
    const shown = await screen.findByTestId('report');
    const panel = within(shown).getByTestId('slip-panel');
    expect(within(panel).getByTestId('slip-status').textContent).toContain('レシートはまだ印刷していません');
    // A report has no customer copy: the setting is not even asked.
    expect(fake.inputsOf('getPrinter')).toEqual([]);

    await user.click(within(shown).getByTestId('report-print'));
    expect(fake.inputsOf('printSlip')).toEqual([{ slipId: 'slip-check-1', copy: 'shop' }]);
    act(() => fake.updateJob({ ...fake.jobs[0]!, state: 'printed', updatedAt: '2026-12-01T12:00:00.000Z' }));
    expect(within(panel).getByTestId('slip-status').textContent).toContain('レシートを印刷しました');
    expect(within(panel).queryByTestId('slip-reprint')).toBeNull();
  });

  it('R29: When 精算 completes and its report could not print, then the screen says why and 再印刷 prints it once the paper is in', async () => {
    const { fake, user } = renderApp({ route: 'close', status: { staff: fakeStaff('manager'), businessDay: DAY } });
    fake.handle('dailyReport', (input) =>
      input.mode === 'close'
        ? { ok: true, report: report({ mode: 'close', closed: true, closedAt: '2026-12-01T12:00:00.000Z', closedByName: '店長', currentBusinessDay: '2026-12-02', slipId: 'slip-close-1' }) }
        : { ok: true, report: report({ slipId: 'slip-check-1' }) },
    );
    await user.click(await screen.findByTestId('report-check'));
    await user.click(await screen.findByTestId('close-button'));
    await user.click(await screen.findByTestId('report-close-confirm'));
    expect(await screen.findByTestId('report-closed-badge')).toBeTruthy();
    const panel = await screen.findByTestId('slip-panel');
    expect(panel.getAttribute('data-slip-id')).toBe('slip-close-1');
    // The core prints the 精算 report by itself; the printer has no paper.
    act(() => fake.updateJob(fakePrintJob({ slipId: 'slip-close-1', jobId: 'close', copy: 'shop', slipKind: 'report', state: 'failed', failure: 'paper_out' })));
    expect(within(panel).getByTestId('slip-status').textContent).toContain('印刷できませんでした：用紙切れ');
    await user.click(within(panel).getByTestId('slip-reprint'));
    expect(fake.inputsOf('printSlip')).toEqual([{ slipId: 'slip-close-1', copy: 'shop' }]);
  });
});

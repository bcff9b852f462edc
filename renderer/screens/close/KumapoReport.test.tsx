// @vitest-environment jsdom
import { cleanup, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { DailyReport } from '../../../common/terminal-api';
import { fakeStaff } from '../../bridge/fake';
import { renderApp } from '../../test-support/render-app';

afterEach(cleanup);

const DAY = '2026-12-01';

function report(overrides: Partial<DailyReport> = {}): DailyReport {
  return {
    businessDay: DAY,
    mode: 'check',
    closed: false,
    paymentsCount: 3,
    paymentsYen: 2_500,
    chargesCount: 0,
    chargesYen: 0,
    bonusYen: 0,
    cancelledCount: 0,
    cancelledYen: 0,
    cashCollectedYen: 0,
    limitedYen: 0,
    chargeMoneyYen: 2_500,
    offlinePendingCount: 0,
    differences: [],
    backendCompared: true,
    currentBusinessDay: DAY,
    ...overrides,
  };
}

describe('点検 with KumaPo and MPM (R26, R23, R28)', () => {
  it('R23/R28: When the day had point spends and MPM payments, then 点検 shows a KumaPo line in points and the MPM part of the payments', async () => {
    const { fake, user } = renderApp({ route: 'close', status: { staff: fakeStaff('cashier'), businessDay: DAY, kumapoStore: true } });
    fake.handle('dailyReport', () => ({
      ok: true,
      report: report({
        points: { spendCount: 2, spendPoints: 1_300, cancelCount: 1, cancelPoints: 300, netPoints: 1_000 },
        mpm: { count: 2, yen: 2_300, staticCount: 1, staticYen: 800 },
      }),
    }));
    await user.click(await screen.findByTestId('report-check'));
    const shown = await screen.findByTestId('report');
    expect(within(shown).getByTestId('report-points').textContent).toContain('クマポ');
    expect(within(shown).getByTestId('report-points-gross').textContent).toBe('2件 1,300 pt');
    expect(within(shown).getByTestId('report-points-cancelled').textContent).toBe('1件 300 pt');
    expect(within(shown).getByTestId('report-points-net').textContent).toBe('1,000 pt');
    expect(within(shown).getByTestId('report-mpm-value').textContent).toBe('2件 ¥2,300');
    expect(within(shown).getByTestId('report-mpm-static').textContent).toContain('1件 ¥800');
  });

  it('R23/R33: When a point spend differs from the backend, then the difference is shown in points', async () => {
    const { fake, user } = renderApp({ route: 'close', status: { staff: fakeStaff('manager'), businessDay: DAY } });
    fake.handle('dailyReport', () => ({
      ok: true,
      report: report({
        differences: [
          { key: 'missing_in_journal:app-1:point_spend', clientTxnId: 'app-1', type: 'point_spend', journalYen: null, backendYen: 0, journalPoints: null, backendPoints: 40, difference: 'missing_in_journal', occurredAt: '2026-12-01T05:05:00.000Z', shortNo: null },
        ],
      }),
    }));
    await user.click(await screen.findByTestId('report-check'));
    const line = await screen.findByTestId('difference-line');
    expect(within(line).getByTestId('difference-what').textContent).toContain('クマポ利用');
    expect(within(line).getByTestId('difference-amounts').textContent).toBe('このレジ — / 本部 40 pt');
  });
});

// @vitest-environment jsdom
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { DailyReport, DailyReportLine } from '../../common/terminal-api';
import { failure } from '../bridge/host-error';
import { fakeStaff, fakeStatus } from '../bridge/fake';
import { renderApp } from '../test-support/render-app';

afterEach(cleanup);

const DAY = '2026-12-01';

function report(overrides: Partial<DailyReport> = {}): DailyReport {
  return {
    businessDay: DAY,
    mode: 'check',
    closed: false,
    paymentsCount: 12,
    paymentsYen: 34_500,
    chargesCount: 3,
    chargesYen: 15_000,
    bonusYen: 150,
    cancelledCount: 2,
    cancelledYen: 3_700,
    cashCollectedYen: 15_000,
    limitedYen: 20_000,
    chargeMoneyYen: 14_500,
    offlinePendingCount: 0,
    differences: [],
    backendCompared: true,
    cancelledPaymentsCount: 1,
    cancelledPaymentsYen: 700,
    netPaymentsYen: 33_800,
    cancelledChargesCount: 1,
    cancelledChargesYen: 3_000,
    netChargesYen: 12_000,
    cashSalesCount: 2,
    cashSalesYen: 1_900,
    cashReturnedYen: 3_500,
    expectedDrawerYen: 13_400,
    migrationsCount: 1,
    migrationsYen: 4_000,
    closedAt: null,
    closedByName: null,
    currentBusinessDay: DAY,
    ...overrides,
  };
}

const UUID = '0b0c7d1e-1111-4a4a-8b8b-000000000009';
const DIFFERENCES: DailyReportLine[] = [
  { key: 'missing_on_backend:c-1:payment', clientTxnId: 'c-1', type: 'payment', journalYen: 1_000, backendYen: null, difference: 'missing_on_backend', occurredAt: '2026-12-01T05:05:00.000Z', shortNo: '0001-000012' },
  { key: `amount_differs:${UUID}:charge`, clientTxnId: UUID, type: 'charge', journalYen: 3_000, backendYen: 5_000, difference: 'amount_differs', occurredAt: null, shortNo: null },
];

const managerOnline = { staff: fakeStaff('manager'), businessDay: DAY };

describe('点検 (R26, R33)', () => {
  it('When 点検 is run, then gross, 取消 and 純額 per type, the split-sale cash and the expected drawer cash show for the business day', async () => {
    const { fake, user } = renderApp({ route: 'close', status: { staff: fakeStaff('cashier'), businessDay: DAY } });
    fake.handle('dailyReport', (input) => ({ ok: true, report: report({ mode: input.mode }) }));
    await user.click(await screen.findByTestId('report-check'));

    const shown = await screen.findByTestId('report');
    const text = (id: string) => within(shown).getByTestId(id).textContent;
    expect(text('report-business-day')).toBe('営業日 2026/12/01');
    expect(within(shown).getByTestId('report-business-day').getAttribute('data-day')).toBe(DAY);
    expect(screen.getByTestId('close-day').textContent).toBe('営業日 2026/12/01');
    expect(screen.getByTestId('close-day').getAttribute('data-day')).toBe(DAY);
    expect(text('report-gross-payments')).toBe('12件 ¥34,500');
    expect(text('report-cancelled-payments')).toBe('1件 ¥700');
    expect(text('report-net-payments')).toBe('¥33,800');
    expect(text('report-gross-charges')).toBe('3件 ¥15,000');
    expect(text('report-cancelled-charges')).toBe('1件 ¥3,000');
    expect(text('report-net-charges')).toBe('¥12,000');
    expect(text('report-migrations')).toContain('1件 ¥4,000');
    expect(text('report-cash')).toBe('チャージ現金¥15,000');
    expect(text('report-cash-sales')).toContain('2件 ¥1,900');
    expect(text('report-cash-returned')).toContain('¥3,500');
    expect(text('report-expected-drawer')).toContain('レジ内現金（予定）');
    expect(text('report-expected-drawer-value')).toBe('¥13,400');
    expect(within(shown).queryByTestId('report-closed-badge')).toBeNull();
    expect(fake.inputsOf('dailyReport')).toEqual([{ businessDay: DAY, mode: 'check' }]);
  });

  it('When the report has differences, then each reads in Japanese (type, time, amounts, short number or 8 characters, what differs), never an English type or a full id', async () => {
    const { fake, user } = renderApp({ route: 'close', status: managerOnline });
    fake.handle('dailyReport', () => ({ ok: true, report: report({ differences: DIFFERENCES }) }));
    await user.click(await screen.findByTestId('report-check'));
    const lines = await screen.findAllByTestId('difference-line');
    const [first, second] = lines as [HTMLElement, HTMLElement];
    expect(within(first).getByTestId('difference-what').textContent).toBe('お支払い · 本部に記録がありません');
    expect(within(first).getByTestId('difference-time').textContent).toBe('2026/12/01 14:05');
    expect(within(first).getByTestId('difference-number').textContent).toBe('0001-000012');
    expect(within(first).getByTestId('difference-amounts').textContent).toBe('このレジ ¥1,000 / 本部 —');
    expect(within(second).getByTestId('difference-what').textContent).toBe('チャージ · 金額が違います');
    expect(within(second).getByTestId('difference-number').textContent).toBe('0b0c7d1e');
    for (const row of lines) {
      expect(row.textContent).not.toMatch(/payment|charge|missing|amount_differs/);
      expect(row.textContent).not.toContain(UUID);
    }
  });

  it('When 点検 ran without the backend, then it says the comparison was not made rather than "no differences"', async () => {
    const { fake, user } = renderApp({ route: 'close', status: { staff: fakeStaff('cashier'), connectivity: 'offline' } });
    fake.handle('dailyReport', () => ({ ok: true, report: report({ backendCompared: false }) }));
    await user.click(await screen.findByTestId('report-check'));
    expect((await screen.findByTestId('report-not-compared')).textContent).toContain('照合できませんでした');
    expect(screen.queryByText('差異はありません')).toBeNull();
  });

  it('When 点検 is run for a day already closed, then its closed figures show with 精算済 and 精算 is disabled (R30)', async () => {
    const { fake, user } = renderApp({ route: 'close', status: managerOnline });
    fake.handle('dailyReport', () => ({ ok: true, report: report({ closed: true, closedAt: '2026-12-01T12:30:00.000Z', closedByName: '店長 一郎', currentBusinessDay: '2026-12-02' }) }));
    await user.click(await screen.findByTestId('report-check'));
    expect((await screen.findByTestId('report-closed-badge')).textContent).toBe('精算済');
    expect(screen.getByTestId('report-closed-at').textContent).toBe('2026/12/01 21:30 に 店長 一郎 が精算しました');
    expect((screen.getByTestId('close-button') as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByTestId('report-close-help').textContent).toBe('この営業日は精算済みです');
  });
});

describe('点検 per balance (R26, R2: names are configuration)', () => {
  const rows = () => screen.getAllByTestId('report-balance').map((row) => row.textContent);

  it('When the core lists four balances under the names configured now, then 点検 shows one line per balance by that name, the fourth on a line of its own, and no built-in balance name', async () => {
    const { fake, user } = renderApp({ route: 'close', status: managerOnline });
    const balances = [
      { kind: 'charge' as const, campaignId: null, label: 'チャージマネー', amountYen: 14_500 },
      { kind: 'limited' as const, campaignId: 'camp-b', label: '補助金等マネー', amountYen: 12_000 },
      { kind: 'limited' as const, campaignId: 'camp-c', label: 'ふるさとクマPAYマネー', amountYen: 7_300 },
      { kind: 'limited' as const, campaignId: 'camp-d', label: 'プレミアム付商品券', amountYen: 700 },
    ];
    fake.handle('dailyReport', () => ({ ok: true, report: report({ balances }) }));
    await user.click(await screen.findByTestId('report-check'));
    await screen.findByTestId('report');
    expect(rows()).toEqual(['チャージマネー¥14,500', '補助金等マネー¥12,000', 'ふるさとクマPAYマネー¥7,300', 'プレミアム付商品券¥700']);
    expect(screen.getAllByTestId('report-balance').map((row) => row.getAttribute('data-campaign-id'))).toEqual(['', 'camp-b', 'camp-c', 'camp-d']);
    expect(screen.getByTestId('report').textContent).not.toMatch(/限定マネー/);
  });

  it('When a balance has no known name, or the report was stored before balances were listed, then a neutral word for its kind shows, never 限定マネー or a stale name', async () => {
    const { fake, user } = renderApp({ route: 'close', status: managerOnline });
    fake.handle('dailyReport', (input) =>
      input.businessDay === DAY
        ? { ok: true, report: report({ balances: [{ kind: 'charge', campaignId: null, amountYen: 500 }, { kind: 'limited', campaignId: 'camp-x', amountYen: 300 }] }) }
        : { ok: true, report: report({ businessDay: input.businessDay }) },
    );
    await user.click(await screen.findByTestId('report-check'));
    await screen.findByTestId('report');
    expect(rows()).toEqual(['チャージ残高¥500', 'キャンペーン残高¥300']);

    await user.click(screen.getByTestId('close-prev-day'));
    await user.click(screen.getByTestId('report-check'));
    await waitFor(() => expect(screen.getByTestId('report-business-day').getAttribute('data-day')).toBe('2026-11-30'));
    // The two kinds' sums of a report from before (limitedYen, chargeMoneyYen).
    expect(rows()).toEqual(['チャージ残高¥14,500', 'キャンペーン残高¥20,000']);
    expect(screen.getByTestId('report').textContent).not.toMatch(/限定マネー|チャージマネー/);
  });
});

describe('精算 (R26, R30, R33)', () => {
  it('When 精算 is chosen online with nothing unsent, then it asks once, closes the day and says where new transactions go', async () => {
    const { fake, user } = renderApp({ route: 'close', status: managerOnline });
    fake.handle('dailyReport', (input) => ({
      ok: true,
      report: report({ mode: input.mode, closed: input.mode === 'close', closedAt: '2026-12-01T12:30:00.000Z', closedByName: 'テスト 太郎', currentBusinessDay: '2026-12-02' }),
    }));
    await user.click(await screen.findByTestId('close-button'));
    expect((await screen.findByTestId('report-close-confirm-panel')).textContent).toContain('2026/12/01を精算します。よろしいですか？');
    await user.click(await screen.findByTestId('report-close-confirm'));
    expect((await screen.findByTestId('report')).getAttribute('data-closed')).toBe('true');
    expect(screen.getByTestId('report-closed-badge').textContent).toBe('精算済');
    expect(screen.getByTestId('report-closed-at').textContent).toBe('2026/12/01 21:30 に テスト 太郎 が精算しました');
    expect(screen.getByTestId('report-next-day').textContent).toBe('これからの取引は営業日 2026/12/02 になります');
    expect(screen.getByTestId('report-next-day').getAttribute('data-day')).toBe('2026-12-02');
    expect(fake.inputsOf('dailyReport')).toEqual([{ businessDay: DAY, mode: 'close', acknowledged: [] }]);
    expect((screen.getByTestId('close-button') as HTMLButtonElement).disabled).toBe(true);
  });

  it('When there are differences, then 精算 waits until the manager has confirmed each one, and sends their keys', async () => {
    const { fake, user } = renderApp({ route: 'close', status: managerOnline });
    fake.handle('dailyReport', (input) => ({ ok: true, report: report({ mode: input.mode, closed: input.mode === 'close', differences: DIFFERENCES }) }));
    await user.click(await screen.findByTestId('report-check'));
    const close = screen.getByTestId('close-button') as HTMLButtonElement;
    await screen.findAllByTestId('difference-line');
    expect(close.disabled).toBe(true);
    expect(screen.getByTestId('report-close-help').textContent).toBe('差異をすべて確認すると精算できます（残り2件）');

    const acks = screen.getAllByTestId('difference-ack');
    (acks[0] as HTMLButtonElement).focus();
    await user.keyboard('{Enter}');
    expect(close.disabled).toBe(true);
    await user.click(screen.getAllByTestId('difference-ack')[0] as HTMLElement);
    expect(screen.queryAllByTestId('difference-ack')).toHaveLength(0);
    expect(close.disabled).toBe(false);

    await user.click(close);
    await user.click(await screen.findByTestId('report-close-confirm'));
    await screen.findByTestId('report-closed-badge');
    expect(fake.inputsOf('dailyReport')[1]).toEqual({ businessDay: DAY, mode: 'close', acknowledged: ['missing_on_backend:c-1:payment', `amount_differs:${UUID}:charge`] });
  });

  it('When 精算 is refused for differences not yet confirmed, then they are listed to confirm, and 精算 works after', async () => {
    const { fake, user } = renderApp({ route: 'close', status: managerOnline });
    fake.handle('dailyReport', (input) =>
      (input.acknowledged ?? []).length < 1
        ? failure('approval_required', 'differences', { reason: 'differences_unacknowledged', differences: [DIFFERENCES[0]] })
        : { ok: true, report: report({ mode: 'close', closed: true }) },
    );
    await user.click(await screen.findByTestId('close-button'));
    await user.click(await screen.findByTestId('report-close-confirm'));
    const row = await screen.findByTestId('difference-line');
    expect(screen.queryByTestId('failure')).toBeNull();
    expect((screen.getByTestId('close-button') as HTMLButtonElement).disabled).toBe(true);
    await user.click(within(row).getByTestId('difference-ack'));
    await user.click(screen.getByTestId('close-button'));
    await user.click(await screen.findByTestId('report-close-confirm'));
    expect(await screen.findByTestId('report-closed-badge')).toBeTruthy();
  });

  it('When the day was already closed elsewhere, then the screen says so', async () => {
    const { fake, user } = renderApp({ route: 'close', status: managerOnline });
    fake.handle('dailyReport', () => failure('day_closed', 'closed'));
    await user.click(await screen.findByTestId('close-button'));
    await user.click(await screen.findByTestId('report-close-confirm'));
    expect((await screen.findByTestId('failure')).textContent).toContain('この営業日はすでに精算済みです');
  });

  it('When offline items are still unsent, then 精算 is not possible and the screen says to send them first', async () => {
    const queue = { ...fakeStatus().queue, pendingCount: 2, pendingYen: 3_000 };
    renderApp({ route: 'close', status: { staff: fakeStaff('manager'), queue } });
    expect(((await screen.findByTestId('close-button')) as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByTestId('report-close-help').textContent).toBe('未送信の取引が2件あります。先に送信してください');
  });
});

describe('who may close the day (R26, R33)', () => {
  it('When a cashier opens 点検・精算, then 点検 is there, 精算 is not offered and the screen says a manager closes the day; differences have no 確認', async () => {
    const { fake, user } = renderApp({ route: 'close', status: { staff: fakeStaff('cashier') } });
    fake.handle('dailyReport', () => ({ ok: true, report: report({ differences: DIFFERENCES }) }));
    expect(await screen.findByTestId('report-check')).toBeTruthy();
    expect(screen.queryByTestId('close-button')).toBeNull();
    expect(screen.getByTestId('report-close-manager-only').textContent).toBe('精算は責任者が行います');
    await user.click(screen.getByTestId('report-check'));
    expect(await screen.findAllByTestId('difference-line')).toHaveLength(2);
    expect(screen.queryByTestId('difference-ack')).toBeNull();
  });
});

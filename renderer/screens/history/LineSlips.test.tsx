// @vitest-environment jsdom
import { act, cleanup, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HistoryLine, SlipRef } from '../../../common/terminal-api';
import { fakePrintJob, fakeSlipPreview, fakeStaff } from '../../bridge/fake';
import { installBlobUrls, type BlobUrls } from '../../test-support/blob-urls';
import { renderApp } from '../../test-support/render-app';

let blobUrls: BlobUrls;
beforeEach(() => {
  blobUrls = installBlobUrls();
});
afterEach(() => {
  cleanup();
  blobUrls.restore();
});

const PAYMENT_SLIP: SlipRef = { slipId: 'slip-pay-1', kind: 'payment', createdAt: '2026-12-01T05:05:00.000Z' };
const CANCEL_SLIP: SlipRef = { slipId: 'slip-cancel-1', kind: 'cancel', createdAt: '2026-12-01T05:30:00.000Z' };

function line(overrides: Partial<HistoryLine> = {}): HistoryLine {
  return {
    id: 'pay-1',
    clientTxnId: 'c-1',
    type: 'payment',
    occurredAt: new Date(Date.now() - 60 * 60 * 1000).toISOString(),
    amountYen: 1_200,
    bonusYen: 0,
    offline: false,
    state: 'synced',
    cancelled: false,
    allocations: [],
    shortNo: '0001-000042',
    slips: [PAYMENT_SLIP],
    ...overrides,
  };
}

describe('slips in history (R29)', () => {
  it('R29: When a transaction is opened, then each kept slip offers 再印刷 and プレビュー; 再印刷 prints that slip again and its outcome shows', async () => {
    const { fake, user } = renderApp({ route: 'history', status: { staff: fakeStaff('cashier') } });
    fake.handle('history', () => ({ ok: true, lines: [line({ cancelled: true, slips: [PAYMENT_SLIP, CANCEL_SLIP] })] }));
    fake.handle('slipPreview', ({ slipId }) => ({ ok: true, preview: fakeSlipPreview(slipId, ['取消', '0001-000042', '¥1,200']) }));
    await user.click(await screen.findByTestId('history-line'));
    const detail = await screen.findByTestId('history-detail');
    const rows = within(detail).getAllByTestId('history-slip');
    expect(rows.map((row) => within(row).getByText(/ご利用明細|取消/).textContent)).toEqual(['ご利用明細', '取消']);
    // Nothing printed while this detail is open: no outcome is claimed.
    expect(within(detail).queryByTestId('history-slip-status')).toBeNull();

    await user.click(within(detail).getByTestId('history-slip-reprint-payment'));
    expect(fake.inputsOf('printSlip')).toEqual([{ slipId: 'slip-pay-1', copy: 'customer' }]);
    const paymentRow = rows[0] as HTMLElement;
    expect(within(paymentRow).getByTestId('history-slip-status').textContent).toBe('印刷中…');
    const queued = fake.jobs[0]!;
    act(() => fake.updateJob({ ...queued, state: 'failed', failure: 'paper_out', updatedAt: '2026-12-01T06:00:00.000Z' }));
    expect(paymentRow.getAttribute('data-state')).toBe('failed');
    expect(within(paymentRow).getByTestId('history-slip-status').textContent).toBe('印刷できませんでした：用紙切れ');
    // The cancel slip's row is untouched by the payment slip's job.
    expect((rows[1] as HTMLElement).getAttribute('data-state')).toBe('none');

    await user.click(within(detail).getByTestId('history-slip-preview-cancel'));
    const image = await within(detail).findByTestId('slip-preview');
    expect(image.getAttribute('alt')).toBe('取消\n0001-000042\n¥1,200');
    expect(fake.inputsOf('slipPreview')).toEqual([{ slipId: 'slip-cancel-1' }]);
    await user.click(within(detail).getByTestId('detail-close'));
    expect(blobUrls.revoked).toEqual(blobUrls.made);
  });

  it('R29: When a manager cancels a payment, then the cancel result shows the 取消 slip and how it printed', async () => {
    const { fake, user } = renderApp({ route: 'history', status: { staff: fakeStaff('manager') } });
    fake.handle('history', () => ({ ok: true, lines: [line()] }));
    fake.handle('cancel', () => ({ ok: true, cancellationId: 'can-1', writtenOffYen: 0, refundYen: 1_200, slipId: 'slip-cancel-1' }));
    await user.click(await screen.findByTestId('history-line'));
    const detail = await screen.findByTestId('history-detail');
    await user.click(within(detail).getByTestId('cancel-button'));
    await user.click(within(detail).getByTestId('cancel-confirm'));
    const done = await screen.findByTestId('cancel-done');
    const panel = within(done).getByTestId('slip-panel');
    expect(panel.getAttribute('data-slip-id')).toBe('slip-cancel-1');
    act(() => fake.updateJob(fakePrintJob({ slipId: 'slip-cancel-1', jobId: 'shop', copy: 'shop', slipKind: 'cancel', state: 'printed' })));
    act(() => fake.updateJob(fakePrintJob({ slipId: 'slip-cancel-1', jobId: 'cust', copy: 'customer', slipKind: 'cancel', state: 'printed' })));
    expect(within(panel).getByTestId('slip-status').textContent).toContain('レシートを印刷しました');
  });
});

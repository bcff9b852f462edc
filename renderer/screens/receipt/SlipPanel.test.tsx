// @vitest-environment jsdom
import { act, cleanup, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_PRINTER_SETTINGS } from '../../../common/receipts/printer-settings';
import type { ChargeDone } from '../../../common/terminal-api';
import { fakePrintJob, fakeSlipPreview, fakeStaff, type FakeTerminal } from '../../bridge/fake';
import { installBlobUrls, type BlobUrls } from '../../test-support/blob-urls';
import { cpmTokenText, LOT_A, r6Approved, wallet } from '../../test-support/fixtures';
import { renderApp } from '../../test-support/render-app';

let blobUrls: BlobUrls;
beforeEach(() => {
  blobUrls = installBlobUrls();
});
afterEach(() => {
  cleanup();
  blobUrls.restore();
});

const TOKEN = cpmTokenText();
const SLIP = 'slip-pay-1';

async function paySeven(user: ReturnType<typeof renderApp>['user'], fake: FakeTerminal): Promise<HTMLElement> {
  await screen.findByTestId('screen-pay');
  for (const digit of '7000') await user.click(screen.getByTestId(`keypad-${digit}`));
  await user.click(screen.getByTestId('keypad-enter'));
  await screen.findByTestId('scan-prompt');
  act(() => fake.emit({ type: 'scan', text: TOKEN, source: 'hid-pos', at: '2024-06-01T01:00:00Z' }));
  return screen.findByTestId('payment-approved');
}

function renderPayment(customerSlip: 'always' | 'ask' | 'never' = 'always', language: 'ja' | 'en' = 'ja') {
  const rendered = renderApp({ route: 'pay', language, status: { staff: fakeStaff('cashier') } });
  rendered.fake.printer = { ...rendered.fake.printer, settings: { ...DEFAULT_PRINTER_SETTINGS, customerSlip } };
  rendered.fake.handle('pay', () => ({ ok: true, payment: { ...r6Approved(), shortNo: '0001-000042', slipId: SLIP } }));
  return rendered;
}

describe('the slip on a payment result (R29)', () => {
  it('R29: When a payment is approved, then its slip reads 印刷中… while the printer works and レシートを印刷しました once it is out', async () => {
    const { fake, user } = renderPayment();
    const approved = await paySeven(user, fake);
    const panel = await within(approved).findByTestId('slip-panel');
    expect(panel.getAttribute('data-slip-id')).toBe(SLIP);
    // The core queued the customer copy as it answered (before this screen listened).
    act(() => fake.updateJob(fakePrintJob({ slipId: SLIP, jobId: 'j1', state: 'queued' })));
    expect(within(panel).getByTestId('slip-status').textContent).toContain('印刷中…');
    act(() => fake.updateJob(fakePrintJob({ slipId: SLIP, jobId: 'j1', state: 'printing', updatedAt: '2024-06-01T01:00:01.000Z' })));
    expect(panel.getAttribute('data-state')).toBe('printing');
    act(() => fake.updateJob(fakePrintJob({ slipId: SLIP, jobId: 'j1', state: 'printed', updatedAt: '2024-06-01T01:00:02.000Z' })));
    expect(panel.getAttribute('data-state')).toBe('printed');
    expect(within(panel).getByTestId('slip-status').textContent).toContain('レシートを印刷しました');
    // Another sale's job says nothing here.
    act(() => fake.updateJob(fakePrintJob({ slipId: 'slip-other', jobId: 'j9', state: 'failed', failure: 'paper_out', updatedAt: '2024-06-01T01:00:03.000Z' })));
    expect(panel.getAttribute('data-state')).toBe('printed');
    // The next-sale button keeps the focus: Enter still starts the next sale.
    expect(document.activeElement).toBe(within(approved).getByTestId('next-sale'));
  });

  it('R29: When the job was queued and failed before the result was drawn, then the panel learns it from printJobs on mount', async () => {
    const { fake, user } = renderPayment();
    fake.jobs = [fakePrintJob({ slipId: SLIP, jobId: 'early', state: 'failed', failure: 'cover_open' })];
    const approved = await paySeven(user, fake);
    const panel = within(approved).getByTestId('slip-panel');
    expect((await within(panel).findByText(/印刷できませんでした：カバーが開いています/)).textContent).toBeTruthy();
    expect(panel.getAttribute('data-state')).toBe('failed');
  });

  it('R29: When the printer is out of paper, then the slip says 用紙切れ, the sale stays approved, 再印刷 prints the same slip, and the next sale starts at once', async () => {
    const { fake, user } = renderPayment();
    const approved = await paySeven(user, fake);
    act(() => fake.updateJob(fakePrintJob({ slipId: SLIP, jobId: 'j1', state: 'failed', failure: 'paper_out', message: 'paper end sensor' })));
    const panel = within(approved).getByTestId('slip-panel');
    expect(panel.getAttribute('data-state')).toBe('failed');
    expect(within(panel).getByTestId('slip-status').textContent).toContain('印刷できませんでした：用紙切れ');
    expect(within(panel).getByTestId('slip-status').textContent).toContain('取引は完了しています');
    expect(within(approved).getByTestId('approved-amount').textContent).toBe('¥7,000');

    await user.click(within(panel).getByTestId('slip-reprint'));
    expect(fake.inputsOf('printSlip')).toEqual([{ slipId: SLIP, copy: 'customer' }]);
    // The reprint is queued: the panel follows it, not the old failure.
    expect(panel.getAttribute('data-state')).toBe('queued');
    expect(within(panel).getByTestId('slip-status').textContent).toContain('印刷中…');

    // While it prints, the cashier moves on: nothing waits for the printer.
    await user.click(within(approved).getByTestId('next-sale'));
    expect(screen.getByTestId('payment-flow').getAttribute('data-state')).toBe('entering');
    expect(screen.queryByTestId('slip-panel')).toBeNull();
  });

  it('R29: When the shop asks each time, then nothing prints by itself and お客様控えを印刷 prints the customer copy once', async () => {
    const { fake, user } = renderPayment('ask');
    const approved = await paySeven(user, fake);
    const button = await within(approved).findByTestId('slip-customer-copy');
    expect(button.textContent).toBe('お客様控えを印刷');
    expect(within(approved).getByTestId('slip-status').textContent).toContain('お客様控えが必要なら印刷してください');
    // One button for the one copy: no 再印刷 beside it.
    expect(within(approved).queryByTestId('slip-reprint')).toBeNull();
    await user.click(button);
    expect(fake.inputsOf('printSlip')).toEqual([{ slipId: SLIP, copy: 'customer' }]);
    expect(within(approved).queryByTestId('slip-customer-copy')).toBeNull();
    expect(within(approved).getByTestId('slip-reprint')).toBeTruthy();
  });

  it('R29: When the shop never prints a customer copy, then the result says so and offers no お客様控え button', async () => {
    const { fake, user } = renderPayment('never');
    const approved = await paySeven(user, fake);
    expect((await within(approved).findByText('お客様控えは印刷しない設定です')).textContent).toBeTruthy();
    expect(within(approved).queryByTestId('slip-customer-copy')).toBeNull();
  });

  it('R29: When プレビュー is pressed, then the slip shows as an image of its SVG with its text as alt, and the image URL is given back when it closes', async () => {
    const { fake, user } = renderPayment();
    fake.handle('slipPreview', ({ slipId }) => ({ ok: true, preview: fakeSlipPreview(slipId, ['熊谷うちわ商店', 'お客様控え', '0001-000042', '¥7,000']) }));
    const approved = await paySeven(user, fake);
    const toggle = within(approved).getByTestId('slip-preview-toggle');
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    await user.click(toggle);
    const image = await screen.findByTestId('slip-preview');
    expect(image.tagName).toBe('IMG');
    expect(image.getAttribute('alt')).toBe('熊谷うちわ商店\nお客様控え\n0001-000042\n¥7,000');
    const url = image.getAttribute('src') ?? '';
    expect(url.startsWith('blob:')).toBe(true);
    expect(await blobUrls.textOf(url)).toContain('<svg');
    expect(fake.inputsOf('slipPreview')).toEqual([{ slipId: SLIP }]);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    expect(blobUrls.revoked).toEqual([]);

    await user.click(toggle);
    expect(screen.queryByTestId('slip-preview')).toBeNull();
    expect(blobUrls.revoked).toEqual([url]);
  });

  it('R29: When English is on, then the slip panel words the failure and its buttons in English', async () => {
    const { fake, user } = renderPayment('always', 'en');
    const approved = await paySeven(user, fake);
    act(() => fake.updateJob(fakePrintJob({ slipId: SLIP, jobId: 'j1', state: 'failed', failure: 'unreachable' })));
    const panel = within(approved).getByTestId('slip-panel');
    expect(within(panel).getByTestId('slip-status').textContent).toContain('Could not print: cannot reach the printer');
    expect(within(panel).getByTestId('slip-reprint').textContent).toBe('Reprint');
    expect(within(panel).getByTestId('slip-preview-toggle').textContent).toBe('Preview');
  });
});

describe('the slip on a charge result (R29)', () => {
  it('R29: When a charge prints the shop copy and the customer copy, then it reads 印刷しました only when both are out, and a failed copy is what 再印刷 prints', async () => {
    const charge: ChargeDone = {
      clientTxnId: 'c-1',
      chargeId: 'charge-1',
      amountYen: 3_000,
      bonusYen: 30,
      debtRepaidYen: 0,
      cashReceivedYen: 5_000,
      changeYen: 2_000,
      balanceAfter: { totalYen: 8_030, lots: [{ ...LOT_A, amountYen: 8_030 }] },
      slipId: 'slip-charge-1',
    };
    const { fake, user } = renderApp({ route: 'charge', status: { staff: fakeStaff('charger') } });
    fake.handle('lookup', () => ({ ok: true, wallet: wallet() }));
    fake.handle('charge', () => ({ ok: true, charge }));
    await screen.findByTestId('scan-prompt');
    act(() => fake.emit({ type: 'card', uid: '04A1B2C3', technology: 'iso14443a', source: 'pn532', at: '2024-06-01T01:00:00Z' }));
    await screen.findByTestId('wallet-summary');
    await user.click(screen.getByTestId('quick-3000'));
    await user.click(screen.getByTestId('keypad-enter'));
    await user.click(screen.getByTestId('cash-add-5000'));
    await user.click(screen.getByTestId('keypad-enter'));
    await user.click(within(await screen.findByTestId('charge-confirm-panel')).getByTestId('charge-confirm'));
    const done = await screen.findByTestId('charge-done');
    const panel = within(done).getByTestId('slip-panel');

    act(() => fake.updateJob(fakePrintJob({ slipId: 'slip-charge-1', jobId: 'shop', copy: 'shop', slipKind: 'charge', state: 'printed' })));
    act(() => fake.updateJob(fakePrintJob({ slipId: 'slip-charge-1', jobId: 'cust', copy: 'customer', slipKind: 'charge', state: 'printing' })));
    expect(panel.getAttribute('data-state')).toBe('printing');
    act(() => fake.updateJob(fakePrintJob({ slipId: 'slip-charge-1', jobId: 'cust', copy: 'customer', slipKind: 'charge', state: 'failed', failure: 'cover_open', updatedAt: '2024-06-01T01:00:05.000Z' })));
    expect(panel.getAttribute('data-state')).toBe('failed');
    expect(within(panel).getByTestId('slip-status').textContent).toContain('カバーが開いています');
    await user.click(within(panel).getByTestId('slip-reprint'));
    expect(fake.inputsOf('printSlip')).toEqual([{ slipId: 'slip-charge-1', copy: 'customer' }]);
    await user.click(within(done).getByTestId('next-customer'));
    expect(screen.getByTestId('charge-flow').getAttribute('data-state')).toBe('scanning');
  });
});

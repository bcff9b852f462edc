// @vitest-environment jsdom
import { act, cleanup, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChargeDone } from '../../common/terminal-api';
import { failure } from '../bridge/host-error';
import { fakeStaff } from '../bridge/fake';
import { LOT_A, wallet } from '../test-support/fixtures';
import { renderApp } from '../test-support/render-app';

afterEach(cleanup);

function done(amountYen: number, cashReceivedYen: number, debtRepaidYen = 0): ChargeDone {
  const bonusYen = Math.floor(amountYen / 100);
  return {
    shortNo: '0001-000007',
    clientTxnId: '0b0c7d1e-2222-4a4a-8b8b-000000000002',
    chargeId: 'charge-1',
    amountYen,
    bonusYen,
    debtRepaidYen,
    cashReceivedYen,
    changeYen: cashReceivedYen - amountYen,
    balanceAfter: { totalYen: 15_000 + amountYen + bonusYen - debtRepaidYen, lots: [{ ...LOT_A, amountYen: LOT_A.amountYen + amountYen + bonusYen - debtRepaidYen }] },
  };
}

async function readCustomer(fake: ReturnType<typeof renderApp>['fake']) {
  await screen.findByTestId('scan-prompt');
  act(() => fake.emit({ type: 'card', uid: '04A1B2C3', technology: 'iso14443a', source: 'pn532', at: '2024-06-01T01:00:00Z' }));
  return screen.findByTestId('wallet-summary');
}

describe('charge (チャージ, R10–R13)', () => {
  it('When the customer is read, then the balance and the most that can be charged show, and quick amounts above it are disabled (R11)', async () => {
    const { fake } = renderApp({ route: 'charge', status: { staff: fakeStaff('charger') } });
    fake.handle('lookup', () => ({ ok: true, wallet: wallet({ maxChargeYen: 4_500 }) }));
    const summary = await readCustomer(fake);

    expect(within(summary).getByTestId('current-balance').textContent).toBe('¥10,000');
    expect(within(summary).getByTestId('charge-balance').textContent).toBe('¥5,000');
    // Headroom 4,500 → at most 4,000 in 1,000-yen steps.
    expect(within(summary).getByTestId('max-charge').textContent).toBe('¥4,000');
    expect((screen.getByTestId('quick-3000') as HTMLButtonElement).disabled).toBe(false);
    expect((screen.getByTestId('quick-5000') as HTMLButtonElement).disabled).toBe(true);
    expect(fake.inputsOf('lookup')).toEqual([{ credential: { type: 'card', nfcUid: '04A1B2C3' } }]);
  });

  it('R2: When the charge money is configured under another name, then the charge-money figure is called by that name', async () => {
    const { fake } = renderApp({ route: 'charge', status: { staff: fakeStaff('charger') } });
    const base = wallet({ maxChargeYen: 4_500 });
    fake.handle('lookup', () => ({ ok: true, wallet: { ...base, lots: base.lots.map((lot) => (lot.kind === 'charge' ? { ...lot, label: 'クマPAYチャージマネー' } : lot)) } }));
    const summary = await readCustomer(fake);
    expect(within(summary).getByTestId('charge-balance-label').textContent).toBe('クマPAYチャージマネー残高');
    expect(within(summary).getByTestId('charge-balance').textContent).toBe('¥5,000');
  });

  it('When an amount is not in 1,000-yen steps or above the headroom, then it cannot be confirmed and says why', async () => {
    const { fake, user } = renderApp({ route: 'charge', status: { staff: fakeStaff('charger') } });
    fake.handle('lookup', () => ({ ok: true, wallet: wallet({ maxChargeYen: 4_000 }) }));
    await readCustomer(fake);
    await user.keyboard('1500');
    expect(screen.getByTestId('charge-problem').textContent).toBe('1,000円単位で入力してください');
    expect((screen.getByTestId('keypad-enter') as HTMLButtonElement).disabled).toBe(true);
    await user.click(screen.getByTestId('keypad-clear'));
    await user.keyboard('5000');
    expect(screen.getByTestId('charge-problem').textContent).toBe('この方は¥4,000までチャージできます');
    expect((screen.getByTestId('keypad-enter') as HTMLButtonElement).disabled).toBe(true);
  });

  it('When 10,000 is charged against 20,000 cash, then the change is 10,000 and the receipt shows bonus, debt repaid and balance (R12, R13)', async () => {
    const { fake, user } = renderApp({ route: 'charge', status: { staff: fakeStaff('charger') } });
    fake.handle('lookup', () => ({ ok: true, wallet: wallet({ debtYen: 800 }) }));
    fake.handle('charge', (input) => ({ ok: true, charge: done(input.amountYen, input.cashReceivedYen, 800) }));
    const summary = await readCustomer(fake);
    expect(within(summary).getByTestId('wallet-debt').textContent).toBe('¥800');

    await user.click(screen.getByTestId('quick-10000'));
    expect(screen.getByTestId('amount-display').textContent).toBe('¥10,000');
    await user.click(screen.getByTestId('keypad-enter'));
    await user.click(screen.getByTestId('cash-add-10000'));
    await user.click(screen.getByTestId('cash-add-10000'));
    expect(screen.getByTestId('cash-received').textContent).toBe('¥20,000');
    expect(screen.getByTestId('change-due').textContent).toBe('¥10,000');
    await user.click(screen.getByTestId('keypad-enter'));
    const confirm = await screen.findByTestId('charge-confirm-panel');
    expect(within(confirm).getByTestId('change-due').textContent).toBe('¥10,000');
    // The change is drawn as large as the amount, and what the customer gets is said before pressing.
    expect(within(confirm).getByTestId('change-amount').className).toContain('amount--large');
    expect(within(confirm).getByTestId('charge-amount').closest('.amount')?.className).toContain('amount--large');
    expect(within(confirm).getByTestId('charge-bonus-preview').textContent).toBe('¥100');
    expect(within(confirm).getByTestId('charge-debt-preview').textContent).toBe('¥800');
    // 10,000 + 10,000 − 800 debt + 100 bonus.
    expect(within(confirm).getByTestId('charge-balance-preview').textContent).toBe('¥19,300');
    expect(fake.customerView).toEqual({ screen: 'amount', purpose: 'charge', amountYen: 10_000 });
    await user.click(within(confirm).getByTestId('charge-confirm'));

    const receipt = await screen.findByTestId('charge-done');
    expect(within(receipt).getByTestId('charged-amount').textContent).toBe('¥10,000');
    expect(within(receipt).getByTestId('charge-bonus').textContent).toBe('¥100');
    expect(within(receipt).getByTestId('charge-debt-repaid').textContent).toBe('¥800');
    expect(within(receipt).getByTestId('charge-change').textContent).toBe('¥10,000');
    expect(within(receipt).getByTestId('short-no').textContent).toBe('0001-000007');
    expect(fake.inputsOf('charge')).toEqual([{ credential: { type: 'card', nfcUid: '04A1B2C3' }, amountYen: 10_000, cashReceivedYen: 20_000 }]);
    expect(fake.customerView).toEqual({ screen: 'charged', amountYen: 10_000, bonusYen: 100, cashReceivedYen: 20_000, changeYen: 10_000, balanceAfterYen: 24_300 });
  });

  it('When a quick amount is tapped and then Enter is pressed on the keyboard, then the flow moves on to the cash step', async () => {
    const { fake, user } = renderApp({ route: 'charge', status: { staff: fakeStaff('charger') } });
    fake.handle('lookup', () => ({ ok: true, wallet: wallet() }));
    await readCustomer(fake);
    await user.click(screen.getByTestId('quick-3000'));
    await user.keyboard('{Enter}');
    expect(await screen.findByTestId('cash-received')).toBeTruthy();
    await user.click(screen.getByTestId('cash-add-5000'));
    await user.keyboard('{Enter}');
    expect(await screen.findByTestId('charge-confirm-panel')).toBeTruthy();
  });

  it('When the cash handed over is less than the amount, then the charge cannot go on', async () => {
    const { fake, user } = renderApp({ route: 'charge', status: { staff: fakeStaff('charger') } });
    fake.handle('lookup', () => ({ ok: true, wallet: wallet() }));
    await readCustomer(fake);
    await user.click(screen.getByTestId('quick-5000'));
    await user.click(screen.getByTestId('keypad-enter'));
    await user.keyboard('3000');
    expect(screen.getByTestId('cash-short')).toBeTruthy();
    expect((screen.getByTestId('keypad-enter') as HTMLButtonElement).disabled).toBe(true);
    await user.click(screen.getByTestId('cash-exact'));
    expect(screen.getByTestId('change-due').textContent).toBe('¥0');
  });

  it('When the core refuses for the cap, then the message names the real headroom and retry starts from it (R11)', async () => {
    const { fake, user } = renderApp({ route: 'charge', status: { staff: fakeStaff('charger') } });
    fake.handle('lookup', () => ({ ok: true, wallet: wallet() }));
    fake.handle('charge', () => failure('balance_cap_exceeded', 'cap', { maxChargeYen: 2_000 }));
    await readCustomer(fake);
    await user.click(screen.getByTestId('quick-3000'));
    await user.click(screen.getByTestId('keypad-enter'));
    await user.click(screen.getByTestId('cash-exact'));
    await user.click(screen.getByTestId('keypad-enter'));
    await user.click(await screen.findByTestId('charge-confirm'));

    const refused = await screen.findByTestId('charge-failed');
    expect(refused.textContent).toContain('¥2,000までチャージできます');
    await user.click(within(refused).getByTestId('charge-retry'));
    expect(screen.getByTestId('max-charge').textContent).toBe('¥2,000');
  });

  it('When the charge balance is at the cap, then no amount can be entered', async () => {
    const { fake } = renderApp({ route: 'charge', status: { staff: fakeStaff('charger') } });
    fake.handle('lookup', () => ({ ok: true, wallet: wallet({ maxChargeYen: 0 }) }));
    await readCustomer(fake);
    expect(screen.getByTestId('charge-cap-reached').textContent).toContain('¥50,000');
    expect(screen.queryByTestId('keypad-enter')).toBeNull();
  });
});

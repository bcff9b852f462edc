import { afterEach, describe, expect, it } from 'vitest';
import { businessDayOf } from '../../common/time';
import { goOffline, goOnline, makeHarness, START_MS, type Harness } from './testing/harness';

let h: Harness;
afterEach(async () => h?.cleanup());

const DAY = businessDayOf(START_MS);

async function pay(amountYen: number, walletId: string) {
  const result = await h.core.call('pay', { amountYen, credential: { type: 'cpm', token: await h.backend.token(walletId) } });
  if (!result.ok) throw new Error(result.message);
  return result.payment;
}

describe('daily close (R26)', () => {
  it('When the journal and the backend agree, then 点検 shows the day with no differences', async () => {
    h = await makeHarness({ staff: { code: 'm1', pin: '1234', role: 'manager' } });
    const walletId = h.backend.addWallet(10_000);
    await pay(1_000, walletId);
    await pay(500, walletId);
    const result = await h.core.call('dailyReport', { businessDay: DAY, mode: 'check' });
    expect(result).toMatchObject({
      ok: true,
      report: { mode: 'check', closed: false, paymentsCount: 2, paymentsYen: 1_500, chargeMoneyYen: 1_500, differences: [], backendCompared: true },
    });
  });

  it('When the backend has a payment the journal lacks and the journal has one the backend lacks, then both are listed line by line', async () => {
    h = await makeHarness({ staff: { code: 'm1', pin: '1234', role: 'manager' } });
    const walletId = h.backend.addWallet(10_000);
    await pay(1_000, walletId);
    const foreignId = '3a0c8e36-7f11-4d2a-a6f2-1f4f1d9a0b77';
    await h.backend.payDirect({ clientTxnId: foreignId, amountYen: 222, credential: { type: 'cpm', token: await h.backend.token(walletId) } });
    await goOffline(h);
    const offline = await pay(300, walletId);
    h.backend.setDown(false);
    // Still offline in the core's eyes: 点検 shows journal figures without comparing.
    const offlineCheck = await h.core.call('dailyReport', { businessDay: DAY, mode: 'check' });
    expect(offlineCheck).toMatchObject({ ok: true, report: { paymentsCount: 2, offlinePendingCount: 1, backendCompared: false, differences: [] } });
    await goOnline(h);
    const check = await h.core.call('dailyReport', { businessDay: DAY, mode: 'check' });
    if (!check.ok) throw new Error(check.message);
    expect(check.report.differences).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ clientTxnId: foreignId, type: 'payment', journalYen: null, backendYen: 222, difference: 'missing_in_journal' }),
        expect.objectContaining({ clientTxnId: offline.clientTxnId, type: 'payment', journalYen: 300, backendYen: null, difference: 'missing_on_backend' }),
      ]),
    );
    expect(check.report.differences).toHaveLength(2);
  });

  it('When offline items are pending, then 精算 syncs them first and closes; the closed report is kept', async () => {
    h = await makeHarness({ staff: { code: 'm1', pin: '1234', role: 'manager' } });
    const walletId = h.backend.addWallet(10_000);
    await goOffline(h);
    await pay(300, walletId);
    await goOnline(h);
    const close = await h.core.call('dailyReport', { businessDay: DAY, mode: 'close' });
    expect(close).toMatchObject({ ok: true, report: { mode: 'close', closed: true, paymentsCount: 1, offlinePendingCount: 0, differences: [] } });
    expect(h.backend.payments.size).toBe(1);
    const again = await h.core.call('dailyReport', { businessDay: DAY, mode: 'check' });
    expect(again).toMatchObject({ ok: true, report: { closed: true } });
  });

  it('When the backend cannot be reached, then 精算 is refused and nothing is closed', async () => {
    h = await makeHarness({ staff: { code: 'm1', pin: '1234', role: 'manager' } });
    const walletId = h.backend.addWallet(10_000);
    await goOffline(h);
    await pay(300, walletId);
    const close = await h.core.call('dailyReport', { businessDay: DAY, mode: 'close' });
    expect(close).toMatchObject({ ok: false, code: 'offline_refused' });
    expect(h.journal.dayCloses.reportJson(DAY)).toBeNull();
  });

  it('When an offline item cannot be synced (the backend answers but the batch is lost), then 精算 is refused with the count', async () => {
    h = await makeHarness({ staff: { code: 'm1', pin: '1234', role: 'manager' } });
    const walletId = h.backend.addWallet(10_000);
    await goOffline(h);
    await pay(300, walletId);
    await goOnline(h);
    h.backend.injectFor('syncBatch', 'lose_response');
    const close = await h.core.call('dailyReport', { businessDay: DAY, mode: 'close' });
    expect(close).toMatchObject({ ok: false, code: 'offline_refused', details: { pendingCount: 1 } });
  });

  it('When a cashier asks for 精算, then it is forbidden (a manager closes the day); 点検 is allowed', async () => {
    h = await makeHarness();
    expect(await h.core.call('dailyReport', { businessDay: DAY, mode: 'close' })).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await h.core.call('dailyReport', { businessDay: DAY, mode: 'check' })).toMatchObject({ ok: true });
  });

  it('When a charger charges and cancels, then cash collected is the charges less the cash handed back (R16)', async () => {
    h = await makeHarness({ staff: { code: 'm1', pin: '1234', role: 'manager' } });
    const walletId = h.backend.addWallet(0);
    const charged = await h.core.call('charge', { amountYen: 5_000, cashReceivedYen: 5_000, credential: { type: 'cpm', token: await h.backend.token(walletId) } });
    expect(charged.ok).toBe(true);
    const check = await h.core.call('dailyReport', { businessDay: DAY, mode: 'check' });
    expect(check).toMatchObject({ ok: true, report: { chargesCount: 1, chargesYen: 5_000, bonusYen: 50, cashCollectedYen: 5_000 } });
  });
});

describe('history (R25)', () => {
  it('When payments were made online and offline, then the day shows both with their state', async () => {
    h = await makeHarness();
    const walletId = h.backend.addWallet(10_000);
    const online = await pay(1_000, walletId);
    await goOffline(h);
    const offline = await pay(200, walletId);
    const result = await h.core.call('history', { businessDay: DAY });
    expect(result).toMatchObject({
      ok: true,
      lines: [
        { clientTxnId: online.clientTxnId, type: 'payment', amountYen: 1_000, offline: false, state: 'synced', cancelled: false },
        { clientTxnId: offline.clientTxnId, type: 'payment', amountYen: 200, offline: true, state: 'pending', allocations: [] },
      ],
    });
  });

  it('When a payment is cancelled by a manager, then history shows it cancelled and the wallet has its value back (R15, R17)', async () => {
    h = await makeHarness({ staff: { code: 'm1', pin: '1234', role: 'manager' } });
    const walletId = h.backend.addWallet(10_000);
    const payment = await pay(1_000, walletId);
    const cancel = await h.core.call('cancel', { type: 'payment', id: payment.paymentId as string });
    expect(cancel).toMatchObject({ ok: true, refundYen: 1_000, writtenOffYen: 0 });
    expect(h.backend.wallets.get(walletId)?.balanceYen).toBe(10_000);
    expect(await h.core.call('cancel', { type: 'payment', id: payment.paymentId as string })).toMatchObject({ ok: false, code: 'already_cancelled' });
    const result = await h.core.call('history', { businessDay: DAY });
    expect(result).toMatchObject({ ok: true, lines: [{ cancelled: true }] });
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import type { MpmRequestView, TerminalEvent } from '../../common/terminal-api';
import { eventually } from './testing/eventually';
import { goOffline, makeHarness, type Harness } from './testing/harness';

let h: Harness;
afterEach(async () => h?.cleanup());

function mpmEvents(events: TerminalEvent[]): MpmRequestView[] {
  return events.flatMap((e) => (e.type === 'mpm_request' ? [e.request] : []));
}

/** The watch is listening: its long poll waits at the fake backend. */
async function listening(): Promise<void> {
  await eventually('the MPM watch waits at the backend', () => h.backend.mpmPollsWaiting(), (n) => n > 0, 5_000);
}

describe('QRを表示 (R28, dynamic MPM)', () => {
  it('R28: When the customer pays the shown QR, then the payment is journaled as an MPM payment before the screen hears お支払い完了, once', async () => {
    h = await makeHarness();
    const walletId = h.backend.addWallet(5_000);
    const created = await h.core.call('mpmCreate', { amountYen: 1_234 });
    if (!created.ok) throw new Error(created.message);
    expect(created.request).toMatchObject({ status: 'pending', amountYen: 1_234, points: null, watching: true });
    expect(created.request.qr).toMatch(/^KPM1\./);
    expect(created.request.shortNo).toMatch(/^0001-\d{6}$/);
    // The request carried the register's short number to the backend (it prints on the slip).
    expect(h.backend.mpmRequests.get(created.request.requestId)?.shortNo).toBe(created.request.shortNo);
    // The notices are being followed from here on (their cursor is set).
    await h.core.notices.runOnce();
    await listening();

    let journaledWhenTold: string | null = null;
    h.core.subscribe((event) => {
      if (event.type === 'mpm_request' && event.request.status === 'paid') {
        journaledWhenTold = h.journal.txns.get(event.request.payment?.clientTxnId ?? '')?.state ?? null;
      }
    });
    await h.backend.payMpmRequest(created.request.requestId, walletId);
    await h.core.mpm.idle();

    const paid = mpmEvents(h.events).at(-1);
    expect(paid).toMatchObject({ status: 'paid', watching: false, payment: { amountYen: 1_234, offline: false } });
    expect(journaledWhenTold).toBe('approved');
    const payments = h.journal.txns.page(0, 100).filter((r) => r.kind === 'payment');
    expect(payments).toEqual([expect.objectContaining({ method: 'mpm', mpmSource: 'dynamic', amountYen: 1_234, state: 'approved', shortNo: created.request.shortNo })]);
    expect(h.backend.wallets.get(walletId)?.balanceYen).toBe(3_766);

    // The same payment heard again from the notices writes nothing more.
    expect(await h.core.notices.runOnce()).toMatchObject({ received: 1, journaled: 0 });
    expect(h.journal.txns.page(0, 100).filter((r) => r.kind === 'payment')).toHaveLength(1);
    // …and rings no 入金通知: the screen already said お支払い完了.
    expect(h.events.filter((e) => e.type === 'mpm_notices')).toHaveLength(0);
  });

  it('R28/R14: When an MPM payment shows in history, then it is a payment by MPM that cancels like a CPM one', async () => {
    h = await makeHarness({ staff: { code: 'm1', pin: '1234', role: 'manager' } });
    const walletId = h.backend.addWallet(5_000);
    const created = await h.core.call('mpmCreate', { amountYen: 800 });
    if (!created.ok) throw new Error(created.message);
    await listening();
    await h.backend.payMpmRequest(created.request.requestId, walletId);
    await h.core.mpm.idle();
    const history = await h.core.call('history', { businessDay: '2024-06-01' });
    if (!history.ok) throw new Error(history.message);
    const line = history.lines.find((l) => l.type === 'payment');
    expect(line).toMatchObject({ method: 'mpm', mpmSource: 'dynamic', amountYen: 800, cancelled: false });
    const cancelled = await h.core.call('cancel', { type: 'payment', id: line?.id ?? '' });
    expect(cancelled).toMatchObject({ ok: true, refundYen: 800 });
    expect(h.backend.wallets.get(walletId)?.balanceYen).toBe(5_000);
  });

  it('R28: When the cashier withdraws the QR, then the request is withdrawn, the watch stops and nothing is journaled as paid', async () => {
    h = await makeHarness();
    const created = await h.core.call('mpmCreate', { amountYen: 500 });
    if (!created.ok) throw new Error(created.message);
    await listening();
    const withdrawn = await h.core.call('mpmWithdraw', { requestId: created.request.requestId });
    expect(withdrawn).toMatchObject({ ok: true, request: { status: 'withdrawn', watching: false } });
    await h.core.mpm.idle();
    expect(h.backend.mpmRequests.get(created.request.requestId)?.status).toBe('withdrawn');
    expect(h.journal.txns.page(0, 100).filter((r) => r.kind === 'payment')).toHaveLength(0);
    // A new QR may be shown after it.
    expect((await h.core.call('mpmCreate', { amountYen: 600 })).ok).toBe(true);
  });

  it('R28: When the customer paid just before the withdraw, then the withdraw answers the payment (journaled once), never "withdrawn"', async () => {
    h = await makeHarness();
    const walletId = h.backend.addWallet(5_000);
    const created = await h.core.call('mpmCreate', { amountYen: 700 });
    if (!created.ok) throw new Error(created.message);
    // Paid at the backend while the watch's answer is still on its way.
    const request = h.backend.mpmRequests.get(created.request.requestId);
    if (!request) throw new Error('no request');
    await listening();
    h.core.mpm.stop();
    await h.backend.payMpmRequest(created.request.requestId, walletId);
    const withdrawn = await h.core.call('mpmWithdraw', { requestId: created.request.requestId });
    expect(withdrawn).toMatchObject({ ok: true, request: { status: 'paid', payment: { amountYen: 700 } } });
    expect(h.journal.txns.page(0, 100).filter((r) => r.kind === 'payment' && r.method === 'mpm')).toHaveLength(1);
  });

  it('R28: When the QR expires unpaid, then the screen hears 期限切れ (expired) and a new QR can be made', async () => {
    h = await makeHarness();
    const created = await h.core.call('mpmCreate', { amountYen: 900 });
    if (!created.ok) throw new Error(created.message);
    await listening();
    h.clock.advance(5 * 60 * 1000 + 1_000);
    h.backend.wakeMpmPolls();
    await h.core.mpm.idle();
    expect(mpmEvents(h.events).at(-1)).toMatchObject({ status: 'expired', watching: false });
    expect(h.journal.txns.page(0, 100).filter((r) => r.kind === 'payment')).toHaveLength(0);
    const again = await h.core.call('mpmCreate', { amountYen: 900 });
    expect(again).toMatchObject({ ok: true, request: { status: 'pending' } });
  });

  it('R28: When a QR is still shown, then another is refused until it is withdrawn (one counter shows one QR)', async () => {
    h = await makeHarness();
    const first = await h.core.call('mpmCreate', { amountYen: 900 });
    if (!first.ok) throw new Error(first.message);
    const second = await h.core.call('mpmCreate', { amountYen: 100 });
    expect(second).toMatchObject({ ok: false, code: 'invalid_request', details: { reason: 'mpm_request_open' } });
    expect(h.backend.mpmRequests.size).toBe(1);
    await h.core.call('mpmWithdraw', { requestId: first.request.requestId });
  });

  it('R28/R23: When a points QR is paid at a KumaPo store, then the spend is journaled with its points and the customer sees what is left', async () => {
    h = await makeHarness();
    const walletId = h.backend.addWallet(0);
    h.backend.setPoints(walletId, 2_000);
    const created = await h.core.call('mpmCreate', { points: 500 });
    if (!created.ok) throw new Error(created.message);
    expect(created.request).toMatchObject({ points: 500, amountYen: null });
    await listening();
    await h.backend.payMpmRequest(created.request.requestId, walletId);
    await h.core.mpm.idle();
    expect(mpmEvents(h.events).at(-1)).toMatchObject({ status: 'paid', spend: { points: 500, pointsAfter: 1_500 } });
    const spends = h.journal.txns.page(0, 100).filter((r) => r.kind === 'point_spend');
    expect(spends).toEqual([expect.objectContaining({ method: 'mpm', points: 500, amountYen: 0, state: 'approved' })]);
  });

  it('R28/R23: When the shop is not a KumaPo store, then a points QR is refused and no request is made', async () => {
    h = await makeHarness();
    h.backend.kumapoStore = false;
    await h.core.sync.contact();
    const created = await h.core.call('mpmCreate', { points: 500 });
    expect(created).toMatchObject({ ok: false, code: 'not_kumapo_store' });
    expect(h.backend.calls).not.toContain('createMpmRequest');
  });

  it('R28: When the terminal is offline, then QRを表示 is refused in plain words (online only) and nothing is queued', async () => {
    h = await makeHarness();
    await goOffline(h);
    const created = await h.core.call('mpmCreate', { amountYen: 500 });
    expect(created).toMatchObject({ ok: false, code: 'offline_refused', details: { reason: 'online_only' } });
    expect(h.backend.calls).not.toContain('createMpmRequest');
    expect(h.journal.txns.page(0, 100)).toHaveLength(0);
  });

  it('R28: When the link keeps failing while a QR is shown, then the watch stops within its bound and says it no longer knows', async () => {
    h = await makeHarness();
    const created = await h.core.call('mpmCreate', { amountYen: 500 });
    if (!created.ok) throw new Error(created.message);
    await listening();
    h.backend.setDown(true);
    h.backend.wakeMpmPolls();
    await h.core.mpm.idle();
    expect(mpmEvents(h.events).at(-1)).toMatchObject({ status: 'pending', watching: false });
    // Bounded: one answered poll, then at most mpmPollFailuresMax failed ones.
    expect(h.backend.calls.filter((c) => c === 'mpmRequest').length).toBeLessThanOrEqual(11);
  });
});

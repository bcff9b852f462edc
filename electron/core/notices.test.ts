import { afterEach, describe, expect, it, vi } from 'vitest';
import type { MpmNoticeView, TerminalEvent } from '../../common/terminal-api';
import { goOffline, goOnline, makeHarness, type Harness } from './testing/harness';

let h: Harness;
afterEach(async () => h?.cleanup());

function banners(events: TerminalEvent[]): MpmNoticeView[] {
  return events.flatMap((e) => (e.type === 'mpm_notices' ? e.notices : []));
}

describe('入金通知 (R28, store QR notices)', () => {
  it('R28: When a register is enrolled, then it asks for notices at once (where it starts hearing), not after the not-enrolled back-off of up to a minute', async () => {
    h = await makeHarness({ enroll: false });
    const wake = vi.spyOn(h.core.notices, 'wake');
    const enrolled = await h.core.call('enroll', { enrollmentCode: 'GOOD-CODE' });
    expect(enrolled.ok).toBe(true);
    expect(wake).toHaveBeenCalledTimes(1);
    // A refused enrollment leaves the poller to its back-off.
    const again = await makeHarness({ enroll: false });
    const idle = vi.spyOn(again.core.notices, 'wake');
    expect((await again.core.call('enroll', { enrollmentCode: 'BAD-CODE' })).ok).toBe(false);
    expect(idle).not.toHaveBeenCalled();
    await again.cleanup();
  });

  it('R28: When a customer pays this register’s store QR, then the payment is journaled as an MPM payment, the shop hears 入金通知 with the amount, and the cursor is on disk', async () => {
    h = await makeHarness();
    // A new register starts from now: nothing from before it is fetched.
    expect(await h.core.notices.runOnce()).toMatchObject({ received: 0 });
    expect(h.backend.noticeQueries[0]?.after).toBeUndefined();
    const walletId = h.backend.addWallet(10_000);
    const paymentId = h.backend.payStaticQr(walletId, 1_234);

    expect(await h.core.notices.runOnce()).toMatchObject({ received: 1, journaled: 1 });
    expect(banners(h.events)).toEqual([expect.objectContaining({ source: 'static', amountYen: 1_234, ownRegister: true })]);
    const row = h.journal.txns.findByResultId(paymentId, 'payment');
    expect(row).toMatchObject({ method: 'mpm', mpmSource: 'static', amountYen: 1_234, state: 'approved', staffId: null });
    expect(h.core.notices.cursor()).toBe(1);

    const history = await h.core.call('history', { businessDay: '2024-06-01' });
    if (!history.ok) throw new Error(history.message);
    expect(history.lines).toEqual([expect.objectContaining({ type: 'payment', method: 'mpm', mpmSource: 'static', amountYen: 1_234, id: paymentId })]);
  });

  it('R28: When another register’s store QR is paid, then this register hears it but does not count it in its day', async () => {
    h = await makeHarness();
    await h.core.notices.runOnce();
    h.backend.payStaticQr(h.backend.addWallet(5_000), 500, 'term-2');
    expect(await h.core.notices.runOnce()).toMatchObject({ received: 1, journaled: 0 });
    expect(banners(h.events)).toEqual([expect.objectContaining({ amountYen: 500, ownRegister: false })]);
    expect(h.journal.txns.page(0, 100)).toHaveLength(0);
  });

  it('R28: When the terminal was offline and restarted meanwhile, then it catches up page by page from its saved cursor; old payments go quietly into the journal', async () => {
    h = await makeHarness();
    await h.core.notices.runOnce();
    const walletId = h.backend.addWallet(50_000);
    h.backend.payStaticQr(walletId, 100);
    await h.core.notices.runOnce();
    expect(h.core.notices.cursor()).toBe(1);

    await goOffline(h);
    for (const yen of [200, 300, 400, 500, 600]) h.backend.payStaticQr(walletId, yen);
    h.backend.payStaticQr(walletId, 700, 'term-2');
    expect(await h.core.notices.runOnce()).toMatchObject({ received: 0, stoppedBy: 'offline' });
    await h.restart();
    // Long after: these ring no more, but still count in the day.
    h.clock.advance(30 * 60 * 1000);
    await goOnline(h);
    h.backend.noticesPageSize = 2;
    const before = h.events.length;

    expect(await h.core.notices.runOnce()).toMatchObject({ received: 6, journaled: 5, stoppedBy: null });
    expect(h.backend.noticeQueries.slice(-3).map((q) => q.after)).toEqual([1, 3, 5]);
    expect(h.core.notices.cursor()).toBe(7);
    const mpmYen = h.journal.txns
      .page(0, 100)
      .filter((r) => r.method === 'mpm')
      .map((r) => r.amountYen);
    expect(mpmYen).toEqual([100, 200, 300, 400, 500, 600]);
    expect(banners(h.events.slice(before))).toEqual([]);
    // Asked again: nothing new, nothing twice.
    expect(await h.core.notices.runOnce()).toMatchObject({ received: 0, journaled: 0 });
  });

  it('R28: When this register’s request is paid while no screen shows it (after a restart), then the notice journals it and rings 入金通知', async () => {
    h = await makeHarness();
    await h.core.notices.runOnce();
    const walletId = h.backend.addWallet(5_000);
    const created = await h.core.call('mpmCreate', { amountYen: 950 });
    if (!created.ok) throw new Error(created.message);
    await h.restart();
    await h.core.call('login', { staffCode: 'c1', pin: '1234' });
    await h.backend.payMpmRequest(created.request.requestId, walletId);

    expect(await h.core.notices.runOnce()).toMatchObject({ received: 1, journaled: 1 });
    expect(banners(h.events)).toEqual([expect.objectContaining({ source: 'dynamic', amountYen: 950, ownRegister: true })]);
    const payments = h.journal.txns.page(0, 100).filter((r) => r.kind === 'payment');
    // The request row knew the short number and who showed the QR.
    expect(payments).toEqual([expect.objectContaining({ method: 'mpm', mpmSource: 'dynamic', amountYen: 950, shortNo: created.request.shortNo, staffId: 'staff-c1' })]);
  });
});

describe('点検 with KumaPo and MPM (R26, R33)', () => {
  it('R23/R28/R26: When the day had point spends, a spend cancel and MPM payments, then 点検 shows a KumaPo line and an MPM line and matches the backend line by line', async () => {
    h = await makeHarness({ staff: { code: 'm1', pin: '1234', role: 'manager' } });
    await h.core.notices.runOnce();
    const walletId = h.backend.addWallet(20_000);
    h.backend.setPoints(walletId, 5_000);
    const first = await h.core.call('pointSpend', { points: 1_000, credential: { type: 'cpm', token: await h.backend.token(walletId) } });
    const second = await h.core.call('pointSpend', { points: 300, credential: { type: 'cpm', token: await h.backend.token(walletId) } });
    if (!first.ok || !second.ok) throw new Error('spend failed');
    expect((await h.core.call('cancel', { type: 'point_spend', id: second.spend.spendId })).ok).toBe(true);
    const created = await h.core.call('mpmCreate', { amountYen: 1_500 });
    if (!created.ok) throw new Error(created.message);
    await h.backend.payMpmRequest(created.request.requestId, walletId);
    await h.core.mpm.idle();
    h.backend.payStaticQr(walletId, 800);
    await h.core.notices.runOnce();
    expect((await h.core.call('pay', { amountYen: 200, credential: { type: 'cpm', token: await h.backend.token(walletId) } })).ok).toBe(true);

    const report = await h.core.call('dailyReport', { businessDay: '2024-06-01', mode: 'check' });
    if (!report.ok) throw new Error(report.message);
    expect(report.report.points).toEqual({ spendCount: 2, spendPoints: 1_300, cancelCount: 1, cancelPoints: 300, netPoints: 1_000 });
    expect(report.report.mpm).toEqual({ count: 2, yen: 2_300, staticCount: 1, staticYen: 800 });
    expect(report.report).toMatchObject({ paymentsCount: 3, paymentsYen: 2_500 });
    expect(report.report.backendCompared).toBe(true);
    expect(report.report.differences).toEqual([]);
  });

  it('R23/R33: When the backend has a point spend the journal lacks, then 点検 lists it with its points', async () => {
    h = await makeHarness();
    const walletId = h.backend.addWallet(0);
    h.backend.setPoints(walletId, 1_000);
    const spent = await h.core.call('pointSpend', { points: 100, credential: { type: 'cpm', token: await h.backend.token(walletId) } });
    if (!spent.ok) throw new Error(spent.message);
    // A spend this register never heard of (e.g. a points MPM request paid while it was away, notice not read yet).
    const created = await h.core.call('mpmCreate', { points: 40 });
    if (!created.ok) throw new Error(created.message);
    h.core.mpm.stop();
    await h.backend.payMpmRequest(created.request.requestId, walletId);
    const report = await h.core.call('dailyReport', { businessDay: '2024-06-01', mode: 'check' });
    if (!report.ok) throw new Error(report.message);
    expect(report.report.differences).toEqual([
      expect.objectContaining({ type: 'point_spend', difference: 'missing_in_journal', journalPoints: null, backendPoints: 40, backendYen: 0 }),
    ]);
  });
});

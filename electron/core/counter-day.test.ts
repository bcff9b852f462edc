/**
 * Issue 10, the counter's day (docs/counter-day.md): short numbers (R29/R31), the R30
 * business day, split sales (R32), cancel approval and cancels of other registers (R31),
 * search, history extras, the R33 daily report and the customer display.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { nextBusinessDay } from '../../common/business-day';
import { LIMITS } from '../../common/limits';
import { formatShortNo } from '../../common/short-no';
import { businessDayOf } from '../../common/time';
import { Journal } from './journal/journal';
import { JOURNAL_MIGRATIONS } from './journal/schema';
import { goOffline, goOnline, makeHarness, START_MS, type Harness } from './testing/harness';

let h: Harness;
afterEach(async () => h?.cleanup());

const DAY = businessDayOf(START_MS);
const MANAGER = { code: 'm1', pin: '1234', role: 'manager' as const };

async function pay(amountYen: number, walletId: string, cashYen?: number) {
  const result = await h.core.call('pay', {
    amountYen,
    credential: { type: 'cpm', token: await h.backend.token(walletId) },
    ...(cashYen === undefined ? {} : { cashYen }),
  });
  if (!result.ok) throw new Error(`${result.code}: ${result.message}`);
  return result.payment;
}

async function loginAs(code: string, pin: string, role: 'manager' | 'cashier' | 'charger' | 'support') {
  h.backend.addStaff(code, pin, role);
  const login = await h.core.call('login', { staffCode: code, pin });
  if (!login.ok) throw new Error(login.message);
}

describe('short numbers (R29, R31)', () => {
  it('When the terminal knows its number, then each transaction gets NNNN-SSSSSS from its journal seq, sent in the body the journal holds', async () => {
    h = await makeHarness();
    const walletId = h.backend.addWallet(10_000);
    const payment = await pay(500, walletId);
    const row = h.journal.txns.get(payment.clientTxnId);
    expect(row?.shortNo).toBe(formatShortNo(1, row?.seq ?? -1));
    expect(payment.shortNo).toBe(row?.shortNo);
    expect(JSON.parse(row?.requestJson ?? '{}')).toMatchObject({ shortNo: row?.shortNo });
    expect(h.backend.paymentsFor(payment.clientTxnId)[0]?.shortNo).toBe(row?.shortNo);
    expect(h.core.status()).toMatchObject({ terminalNo: 1, businessDay: DAY });
  });

  it('When the backend has not said the number, then no shortNo is sent; a later contact teaches it and it is kept across a restart', async () => {
    h = await makeHarness({ enroll: false });
    h.backend.terminalNo = null;
    expect(await h.core.call('enroll', { enrollmentCode: 'GOOD-CODE' })).toMatchObject({ ok: true });
    await loginAs('c1', '1234', 'cashier');
    const walletId = h.backend.addWallet(10_000);
    const first = await pay(100, walletId);
    expect(first.shortNo).toBeNull();
    expect(JSON.parse(h.journal.txns.get(first.clientTxnId)?.requestJson ?? '{}')).not.toHaveProperty('shortNo');
    h.backend.terminalNo = 7;
    await h.core.sync.contact();
    const second = await pay(100, walletId);
    expect(second.shortNo).toMatch(/^0007-\d{6}$/);
    await h.restart();
    expect(h.core.status().terminalNo).toBe(7);
  });

  it('When a payment is approved offline, then its slip number is known at once and the sync item carries it and the cash part', async () => {
    h = await makeHarness();
    const walletId = h.backend.addWallet(10_000);
    await goOffline(h);
    const offline = await pay(1_000, walletId, 500);
    expect(offline).toMatchObject({ offline: true, cashYen: 500 });
    expect(offline.shortNo).toMatch(/^0001-\d{6}$/);
    await goOnline(h);
    await h.core.sync.runOnce();
    expect(h.backend.paymentsFor(offline.clientTxnId)[0]).toMatchObject({ shortNo: offline.shortNo, cashYen: 500 });
  });
});

describe('split sale (R32) and declines (R8)', () => {
  it('When part is paid in cash, then the payment, the journal and the backend carry the cash part', async () => {
    h = await makeHarness();
    const walletId = h.backend.addWallet(10_000);
    const payment = await pay(700, walletId, 300);
    expect(payment).toMatchObject({ amountYen: 700, cashYen: 300, offline: false });
    expect(h.journal.txns.get(payment.clientTxnId)?.cashYen).toBe(300);
    expect(h.backend.paymentsFor(payment.clientTxnId)[0]?.cashYen).toBe(300);
    expect(h.backend.wallets.get(walletId)?.balanceYen).toBe(9_300);
  });

  it('When offline, then the limits apply to the KumaPAY part only: a cash part beyond them is fine', async () => {
    h = await makeHarness({ offlineLimits: { paymentMaxYen: 5_000 } });
    const walletId = h.backend.addWallet(10_000);
    await goOffline(h);
    expect(await pay(3_000, walletId, 4_000)).toMatchObject({ offline: true, amountYen: 3_000, cashYen: 4_000 });
    const over = await h.core.call('pay', { amountYen: 5_001, cashYen: 1, credential: { type: 'cpm', token: await h.backend.token(walletId, { offlineLimitYen: 10_000 }) } });
    expect(over).toMatchObject({ ok: false, code: 'offline_limit' });
  });

  it('When the wallet cannot cover it, then the decline carries what can be used here and which balances this shop does not accept', async () => {
    h = await makeHarness();
    const walletId = h.backend.addWallet(400);
    const wallet = h.backend.wallets.get(walletId);
    if (wallet) wallet.notAcceptedHere = [{ campaignId: 'camp-9', label: '駅前限定マネー', amountYen: 2_000 }];
    const result = await h.core.call('pay', { amountYen: 1_000, credential: { type: 'cpm', token: await h.backend.token(walletId) } });
    expect(result).toMatchObject({
      ok: false,
      code: 'insufficient_funds',
      details: { eligibleYen: 400, totalYen: 2_400, notAcceptedHere: [{ label: '駅前限定マネー', amountYen: 2_000 }] },
    });
  });
});

describe('cancel approval and other registers (R31)', () => {
  it('When a cashier cancels without a manager, then approval_required comes at once and nothing is sent', async () => {
    h = await makeHarness();
    const walletId = h.backend.addWallet(10_000);
    const payment = await pay(1_000, walletId);
    const before = h.backend.calls.length;
    const result = await h.core.call('cancel', { type: 'payment', id: payment.paymentId as string });
    expect(result).toMatchObject({ ok: false, code: 'approval_required', details: { reason: 'missing' } });
    expect(h.backend.calls.slice(before).filter((c) => c === 'cancelPayment')).toHaveLength(0);
  });

  it("When a cashier cancels a split sale with a manager's approval, then it goes through, the cash part is to be handed back, and the PIN is not on disk", async () => {
    h = await makeHarness();
    h.backend.addStaff('m9', '9999', 'manager');
    const walletId = h.backend.addWallet(10_000);
    const payment = await pay(1_000, walletId, 250);
    const wrong = await h.core.call('cancel', { type: 'payment', id: payment.paymentId as string, approval: { staffCode: 'm9', pin: '0000' } });
    expect(wrong).toMatchObject({ ok: false, code: 'approval_required', details: { reason: 'invalid' } });
    const result = await h.core.call('cancel', { type: 'payment', id: payment.paymentId as string, approval: { staffCode: 'm9', pin: '9999' } });
    expect(result).toMatchObject({ ok: true, refundYen: 1_000, cashToReturnYen: 250 });
    expect(h.backend.cancelApprovals.at(-1)).toEqual({ staffCode: 'm9', pin: '9999' });
    const cancelRows = h.journal.txns.cancelsOf(payment.paymentId as string);
    expect(cancelRows.at(-1)).toMatchObject({ state: 'approved', amountYen: 1_000, cashYen: 250, approvedByCode: 'm9' });
    for (const row of cancelRows) expect(row.requestJson).not.toContain('9999');
  });

  it('When a charger cancels a payment, then it needs approval too; support may not cancel at all', async () => {
    h = await makeHarness({ staff: { code: 'g1', pin: '1111', role: 'charger' } });
    h.backend.addStaff('m9', '9999', 'manager');
    const walletId = h.backend.addWallet(10_000);
    const payment = await pay(300, walletId);
    expect(await h.core.call('cancel', { type: 'payment', id: payment.paymentId as string })).toMatchObject({ ok: false, code: 'approval_required' });
    expect(await h.core.call('cancel', { type: 'payment', id: payment.paymentId as string, approval: { staffCode: 'm9', pin: '9999' } })).toMatchObject({ ok: true });
    await loginAs('s1', '2222', 'support');
    expect(await h.core.call('cancel', { type: 'payment', id: payment.paymentId as string })).toMatchObject({ ok: false, code: 'forbidden' });
  });

  it("When a payment made at another register is found by search, then a manager here cancels it and the journal knows its amount and cash part", async () => {
    h = await makeHarness({ staff: MANAGER });
    const walletId = h.backend.addWallet(10_000);
    await h.backend.payDirect({ clientTxnId: '5b1d0a52-5a0e-4c53-9d51-3f1e3c2e8a10', amountYen: 1_234, cashYen: 66, shortNo: '0002-000042', credential: { type: 'cpm', token: await h.backend.token(walletId) } }, 'term-2');
    const found = await h.core.call('searchTransactions', { q: '0002-000042' });
    expect(found).toMatchObject({ ok: true, source: 'backend', lines: [{ amountYen: 1_234, cashYen: 66, own: false, cancellable: true, terminalNo: 2 }] });
    if (!found.ok) return;
    const line = found.lines[0];
    const result = await h.core.call('cancel', { type: 'payment', id: line?.id as string });
    expect(result).toMatchObject({ ok: true, cashToReturnYen: 66 });
    expect(h.journal.txns.cancelsOf(line?.id as string)[0]).toMatchObject({ kind: 'payment_cancel', state: 'approved', amountYen: 1_234, cashYen: 66, targetId: line?.id });
    const report = await h.core.call('dailyReport', { businessDay: DAY, mode: 'check' });
    expect(report).toMatchObject({ ok: true, report: { cancelledPaymentsCount: 1, cancelledPaymentsYen: 1_234, cashReturnedYen: 66 } });
  });
});

describe('approved cancels whose answer was lost (R31)', () => {
  async function unknownApprovedCancel(fault: 'lose_response' | 'lose_request') {
    h = await makeHarness();
    h.backend.addStaff('m9', '9999', 'manager');
    const walletId = h.backend.addWallet(10_000);
    const payment = await pay(1_000, walletId, 100);
    h.backend.injectFor('cancelPayment', fault, fault, fault);
    const result = await h.core.call('cancel', { type: 'payment', id: payment.paymentId as string, approval: { staffCode: 'm9', pin: '9999' } });
    expect(result).toMatchObject({ ok: false, code: 'network', details: { reason: 'outcome_unknown' } });
    return { payment, walletId, clientTxnId: (result.ok ? '' : result.details.clientTxnId) as string };
  }

  it('When the sync agent resends it before a restart, then the approval (in memory) goes along and the one cancel is found', async () => {
    const { payment, walletId, clientTxnId } = await unknownApprovedCancel('lose_response');
    expect((await h.core.sync.runOnce()).resolved).toBe(1);
    expect(h.journal.txns.get(clientTxnId)?.state).toBe('approved');
    expect(h.backend.payments.get(payment.paymentId as string)?.cancelled).toBe(true);
    expect(h.backend.wallets.get(walletId)?.balanceYen).toBe(10_000);
  });

  it('When the terminal restarted meanwhile (no PIN anywhere), then an answered cancel is replayed by the approver code, and one that never arrived is settled as not done', async () => {
    const answered = await unknownApprovedCancel('lose_response');
    await h.restart();
    expect(await h.core.call('login', { staffCode: 'c1', pin: '1234' })).toMatchObject({ ok: true });
    expect((await h.core.sync.runOnce()).resolved).toBe(1);
    expect(h.journal.txns.get(answered.clientTxnId)?.state).toBe('approved');
    expect(h.backend.cancelApprovals.filter((a) => a !== null)).toHaveLength(1);
    await h.cleanup();

    const lost = await unknownApprovedCancel('lose_request');
    await h.restart();
    expect(await h.core.call('login', { staffCode: 'c1', pin: '1234' })).toMatchObject({ ok: true });
    expect((await h.core.sync.runOnce()).resolved).toBe(1);
    expect(h.journal.txns.get(lost.clientTxnId)).toMatchObject({ state: 'declined', errorCode: 'approval_required' });
    expect(h.backend.payments.get(lost.payment.paymentId as string)?.cancelled).toBe(false);
    expect(h.core.status().notifications.find((n) => n.clientTxnId === lost.clientTxnId)?.message).toContain('did NOT go through');
  });
});

describe('search (R31)', () => {
  it('When online, then the backend answers for the shop (a cancelled one is not cancellable; past 8 days it is not found); offline the journal answers by number, amount and time', async () => {
    h = await makeHarness({ staff: MANAGER, staffSessionTtlMs: 30 * 24 * 3_600_000 });
    const walletId = h.backend.addWallet(100_000);
    const tooOld = await pay(1_500, walletId);
    h.clock.advance(LIMITS.cancelWindowMs - 60_000);
    const cancelled = await pay(1_500, walletId);
    expect(await h.core.call('cancel', { type: 'payment', id: cancelled.paymentId as string })).toMatchObject({ ok: true });
    h.clock.advance(1_000);
    const recent = await pay(1_500, walletId);
    h.clock.advance(30_000);
    const online = await h.core.call('searchTransactions', { q: '¥1,500' });
    if (!online.ok) throw new Error(online.message);
    expect(online.source).toBe('backend');
    expect(online.lines.map((l) => [l.clientTxnId, l.own, l.cancellable])).toEqual([
      [recent.clientTxnId, true, true],
      [cancelled.clientTxnId, true, false],
      // Still inside the window by the terminal's clock (8 days less 29 s).
      [tooOld.clientTxnId, true, true],
    ]);
    h.clock.advance(60_000);
    const later = await h.core.call('searchTransactions', { q: '1500' });
    expect(later.ok && later.lines.map((l) => l.clientTxnId)).toEqual([recent.clientTxnId, cancelled.clientTxnId]);
    await goOffline(h);
    const byNumber = await h.core.call('searchTransactions', { q: recent.shortNo as string });
    expect(byNumber).toMatchObject({ ok: true, source: 'journal', lines: [{ clientTxnId: recent.clientTxnId, own: true, terminalNo: 1 }] });
    const seqDigits = String(Number((recent.shortNo as string).split('-')[1]));
    expect(await h.core.call('searchTransactions', { q: seqDigits })).toMatchObject({ ok: true, lines: [{ clientTxnId: recent.clientTxnId }] });
    const jst = new Date(Date.parse(recent.occurredAt) + 9 * 3_600_000);
    const hhmm = `${String(jst.getUTCHours()).padStart(2, '0')}:${String(jst.getUTCMinutes()).padStart(2, '0')}`;
    const byTime = await h.core.call('searchTransactions', { q: hhmm });
    // The cancelled payment was made in the same minute: both are found.
    expect(byTime.ok && byTime.lines.map((l) => l.clientTxnId)).toEqual([recent.clientTxnId, cancelled.clientTxnId]);
    expect(await h.core.call('searchTransactions', { q: '1,500' })).toMatchObject({
      ok: true,
      source: 'journal',
      lines: [
        { clientTxnId: recent.clientTxnId, cancellable: true },
        { clientTxnId: cancelled.clientTxnId, cancelled: true, cancellable: false },
      ],
    });
  });
});

describe('history extras', () => {
  it('When payments and a migration are made, then history is newest first with short number, method, staff, cash part, and the amount a migration moved', async () => {
    h = await makeHarness({ staff: MANAGER });
    const appWallet = h.backend.addWallet(1_000);
    h.backend.addCard('CARD-0001', 3_000);
    const first = await pay(100, appWallet, 50);
    h.clock.advance(1_000);
    const migrated = await h.core.call('migrate', { card: { cardNumber: 'CARD-0001' }, to: { type: 'cpm', token: await h.backend.token(appWallet) } });
    expect(migrated).toMatchObject({ ok: true, movedYen: 3_000 });
    const result = await h.core.call('history', { businessDay: DAY });
    if (!result.ok) throw new Error(result.message);
    expect(result.lines.map((l) => l.type)).toEqual(['migration', 'payment']);
    expect(result.lines[0]).toMatchObject({ type: 'migration', amountYen: 3_000, staffName: 'Staff m1', businessDay: DAY });
    expect(result.lines[1]).toMatchObject({ clientTxnId: first.clientTxnId, shortNo: first.shortNo, method: 'qr', staffName: 'Staff m1', cashYen: 50 });
  });
});

describe('daily report R33 and the business day (R30)', () => {
  it('When split sales and a cancel happen, then the report shows gross, cancelled and net, cash sales, cash returned and the expected drawer', async () => {
    h = await makeHarness({ staff: MANAGER });
    const walletId = h.backend.addWallet(100_000);
    await pay(1_000, walletId, 200);
    const cancelled = await pay(500, walletId, 100);
    await pay(300, walletId);
    expect(await h.core.call('cancel', { type: 'payment', id: cancelled.paymentId as string })).toMatchObject({ ok: true, cashToReturnYen: 100 });
    const result = await h.core.call('dailyReport', { businessDay: DAY, mode: 'check' });
    expect(result).toMatchObject({
      ok: true,
      report: {
        paymentsCount: 3,
        paymentsYen: 1_800,
        cancelledPaymentsCount: 1,
        cancelledPaymentsYen: 500,
        netPaymentsYen: 1_300,
        cashSalesCount: 2,
        cashSalesYen: 300,
        cashReturnedYen: 100,
        expectedDrawerYen: 200,
        migrationsCount: 0,
        differences: [],
        currentBusinessDay: DAY,
      },
    });
  });

  it('When differences exist, then 精算 needs each one acknowledged by key; then it closes on the backend with them', async () => {
    h = await makeHarness({ staff: MANAGER });
    const walletId = h.backend.addWallet(10_000);
    await pay(1_000, walletId);
    const foreignId = '3a0c8e36-7f11-4d2a-a6f2-1f4f1d9a0b77';
    await h.backend.payDirect({ clientTxnId: foreignId, amountYen: 222, credential: { type: 'cpm', token: await h.backend.token(walletId) } });
    const refused = await h.core.call('dailyReport', { businessDay: DAY, mode: 'close' });
    expect(refused).toMatchObject({ ok: false, code: 'approval_required', details: { reason: 'differences_unacknowledged' } });
    if (refused.ok) return;
    const differences = refused.details.differences as { key: string; occurredAt: string | null; shortNo: string | null }[];
    expect(differences).toEqual([expect.objectContaining({ key: `missing_in_journal:${foreignId}:payment`, occurredAt: expect.any(String) })]);
    expect(h.backend.closes.size).toBe(0);
    expect(h.journal.dayCloses.reportJson(DAY)).toBeNull();
    const closed = await h.core.call('dailyReport', { businessDay: DAY, mode: 'close', acknowledged: differences.map((d) => d.key) });
    expect(closed).toMatchObject({ ok: true, report: { closed: true, closedByName: 'Staff m1', currentBusinessDay: nextBusinessDay(DAY) } });
    expect(h.backend.closes.get(DAY)?.acknowledgements).toEqual([
      { clientTxnId: foreignId, type: 'payment', journalYen: null, backendYen: 222, difference: 'missing_in_journal' },
    ]);
  });

  it('When the backend already closed the day (an answer lost), then 精算 records it here too from the stored figures', async () => {
    h = await makeHarness({ staff: MANAGER });
    const walletId = h.backend.addWallet(10_000);
    await pay(1_000, walletId);
    h.backend.injectFor('closeDay', 'lose_response');
    expect(await h.core.call('dailyReport', { businessDay: DAY, mode: 'close' })).toMatchObject({ ok: false, code: 'network' });
    expect(h.backend.closes.has(DAY)).toBe(true);
    expect(h.journal.dayCloses.reportJson(DAY)).toBeNull();
    const again = await h.core.call('dailyReport', { businessDay: DAY, mode: 'close' });
    expect(again).toMatchObject({ ok: true, report: { closed: true, paymentsCount: 1 } });
    expect(h.journal.dayCloses.reportJson(DAY)).not.toBeNull();
  });

  it('When the day is closed, then a new payment and a cancel of an earlier payment land in the next business day; the closed day is unchanged', async () => {
    h = await makeHarness({ staff: MANAGER });
    const walletId = h.backend.addWallet(10_000);
    const earlier = await pay(1_000, walletId, 100);
    h.clock.advance(60_000);
    const closed = await h.core.call('dailyReport', { businessDay: DAY, mode: 'close' });
    if (!closed.ok) throw new Error(closed.message);
    const next = nextBusinessDay(DAY);
    expect(h.core.status().businessDay).toBe(next);
    h.clock.advance(60_000);
    const after = await pay(400, walletId);
    expect(await h.core.call('cancel', { type: 'payment', id: earlier.paymentId as string })).toMatchObject({ ok: true, cashToReturnYen: 100 });
    const nextReport = await h.core.call('dailyReport', { businessDay: next, mode: 'check' });
    expect(nextReport).toMatchObject({
      ok: true,
      report: { businessDay: next, paymentsCount: 1, paymentsYen: 400, cancelledPaymentsCount: 1, cancelledPaymentsYen: 1_000, cashReturnedYen: 100, differences: [] },
    });
    expect(h.journal.txns.get(after.clientTxnId)?.businessDay).toBe(next);
    const closedAgain = await h.core.call('dailyReport', { businessDay: DAY, mode: 'check' });
    if (!closedAgain.ok) throw new Error(closedAgain.message);
    expect({ ...closedAgain.report, currentBusinessDay: undefined }).toEqual({ ...closed.report, currentBusinessDay: undefined });
    expect(closedAgain.report).toMatchObject({ closed: true, paymentsCount: 1, cancelledPaymentsCount: 0 });
    const history = await h.core.call('history', { businessDay: next });
    expect(history).toMatchObject({ ok: true, lines: [{ clientTxnId: after.clientTxnId }] });
  });
});

describe('customer display', () => {
  it('When the cashier screen sets a view, then subscribers hear it and a display opened later reads it; it starts with the welcome', async () => {
    h = await makeHarness();
    expect(await h.core.call('getCustomerDisplay', {})).toEqual({ ok: true, view: { screen: 'welcome' } });
    const view = { screen: 'amount' as const, purpose: 'payment' as const, amountYen: 1_200 };
    expect(await h.core.call('customerDisplay', { view })).toEqual({ ok: true });
    expect(h.events).toContainEqual({ type: 'customer_display', view });
    expect(await h.core.call('getCustomerDisplay', {})).toEqual({ ok: true, view });
  });
});

describe('journal migration (issue 10)', () => {
  it('When a journal of the previous version is opened, then the new columns are added and old rows read with no short number, cash part or method', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kumapay-migrate-'));
    try {
      const file = path.join(dir, 'journal.sqlite');
      const old = new Database(file);
      for (const sql of JOURNAL_MIGRATIONS.slice(0, 2)) old.exec(sql);
      old.pragma('user_version = 2');
      old
        .prepare(
          `INSERT INTO txn (client_txn_id, kind, mode, state, amount_yen, occurred_at_ms, business_day, request_json, result_json)
           VALUES ('old-1', 'migration', 'online', 'approved', 0, ?, ?, '{}', '{"movedYen":1234}')`,
        )
        .run(START_MS, DAY);
      old.close();
      const journal = Journal.open(file);
      expect(journal.txns.get('old-1')).toMatchObject({ shortNo: null, cashYen: null, method: null, staffName: null, businessDay: DAY });
      expect(journal.txns.dayRows(DAY)).toHaveLength(1);
      journal.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

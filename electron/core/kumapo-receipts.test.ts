/**
 * R29 slips of issue 13 in the core: クマポ利用 (R23) prints its ご利用明細 like a payment —
 * kept once the approval is on disk, printed after the answer, 再印刷 from history — and its
 * 取消 like a cancel; MPM payments (R28) say how they were paid; the 点検/精算 slip carries the
 * KumaPo and MPM lines of the screen's report. Points are never yen on paper.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { PrinterSettingsInput } from '../../common/receipts/printer-settings';
import type { PrintJobView, TerminalEvent } from '../../common/terminal-api';
import { businessDayOf } from '../../common/time';
import { eventually } from './testing/eventually';
import { FakePrinters } from './testing/fake-printers';
import { makeHarness, START_MS, type Harness, type HarnessOptions } from './testing/harness';

let h: Harness;
afterEach(async () => h?.cleanup());

const DAY = businessDayOf(START_MS);
const MANAGER = { code: 'm1', pin: '1234', role: 'manager' as const };
const PRINTER: PrinterSettingsInput = { connection: { type: 'tcp', host: '192.0.2.10', port: 9100 } };
/** A yen amount anywhere on a points slip: the sign (either width) or the word. */
const YEN = /[¥\uffe5円]/;

async function withPrinter(options: HarnessOptions = {}): Promise<FakePrinters> {
  const printers = new FakePrinters();
  h = await makeHarness({ ...options, printers, defaultPrinterSettings: PRINTER });
  return printers;
}

async function spend(points: number, walletId: string) {
  const result = await h.core.call('pointSpend', { points, credential: { type: 'cpm', token: await h.backend.token(walletId) } });
  if (!result.ok) throw new Error(`${result.code}: ${result.message}`);
  return result.spend;
}

function finalJobs(): PrintJobView[] {
  const last = new Map<string, PrintJobView>();
  for (const e of h.events) if (e.type === 'print_job') last.set(e.job.jobId, e.job);
  return [...last.values()];
}

function mpmPaid(events: TerminalEvent[]) {
  return events.flatMap((e) => (e.type === 'mpm_request' && e.request.status === 'paid' ? [e.request] : [])).at(-1);
}

async function listening(): Promise<void> {
  await eventually('the MPM watch waits at the backend', () => h.backend.mpmPollsWaiting(), (n) => n > 0, 5_000);
}

describe('クマポ利用 slips (R23, R29)', () => {
  it('R23/R29: When a spend is approved, then its ご利用明細 is kept after the approval is on disk and prints after the answer: クマポ利用, points used and left, expiry, number, staff — never ¥', async () => {
    const printers = await withPrinter();
    const walletId = h.backend.addWallet(0);
    h.backend.setPoints(walletId, 1_500);
    // The journal as the slip is stored and as the printer takes it: the spend must be approved on disk by then.
    const statesAtSlip: (string | undefined)[] = [];
    const realAdd = h.journal.slips.add.bind(h.journal.slips);
    h.journal.slips.add = (slip, nowMs) => {
      statesAtSlip.push(h.journal.txns.get(slip.subjectKey)?.state);
      realAdd(slip, nowMs);
    };
    const statesAtPrint: (string | undefined)[] = [];
    const realSend = printers.send.bind(printers);
    printers.send = async (connection, bytes) => {
      statesAtPrint.push(...h.journal.txns.page(0, 100).filter((r) => r.kind === 'point_spend').map((r) => r.state));
      return realSend(connection, bytes);
    };

    const spent = await spend(1_200, walletId);

    // The answer came first: the slip is kept, nothing has printed yet.
    expect(spent.slipId).toEqual(expect.any(String));
    expect(statesAtSlip).toEqual(['approved']);
    expect(printers.printed).toHaveLength(0);
    const row = h.journal.txns.get(spent.clientTxnId);
    expect(h.journal.slips.read(spent.slipId as string)).toMatchObject({
      ok: true,
      kept: {
        slip: {
          subjectKey: spent.clientTxnId,
          header: { shopName: 'Kumagaya Bakery', terminalNo: 1, staffName: row?.staffName, shortNo: spent.shortNo, businessDay: DAY },
          body: { kind: 'point_spend', points: 1_200, method: 'qr', pointsAfter: 300, pointsExpiresAt: expect.stringMatching(/\+09:00$/) },
        },
      },
    });

    await h.core.receipts.idle();
    expect(statesAtPrint).toEqual(['approved']);
    expect(printers.printed).toHaveLength(1);
    const text = printers.texts()[0] ?? '';
    for (const words of ['ご利用明細', 'お客様控え', 'クマポ利用', '1,200 pt', '300 pt', '有効期限', spent.shortNo as string, row?.staffName as string]) expect(text).toContain(words);
    expect(text).not.toMatch(YEN);
    expect(finalJobs()).toEqual([expect.objectContaining({ slipId: spent.slipId, slipKind: 'point_spend', copy: 'customer', state: 'printed', reprint: false })]);
    // The points moved once, the yen not at all.
    expect(h.backend.pointsOf(walletId)).toBe(300);
    expect(h.backend.wallets.get(walletId)?.balanceYen).toBe(0);
  });

  it('R23/R29: When a spend is reprinted from history, then the same words print with 再印刷, and the spend is not repeated', async () => {
    const printers = await withPrinter();
    const walletId = h.backend.addWallet(0);
    h.backend.setPoints(walletId, 1_000);
    const spent = await spend(250, walletId);
    await h.core.receipts.idle();

    const history = await h.core.call('history', { businessDay: DAY });
    if (!history.ok) throw new Error(history.message);
    const line = history.lines.find((l) => l.type === 'point_spend');
    expect(line?.slips).toEqual([{ slipId: spent.slipId, kind: 'point_spend', createdAt: expect.any(String) }]);

    h.clock.advance(3_600_000);
    const again = await h.core.call('printSlip', { slipId: line?.slips?.[0]?.slipId as string, copy: 'customer' });
    expect(again).toMatchObject({ ok: true, job: { slipKind: 'point_spend', reprint: true } });
    await h.core.receipts.idle();
    expect(printers.printed).toHaveLength(2);
    const [first, reprint] = printers.texts();
    expect(reprint).toContain('再印刷');
    // Same transaction, same words: only the reprint lines are added.
    expect(reprint?.split('\n').filter((l) => !l.includes('再印刷'))).toEqual(first?.split('\n'));
    expect(h.backend.spends.size).toBe(1);
    expect(h.backend.pointsOf(walletId)).toBe(750);
  });

  it('R23/R31/R29: When a spend is cancelled with a manager approval, then the 取消 slip says the points returned and the approver, prints both copies, and history lists both slips', async () => {
    const printers = await withPrinter();
    h.backend.addStaff('m9', '9999', 'manager');
    await h.core.call('login', { staffCode: 'm9', pin: '9999' });
    const manager = h.journal.staff.get('m9');
    await h.core.call('login', { staffCode: 'c1', pin: '1234' });
    const walletId = h.backend.addWallet(0);
    h.backend.setPoints(walletId, 1_000);
    const spent = await spend(400, walletId);
    h.clock.advance(60_000);
    const cancelled = await h.core.call('cancel', { type: 'point_spend', id: spent.spendId, approval: { staffCode: 'm9', pin: '9999' } });
    if (!cancelled.ok) throw new Error(cancelled.message);
    expect(cancelled).toMatchObject({ pointsRestored: 400, pointsAfter: 1_000, slipId: expect.any(String) });
    await h.core.receipts.idle();

    expect(h.journal.slips.read(cancelled.slipId as string)).toMatchObject({
      ok: true,
      kept: { slip: { subjectKey: spent.clientTxnId, body: { kind: 'point_spend_cancel', originalShortNo: spent.shortNo, points: 400, pointsAfter: 1_000 } } },
    });
    const cancelTexts = printers.texts().slice(1);
    expect(cancelTexts).toHaveLength(2);
    expect(cancelTexts[0]).toContain('お客様控え');
    expect(cancelTexts[1]).toContain('加盟店控え');
    for (const text of cancelTexts) {
      for (const words of ['取消', 'クマポ利用取消', '400 pt', '1,000 pt', spent.shortNo as string]) expect(text).toContain(words);
      expect(text).toContain(manager?.name ?? 'no manager cached');
      expect(text).not.toMatch(YEN);
    }
    const history = await h.core.call('history', { businessDay: DAY });
    if (!history.ok) throw new Error(history.message);
    expect(history.lines.find((l) => l.type === 'point_spend')?.slips?.map((s) => s.kind)).toEqual(['point_spend', 'point_spend_cancel']);
    // Points back once.
    expect(h.backend.pointsOf(walletId)).toBe(1_000);
  });

  it('R23/R29: When a spend the counter could not confirm went through after all, then its slip is kept for 再印刷 and nothing prints by itself', async () => {
    const printers = await withPrinter();
    const walletId = h.backend.addWallet(0);
    h.backend.setPoints(walletId, 1_000);
    h.backend.injectFor('spendPoints', 'lose_response', 'lose_response', 'lose_response');
    const result = await h.core.call('pointSpend', { points: 100, credential: { type: 'cpm', token: await h.backend.token(walletId) } });
    expect(result).toMatchObject({ ok: false, details: { reason: 'outcome_unknown' } });
    if (result.ok) return;
    const clientTxnId = result.details.clientTxnId as string;
    expect(h.journal.slips.refsFor(clientTxnId)).toEqual([]);

    await h.core.sync.runOnce();
    expect(h.journal.txns.get(clientTxnId)?.state).toBe('approved');
    const refs = h.journal.slips.refsFor(clientTxnId);
    expect(refs).toEqual([expect.objectContaining({ kind: 'point_spend' })]);
    await h.core.receipts.idle();
    expect(printers.printed).toHaveLength(0);
    expect(await h.core.call('printSlip', { slipId: refs[0]?.slipId as string, copy: 'customer' })).toMatchObject({ ok: true });
    await h.core.receipts.idle();
    expect(printers.texts()[0]).toContain('100 pt');
    expect(h.backend.pointsOf(walletId)).toBe(900);
  });
});

describe('MPM slips say how the customer paid (R28, R29)', () => {
  it('R28/R29: When a shown QR is paid in yen, then the slip prints by itself and says QR表示（MPM）', async () => {
    const printers = await withPrinter();
    const walletId = h.backend.addWallet(5_000);
    const created = await h.core.call('mpmCreate', { amountYen: 1_234 });
    if (!created.ok) throw new Error(created.message);
    await listening();
    await h.backend.payMpmRequest(created.request.requestId, walletId);
    await h.core.mpm.idle();
    await h.core.receipts.idle();
    const paid = mpmPaid(h.events);
    expect(paid?.payment?.slipId).toEqual(expect.any(String));
    expect(printers.printed).toHaveLength(1);
    expect(printers.texts()[0]).toMatch(/支払方法 \| QR表示（MPM）/);
    expect(printers.texts()[0]).toContain('¥1,234');
  });

  it('R28/R23/R29: When a shown points QR is paid, then its ご利用明細 prints by itself in points, says QR表示（MPM） and the points left', async () => {
    const printers = await withPrinter();
    const walletId = h.backend.addWallet(0);
    h.backend.setPoints(walletId, 2_000);
    const created = await h.core.call('mpmCreate', { points: 500 });
    if (!created.ok) throw new Error(created.message);
    await listening();
    await h.backend.payMpmRequest(created.request.requestId, walletId);
    await h.core.mpm.idle();
    await h.core.receipts.idle();
    const paid = mpmPaid(h.events);
    expect(paid?.spend).toMatchObject({ points: 500, pointsAfter: 1_500, slipId: expect.any(String) });
    expect(h.journal.slips.read(paid?.spend?.slipId as string)).toMatchObject({ ok: true, kept: { slip: { body: { kind: 'point_spend', method: 'mpm', points: 500, pointsAfter: 1_500 } } } });
    expect(printers.printed).toHaveLength(1);
    const text = printers.texts()[0] ?? '';
    for (const words of ['クマポ利用', '500 pt', '1,500 pt', 'QR表示（MPM）']) expect(text).toContain(words);
    expect(text).not.toMatch(YEN);
  });

  it('R28/R29: When the register’s printed store QR is paid, then the notice keeps a slip saying 店舗QR for 再印刷 and prints nothing by itself', async () => {
    const printers = await withPrinter();
    await h.core.notices.runOnce();
    const walletId = h.backend.addWallet(10_000);
    const paymentId = h.backend.payStaticQr(walletId, 800);
    expect(await h.core.notices.runOnce()).toMatchObject({ journaled: 1 });
    const row = h.journal.txns.findByResultId(paymentId, 'payment');
    const refs = h.journal.slips.refsFor(row?.clientTxnId ?? 'missing');
    expect(refs).toEqual([expect.objectContaining({ kind: 'payment' })]);
    expect(h.journal.slips.read(refs[0]?.slipId as string)).toMatchObject({ ok: true, kept: { slip: { body: { kind: 'payment', method: 'mpm_static', amountYen: 800, balanceAfter: null } } } });
    await h.core.receipts.idle();
    expect(printers.printed).toHaveLength(0);

    // Heard again: no second slip.
    await h.core.notices.runOnce();
    expect(h.journal.slips.refsFor(row?.clientTxnId ?? 'missing')).toHaveLength(1);
    const history = await h.core.call('history', { businessDay: DAY });
    if (!history.ok) throw new Error(history.message);
    expect(history.lines.find((l) => l.id === paymentId)?.slips).toEqual([expect.objectContaining({ slipId: refs[0]?.slipId })]);
    expect(await h.core.call('printSlip', { slipId: refs[0]?.slipId as string, copy: 'customer' })).toMatchObject({ ok: true });
    await h.core.receipts.idle();
    expect(printers.texts()[0]).toMatch(/支払方法 \| 店舗QR/);
    expect(printers.texts()[0]).toContain('¥800');
    expect(printers.texts()[0]).toContain('残高はアプリでご確認ください');
  });
});

describe('点検/精算 slip with KumaPo and MPM (R23, R26, R28, R29)', () => {
  it('R23/R28/R29: When the day had spends, a spend cancel and MPM payments, then the report slip prints the screen’s KumaPo line in points and its MPM line in yen', async () => {
    const printers = await withPrinter({ staff: MANAGER });
    await h.core.notices.runOnce();
    const walletId = h.backend.addWallet(20_000);
    h.backend.setPoints(walletId, 5_000);
    await spend(1_000, walletId);
    const second = await spend(300, walletId);
    expect((await h.core.call('cancel', { type: 'point_spend', id: second.spendId })).ok).toBe(true);
    const created = await h.core.call('mpmCreate', { amountYen: 1_500 });
    if (!created.ok) throw new Error(created.message);
    await listening();
    await h.backend.payMpmRequest(created.request.requestId, walletId);
    await h.core.mpm.idle();
    h.backend.payStaticQr(walletId, 800);
    await h.core.notices.runOnce();
    await h.core.receipts.idle();
    const printedBefore = printers.printed.length;

    const check = await h.core.call('dailyReport', { businessDay: DAY, mode: 'check' });
    if (!check.ok) throw new Error(check.message);
    expect(check.report.points).toEqual({ spendCount: 2, spendPoints: 1_300, cancelCount: 1, cancelPoints: 300, netPoints: 1_000 });
    expect(check.report.mpm).toEqual({ count: 2, yen: 2_300, staticCount: 1, staticYen: 800 });
    expect(h.journal.slips.read(check.report.slipId as string)).toMatchObject({
      ok: true,
      kept: { slip: { body: { kind: 'report', mode: 'check', points: check.report.points, mpm: check.report.mpm } } },
    });
    expect(await h.core.call('printSlip', { slipId: check.report.slipId as string, copy: 'shop' })).toMatchObject({ ok: true });
    await h.core.receipts.idle();
    const text = printers.texts()[printedBefore] ?? '';
    expect(text).toContain('点検レポート');
    // The fake printer keeps the markup: its widths ({…}), indents (~), headings (|) and bold (") are layout, not words.
    const lines = text
      .split('\n')
      .filter((l) => !l.startsWith('{'))
      .map((l) => l.replace(/^[~|]+/, '').replaceAll('"', '').replace(/\s+/g, ' ').trim());
    expect(lines).toContain('総額 2件 | ¥2,300');
    expect(lines).toContain('うちMPM 2件 | ¥2,300');
    expect(lines).toContain('うち店舗QR 1件 | ¥800');
    const at = lines.indexOf('クマポ利用（ポイント）');
    const kumapo = lines.slice(at + 1, at + 4);
    expect(kumapo).toEqual(['総額 2件 | 1,300 pt', '取消 1件 | -300 pt', '純額 | 1,000 pt']);
    for (const line of kumapo) expect(line).not.toMatch(YEN);

    const close = await h.core.call('dailyReport', { businessDay: DAY, mode: 'close' });
    if (!close.ok) throw new Error(close.message);
    await h.core.receipts.idle();
    const closeText = printers.texts().find((t) => t.includes('精算レポート')) ?? '';
    expect(closeText).toContain('1,300 pt');
    expect(closeText).toContain('¥2,300');
  });
});

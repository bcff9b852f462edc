/**
 * R29 receipts in the core (docs/receipts.md): slips kept in the journal as transactions
 * complete, printed after the answer by the print queue with the copies the shop set, printer
 * trouble failing the job (never the transaction), 再印刷 from history, the 点検/精算 slips.
 * The printer is FakePrinters; printer-simulator.test.ts runs the real wire over TCP.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { printerSettings, type PrinterSettingsInput } from '../../common/receipts/printer-settings';
import type { PrintJobView, TerminalEvent } from '../../common/terminal-api';
import { businessDayOf } from '../../common/time';
import { FakePrinters } from './testing/fake-printers';
import { goOffline, makeHarness, START_MS, type Harness, type HarnessOptions } from './testing/harness';

let h: Harness;
afterEach(async () => h?.cleanup());

const DAY = businessDayOf(START_MS);
const MANAGER = { code: 'm1', pin: '1234', role: 'manager' as const };
const PRINTER: PrinterSettingsInput = { connection: { type: 'tcp', host: '192.0.2.10', port: 9100 } };

async function withPrinter(options: HarnessOptions & { settings?: PrinterSettingsInput } = {}): Promise<FakePrinters> {
  const printers = new FakePrinters();
  h = await makeHarness({ ...options, printers, defaultPrinterSettings: { ...PRINTER, ...options.settings } });
  return printers;
}

async function pay(amountYen: number, walletId: string) {
  const result = await h.core.call('pay', { amountYen, credential: { type: 'cpm', token: await h.backend.token(walletId) } });
  if (!result.ok) throw new Error(`${result.code}: ${result.message}`);
  return result.payment;
}

async function charge(amountYen: number, walletId: string, cashReceivedYen = amountYen) {
  const result = await h.core.call('charge', { amountYen, cashReceivedYen, credential: { type: 'cpm', token: await h.backend.token(walletId) } });
  if (!result.ok) throw new Error(`${result.code}: ${result.message}`);
  return result.charge;
}

function jobEvents(): PrintJobView[] {
  return h.events.filter((e): e is Extract<TerminalEvent, { type: 'print_job' }> => e.type === 'print_job').map((e) => e.job);
}

function finalJobs(): PrintJobView[] {
  const last = new Map<string, PrintJobView>();
  for (const job of jobEvents()) last.set(job.jobId, job);
  return [...last.values()];
}

describe('slips of transactions (R29)', () => {
  it("R29: a payment's slip is kept and printed after the payment answered", async () => {
    const printers = await withPrinter();
    const walletId = h.backend.addWallet(10_000);
    const payment = await pay(1_200, walletId);

    // The answer came first: nothing printed yet, no job even asked the printer.
    expect(payment.slipId).toEqual(expect.any(String));
    expect(printers.printed).toHaveLength(0);
    expect(printers.statusAsked).toHaveLength(0);
    const kept = h.journal.slips.read(payment.slipId as string);
    expect(kept).toMatchObject({
      ok: true,
      kept: {
        slip: {
          subjectKey: payment.clientTxnId,
          header: { shopName: 'Kumagaya Bakery', terminalNo: 1, staffName: expect.any(String), shortNo: payment.shortNo, businessDay: DAY },
          body: { kind: 'payment', amountYen: 1_200, offline: false, allocations: [{ label: 'チャージマネー', amountYen: 1_200 }], balanceAfter: { totalYen: 8_800 } },
        },
      },
    });
    expect(kept.ok && kept.kept.slip.header.occurredAt).toBe('2024-06-01T10:00:00.000+09:00');

    await h.core.receipts.idle();
    expect(printers.statusAsked.length).toBeGreaterThanOrEqual(1);
    expect(printers.printed).toHaveLength(1);
    const text = printers.texts()[0] ?? '';
    for (const words of ['Kumagaya Bakery', 'お客様控え', '¥1,200', payment.shortNo as string, 'チャージマネー', '¥8,800']) expect(text).toContain(words);
    expect(text).not.toContain('再印刷');
    expect(jobEvents().map((job) => job.state)).toEqual(['queued', 'printing', 'printed']);
    expect(finalJobs()).toEqual([expect.objectContaining({ slipId: payment.slipId, slipKind: 'payment', copy: 'customer', reprint: false, failure: null })]);
    expect(h.core.status().printer).toMatchObject({ state: 'ready', paperNearEnd: false, checkedAt: expect.any(String) });
  });

  it('R29: when the paper is out, the payment is still approved, the job fails paper_out with nothing sent, and after new paper 再印刷 prints it', async () => {
    const printers = await withPrinter();
    printers.state = 'paper_out';
    const walletId = h.backend.addWallet(10_000);
    const payment = await pay(700, walletId);
    expect(h.journal.txns.get(payment.clientTxnId)?.state).toBe('approved');
    await h.core.receipts.idle();

    expect(printers.printed).toHaveLength(0);
    expect(finalJobs()).toEqual([expect.objectContaining({ slipId: payment.slipId, state: 'failed', failure: 'paper_out' })]);
    expect(h.core.status().printer?.state).toBe('paper_out');
    // Status events are coalesced to the next turn (the harness's timers).
    await new Promise((resolve) => setImmediate(resolve));
    expect(h.events.some((e) => e.type === 'status' && e.status.printer?.state === 'paper_out')).toBe(true);
    const listed = await h.core.call('printJobs', {});
    expect(listed).toMatchObject({ ok: true, jobs: [{ slipId: payment.slipId, state: 'failed', failure: 'paper_out' }] });

    printers.state = 'ready';
    const again = await h.core.call('printSlip', { slipId: payment.slipId as string, copy: 'customer' });
    expect(again).toMatchObject({ ok: true, job: { slipId: payment.slipId, state: 'queued', reprint: true } });
    await h.core.receipts.idle();
    expect(printers.printed).toHaveLength(1);
    expect(printers.texts()[0]).toContain('再印刷');
    expect(printers.texts()[0]).toContain('¥700');
    expect(h.core.status().printer?.state).toBe('ready');
  });

  it('R29: a charge prints the customer copy and the shop copy (the drawer record of the cash taken)', async () => {
    const printers = await withPrinter({ staff: MANAGER });
    const walletId = h.backend.addWallet(0);
    const charged = await charge(5_000, walletId, 10_000);
    await h.core.receipts.idle();
    expect(printers.printed).toHaveLength(2);
    const [customer, shop] = printers.texts();
    expect(customer).toContain('お客様控え');
    expect(shop).toContain('加盟店控え');
    for (const text of [customer, shop]) {
      for (const words of ['チャージ', '¥5,000', '¥10,000', charged.shortNo as string]) expect(text).toContain(words);
    }
    expect(finalJobs().map((job) => [job.copy, job.state])).toEqual([
      ['customer', 'printed'],
      ['shop', 'printed'],
    ]);
  });

  it("R29: with お客様控え 'ask' nothing prints by itself and the first customer copy asked for is no reprint; with 'never' only shop copies print", async () => {
    const printers = await withPrinter({ staff: MANAGER, settings: { customerSlip: 'ask' } });
    const walletId = h.backend.addWallet(10_000);
    const payment = await pay(300, walletId);
    await h.core.receipts.idle();
    expect(printers.printed).toHaveLength(0);
    expect(jobEvents()).toHaveLength(0);

    expect(await h.core.call('printSlip', { slipId: payment.slipId as string, copy: 'customer' })).toMatchObject({ ok: true, job: { reprint: false } });
    await h.core.receipts.idle();
    expect(printers.texts()[0]).toContain('お客様控え');
    expect(printers.texts()[0]).not.toContain('再印刷');
    expect(await h.core.call('printSlip', { slipId: payment.slipId as string, copy: 'customer' })).toMatchObject({ ok: true, job: { reprint: true } });
    await h.core.receipts.idle();
    expect(printers.texts()[1]).toContain('再印刷');

    const never = await h.core.call('setPrinter', { settings: printerSettings.parse({ ...PRINTER, customerSlip: 'never' }) });
    expect(never).toMatchObject({ ok: true, printer: { settings: { customerSlip: 'never' }, status: { state: 'ready' } } });
    await pay(200, walletId);
    await charge(1_000, walletId);
    await h.core.receipts.idle();
    expect(printers.printed).toHaveLength(3);
    expect(printers.texts()[2]).toContain('加盟店控え');
    expect(printers.texts()[2]).toContain('¥1,000');
  });

  it("R29: a cancel's slip carries the original's short number and prints both copies; the payment's history line lists both slips", async () => {
    const printers = await withPrinter({ staff: MANAGER });
    const walletId = h.backend.addWallet(10_000);
    const payment = await pay(1_500, walletId);
    h.clock.advance(60_000);
    const cancelled = await h.core.call('cancel', { type: 'payment', id: payment.paymentId as string });
    if (!cancelled.ok) throw new Error(cancelled.message);
    await h.core.receipts.idle();

    const slip = h.journal.slips.read(cancelled.slipId as string);
    expect(slip).toMatchObject({ ok: true, kept: { slip: { subjectKey: payment.clientTxnId, body: { kind: 'cancel', of: 'payment', originalShortNo: payment.shortNo, amountYen: 1_500 } } } });
    expect(slip.ok && slip.kept.slip.header.shortNo).not.toBe(payment.shortNo);
    const cancelTexts = printers.texts().slice(1);
    expect(cancelTexts).toHaveLength(2);
    for (const text of cancelTexts) {
      expect(text).toContain('取消');
      expect(text).toContain(payment.shortNo as string);
      expect(text).toContain('-¥1,500');
    }

    const history = await h.core.call('history', { businessDay: DAY });
    if (!history.ok) throw new Error(history.message);
    expect(history.lines.find((line) => line.clientTxnId === payment.clientTxnId)?.slips).toEqual([
      { slipId: payment.slipId, kind: 'payment', createdAt: expect.any(String) },
      { slipId: cancelled.slipId, kind: 'cancel', createdAt: expect.any(String) },
    ]);
  });

  it('R29/R31: a payment of another register, found by search and cancelled here, gets its 取消 slip here with its number and time', async () => {
    await withPrinter({ staff: MANAGER });
    const walletId = h.backend.addWallet(10_000);
    const foreignTxnId = '5b1d0a52-5a0e-4c53-9d51-3f1e3c2e8a10';
    await h.backend.payDirect({ clientTxnId: foreignTxnId, amountYen: 1_234, cashYen: 66, shortNo: '0002-000042', credential: { type: 'cpm', token: await h.backend.token(walletId) } }, 'term-2');
    const found = await h.core.call('searchTransactions', { q: '0002-000042' });
    if (!found.ok) throw new Error(found.message);
    const line = found.lines[0];
    expect(line?.slips).toEqual([]);
    h.clock.advance(5 * 60_000);
    const cancelled = await h.core.call('cancel', { type: 'payment', id: line?.id as string });
    if (!cancelled.ok) throw new Error(cancelled.message);
    expect(h.journal.slips.read(cancelled.slipId as string)).toMatchObject({
      ok: true,
      kept: {
        slip: {
          subjectKey: foreignTxnId,
          body: { kind: 'cancel', originalShortNo: '0002-000042', originalOccurredAt: '2024-06-01T10:00:00.000+09:00', amountYen: 1_234, cashToReturnYen: 66 },
        },
      },
    });
    const again = await h.core.call('searchTransactions', { q: '0002-000042' });
    expect(again).toMatchObject({ ok: true, lines: [{ cancelled: true, slips: [{ slipId: cancelled.slipId, kind: 'cancel' }] }] });
  });

  it('R29: an offline payment slip says so and has no balance', async () => {
    const printers = await withPrinter();
    const walletId = h.backend.addWallet(10_000);
    await goOffline(h);
    const payment = await pay(800, walletId);
    expect(payment.offline).toBe(true);
    expect(h.journal.slips.read(payment.slipId as string)).toMatchObject({ ok: true, kept: { slip: { body: { kind: 'payment', offline: true, balanceAfter: null } } } });
    await h.core.receipts.idle();
    const text = printers.texts()[0] ?? '';
    expect(text).toContain('オフライン承認');
    expect(text).toContain('¥800');
    expect(text).toContain(payment.shortNo as string);
    expect(text).not.toContain('残高合計');
  });

  it('R29: a migration slip shows what moved and only the last 4 digits of the card', async () => {
    const printers = await withPrinter({ staff: MANAGER });
    h.backend.addCard('CARD-00012345', 2_500);
    const appWallet = h.backend.addWallet(0);
    const migrated = await h.core.call('migrate', { card: { cardNumber: 'CARD-00012345' }, to: { type: 'cpm', token: await h.backend.token(appWallet) } });
    if (!migrated.ok) throw new Error(migrated.message);
    expect(h.journal.slips.read(migrated.slipId as string)).toMatchObject({ ok: true, kept: { slip: { body: { kind: 'migration', cardNumberLast4: '2345', movedYen: 2_500 } } } });
    await h.core.receipts.idle();
    expect(printers.printed).toHaveLength(1);
    expect(printers.texts()[0]).toContain('****2345');
    expect(printers.texts()[0]).not.toContain('00012345');
  });

  it('R29: a slip that cannot be stored leaves the payment approved, logged as an error, with no slip', async () => {
    const printers = await withPrinter();
    vi.spyOn(h.journal.slips, 'add').mockImplementation(() => {
      throw new Error('SQLITE_FULL: database or disk is full');
    });
    const walletId = h.backend.addWallet(10_000);
    const result = await h.core.call('pay', { amountYen: 500, credential: { type: 'cpm', token: await h.backend.token(walletId) } });
    expect(result).toMatchObject({ ok: true, payment: { amountYen: 500, offline: false, slipId: null } });
    expect(result.ok && h.journal.txns.get(result.payment.clientTxnId)?.state).toBe('approved');
    expect(h.backend.wallets.get(walletId)?.balanceYen).toBe(9_500);
    expect(h.logs).toContainEqual(expect.objectContaining({ level: 'error', message: 'slip not kept', fields: expect.objectContaining({ error: expect.stringContaining('SQLITE_FULL') }) }));
    await h.core.receipts.idle();
    expect(printers.printed).toHaveLength(0);
  });

  it('R29: a payment the counter could not confirm, settled later as approved, gets its slip for 再印刷 and prints nothing by itself', async () => {
    const printers = await withPrinter();
    const walletId = h.backend.addWallet(10_000);
    h.backend.inject('lose_response', 'lose_response', 'lose_response');
    const result = await h.core.call('pay', { amountYen: 700, credential: { type: 'cpm', token: await h.backend.token(walletId) } });
    expect(result).toMatchObject({ ok: false, details: { reason: 'outcome_unknown' } });
    if (result.ok) return;
    const clientTxnId = result.details.clientTxnId as string;
    expect(h.journal.slips.refsFor(clientTxnId)).toEqual([]);

    await h.core.sync.runOnce();
    const refs = h.journal.slips.refsFor(clientTxnId);
    expect(refs).toEqual([expect.objectContaining({ kind: 'payment' })]);
    await h.core.receipts.idle();
    expect(printers.printed).toHaveLength(0);

    const reprint = await h.core.call('printSlip', { slipId: refs[0]?.slipId as string, copy: 'customer' });
    expect(reprint.ok).toBe(true);
    await h.core.receipts.idle();
    expect(printers.texts()[0]).toContain('¥700');
  });
});

describe('reports (R26, R29)', () => {
  it('R29: 精算 prints its report slip once, 点検 only when asked', async () => {
    const printers = await withPrinter({ staff: MANAGER });
    const walletId = h.backend.addWallet(10_000);
    await pay(1_000, walletId);
    await h.core.receipts.idle();
    const printedBefore = printers.printed.length;

    const check = await h.core.call('dailyReport', { businessDay: DAY, mode: 'check' });
    if (!check.ok) throw new Error(check.message);
    await h.core.receipts.idle();
    expect(printers.printed).toHaveLength(printedBefore);
    expect(await h.core.call('printSlip', { slipId: check.report.slipId as string, copy: 'customer' })).toMatchObject({ ok: true, job: { copy: 'shop', reprint: false } });
    await h.core.receipts.idle();
    expect(printers.texts().at(-1)).toContain('点検レポート');

    const close = await h.core.call('dailyReport', { businessDay: DAY, mode: 'close' });
    if (!close.ok) throw new Error(close.message);
    expect(close.report.slipId).toEqual(expect.any(String));
    await h.core.receipts.idle();
    const closeTexts = printers.texts().filter((text) => text.includes('精算レポート'));
    expect(closeTexts).toHaveLength(1);
    expect(closeTexts[0]).toContain('加盟店控え');
    expect(closeTexts[0]).toContain('¥1,000');

    const again = await h.core.call('dailyReport', { businessDay: DAY, mode: 'close' });
    expect(again).toMatchObject({ ok: true, report: { closed: true, slipId: close.report.slipId } });
    await h.core.receipts.idle();
    expect(printers.texts().filter((text) => text.includes('精算レポート'))).toHaveLength(1);
  });
});

describe('printer settings and commands (R29)', () => {
  it('R29: setPrinter and testPrint are a manager’s; a cashier may read the printer and is refused a change', async () => {
    const printers = await withPrinter();
    expect(await h.core.call('getPrinter', {})).toMatchObject({ ok: true, printer: { settings: { connection: { type: 'tcp' }, customerSlip: 'always' } } });
    expect(await h.core.call('setPrinter', { settings: printerSettings.parse({ connection: { type: 'none' } }) })).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await h.core.call('testPrint', {})).toMatchObject({ ok: false, code: 'forbidden' });
    expect(printers.statusAsked).toHaveLength(0);

    h.backend.addStaff(MANAGER.code, MANAGER.pin, MANAGER.role);
    expect(await h.core.call('login', { staffCode: MANAGER.code, pin: MANAGER.pin })).toMatchObject({ ok: true });
    const set = await h.core.call('setPrinter', { settings: printerSettings.parse({ connection: { type: 'usb', path: '/dev/usb/lp0' }, paperWidthMm: 58, headerLines: ['毎度ありがとうございます'] }) });
    expect(set).toMatchObject({ ok: true, printer: { settings: { connection: { type: 'usb', path: '/dev/usb/lp0' }, paperWidthMm: 58 }, status: { state: 'ready' } } });
    expect(printers.statusAsked).toEqual([{ type: 'usb', path: '/dev/usb/lp0' }]);

    const test = await h.core.call('testPrint', {});
    expect(test).toMatchObject({ ok: true, job: { state: 'queued' } });
    await h.core.receipts.idle();
    expect(printers.printed).toHaveLength(1);
    expect(printers.printed[0]).toMatchObject({ connection: { type: 'usb', path: '/dev/usb/lp0' }, format: { paperWidthMm: 58, commandSet: 'epson' } });
    expect(printers.texts()[0]).toContain('テスト印刷');
    expect(printers.texts()[0]).toContain('毎度ありがとうございます');

    // Kept in the journal: the host's default no longer applies.
    await h.restart();
    expect(await h.core.call('login', { staffCode: MANAGER.code, pin: MANAGER.pin })).toMatchObject({ ok: true });
    expect(await h.core.call('getPrinter', {})).toMatchObject({ ok: true, printer: { settings: { connection: { type: 'usb' }, paperWidthMm: 58 } } });
  });

  it('R29: a slip preview is the same markup for the paper set now', async () => {
    const printers = await withPrinter({ settings: { paperWidthMm: 58 } });
    const walletId = h.backend.addWallet(10_000);
    const payment = await pay(450, walletId);
    const preview = await h.core.call('slipPreview', { slipId: payment.slipId as string });
    expect(preview).toMatchObject({ ok: true, preview: { slipId: payment.slipId, kind: 'payment', paperWidthMm: 58, svg: expect.stringContaining('<svg') } });
    await h.core.receipts.idle();
    expect(preview.ok && preview.preview.lines.join('\n')).toBe(printers.texts()[0]);
    expect(await h.core.call('slipPreview', { slipId: 'no-such-slip' })).toMatchObject({ ok: false, code: 'not_found' });
  });

  it('R29: without a printer the slips are still kept, the status says not_configured, and printing or previewing fails clearly', async () => {
    h = await makeHarness();
    const walletId = h.backend.addWallet(10_000);
    const payment = await pay(100, walletId);
    expect(h.journal.slips.read(payment.slipId as string).ok).toBe(true);
    expect(h.core.status().printer).toMatchObject({ state: 'not_configured' });
    expect(await h.core.call('printSlip', { slipId: payment.slipId as string, copy: 'customer' })).toMatchObject({ ok: false, code: 'invalid_request', details: { reason: 'not_configured' } });
    expect(await h.core.call('slipPreview', { slipId: payment.slipId as string })).toMatchObject({ ok: false, code: 'invalid_request', details: { reason: 'not_configured' } });
    expect(await h.core.call('printJobs', {})).toEqual({ ok: true, jobs: [] });
  });

  it("R29: a printer set to 'none' prints nothing by itself; a 再印刷 asked for fails not_configured without touching the printer", async () => {
    const printers = await withPrinter({ settings: printerSettings.parse({ connection: { type: 'none' } }) });
    const walletId = h.backend.addWallet(10_000);
    const payment = await pay(100, walletId);
    await h.core.receipts.idle();
    expect(jobEvents()).toHaveLength(0);
    expect(await h.core.call('printSlip', { slipId: payment.slipId as string, copy: 'customer' })).toMatchObject({ ok: true });
    await h.core.receipts.idle();
    expect(finalJobs()).toEqual([expect.objectContaining({ state: 'failed', failure: 'not_configured' })]);
    expect(printers.statusAsked).toHaveLength(0);
    expect(printers.printed).toHaveLength(0);
  });

  it('R29: a printer that takes the status but not the bytes fails the job with its reason; the slip stays printable', async () => {
    const printers = await withPrinter();
    printers.sendFailure = { code: 'timeout', message: 'no ack within 5000 ms' };
    const walletId = h.backend.addWallet(10_000);
    const payment = await pay(100, walletId);
    await h.core.receipts.idle();
    expect(finalJobs()).toEqual([expect.objectContaining({ state: 'failed', failure: 'timeout', message: 'no ack within 5000 ms' })]);
    printers.sendFailure = null;
    expect(await h.core.call('printSlip', { slipId: payment.slipId as string, copy: 'customer' })).toMatchObject({ ok: true, job: { reprint: true } });
    await h.core.receipts.idle();
    expect(printers.printed).toHaveLength(1);
  });
});

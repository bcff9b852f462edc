/**
 * 店頭QRコード (R28 static MPM) in the core: the register's printed store QR, fetched online
 * for 設定 and printed on the receipt printer; refused offline, to other roles, and when the
 * backend answers a QR that would put payments in another register's day.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { parseMpmQr } from '../../common/mpm-qr';
import type { PrintJobView, TerminalEvent } from '../../common/terminal-api';
import { FakePrinters } from './testing/fake-printers';
import { goOffline, goOnline, makeHarness, type Harness, type HarnessOptions } from './testing/harness';

let h: Harness;
afterEach(async () => h?.cleanup());

const MANAGER = { code: 'm1', pin: '1234', role: 'manager' as const };

async function withPrinter(options: HarnessOptions = {}): Promise<FakePrinters> {
  const printers = new FakePrinters();
  h = await makeHarness({ staff: MANAGER, ...options, printers, defaultPrinterSettings: { connection: { type: 'tcp', host: '192.0.2.10', port: 9100 }, paperWidthMm: 58 } });
  return printers;
}

function finalJobs(): PrintJobView[] {
  const last = new Map<string, PrintJobView>();
  for (const event of h.events) if (event.type === 'print_job') last.set(event.job.jobId, (event as Extract<TerminalEvent, { type: 'print_job' }>).job);
  return [...last.values()];
}

describe('店頭QRコード (R28 static MPM)', () => {
  it("R28: When a manager opens 店頭QR online, then the core answers this register's store QR as the backend signed it, with the shop's name and the register's number", async () => {
    h = await makeHarness({ staff: MANAGER });
    const answer = await h.core.call('storeQr', {});
    if (!answer.ok) throw new Error(`${answer.code}: ${answer.message}`);
    expect(answer.storeQr).toMatchObject({ merchantName: 'Kumagaya Bakery', terminalId: 'term-1', terminalNo: 1 });
    // Payments by it count in this register's day: the QR names this register.
    expect(parseMpmQr(answer.storeQr.qr)?.qr).toMatchObject({ kind: 'static', terminalId: 'term-1', merchantId: 'merchant-1', shopName: 'Kumagaya Bakery' });
    expect(h.backend.calls.filter((call) => call === 'staticQr')).toHaveLength(1);
  });

  it('R28: When a manager presses 印刷, then the printer gets one slip with the shop, クマPAY 店頭QR, the QR code and the register, and no slip is kept in the journal', async () => {
    const printers = await withPrinter();
    const shown = await h.core.call('storeQr', {});
    if (!shown.ok) throw new Error(shown.message);
    const printed = await h.core.call('printStoreQr', {});
    if (!printed.ok) throw new Error(`${printed.code}: ${printed.message}`);
    expect(printed.job).toMatchObject({ slipId: 'store-qr', slipKind: 'store_qr', copy: 'shop', state: 'queued', reprint: false });
    await h.core.receipts.idle();

    expect(printers.texts()).toHaveLength(1);
    const text = printers.texts()[0] ?? '';
    for (const words of ['Kumagaya Bakery', 'クマPAY 店頭QR', `{code:${shown.storeQr.qr}; option:qrcode,4,m}`, '端末 | 0001']) expect(text).toContain(words);
    expect(finalJobs()).toEqual([expect.objectContaining({ jobId: printed.job.jobId, slipKind: 'store_qr', state: 'printed', failure: null })]);
    // Printing it is no transaction and keeps no slip: 再印刷 means pressing 印刷 again.
    expect(h.journal.txns.page(0, 100)).toEqual([]);
    expect(h.journal.slips.read('store-qr')).toMatchObject({ ok: false });
  });

  it('R28/R21: When the link is down, then showing and printing the store QR are refused as online only, nothing prints, and both work again once online', async () => {
    const printers = await withPrinter();
    await goOffline(h);
    const shown = await h.core.call('storeQr', {});
    expect(shown).toMatchObject({ ok: false, code: 'offline_refused', details: { reason: 'online_only' } });
    const printed = await h.core.call('printStoreQr', {});
    expect(printed).toMatchObject({ ok: false, code: 'offline_refused', details: { reason: 'online_only' } });
    await h.core.receipts.idle();
    expect(printers.printed).toHaveLength(0);
    expect(finalJobs()).toEqual([]);

    await goOnline(h);
    expect((await h.core.call('storeQr', {})).ok).toBe(true);
  });

  it('R28: When a cashier asks for the store QR or its print, then both are refused (a manager’s step) and the backend is not asked', async () => {
    const printers = new FakePrinters();
    h = await makeHarness({ printers, defaultPrinterSettings: { connection: { type: 'tcp', host: '192.0.2.10', port: 9100 } } });
    expect(await h.core.call('storeQr', {})).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await h.core.call('printStoreQr', {})).toMatchObject({ ok: false, code: 'forbidden' });
    expect(h.backend.calls).not.toContain('staticQr');
    expect(printers.printed).toHaveLength(0);
  });

  it("R28/R26: When the backend answers another register's store QR, then nothing is shown or printed (its payments would count in that register's day)", async () => {
    const printers = await withPrinter();
    h.backend.staticQrTerminalId = 'term-2';
    expect(await h.core.call('storeQr', {})).toMatchObject({ ok: false, code: 'invalid_request', details: { reason: 'store_qr_mismatch' } });
    expect(await h.core.call('printStoreQr', {})).toMatchObject({ ok: false, code: 'invalid_request', details: { reason: 'store_qr_mismatch' } });
    await h.core.receipts.idle();
    expect(printers.printed).toHaveLength(0);
  });

  it('R28: When the terminal has no receipt printer, then 印刷 says so without asking the backend', async () => {
    h = await makeHarness({ staff: MANAGER });
    expect(await h.core.call('printStoreQr', {})).toMatchObject({ ok: false, code: 'invalid_request', details: { reason: 'not_configured' } });
    expect(h.backend.calls).not.toContain('staticQr');
  });
});

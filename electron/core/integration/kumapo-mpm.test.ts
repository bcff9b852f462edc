/**
 * KumaPo spends (R23) and MPM (R28) from the core to the real backend process, over HTTP as a
 * terminal speaks: the wire schemas both sides use, the long polls, and 点検's line-by-line
 * comparison with what the backend recorded.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TerminalEvent } from '../../../common/terminal-api';
import { businessDayOf } from '../../../common/time';
import { eventually } from '../testing/eventually';
import { RealBackend, realBackendAvailable } from '../testing/real-backend';
import { openHttpCore, type HttpCore } from '../testing/http-core';
import { FileSecretStore } from '../adapters/file-secret-store';
import { SECRET_TERMINAL_TOKEN } from '../context';

const available = realBackendAvailable();
const dir = mkdtempSync(path.join(tmpdir(), 'kumapay-int-kumapo-'));
let backend: RealBackend;
let counter = 0;
const opened: HttpCore[] = [];

beforeAll(async () => {
  if (!available) return;
  backend = new RealBackend(path.join(dir, 'backend.sqlite'));
  await backend.start();
}, 60_000);

afterAll(async () => {
  for (const t of opened) await t.close();
  await backend?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** A KumaPo store with one register, its core logged in as a cashier, and every event it emits. */
async function kumapoRegister(): Promise<{ t: HttpCore; merchantId: string; events: TerminalEvent[]; terminalDir: string }> {
  const seeded = await backend.seedShop({
    staff: [
      { code: 's1', pin: '1234', role: 'cashier' },
      { code: 'm1', pin: '9876', role: 'manager' },
    ],
  });
  await backend.patch(`/v1/admin/merchants/${seeded.merchantId}`, { kumapoStore: true });
  const terminalDir = path.join(dir, `t${++counter}`);
  const t = await openHttpCore({ dir: terminalDir, backendUrl: backend.url, timeouts: { moneyRequestTimeoutMs: 5_000 } });
  opened.push(t);
  const events: TerminalEvent[] = [];
  t.core.subscribe((event) => events.push(event));
  const enrolled = await t.core.call('enroll', { enrollmentCode: seeded.enrollmentCode });
  if (!enrolled.ok) throw new Error(`enroll: ${enrolled.message}`);
  const login = await t.core.call('login', { staffCode: 's1', pin: '1234' });
  if (!login.ok) throw new Error(`login: ${login.message}`);
  return { t, merchantId: seeded.merchantId, events, terminalDir };
}

/** A customer with yen and KumaPo points (claimed from an event QR, R23). */
async function customerWithPoints(balanceYen: number, points: number): Promise<{ customerToken: string }> {
  const customer = await backend.customer(balanceYen);
  const nowMs = Date.now();
  const event = await backend.post<{ code: string }>('/v1/admin/point-events', {
    name: '熊谷うちわ祭り',
    points,
    from: new Date(nowMs - 60_000).toISOString(),
    to: new Date(nowMs + 3_600_000).toISOString(),
    rule: 'once',
  });
  await backend.post('/v1/customer/points/claim', { code: event.code }, customer.customerToken);
  return customer;
}

describe.skipIf(!available)('KumaPo and MPM against the real backend', () => {
  it('R23: When points are spent and one spend is cancelled, then the backend agrees point for point and 点検 finds no difference', async () => {
    const { t } = await kumapoRegister();
    expect(t.core.status().kumapoStore).toBe(true);
    const customer = await customerWithPoints(0, 1_000);
    const spent = await t.core.call('pointSpend', { points: 300, credential: { type: 'cpm', token: await backend.cpmToken(customer.customerToken) } });
    expect(spent).toMatchObject({ ok: true, spend: { points: 300, pointsAfter: 700 } });
    const short = await t.core.call('pointSpend', { points: 5_000, credential: { type: 'cpm', token: await backend.cpmToken(customer.customerToken) } });
    expect(short).toMatchObject({ ok: false, code: 'points_insufficient', details: { pointsAvailable: 700 } });
    if (!spent.ok) return;

    const alone = await t.core.call('cancel', { type: 'point_spend', id: spent.spend.spendId });
    expect(alone).toMatchObject({ ok: false, code: 'approval_required' });
    expect(await backend.get<{ points: number }>('/v1/customer/points', customer.customerToken)).toMatchObject({ points: 700 });
    const approved = await t.core.call('cancel', { type: 'point_spend', id: spent.spend.spendId, approval: { staffCode: 'm1', pin: '9876' } });
    expect(approved).toMatchObject({ ok: true, pointsRestored: 300, pointsAfter: 1_000 });
    expect(await backend.get<{ points: number }>('/v1/customer/points', customer.customerToken)).toMatchObject({ points: 1_000 });

    const report = await t.core.call('dailyReport', { businessDay: businessDayOf(Date.now()), mode: 'check' });
    if (!report.ok) throw new Error(report.message);
    expect(report.report.points).toEqual({ spendCount: 1, spendPoints: 300, cancelCount: 1, cancelPoints: 300, netPoints: 0 });
    expect(report.report.differences).toEqual([]);
  });

  it('R28: When the customer’s app pays the QR the register shows, then the register hears it by long poll, journals it as an MPM payment, and 点検 matches the backend', async () => {
    const { t, events } = await kumapoRegister();
    const customer = await customerWithPoints(5_000, 10);
    const created = await t.core.call('mpmCreate', { amountYen: 1_200 });
    if (!created.ok) throw new Error(created.message);
    const paid = await backend.post<{ paymentId?: string }>('/v1/customer/mpm/pay', { clientTxnId: globalThis.crypto.randomUUID(), qr: created.request.qr }, customer.customerToken);

    await eventually('the register hears the payment', () => events.some((e) => e.type === 'mpm_request' && e.request.status === 'paid'), Boolean, 15_000);
    await t.core.mpm.idle();
    const row = paid.paymentId ? t.journal.txns.findByResultId(paid.paymentId, 'payment') : null;
    expect(row).toMatchObject({ method: 'mpm', mpmSource: 'dynamic', amountYen: 1_200, shortNo: created.request.shortNo });
    expect(await backend.wallet(customer.customerToken)).toMatchObject({ totalYen: 3_800 });

    const report = await t.core.call('dailyReport', { businessDay: businessDayOf(Date.now()), mode: 'check' });
    if (!report.ok) throw new Error(report.message);
    expect(report.report.mpm).toMatchObject({ count: 1, yen: 1_200 });
    expect(report.report.differences).toEqual([]);
  });

  it('R28: When the cashier withdraws the QR, then the app can no longer pay it', async () => {
    const { t } = await kumapoRegister();
    const customer = await customerWithPoints(5_000, 10);
    const created = await t.core.call('mpmCreate', { amountYen: 500 });
    if (!created.ok) throw new Error(created.message);
    expect(await t.core.call('mpmWithdraw', { requestId: created.request.requestId })).toMatchObject({ ok: true, request: { status: 'withdrawn' } });
    await expect(backend.post('/v1/customer/mpm/pay', { clientTxnId: globalThis.crypto.randomUUID(), qr: created.request.qr }, customer.customerToken)).rejects.toMatchObject({
      response: { status: 409 },
    });
    expect(await backend.wallet(customer.customerToken)).toMatchObject({ totalYen: 5_000 });
  });

  it('R28: When a customer pays the register’s printed store QR, then the notices bring it into this register’s journal and ring 入金通知', async () => {
    const { t, events, terminalDir } = await kumapoRegister();
    const customer = await customerWithPoints(5_000, 10);
    // The register starts following the notices from now.
    await t.core.notices.runOnce();
    const staticQr = await backendStaticQr(terminalDir);
    await backend.post('/v1/customer/mpm/pay', { clientTxnId: globalThis.crypto.randomUUID(), qr: staticQr, amountYen: 777 }, customer.customerToken);

    const summary = await t.core.notices.runOnce();
    expect(summary).toMatchObject({ received: 1, journaled: 1 });
    expect(events.flatMap((e) => (e.type === 'mpm_notices' ? e.notices : []))).toEqual([expect.objectContaining({ source: 'static', amountYen: 777, ownRegister: true })]);
    const report = await t.core.call('dailyReport', { businessDay: businessDayOf(Date.now()), mode: 'check' });
    if (!report.ok) throw new Error(report.message);
    expect(report.report.mpm).toMatchObject({ count: 1, yen: 777, staticCount: 1, staticYen: 777 });
    expect(report.report.differences).toEqual([]);
  });
});

/** The register's printed QR (R28 static), asked with its own terminal token. */
async function backendStaticQr(terminalDir: string): Promise<string> {
  const terminalToken = await new FileSecretStore(path.join(terminalDir, 'secrets')).load(SECRET_TERMINAL_TOKEN);
  if (!terminalToken) throw new Error('no terminal token');
  return (await backend.get<{ qr: string }>('/v1/terminal/mpm/static-qr', terminalToken)).qr;
}

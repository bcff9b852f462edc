/**
 * Issue 13 on the counter's and the issuer's reports (R25 history, R26/R33 点検/精算, R27 reports)
 * with KumaPo points (R23, R24) and MPM (R28): one worked day at a KumaPo store, every figure
 * worked out by hand below and asserted exactly, on every store of the matrix, through real HTTP.
 *
 * 2025-06-10 (JST) at 森の工房 (KumaPo store, fee 2%), register `till`:
 *   A and B claim the event 夏祭り (300 pt each); the bus file credits A two answered rides
 *   (2 × 10 pt; a third ride without an alighting stop earns nothing); B sends A 100 pt.
 *   → A 420 pt, B 200 pt.
 *   10:00 spend 150 pt by A's QR (short no. 1)          A 270
 *   10:05 spend  80 pt by A's QR (short no. 2)          A 190
 *   10:10 the manager cancels the 80 pt spend           A 270
 *   10:20 MPM request ¥1,200, A pays it in the app      (fee 24)
 *   10:25 MPM request 50 pt, A pays it in the app       A 220
 *   10:30 A pays ¥500 by the register's printed store QR (static, no cashier; fee 10)
 *   10:35 the manager cancels that ¥500 payment
 *   10:40 a CPM payment of ¥300 by A's QR               (fee 6)
 * After the 精算 at 20:00 a 10 pt spend (20:05, business day 6/11) is cancelled on 6/11 at 09:00.
 * A year on nobody has touched the points: B's 200 lapse at the end of 2026-06-10 JST, A's 220
 * at the end of 2026-06-11; the sweep of 2026-06-15 writes both off.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { TestBackend, TEST_PIN } from '../../testing/harness';
import { STORE_KINDS } from '../../testing/stores';
import type { MerchantSettlementReport, PointsReport } from '../../../../common/wire/reports';
import type { SettlementResponse } from '../../../../common/wire/terminal';

const DAY = '2025-06-10';
const jst = (local: string) => `${local}+09:00`;
/** The minute an instant falls in (the test clock runs on from where it is set). */
const minute = (local: string) => new Date(Date.parse(jst(local))).toISOString().slice(0, 16);

type Till = Awaited<ReturnType<TestBackend['terminal']>>;
type Customer = Awaited<ReturnType<TestBackend['customer']>>;

interface Story {
  shop: string;
  till: Till;
  a: Customer;
  b: Customer;
  eventId: string;
  spend150: string;
  spend80: string;
  spend50: string;
  mpmPayment: string;
  staticPayment: string;
  cpmPayment: string;
}

/** A fresh staff session at a register (sessions last 12 hours; the story spans days). */
async function login(t: TestBackend, till: Till, role: 'cashier' | 'manager') {
  const r = ok<{ staffSession: string }>(await t.call('POST', '/v1/staff/sessions', { token: till.token, body: { staffCode: till.staffCodes[role], pin: TEST_PIN } }), 'login');
  return { token: till.token, staff: r.staffSession };
}

function ok<T = Record<string, unknown>>(r: { status: number; body: unknown }, what: string): T {
  if (r.status >= 300) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body as T;
}

async function buildDay(t: TestBackend): Promise<Story> {
  await t.setClock(jst(`${DAY}T09:00:00`));
  const shop = ok<{ id: string }>(await t.admin('/v1/admin/merchants', { name: '森の工房', chargePoint: false, feeRateBp: 200, kumapoStore: true }), 'shop').id;
  const till = await t.terminal(shop);
  const a = await t.customer('A');
  const b = await t.customer('B');
  await t.seedLot(a.walletId, { kind: 'charge', amountYen: 5_000, expiresAt: jst('2027-06-30T23:59:59.999') });

  const event = ok<{ id: string; code: string }>(await t.admin('/v1/admin/point-events', { name: '夏祭り', points: 300, from: jst('2025-06-01T00:00:00'), to: jst('2025-06-30T23:59:59.999'), rule: 'once' }), 'event');
  for (const c of [a, b]) ok(await t.call('POST', '/v1/customer/points/claim', { token: c.customerToken, body: { code: event.code } }), 'claim');
  const csv = ['rideId,customerId,usedAt,bus,boardingStop,alightingStop', `R1,${a.walletId},2025-06-09 08:00,1,熊谷駅,市役所`, `R2,${a.walletId},2025-06-09 17:00,1,市役所,熊谷駅`, `R3,${a.walletId},2025-06-09 19:00,1,熊谷駅,【未選択】`].join('\r\n');
  const imported = await fetch(`${t.url}/v1/admin/imports/bus-rides`, { method: 'POST', headers: { authorization: `Bearer ${t.adminToken}`, 'content-type': 'text/csv' }, body: `${csv}\r\n` });
  expect(await imported.json()).toMatchObject({ applied: true, credited: 2, creditedPoints: 20, unanswered: 1 });
  const receiveQr = ok<{ qr: string }>(await t.call('POST', '/v1/customer/points/receive-qr', { token: a.customerToken, body: {} }), 'receive qr').qr;
  ok(await t.call('POST', '/v1/customer/points/transfer', { token: b.customerToken, body: { clientTxnId: randomUUID(), to: receiveQr, points: 100 } }), 'transfer');

  const spend = async (at: string, points: number, seq: number) => {
    await t.setClock(jst(`${DAY}T${at}`));
    return ok<{ spendId: string }>(await t.call('POST', '/v1/points/spends', { ...till.as('cashier'), body: { clientTxnId: randomUUID(), points, credential: await a.cpm(), shortNo: till.shortNo(seq) } }), 'spend').spendId;
  };
  const spend150 = await spend('10:00:00', 150, 1);
  const spend80 = await spend('10:05:00', 80, 2);
  await t.setClock(jst(`${DAY}T10:10:00`));
  ok(await t.call('POST', `/v1/points/spends/${spend80}/cancel`, { ...till.as('manager'), body: { clientTxnId: randomUUID() } }), 'cancel spend');

  const payRequest = async (at: string, body: { amountYen: number } | { points: number }) => {
    await t.setClock(jst(`${DAY}T${at}`));
    const request = ok<{ requestId: string; qr: string }>(await t.call('POST', '/v1/mpm/requests', { ...till.as('cashier'), body: { clientTxnId: randomUUID(), ...body } }), 'mpm request');
    return ok<{ paymentId?: string; spendId?: string }>(await t.call('POST', '/v1/customer/mpm/pay', { token: a.customerToken, body: { clientTxnId: randomUUID(), qr: request.qr } }), 'mpm pay');
  };
  const mpmPayment = (await payRequest('10:20:00', { amountYen: 1_200 })).paymentId!;
  const spend50 = (await payRequest('10:25:00', { points: 50 })).spendId!;

  await t.setClock(jst(`${DAY}T10:30:00`));
  const storeQr = ok<{ qr: string }>(await t.call('GET', '/v1/terminal/mpm/static-qr', { token: till.token }), 'static qr').qr;
  const staticPayment = ok<{ paymentId: string }>(await t.call('POST', '/v1/customer/mpm/pay', { token: a.customerToken, body: { clientTxnId: randomUUID(), qr: storeQr, amountYen: 500 } }), 'static pay').paymentId;
  await t.setClock(jst(`${DAY}T10:35:00`));
  ok(await till.cancelPayment('manager', staticPayment), 'cancel static');
  await t.setClock(jst(`${DAY}T10:40:00`));
  const cpmPayment = ok<{ paymentId: string }>(await till.pay('cashier', 300, await a.cpm()), 'cpm pay').paymentId;
  return { shop, till, a, b, eventId: event.id, spend150, spend80, spend50, mpmPayment, staticPayment, cpmPayment };
}

describe.each(STORE_KINDS)('issue 13 in history, 点検/精算 and the issuer reports on %s', (kind) => {
  let t: TestBackend;
  let s: Story;
  beforeAll(async () => {
    t = await TestBackend.start(kind);
    s = await buildDay(t);
  }, 120_000);
  afterAll(async () => {
    expect(await t.ledgerDifferences()).toEqual([]);
    await t.stop();
  });

  const report = <T>(path: string) => t.call<T>('GET', path, { token: t.adminToken });
  const csvOf = async (path: string) => {
    const res = await fetch(`${t.url}${path}`, { headers: { authorization: `Bearer ${t.adminToken}`, accept: 'text/csv' } });
    expect(res.status).toBe(200);
    return (await res.text()).replace(/^\uFEFF/, '').split('\r\n');
  };

  it('R25: the register’s history of the day lists the point spends (points, not yen; cancelled or not; CPM or MPM) beside the MPM payments, the static one without a cashier', async () => {
    await t.setClock(jst(`${DAY}T11:00:00`));
    const r = await s.till.transactions('manager', DAY);
    expect(r.status).toBe(200);
    const at = (iso: unknown) => (typeof iso === 'string' ? iso.slice(0, 16) : iso);
    const lines = r.body.transactions.map((x) => ({ id: x.id, type: x.type, amountYen: x.amountYen, points: x.points, method: x.method, staffName: x.staffName, cancelled: x.cancelled, cancelledAt: at(x.cancelledAt), shortNo: x.shortNo, occurredAt: at(x.occurredAt) }));
    expect(lines).toEqual([
      { id: s.spend150, type: 'point_spend', amountYen: 0, points: 150, method: 'qr', staffName: 'cashier', cancelled: false, cancelledAt: null, shortNo: s.till.shortNo(1), occurredAt: minute(`${DAY}T10:00:00`) },
      { id: s.spend80, type: 'point_spend', amountYen: 0, points: 80, method: 'qr', staffName: 'cashier', cancelled: true, cancelledAt: minute(`${DAY}T10:10:00`), shortNo: s.till.shortNo(2), occurredAt: minute(`${DAY}T10:05:00`) },
      { id: s.mpmPayment, type: 'payment', amountYen: 1_200, points: undefined, method: 'mpm', staffName: 'cashier', cancelled: false, cancelledAt: null, shortNo: null, occurredAt: minute(`${DAY}T10:20:00`) },
      { id: s.spend50, type: 'point_spend', amountYen: 0, points: 50, method: 'mpm', staffName: 'cashier', cancelled: false, cancelledAt: null, shortNo: null, occurredAt: minute(`${DAY}T10:25:00`) },
      { id: s.staticPayment, type: 'payment', amountYen: 500, points: undefined, method: 'mpm', staffName: null, cancelled: true, cancelledAt: minute(`${DAY}T10:35:00`), shortNo: null, occurredAt: minute(`${DAY}T10:30:00`) },
      { id: s.cpmPayment, type: 'payment', amountYen: 300, points: undefined, method: 'qr', staffName: 'cashier', cancelled: false, cancelledAt: null, shortNo: null, occurredAt: minute(`${DAY}T10:40:00`) },
    ]);
    // A point spend moves no yen: nothing allocated, no fee.
    expect(r.body.transactions.find((x) => x.id === s.spend150)).toMatchObject({ allocations: [], walletId: s.a.walletId, terminalId: s.till.terminalId });
  });

  it('R31: search finds a point spend by its short number and by time, never by an amount (it has none in yen)', async () => {
    const byShortNo = await s.till.searchTransactions('manager', s.till.shortNo(2));
    expect(byShortNo.body.transactions.map((x) => [x.id, x.type, x.points])).toEqual([[s.spend80, 'point_spend', 80]]);
    const byTime = await s.till.searchTransactions('manager', '10:25');
    expect(byTime.body.transactions.map((x) => x.id)).toEqual([s.spend50]);
    expect((await s.till.searchTransactions('manager', '150')).body.transactions).toEqual([]);
    // A yen amount still finds the MPM payment it is.
    expect((await s.till.searchTransactions('manager', '¥1,200')).body.transactions.map((x) => x.id)).toEqual([s.mpmPayment]);
  });

  const expectedFigures = {
    payments: { count: 3, totalYen: 2_000, feeYen: 40 },
    cancelledPayments: { count: 1, totalYen: 500 },
    net: { paymentsYen: 1_500, chargesYen: 0 },
    paymentsByMethod: {
      qr: { count: 1, totalYen: 300, cancelledCount: 0, cancelledYen: 0, netYen: 300 },
      card: { count: 0, totalYen: 0, cancelledCount: 0, cancelledYen: 0, netYen: 0 },
      mpm: { count: 2, totalYen: 1_700, cancelledCount: 1, cancelledYen: 500, netYen: 1_200 },
    },
    mpmStatic: { count: 1, totalYen: 500 },
    pointSpends: { count: 3, points: 280, cancelledCount: 1, cancelledPoints: 80, netPoints: 200 },
    // Points are never drawer money.
    expectedDrawerYen: 0,
  };

  it('R26/R33: 点検 counts the point spends apart from yen (gross, cancelled, net) and splits MPM payments out, the static one too', async () => {
    const r = await s.till.settlement('manager', DAY);
    expect(r.status).toBe(200);
    const body = r.body as unknown as SettlementResponse;
    expect(body).toMatchObject({ ...expectedFigures, closed: false });
    expect(body.lines.map((l) => [l.id, l.type, l.amountYen, l.points, l.cancelled])).toEqual([
      [s.spend150, 'point_spend', 0, 150, false],
      [s.spend80, 'point_spend', 0, 80, true],
      [s.mpmPayment, 'payment', 1_200, undefined, false],
      [s.spend50, 'point_spend', 0, 50, false],
      [s.staticPayment, 'payment', 500, undefined, true],
      [s.cpmPayment, 'payment', 300, undefined, false],
    ]);
  });

  it('R30: after 精算 the closed day answers the same figures; a day closed before issue 13 still answers without them', async () => {
    await t.setClock(jst(`${DAY}T20:00:00`));
    const closed = await s.till.closeDay('manager', DAY);
    expect(closed.status).toBe(201);
    expect(closed.body).toMatchObject({ ...expectedFigures, closed: true });
    // A spend after the close belongs to the next business day.
    await t.setClock(jst(`${DAY}T20:05:00`));
    ok(await t.call('POST', '/v1/points/spends', { ...s.till.as('cashier'), body: { clientTxnId: randomUUID(), points: 10, credential: await s.a.cpm() } }), 'late spend');
    expect((await s.till.settlement('manager', DAY)).body).toMatchObject({ ...expectedFigures, closed: true });
    expect((await s.till.settlement('manager', '2025-06-11')).body).toMatchObject({ businessDay: '2025-06-11', pointSpends: { count: 1, points: 10, cancelledCount: 0, cancelledPoints: 0, netPoints: 10 } });
    await t.setClock(jst('2025-06-11T09:00:00'));
    const manager = await login(t, s.till, 'manager');
    const late = ok<{ transactions: { id: string; type: string; points?: number; businessDay?: string }[] }>(await t.call('GET', '/v1/terminal/transactions?businessDay=2025-06-11', manager), 'history').transactions;
    expect(late.map((x) => [x.type, x.points, x.businessDay])).toEqual([['point_spend', 10, '2025-06-11']]);
    ok(await t.call('POST', `/v1/points/spends/${late[0]!.id}/cancel`, { ...manager, body: { clientTxnId: randomUUID() } }), 'cancel late spend');
    expect((await t.call('GET', '/v1/terminal/settlement?businessDay=2025-06-11', manager)).body).toMatchObject({ pointSpends: { count: 1, points: 10, cancelledCount: 1, cancelledPoints: 10, netPoints: 0 } });

    // The figures a 精算 stored before issue 13 have none of its fields: the answer is still valid, without them.
    const before = await t.backend.deps.store.read.selectFrom('terminal_day_closes').select('figures_json').where('terminal_id', '=', s.till.terminalId).where('business_day', '=', DAY).executeTakeFirstOrThrow();
    const { pointSpends: _p, paymentsByMethod: _m, mpmStatic: _s, ...oldShape } = JSON.parse(before.figures_json) as SettlementResponse;
    const oldDay = '2025-06-01';
    const other = await t.terminal(s.shop);
    const oldClosedAtMs = Date.parse(jst(`${oldDay}T20:00:00`));
    await t.writeBehind(async (tx) => {
      await tx.insertInto('terminal_day_closes').values({ terminal_id: other.terminalId, business_day: oldDay, closed_at_ms: oldClosedAtMs, staff_id: null, approved_by_staff_id: null, figures_json: JSON.stringify({ ...oldShape, businessDay: oldDay, lines: [] }), acknowledgements_json: '[]' }).execute();
      // As migration 006 backfilled it for a close of those days.
      await tx.updateTable('terminals').set({ last_closed_at_ms: oldClosedAtMs }).where('id', '=', other.terminalId).execute();
    });
    const old = await other.settlement('manager', oldDay);
    expect(old.status).toBe(200);
    expect(old.body).toMatchObject({ businessDay: oldDay, closed: true, payments: expectedFigures.payments });
    expect(old.body).not.toHaveProperty('pointSpends');
    expect(old.body).not.toHaveProperty('paymentsByMethod');
  });

  it('R27: the merchant settlement keeps yen per channel and adds the points spent per channel as counted lines: no fee, nothing payable, not in the yen totals', async () => {
    const r = await report<MerchantSettlementReport>('/v1/admin/reports/merchant-settlement?from=2025-06-01&to=2025-06-10');
    expect(r.status).toBe(200);
    expect(r.body.merchants).toHaveLength(1);
    const m = r.body.merchants[0]!;
    expect(m.lines.map(({ label: _label, ...l }) => l)).toEqual([
      { valueKind: 'charge', campaignId: null, channel: 'cpm', paymentCount: 1, paymentsYen: 300, cancelCount: 0, cancelsYen: 0, netYen: 300, feeYen: 6, payableYen: 294 },
      { valueKind: 'charge', campaignId: null, channel: 'mpm', paymentCount: 2, paymentsYen: 1_700, cancelCount: 1, cancelsYen: 500, netYen: 1_200, feeYen: 24, payableYen: 1_176 },
    ]);
    expect(m.totals).toEqual({ paymentsYen: 2_000, cancelsYen: 500, netYen: 1_500, feeYen: 30, payableYen: 1_470 });
    // The calendar, not the register's business day: the 10 pt spend of 20:05 is the 10th's.
    expect(m.pointLines).toEqual([
      { channel: 'cpm', spendCount: 3, spentPoints: 240, cancelCount: 1, cancelledPoints: 80, netPoints: 160 },
      { channel: 'mpm', spendCount: 1, spentPoints: 50, cancelCount: 0, cancelledPoints: 0, netPoints: 50 },
    ]);
    expect(m.pointTotals).toEqual({ spentPoints: 290, cancelledPoints: 80, netPoints: 210 });
    expect(r.body.totals).toEqual(m.totals);
    expect(r.body.pointTotals).toEqual(m.pointTotals);

    // 6/11 holds only the cancel of that spend (a cancel counts in its own period): a shop with only points lines is listed with no yen line.
    const next = await report<MerchantSettlementReport>('/v1/admin/reports/merchant-settlement?from=2025-06-11&to=2025-06-11');
    expect(next.body.merchants).toEqual([
      { merchantId: s.shop, merchantName: '森の工房', lines: [], totals: { paymentsYen: 0, cancelsYen: 0, netYen: 0, feeYen: 0, payableYen: 0 }, pointLines: [{ channel: 'cpm', spendCount: 0, spentPoints: 0, cancelCount: 1, cancelledPoints: 10, netPoints: -10 }], pointTotals: { spentPoints: 0, cancelledPoints: 10, netPoints: -10 } },
    ]);
  });

  it('R27: the settlement CSV keeps its thirteen yen columns and adds five points columns, points rows with the yen cells empty', async () => {
    const rows = await csvOf('/v1/admin/reports/merchant-settlement?from=2025-06-01&to=2025-06-10');
    expect(rows[0]).toBe('加盟店ID,加盟店名,決済方式,残高種別,キャンペーンID,残高名称,支払件数,支払金額,取消件数,取消金額,差引金額,手数料,支払予定額,ポイント利用件数,利用ポイント,ポイント取消件数,取消ポイント,差引ポイント');
    expect(rows.slice(1)).toEqual([
      `${s.shop},森の工房,CPM（店舗読取）,チャージ,,チャージマネー,1,300,0,0,300,6,294,,,,,`,
      `${s.shop},森の工房,MPM（利用者読取）,チャージ,,チャージマネー,2,1700,1,500,1200,24,1176,,,,,`,
      `${s.shop},森の工房,CPM（店舗読取）,クマポ（ポイント）,,クマポ（円の支払なし）,,,,,,,,3,240,1,80,160`,
      `${s.shop},森の工房,MPM（利用者読取）,クマポ（ポイント）,,クマポ（円の支払なし）,,,,,,,,1,50,0,0,50`,
      '',
    ]);
  });

  it('R27: the points report gives issued per source, transfers, spent per merchant, expired and what wallets hold, and they add up', async () => {
    const r = await report<PointsReport>('/v1/admin/reports/points?from=2025-06-01&to=2025-06-30');
    expect(r.status).toBe(200);
    const { generatedAt: _g, ...body } = r.body;
    expect(body).toEqual({
      from: '2025-06-01',
      to: '2025-06-30',
      issued: { events: [{ eventId: s.eventId, name: '夏祭り', claimCount: 2, points: 600 }], bus: { rideCount: 2, points: 20 }, totalPoints: 620 },
      transfers: { count: 1, points: 100 },
      spent: [{ merchantId: s.shop, merchantName: '森の工房', spendCount: 4, spentPoints: 290, cancelCount: 2, cancelledPoints: 90, netPoints: 200 }],
      spentTotals: { spentPoints: 290, cancelledPoints: 90, netPoints: 200 },
      expired: { walletCount: 0, points: 0 },
      openingPoints: 0,
      closingPoints: 420,
      outstanding: { at: '2025-06-30T14:59:59.999Z', walletCount: 2, points: 420, lapsedUnsweptPoints: 0 },
    });
    // closing = opening + issued − net spent − expired: no point is made or lost between the lines.
    expect(body.openingPoints + body.issued.totalPoints - body.spentTotals.netPoints - body.expired.points).toBe(body.closingPoints);
    // What the wallets say they hold.
    const held = await Promise.all([s.a, s.b].map(async (c) => (await t.call<{ points: number }>('GET', '/v1/customer/points', { token: c.customerToken })).body.points));
    expect(held).toEqual([220, 200]);
  });

  it('Attack: the points report is the operator’s: a terminal’s manager is refused, and a bad period is 400', async () => {
    expect((await t.call('GET', '/v1/admin/reports/points?from=2025-06-01&to=2025-06-30', s.till.as('manager'))).status).toBe(401);
    expect((await report('/v1/admin/reports/points?from=2025-06-30&to=2025-06-01')).status).toBe(400);
  });

  it('R23/R27: a year on, points are good through the last millisecond of their day, then outstanding no more even before the sweep; the sweep books them as expired', async () => {
    await t.setClock(jst('2026-06-13T09:00:00'));
    const points = async (to: string) => (await report<PointsReport>(`/v1/admin/reports/points?from=2026-06-01&to=${to}`)).body;
    // B's last activity was 2025-06-10, A's 2025-06-11 (the cancel gave points back).
    expect(await points('2026-06-10')).toMatchObject({ openingPoints: 420, closingPoints: 420, outstanding: { walletCount: 2, points: 420, lapsedUnsweptPoints: 0 }, expired: { walletCount: 0, points: 0 } });
    expect(await points('2026-06-11')).toMatchObject({ closingPoints: 420, outstanding: { at: '2026-06-11T14:59:59.999Z', walletCount: 1, points: 220, lapsedUnsweptPoints: 200 } });
    expect(await points('2026-06-12')).toMatchObject({ closingPoints: 420, outstanding: { walletCount: 0, points: 0, lapsedUnsweptPoints: 420 } });

    await t.setClock(jst('2026-06-15T03:00:00'));
    expect((await t.admin('/v1/admin/expiry-sweep', {})).status).toBe(200);
    expect(await points('2026-06-30')).toMatchObject({
      issued: { events: [], bus: { rideCount: 0, points: 0 }, totalPoints: 0 },
      spent: [],
      expired: { walletCount: 2, points: 420 },
      openingPoints: 420,
      closingPoints: 0,
      outstanding: { walletCount: 0, points: 0, lapsedUnsweptPoints: 0 },
    });
    // A period that ended before the write-off still reads as it did.
    expect(await points('2026-06-12')).toMatchObject({ closingPoints: 420, outstanding: { points: 0, lapsedUnsweptPoints: 420 } });
  });

  it('R27: the points report as CSV is one table of figures, each row saying what it is', async () => {
    const rows = await csvOf('/v1/admin/reports/points?from=2025-06-01&to=2025-06-30');
    expect(rows).toEqual([
      '期間開始,期間終了,区分,内訳,ID,件数,ポイント',
      '2025-06-01,2025-06-30,期首残高,期間開始時点の保有ポイント,,,0',
      `2025-06-01,2025-06-30,付与,イベント: 夏祭り,${s.eventId},2,600`,
      '2025-06-01,2025-06-30,付与,バス乗車,,2,20',
      '2025-06-01,2025-06-30,移動,ポイント送付（利用者間）,,1,100',
      `2025-06-01,2025-06-30,利用,森の工房,${s.shop},4,290`,
      `2025-06-01,2025-06-30,利用取消,森の工房,${s.shop},2,90`,
      '2025-06-01,2025-06-30,失効,有効期限切れ,,0,0',
      '2025-06-01,2025-06-30,期末残高,期間終了時点の保有ポイント（有効）,,2,420',
      '2025-06-01,2025-06-30,期末残高,期間終了時点で失効済み・未処理,,,0',
      '',
    ]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { TestBackend } from '../../testing/harness';
import { STORE_KINDS } from '../../testing/stores';
import { splitFeeYen } from '../../domain/fee';
import { businessDayRangeMs } from '../../../../common/time';
import type { BreakageReport, MerchantSettlementReport, UnusedBalanceReport } from '../../../../common/wire/reports';

/**
 * R27 on a hand-computed half-year (2024-04-01 … 2024-09-30, JST). Every figure below was worked
 * out on paper from the story in `buildHalfYear`; the same figures are then recomputed from the
 * raw rows (postings, allocations, cancellations) without the report code, so a wrong query and a
 * wrong hand calculation cannot agree by accident.
 *
 * Shops: うどん (charge point, fee 3%), 書店 (fee 1.5%). Campaigns: 補助金等マネー (うどん only,
 * 3 months), ふるさとクマPAYマネー (everywhere, 1 year). The charge-money label is renamed to
 * チャージマネー（新）before the reports run: reports show the names configured now.
 */
const HALF = { from: '2024-04-01', to: '2024-09-30' };
const jst = (local: string) => `${local}+09:00`;

interface HalfYear {
  udon: string;
  books: string;
  subsidy: string;
  furusato: string;
  cancelledAtBooksInOctober: string;
}

async function buildHalfYear(t: TestBackend): Promise<HalfYear> {
  const ok = (r: { status: number; body: unknown }, what: string) => {
    if (r.status >= 300) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body as Record<string, unknown>;
  };
  await t.setClock(jst('2024-04-01T09:00:00'));
  const udon = (ok(await t.admin('/v1/admin/merchants', { name: 'うどん', chargePoint: true, feeRateBp: 300 }), 'udon') as { id: string }).id;
  const books = (ok(await t.admin('/v1/admin/merchants', { name: '書店', chargePoint: false, feeRateBp: 150 }), 'books') as { id: string }).id;
  const subsidy = await t.campaign('補助金等マネー', [udon], { months: 3 });
  const furusato = await t.campaign('ふるさとクマPAYマネー', 'all', { years: 1 });
  const codes = async (campaignId: string, amountYen: number) => ((await t.admin<{ codes: string[] }>(`/v1/admin/campaigns/${campaignId}/codes`, { amountYen, count: 1 })).body.codes[0]!);
  // Staff sessions and terminal tokens lapse over a half-year: each day's work gets its own till.
  let udonTill = await t.terminal(udon);
  let booksTill = await t.terminal(books);
  const day = async (local: string) => {
    await t.setClock(jst(local));
    udonTill = await t.terminal(udon);
    booksTill = await t.terminal(books);
  };
  const x = await t.customer('X');
  const y = await t.customer('Y');
  const k = await t.card();

  await t.setClock(jst('2024-04-01T10:00:00'));
  ok(await t.call('POST', '/v1/charges', { ...udonTill.as('charger'), body: { clientTxnId: randomUUID(), amountYen: 10_000, credential: await x.cpm() } }), 'charge X'); // +100 bonus
  await t.setClock(jst('2024-04-01T10:05:00'));
  const s = ok(await t.call('POST', '/v1/customer/grants/claim', { token: x.customerToken, body: { code: await codes(subsidy, 3_000) } }), 'claim S');
  expect(s.expiresAt).toBe('2024-07-01T14:59:59.999Z');
  ok(await t.call('POST', '/v1/customer/grants/claim', { token: x.customerToken, body: { code: await codes(furusato, 2_000) } }), 'claim F');

  await day('2024-04-02T12:00:00');
  const p1 = ok(await udonTill.pay('cashier', 4_999, await x.cpm()), 'p1'); // S 3,000 + F 1,999; fee 149
  await day('2024-04-03T13:00:00');
  ok(await booksTill.pay('cashier', 1_000, await x.cpm()), 'p2'); // F 1 + charge 999; fee 15
  await day('2024-04-05T10:00:00');
  ok(await udonTill.cancelPayment('manager', p1.paymentId as string), 'cancel p1');
  await day('2024-04-10T10:00:00');
  ok(await t.call('POST', '/v1/charges', { ...udonTill.as('charger'), body: { clientTxnId: randomUUID(), amountYen: 5_000, credential: k.credential } }), 'charge K'); // 5,050
  await day('2024-04-20T10:00:00');
  const c2 = ok(await t.call('POST', '/v1/charges', { ...udonTill.as('charger'), body: { clientTxnId: randomUUID(), amountYen: 2_000, credential: await x.cpm() } }), 'charge X 2');
  await day('2024-04-21T10:00:00');
  ok(await udonTill.cancelCharge('manager', c2.chargeId as string), 'cancel charge');
  await day('2024-05-10T11:00:00');
  ok(await udonTill.pay('cashier', 2_500, await x.cpm()), 'p3'); // S 2,500; fee 75

  await day('2024-06-01T10:00:00');
  ok(await t.call('POST', '/v1/charges', { ...udonTill.as('charger'), body: { clientTxnId: randomUUID(), amountYen: 1_000, credential: await y.cpm() } }), 'charge Y'); // 1,010
  const items = [
    { seq: 1, clientTxnId: randomUUID(), type: 'payment', occurredAt: jst('2024-06-01T10:00:30'), amountYen: 800, credential: await y.cpm() },
    { seq: 2, clientTxnId: randomUUID(), type: 'payment', occurredAt: jst('2024-06-01T10:00:40'), amountYen: 500, credential: await y.cpm() },
  ];
  await t.setClock(jst('2024-06-01T10:01:00'));
  const synced = ok(await t.call('POST', '/v1/sync/batches', { token: udonTill.token, body: { items } }), 'sync') as { results: { status: string; shortfallYen?: number }[] };
  expect(synced.results.map((r) => [r.status, r.shortfallYen])).toEqual([['applied', 0], ['applied', 290]]);

  await day('2024-07-01T10:00:00');
  ok(await t.call('POST', '/v1/migrations', { ...udonTill.as('support'), body: { clientTxnId: randomUUID(), card: { cardNumber: k.cardNumber }, to: await y.cpm() } }), 'migrate K→Y');
  await day('2024-08-01T10:00:00');
  ok(await booksTill.pay('cashier', 1_000, await x.cpm()), 'p4'); // writes off S 500 first; F 1,000; fee 15
  await day('2024-09-29T10:00:00');
  const p5 = ok(await booksTill.pay('cashier', 600, await x.cpm()), 'p5'); // F 600; fee 9
  await day('2024-10-02T10:00:00');
  ok(await booksTill.cancelPayment('manager', p5.paymentId as string), 'cancel p5 in October');

  await t.admin('/v1/admin/settings', { chargeMoneyLabel: 'チャージマネー（新）' }, 'PATCH');
  return { udon, books, subsidy, furusato, cancelledAtBooksInOctober: p5.paymentId as string };
}

/** The report's lines as `label → figures`, order aside (a Japanese sort order is not the point here). */
function linesByLabel<T extends { label: string }>(lines: readonly T[]): Record<string, Omit<T, 'label'>> {
  return Object.fromEntries(lines.map(({ label, ...rest }) => [label, rest]));
}

describe.each(STORE_KINDS)('R27 issuer reports over a hand-computed half-year on %s', (kind) => {
  let t: TestBackend;
  let h: HalfYear;
  beforeAll(async () => {
    t = await TestBackend.start(kind);
    h = await buildHalfYear(t);
  }, 120_000);
  afterAll(async () => {
    expect(await t.ledgerDifferences()).toEqual([]);
    await t.stop();
  });

  const report = <T>(path: string) => t.call<T>('GET', path, { token: t.adminToken });

  it('When the half-year is settled, then each shop is owed its payments less cancels and fee, per balance, with the offline shortfall apart', async () => {
    const r = await report<MerchantSettlementReport>(`/v1/admin/reports/merchant-settlement?from=${HALF.from}&to=${HALF.to}`);
    expect(r.status).toBe(200);
    const udon = r.body.merchants.find((m) => m.merchantId === h.udon)!;
    const books = r.body.merchants.find((m) => m.merchantId === h.books)!;
    expect(r.body.merchants).toHaveLength(2);
    const line = (valueKind: string, campaignId: string | null) => ({ valueKind, campaignId, channel: 'cpm' });
    expect(linesByLabel(udon.lines)).toEqual({
      'チャージマネー（新）': { ...line('charge', null), paymentCount: 2, paymentsYen: 1_010, cancelCount: 0, cancelsYen: 0, netYen: 1_010, feeYen: 31, payableYen: 979 },
      '補助金等マネー': { ...line('limited', h.subsidy), paymentCount: 2, paymentsYen: 5_500, cancelCount: 1, cancelsYen: 3_000, netYen: 2_500, feeYen: 75, payableYen: 2_425 },
      'ふるさとクマPAYマネー': { ...line('limited', h.furusato), paymentCount: 1, paymentsYen: 1_999, cancelCount: 1, cancelsYen: 1_999, netYen: 0, feeYen: 0, payableYen: 0 },
      'オフライン不足分（立替）': { ...line('offline_debt', null), paymentCount: 1, paymentsYen: 290, cancelCount: 0, cancelsYen: 0, netYen: 290, feeYen: 8, payableYen: 282 },
    });
    expect(udon.totals).toEqual({ paymentsYen: 8_799, cancelsYen: 4_999, netYen: 3_800, feeYen: 114, payableYen: 3_686 });
    expect(linesByLabel(books.lines)).toEqual({
      'チャージマネー（新）': { ...line('charge', null), paymentCount: 1, paymentsYen: 999, cancelCount: 0, cancelsYen: 0, netYen: 999, feeYen: 14, payableYen: 985 },
      'ふるさとクマPAYマネー': { ...line('limited', h.furusato), paymentCount: 3, paymentsYen: 1_601, cancelCount: 0, cancelsYen: 0, netYen: 1_601, feeYen: 25, payableYen: 1_576 },
    });
    expect(r.body.totals).toEqual({ paymentsYen: 11_399, cancelsYen: 4_999, netYen: 6_400, feeYen: 153, payableYen: 6_247 });
    // Charge money is listed first, whatever it is called.
    expect(udon.lines[0]!.valueKind).toBe('charge');
  });

  it('When a sale of September is cancelled in October, then September keeps it and October owes it back with its fee', async () => {
    const r = await report<MerchantSettlementReport>('/v1/admin/reports/merchant-settlement?from=2024-10-01&to=2024-10-31');
    expect(r.body.merchants.map((m) => [m.merchantId, m.lines.map((l) => [l.label, l.paymentCount, l.cancelCount, l.cancelsYen, l.netYen, l.feeYen, l.payableYen])])).toEqual([
      [h.books, [['ふるさとクマPAYマネー', 0, 1, 600, -600, -9, -591]]],
    ]);
    const september = await report<MerchantSettlementReport>('/v1/admin/reports/merchant-settlement?from=2024-09-01&to=2024-09-30');
    expect(september.body.totals).toEqual({ paymentsYen: 600, cancelsYen: 0, netYen: 600, feeYen: 9, payableYen: 591 });
  });

  it('When the unused balance is asked at 9/30, then it holds every live lot by kind, and the shortfall owed apart', async () => {
    const r = await report<UnusedBalanceReport>(`/v1/admin/reports/unused-balance?at=${encodeURIComponent(jst('2024-09-30T23:59:59.999'))}`);
    expect(r.status).toBe(200);
    expect(linesByLabel(r.body.lines)).toEqual({
      'チャージマネー（新）': { valueKind: 'charge', campaignId: null, walletCount: 2, unusedYen: 14_151 },
      'ふるさとクマPAYマネー': { valueKind: 'limited', campaignId: h.furusato, walletCount: 1, unusedYen: 399 },
    });
    expect(r.body).toMatchObject({ totalYen: 14_550, offlineDebtYen: 290 });
  });

  it('When a lot lapsed before the instant but nobody touched the wallet until later, then it is not unused balance at that instant', async () => {
    // 補助金等マネー ¥500 lapsed at the end of 7/1 and was written off only on 8/1.
    const july = await report<UnusedBalanceReport>(`/v1/admin/reports/unused-balance?at=${encodeURIComponent(jst('2024-07-15T12:00:00'))}`);
    expect(linesByLabel(july.body.lines)).toEqual({
      'チャージマネー（新）': { valueKind: 'charge', campaignId: null, walletCount: 2, unusedYen: 14_151 },
      'ふるさとクマPAYマネー': { valueKind: 'limited', campaignId: h.furusato, walletCount: 1, unusedYen: 1_999 },
    });
    const june = await report<UnusedBalanceReport>(`/v1/admin/reports/unused-balance?at=${encodeURIComponent(jst('2024-06-30T12:00:00'))}`);
    expect(linesByLabel(june.body.lines)).toMatchObject({ '補助金等マネー': { walletCount: 1, unusedYen: 500 } });
    expect(june.body.totalYen).toBe(16_650);
  });

  it('When breakage is asked for the half-year, then the written-off limited money shows per campaign', async () => {
    const r = await report<BreakageReport>(`/v1/admin/reports/breakage?from=${HALF.from}&to=${HALF.to}`);
    expect(r.body.lines).toEqual([{ valueKind: 'limited', campaignId: h.subsidy, label: '補助金等マネー', lotCount: 1, writtenOffYen: 500 }]);
    expect(r.body.totalYen).toBe(500);
    const julyOnly = await report<BreakageReport>('/v1/admin/reports/breakage?from=2024-07-01&to=2024-07-31');
    expect(julyOnly.body).toMatchObject({ lines: [], totalYen: 0 });
  });

  it('When a campaign is renamed, then the reports name it so, past periods included', async () => {
    await t.admin(`/v1/admin/campaigns/${h.furusato}`, { label: 'ふるさとクマPAY' }, 'PATCH');
    try {
      const r = await report<BreakageReport & UnusedBalanceReport>(`/v1/admin/reports/unused-balance?at=${encodeURIComponent(jst('2024-09-30T23:59:59.999'))}`);
      expect(r.body.lines.map((l) => l.label)).toContain('ふるさとクマPAY');
      expect(r.body.lines.map((l) => l.label)).not.toContain('ふるさとクマPAYマネー');
    } finally {
      await t.admin(`/v1/admin/campaigns/${h.furusato}`, { label: 'ふるさとクマPAYマネー' }, 'PATCH');
    }
  });

  it('When every figure is recomputed from the raw rows, then the reports agree to the yen', async () => {
    const db = t.backend.deps.store.read;
    const { startMs, endMs } = { startMs: businessDayRangeMs(HALF.from).startMs, endMs: businessDayRangeMs(HALF.to).endMs };
    const payments = await db.selectFrom('payments').selectAll().execute();
    const allocations = await db.selectFrom('payment_allocations').selectAll().orderBy('line_no').execute();
    const cancels = await db.selectFrom('cancellations').selectAll().where('kind', '=', 'payment').execute();
    // Per payment: its lines (allocations in order, then the shortfall) and their fee shares.
    const linesOf = (p: (typeof payments)[number]) => {
      const lines = allocations.filter((a) => a.payment_id === p.id).map((a) => ({ key: `${a.kind}|${a.campaign_id ?? ''}`, yen: Number(a.amount_yen) }));
      if (Number(p.shortfall_yen) > 0) lines.push({ key: 'offline_debt|', yen: Number(p.shortfall_yen) });
      const fees = splitFeeYen(Number(p.fee_yen), lines.map((l) => l.yen));
      return lines.map((l, i) => ({ ...l, fee: fees[i]! }));
    };
    const expected = new Map<string, { paymentsYen: number; cancelsYen: number; feeYen: number }>();
    const add = (merchantId: string, key: string, d: { paymentsYen?: number; cancelsYen?: number; feeYen: number }) => {
      const k = `${merchantId}|${key}`;
      const e = expected.get(k) ?? { paymentsYen: 0, cancelsYen: 0, feeYen: 0 };
      expected.set(k, { paymentsYen: e.paymentsYen + (d.paymentsYen ?? 0), cancelsYen: e.cancelsYen + (d.cancelsYen ?? 0), feeYen: e.feeYen + d.feeYen });
    };
    for (const p of payments.filter((x) => Number(x.recorded_at_ms) >= startMs && Number(x.recorded_at_ms) < endMs)) {
      for (const l of linesOf(p)) add(p.merchant_id, l.key, { paymentsYen: l.yen, feeYen: l.fee });
    }
    for (const c of cancels.filter((x) => Number(x.occurred_at_ms) >= startMs && Number(x.occurred_at_ms) < endMs)) {
      const p = payments.find((x) => x.id === c.target_id)!;
      for (const l of linesOf(p)) add(p.merchant_id, l.key, { cancelsYen: l.yen, feeYen: -l.fee });
    }
    const settled = (await report<MerchantSettlementReport>(`/v1/admin/reports/merchant-settlement?from=${HALF.from}&to=${HALF.to}`)).body;
    const got = new Map(settled.merchants.flatMap((m) => m.lines.map((l) => [`${m.merchantId}|${l.valueKind}|${l.campaignId ?? ''}`, { paymentsYen: l.paymentsYen, cancelsYen: l.cancelsYen, feeYen: l.feeYen }] as const)));
    expect(Object.fromEntries(got)).toEqual(Object.fromEntries(expected));

    // Unused balance: each lot's postings up to the instant, for lots alive at the instant.
    const atMs = Date.parse(jst('2024-07-15T12:00:00'));
    const entries = new Map((await db.selectFrom('journal_entries').select(['id', 'recorded_at_ms', 'type']).execute()).map((e) => [e.id, e]));
    const postings = await db.selectFrom('postings').selectAll().execute();
    const lots = await db.selectFrom('lots').selectAll().execute();
    const unused = new Map<string, number>();
    for (const lot of lots.filter((l) => Number(l.expires_at_ms) >= atMs)) {
      const balance = postings.filter((p) => p.lot_id === lot.id && Number(entries.get(p.entry_id)!.recorded_at_ms) <= atMs).reduce((s, p) => s + Number(p.amount_yen), 0);
      if (balance > 0) unused.set(`${lot.kind}|${lot.campaign_id ?? ''}`, (unused.get(`${lot.kind}|${lot.campaign_id ?? ''}`) ?? 0) + balance);
    }
    const debtYen = -postings.filter((p) => p.account.startsWith('debt:') && Number(entries.get(p.entry_id)!.recorded_at_ms) <= atMs).reduce((s, p) => s + Number(p.amount_yen), 0);
    const u = (await report<UnusedBalanceReport>(`/v1/admin/reports/unused-balance?at=${encodeURIComponent(jst('2024-07-15T12:00:00'))}`)).body;
    expect(Object.fromEntries(u.lines.map((l) => [`${l.valueKind}|${l.campaignId ?? ''}`, l.unusedYen]))).toEqual(Object.fromEntries(unused));
    expect(u.offlineDebtYen).toBe(debtYen);

    // Breakage: the lot side of every expiry entry recorded in the period.
    const broken = new Map<string, number>();
    for (const p of postings.filter((x) => x.lot_id && entries.get(x.entry_id)!.type === 'expiry')) {
      const at = Number(entries.get(p.entry_id)!.recorded_at_ms);
      if (at < startMs || at >= endMs) continue;
      const lot = lots.find((l) => l.id === p.lot_id)!;
      broken.set(`${lot.kind}|${lot.campaign_id ?? ''}`, (broken.get(`${lot.kind}|${lot.campaign_id ?? ''}`) ?? 0) - Number(p.amount_yen));
    }
    const b = (await report<BreakageReport>(`/v1/admin/reports/breakage?from=${HALF.from}&to=${HALF.to}`)).body;
    expect(Object.fromEntries(b.lines.map((l) => [`${l.valueKind}|${l.campaignId ?? ''}`, l.writtenOffYen]))).toEqual(Object.fromEntries(broken));
  });

  it('When the operator asks for CSV, then it is UTF-8 with a BOM, Japanese headers, CRLF lines and plain integer yen', async () => {
    const res = await fetch(`${t.url}/v1/admin/reports/merchant-settlement?from=${HALF.from}&to=${HALF.to}`, { headers: { authorization: `Bearer ${t.adminToken}`, accept: 'text/csv' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toContain('merchant-settlement_2024-04-01_2024-09-30.csv');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes).slice(1);
    const rows = text.split('\r\n');
    expect(rows[0]).toBe('加盟店ID,加盟店名,決済方式,残高種別,キャンペーンID,残高名称,支払件数,支払金額,取消件数,取消金額,差引金額,手数料,支払予定額,ポイント利用件数,利用ポイント,ポイント取消件数,取消ポイント,差引ポイント');
    expect(rows).toContain(`${h.udon},うどん,CPM（店舗読取）,限定,${h.subsidy},補助金等マネー,2,5500,1,3000,2500,75,2425,,,,,`);
    expect(rows.at(-1)).toBe('');
    expect(rows).toHaveLength(1 + 6 + 1);

    const unused = await fetch(`${t.url}/v1/admin/reports/unused-balance?at=${encodeURIComponent(jst('2024-09-30T23:59:59.999'))}`, { headers: { authorization: `Bearer ${t.adminToken}`, accept: 'text/csv' } });
    const unusedText = (await unused.text()).replace(/^\uFEFF/, '');
    expect(unusedText.split('\r\n')[0]).toBe('基準時点,残高種別,キャンペーンID,残高名称,保有ウォレット数,未使用残高');
    expect(unusedText).toContain(',チャージ,,チャージマネー（新）,2,14151\r\n');
    const json = await fetch(`${t.url}/v1/admin/reports/breakage?from=${HALF.from}&to=${HALF.to}`, { headers: { authorization: `Bearer ${t.adminToken}`, accept: 'application/json, text/csv;q=0.5' } });
    expect(json.headers.get('content-type')).toContain('application/json');
  });

  it('When a report is asked badly or by someone else, then the contract error comes back and nothing is computed', async () => {
    const bad = await report(`/v1/admin/reports/merchant-settlement?from=2024-09-30&to=2024-04-01`);
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: { code: 'invalid_request' } });
    expect((await report('/v1/admin/reports/unused-balance?at=yesterday')).status).toBe(400);
    expect((await report('/v1/admin/reports/breakage?from=2024-02-30&to=2024-03-01')).status).toBe(400);
    const till = await t.terminal(h.udon);
    const asTerminal = await t.call('GET', `/v1/admin/reports/merchant-settlement?from=${HALF.from}&to=${HALF.to}`, till.as('manager'));
    expect(asTerminal.status).toBe(401);
    const csvRefusal = await fetch(`${t.url}/v1/admin/reports/breakage?from=x&to=y`, { headers: { authorization: `Bearer ${t.adminToken}`, accept: 'text/csv' } });
    expect(csvRefusal.status).toBe(400);
    expect(await csvRefusal.json()).toMatchObject({ error: { code: 'invalid_request' } });
  });
});

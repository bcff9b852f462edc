import { sql, type Kysely, type RawBuilder } from 'kysely';
import { businessDayRangeMs, toIso } from '../../../common/time';
import type { BreakageReport, MerchantSettlementReport, PointSettlementLine, UnusedBalanceReport, ValueKind } from '../../../common/wire/reports';
import type { DB } from '../store/schema';
import type { ReportDeps, ReportPeriod } from './report-period';
import { labelsOf } from './balance-labels';
import { byBalanceName } from '../../../common/balance-figures';
import { pointSettlementRows, pointTotalsOf } from './point-reports';

/**
 * R27, the issuer's reports. Each figure is one SQL aggregate over the ledger, the same text on
 * SQLite and PostgreSQL (docs/reports.md states each query in words; the HTTP tests recompute
 * every figure from raw rows). Everything reads committed data (`store.read`), so a report never
 * holds up the counter.
 */

export type { ReportDeps, ReportPeriod } from './report-period';

/** Offline shortfalls (R20) are advanced by the issuer; their line needs a name of its own. */
export const OFFLINE_DEBT_LABEL = 'オフライン不足分（立替）';
/** A limited lot seeded without a campaign (data migration) has no configured name. */
export const UNNAMED_LIMITED_LABEL = '限定マネー（キャンペーンなし）';

/**
 * A report line's name: the one configured now (`labelsOf`, as the counter's answers use; a
 * rename reaches past periods too), or the report's own word where no balance is configured.
 */
type ReportLabelOf = (valueKind: ValueKind, campaignId: string | null) => string;

async function reportLabels(deps: ReportDeps, campaignIds: Iterable<string | null>): Promise<ReportLabelOf> {
  const { chargeMoneyLabel } = await deps.settings.current(deps.clock.nowMs());
  const labelOf = await labelsOf(deps.store.read, chargeMoneyLabel, campaignIds);
  return (valueKind, campaignId) => (valueKind === 'offline_debt' ? OFFLINE_DEBT_LABEL : (labelOf(valueKind, campaignId) ?? UNNAMED_LIMITED_LABEL));
}

/** Charge money first, then campaigns by name (as in 点検), then the offline shortfall. */
const KIND_ORDER: Record<ValueKind, number> = { charge: 0, limited: 1, offline_debt: 2 };
function byKindThenLabel(a: { valueKind: ValueKind; label: string; campaignId: string | null }, b: typeof a): number {
  return KIND_ORDER[a.valueKind] - KIND_ORDER[b.valueKind] || byBalanceName(a, b);
}

function periodMs(period: ReportPeriod): { startMs: number; endMs: number } {
  return { startMs: businessDayRangeMs(period.from).startMs, endMs: businessDayRangeMs(period.to).endMs };
}

/** Bigger than any allocation's line number: an offline shortfall is a payment's last line. */
const SHORTFALL_LINE_NO = 1_000_000;

interface SettlementRow {
  merchant_id: string;
  channel: 'cpm' | 'mpm';
  value_kind: ValueKind;
  campaign_id: string | null;
  n: number;
  yen: number;
  fee: number;
}

/**
 * The value lines of a set of payments, grouped by merchant, channel and value kind: how many
 * payments drew on each, how much, and the fee each line bears (domain/fee.ts `splitFeeYen`,
 * written as window functions: floor parts, the rounding rest on the first line).
 *
 * Lines are positive and a payment's lines sum to its amount, so a line as large as its payment
 * is that payment's only line and bears the whole fee (its floor part is the fee, no rest). Only
 * the split payments (a few percent) go through the window functions: over a million-entry
 * ledger, windowing every line was a third of the report's time (bench/reports.bench.ts).
 */
async function settlementLines(db: Kysely<DB>, paymentsWhere: RawBuilder<unknown>): Promise<SettlementRow[]> {
  const result = await sql<SettlementRow>`
    with chosen as (
      select p.id, p.merchant_id, p.method, p.fee_yen, p.amount_yen, p.shortfall_yen from payments p where ${paymentsWhere}
    ),
    lines as (
      select c.id as pid, c.merchant_id, c.method, c.fee_yen, c.amount_yen as pamt, a.kind as value_kind, a.campaign_id, a.amount_yen as amt, a.line_no
        from chosen c join payment_allocations a on a.payment_id = c.id
      union all
      select c.id, c.merchant_id, c.method, c.fee_yen, c.amount_yen, 'offline_debt', null, c.shortfall_yen, ${SHORTFALL_LINE_NO}
        from chosen c where c.shortfall_yen > 0
    ),
    parts as (
      select pid, merchant_id, method, value_kind, campaign_id, amt, fee_yen as fee from lines where amt = pamt
      union all
      select pid, merchant_id, method, value_kind, campaign_id, amt, fee_part + case when rn = 1 then fee_yen - fee_parts else 0 end
      from (
        select l.*, (l.fee_yen * l.amt) / l.pamt as fee_part,
          row_number() over (partition by l.pid order by l.line_no) as rn,
          sum((l.fee_yen * l.amt) / l.pamt) over (partition by l.pid) as fee_parts
        from lines l where l.amt < l.pamt
      ) split
    )
    select merchant_id, case when method = 'mpm' then 'mpm' else 'cpm' end as channel, value_kind, campaign_id,
      count(distinct pid) as n,
      cast(sum(amt) as bigint) as yen,
      cast(sum(fee) as bigint) as fee
    from parts
    group by merchant_id, case when method = 'mpm' then 'mpm' else 'cpm' end, value_kind, campaign_id
  `.execute(db);
  return result.rows.map((r) => ({ ...r, n: Number(r.n), yen: Number(r.yen), fee: Number(r.fee) }));
}

type SettlementLine = MerchantSettlementReport['merchants'][number]['lines'][number];
type Totals = MerchantSettlementReport['totals'];

function totalsOf(lines: readonly Pick<SettlementLine, 'paymentsYen' | 'cancelsYen' | 'netYen' | 'feeYen' | 'payableYen'>[]): Totals {
  const sum = (pick: (l: (typeof lines)[number]) => number) => lines.reduce((s, l) => s + pick(l), 0);
  return { paymentsYen: sum((l) => l.paymentsYen), cancelsYen: sum((l) => l.cancelsYen), netYen: sum((l) => l.netYen), feeYen: sum((l) => l.feeYen), payableYen: sum((l) => l.payableYen) };
}

/**
 * R27 merchant settlement: per merchant, channel and value kind, the payments recorded in the
 * period and the cancels made in it (a cancel takes back its payment's lines and fee, in the
 * period of the cancel), net, fee, and what the city owes. Cash parts of split sales (R32) are
 * the shop's own and never appear. KumaPo points spent there (R23) are `pointLines` per channel:
 * counted, with no fee and nothing payable.
 */
export async function merchantSettlement(deps: ReportDeps, period: ReportPeriod): Promise<MerchantSettlementReport> {
  const { startMs, endMs } = periodMs(period);
  const db = deps.store.read;
  const [paid, cancelled, merchants, pointRows] = await Promise.all([
    settlementLines(db, sql`p.recorded_at_ms >= ${startMs} and p.recorded_at_ms < ${endMs}`),
    settlementLines(db, sql`p.id in (select x.target_id from cancellations x where x.kind = 'payment' and x.occurred_at_ms >= ${startMs} and x.occurred_at_ms < ${endMs})`),
    db.selectFrom('merchants').select(['id', 'name']).execute(),
    pointSettlementRows(db, startMs, endMs),
  ]);
  const labelOf = await reportLabels(deps, [...paid, ...cancelled].map((r) => r.campaign_id));
  const byKey = new Map<string, SettlementLine & { merchantId: string }>();
  const lineFor = (r: SettlementRow) => {
    const key = `${r.merchant_id}|${r.channel}|${r.value_kind}|${r.campaign_id ?? ''}`;
    let line = byKey.get(key);
    if (!line) {
      line = {
        merchantId: r.merchant_id, valueKind: r.value_kind, campaignId: r.campaign_id, label: labelOf(r.value_kind, r.campaign_id), channel: r.channel,
        paymentCount: 0, paymentsYen: 0, cancelCount: 0, cancelsYen: 0, netYen: 0, feeYen: 0, payableYen: 0,
      };
      byKey.set(key, line);
    }
    return line;
  };
  for (const r of paid) {
    const line = lineFor(r);
    line.paymentCount += r.n;
    line.paymentsYen += r.yen;
    line.feeYen += r.fee;
  }
  for (const r of cancelled) {
    const line = lineFor(r);
    line.cancelCount += r.n;
    line.cancelsYen += r.yen;
    line.feeYen -= r.fee;
  }
  const merchantName = new Map(merchants.map((m) => [m.id, m.name]));
  const grouped = new Map<string, SettlementLine[]>();
  for (const { merchantId, ...line } of byKey.values()) {
    line.netYen = line.paymentsYen - line.cancelsYen;
    line.payableYen = line.netYen - line.feeYen;
    grouped.set(merchantId, [...(grouped.get(merchantId) ?? []), line]);
  }
  // R23: a KumaPo store's points lines, counted beside (never inside) its yen lines.
  const pointLines = new Map<string, PointSettlementLine[]>();
  for (const { merchantId, ...line } of pointRows) {
    pointLines.set(merchantId, [...(pointLines.get(merchantId) ?? []), line]);
    if (!grouped.has(merchantId)) grouped.set(merchantId, []);
  }
  const channelOrder = { cpm: 0, mpm: 1 } as const;
  const merchantsOut = [...grouped.entries()]
    .map(([merchantId, lines]) => {
      lines.sort((a, b) => channelOrder[a.channel] - channelOrder[b.channel] || byKindThenLabel(a, b));
      const points = (pointLines.get(merchantId) ?? []).sort((a, b) => channelOrder[a.channel] - channelOrder[b.channel]);
      return { merchantId, merchantName: merchantName.get(merchantId) ?? merchantId, lines, totals: totalsOf(lines), pointLines: points, pointTotals: pointTotalsOf(points) };
    })
    .sort((a, b) => a.merchantName.localeCompare(b.merchantName, 'ja') || a.merchantId.localeCompare(b.merchantId));
  return {
    from: period.from,
    to: period.to,
    generatedAt: toIso(deps.clock.nowMs()),
    merchants: merchantsOut,
    totals: totalsOf(merchantsOut.map((m) => m.totals)),
    pointTotals: pointTotalsOf(merchantsOut.map((m) => m.pointTotals)),
  };
}

/**
 * R27 unused balance (基準日未使用残高) at an instant: every lot's balance from the postings
 * recorded up to the instant, for lots that had not lapsed by then. A lot's expiry only ever
 * moves later, and only while the lot is alive (R3), so "lapsed at the instant" is exactly
 * "expires_at before the instant" now: a lot that lapsed unseen is left out without anyone
 * having touched its wallet. Balances are summed per lot before lots are joined, so the sum
 * reads two covering indexes in lot order (postings by lot, each entry's recorded instant by
 * id; migration 004) and no table row: over a million entries, random row reads cost seconds.
 */
export async function unusedBalance(deps: ReportDeps, atMs: number): Promise<UnusedBalanceReport> {
  const db = deps.store.read;
  const [rows, debt] = await Promise.all([
    sql<{ kind: 'charge' | 'limited'; campaign_id: string | null; wallets: number; yen: number }>`
      select l.kind, l.campaign_id, count(distinct l.wallet_id) as wallets, cast(sum(b.balance) as bigint) as yen
      from lots l
      join (
        select p.lot_id, sum(p.amount_yen) as balance
        from postings p join journal_entries e on e.id = p.entry_id
        where p.lot_id is not null and e.recorded_at_ms <= ${atMs}
        group by p.lot_id
      ) b on b.lot_id = l.id
      where l.expires_at_ms >= ${atMs} and b.balance > 0
      group by l.kind, l.campaign_id
    `.execute(db),
    sql<{ yen: number | null }>`
      select cast(sum(p.amount_yen) as bigint) as yen
      from postings p join journal_entries e on e.id = p.entry_id
      where p.account >= 'debt:' and p.account < 'debt;' and e.recorded_at_ms <= ${atMs}
    `.execute(db),
  ]);
  const labelOf = await reportLabels(deps, rows.rows.map((r) => r.campaign_id));
  const lines = rows.rows
    .map((r) => ({ valueKind: r.kind, campaignId: r.campaign_id, label: labelOf(r.kind, r.campaign_id), walletCount: Number(r.wallets), unusedYen: Number(r.yen) }))
    .sort(byKindThenLabel);
  return {
    at: toIso(atMs),
    generatedAt: toIso(deps.clock.nowMs()),
    lines,
    totalYen: lines.reduce((s, l) => s + l.unusedYen, 0),
    // Debt postings are negative while owed (usecases/ledger.ts).
    offlineDebtYen: -Number(debt.rows[0]?.yen ?? 0),
  };
}

/**
 * R27 breakage: value written off (R4 `expiry` entries, by the sweep or by a wallet being
 * touched) with the write-off recorded in the period, per value kind and campaign.
 */
export async function breakage(deps: ReportDeps, period: ReportPeriod): Promise<BreakageReport> {
  const { startMs, endMs } = periodMs(period);
  const rows = await sql<{ kind: 'charge' | 'limited'; campaign_id: string | null; lots: number; yen: number }>`
    select l.kind, l.campaign_id, count(distinct l.id) as lots, cast(-sum(p.amount_yen) as bigint) as yen
    from journal_entries e
    join postings p on p.entry_id = e.id
    join lots l on l.id = p.lot_id
    where e.type = 'expiry' and e.recorded_at_ms >= ${startMs} and e.recorded_at_ms < ${endMs}
    group by l.kind, l.campaign_id
  `.execute(deps.store.read);
  const labelOf = await reportLabels(deps, rows.rows.map((r) => r.campaign_id));
  const lines = rows.rows
    .map((r) => ({ valueKind: r.kind, campaignId: r.campaign_id, label: labelOf(r.kind, r.campaign_id), lotCount: Number(r.lots), writtenOffYen: Number(r.yen) }))
    .sort(byKindThenLabel);
  return { from: period.from, to: period.to, generatedAt: toIso(deps.clock.nowMs()), lines, totalYen: lines.reduce((s, l) => s + l.writtenOffYen, 0) };
}

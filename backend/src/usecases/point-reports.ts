import { sql, type Kysely } from 'kysely';
import { businessDayRangeMs, toIso } from '../../../common/time';
import type { PointSettlementLine, PointsReport } from '../../../common/wire/reports';
import { pointsGoodIfActiveFromMs } from '../domain/points-lapse';
import type { DB } from '../store/schema';
import type { ReportDeps, ReportPeriod } from './report-period';
import { pointAccount } from './points-ledger';

/**
 * R27 with R23/R24: KumaPo points in the issuer's reports. Points are counted, never money: no
 * fee, nothing payable, never added to a yen figure. Same rules as the yen reports: a period is
 * JST calendar dates matched against the instant the backend recorded each movement (a cancel:
 * the instant it was made), and each figure is one SQL text that runs the same on SQLite and
 * PostgreSQL (docs/reports.md says what each means).
 */

function periodMs(period: ReportPeriod): { startMs: number; endMs: number } {
  return { startMs: businessDayRangeMs(period.from).startMs, endMs: businessDayRangeMs(period.to).endMs };
}

export interface PointSettlementRow extends PointSettlementLine {
  merchantId: string;
}

/**
 * Spends recorded in the period and spend cancels made in it, per merchant and channel. A cancel
 * takes back its whole spend (a spend is never partly cancelled), in the period of the cancel.
 */
export async function pointSettlementRows(db: Kysely<DB>, startMs: number, endMs: number): Promise<PointSettlementRow[]> {
  const result = await sql<{ merchant_id: string; channel: 'cpm' | 'mpm'; spends: number; spent: number; cancels: number; cancelled: number }>`
    select merchant_id, channel,
      cast(sum(spends) as bigint) as spends, cast(sum(spent) as bigint) as spent,
      cast(sum(cancels) as bigint) as cancels, cast(sum(cancelled) as bigint) as cancelled
    from (
      select s.merchant_id, case when s.channel = 'mpm' then 'mpm' else 'cpm' end as channel, 1 as spends, s.points as spent, 0 as cancels, 0 as cancelled
        from point_spends s
        where s.recorded_at_ms >= ${startMs} and s.recorded_at_ms < ${endMs}
      union all
      select s.merchant_id, case when s.channel = 'mpm' then 'mpm' else 'cpm' end, 0, 0, 1, s.points
        from cancellations x join point_spends s on s.id = x.target_id
        where x.kind = 'point_spend' and x.occurred_at_ms >= ${startMs} and x.occurred_at_ms < ${endMs}
    ) u
    group by merchant_id, channel
  `.execute(db);
  return result.rows.map((r) => {
    const spentPoints = Number(r.spent);
    const cancelledPoints = Number(r.cancelled);
    return { merchantId: r.merchant_id, channel: r.channel, spendCount: Number(r.spends), spentPoints, cancelCount: Number(r.cancels), cancelledPoints, netPoints: spentPoints - cancelledPoints };
  });
}

export function pointTotalsOf(lines: readonly Pick<PointSettlementLine, 'spentPoints' | 'cancelledPoints'>[]): { spentPoints: number; cancelledPoints: number; netPoints: number } {
  const spentPoints = lines.reduce((s, l) => s + l.spentPoints, 0);
  const cancelledPoints = lines.reduce((s, l) => s + l.cancelledPoints, 0);
  return { spentPoints, cancelledPoints, netPoints: spentPoints - cancelledPoints };
}

/** Wallets' points from the postings recorded up to `atMs`, and the part that had lapsed by then. */
async function heldAt(db: Kysely<DB>, atMs: number): Promise<{ walletCount: number; points: number; lapsedPoints: number }> {
  // A wallet's last activity: its newest posting other than a write-off (every other movement rolls the expiry, R23).
  const goodFromMs = pointsGoodIfActiveFromMs(atMs);
  const result = await sql<{ wallets: number; good_wallets: number; points: number | null; lapsed: number | null }>`
    select count(*) as wallets,
      sum(case when b.last_ms >= ${goodFromMs} then 1 else 0 end) as good_wallets,
      cast(sum(b.balance) as bigint) as points,
      cast(sum(case when b.last_ms >= ${goodFromMs} then 0 else b.balance end) as bigint) as lapsed
    from (
      select p.wallet_id, sum(p.points) as balance, max(case when e.type <> 'expiry' then e.recorded_at_ms end) as last_ms
      from point_postings p join point_entries e on e.id = p.entry_id
      where p.wallet_id is not null and e.recorded_at_ms <= ${atMs}
      group by p.wallet_id
    ) b
    where b.balance > 0
  `.execute(db);
  const row = result.rows[0];
  return { walletCount: Number(row?.good_wallets ?? 0), points: Number(row?.points ?? 0), lapsedPoints: Number(row?.lapsed ?? 0) };
}

/**
 * `GET /v1/admin/reports/points?from&to`: issued per source (event claims per event, bus rides),
 * moved by transfers, spent per merchant (with cancels), expired, and what wallets held at the
 * start and the end of the period, all from the points ledger (`point_entries`/`point_postings`).
 */
export async function pointsReport(deps: ReportDeps, period: ReportPeriod): Promise<PointsReport> {
  const { startMs, endMs } = periodMs(period);
  const db = deps.store.read;
  const eventPrefix = pointAccount.event('');
  const [events, bus, transfers, spends, expired, opening, closing, merchants] = await Promise.all([
    // A claim moves points from its event's account (`event:<id>`, the posting without a wallet) into the wallet.
    sql<{ event_id: string; claims: number; points: number }>`
      select substr(p.account, ${sql.lit(eventPrefix.length + 1)}) as event_id, count(distinct e.id) as claims, cast(-sum(p.points) as bigint) as points
      from point_entries e join point_postings p on p.entry_id = e.id
      where e.type = 'claim' and p.wallet_id is null and e.recorded_at_ms >= ${startMs} and e.recorded_at_ms < ${endMs}
      group by substr(p.account, ${sql.lit(eventPrefix.length + 1)})
    `.execute(db),
    sql<{ rides: number | null; points: number | null }>`
      select
        (select count(*) from bus_rides r join point_entries e on e.id = r.entry_id
          where r.points > 0 and e.recorded_at_ms >= ${startMs} and e.recorded_at_ms < ${endMs}) as rides,
        (select cast(-sum(p.points) as bigint) from point_entries e join point_postings p on p.entry_id = e.id
          where e.type = 'bus' and p.wallet_id is null and e.recorded_at_ms >= ${startMs} and e.recorded_at_ms < ${endMs}) as points
    `.execute(db),
    // A transfer takes from one wallet what it gives another: its positive side is what moved.
    sql<{ transfers: number; points: number | null }>`
      select count(distinct e.id) as transfers, cast(sum(p.points) as bigint) as points
      from point_entries e join point_postings p on p.entry_id = e.id
      where e.type = 'transfer' and p.points > 0 and e.recorded_at_ms >= ${startMs} and e.recorded_at_ms < ${endMs}
    `.execute(db),
    pointSettlementRows(db, startMs, endMs),
    sql<{ wallets: number; points: number | null }>`
      select count(distinct e.wallet_id) as wallets, cast(sum(p.points) as bigint) as points
      from point_entries e join point_postings p on p.entry_id = e.id
      where e.type = 'expiry' and p.wallet_id is null and e.recorded_at_ms >= ${startMs} and e.recorded_at_ms < ${endMs}
    `.execute(db),
    heldAt(db, startMs - 1),
    heldAt(db, endMs - 1),
    db.selectFrom('merchants').select(['id', 'name']).execute(),
  ]);
  const eventIds = events.rows.map((r) => r.event_id);
  const eventNames = new Map(eventIds.length ? (await db.selectFrom('point_events').select(['id', 'name']).where('id', 'in', eventIds).execute()).map((e) => [e.id, e.name]) : []);
  const eventLines = events.rows
    .map((r) => ({ eventId: r.event_id, name: eventNames.get(r.event_id) ?? r.event_id, claimCount: Number(r.claims), points: Number(r.points) }))
    .sort((a, b) => a.name.localeCompare(b.name, 'ja') || a.eventId.localeCompare(b.eventId));
  const busLine = { rideCount: Number(bus.rows[0]?.rides ?? 0), points: Number(bus.rows[0]?.points ?? 0) };

  const merchantName = new Map(merchants.map((m) => [m.id, m.name]));
  const perMerchant = new Map<string, PointsReport['spent'][number]>();
  for (const r of spends) {
    const line = perMerchant.get(r.merchantId) ?? { merchantId: r.merchantId, merchantName: merchantName.get(r.merchantId) ?? r.merchantId, spendCount: 0, spentPoints: 0, cancelCount: 0, cancelledPoints: 0, netPoints: 0 };
    line.spendCount += r.spendCount;
    line.spentPoints += r.spentPoints;
    line.cancelCount += r.cancelCount;
    line.cancelledPoints += r.cancelledPoints;
    line.netPoints = line.spentPoints - line.cancelledPoints;
    perMerchant.set(r.merchantId, line);
  }
  const spent = [...perMerchant.values()].sort((a, b) => a.merchantName.localeCompare(b.merchantName, 'ja') || a.merchantId.localeCompare(b.merchantId));

  return {
    from: period.from,
    to: period.to,
    generatedAt: toIso(deps.clock.nowMs()),
    issued: { events: eventLines, bus: busLine, totalPoints: eventLines.reduce((s, l) => s + l.points, 0) + busLine.points },
    transfers: { count: Number(transfers.rows[0]?.transfers ?? 0), points: Number(transfers.rows[0]?.points ?? 0) },
    spent,
    spentTotals: pointTotalsOf(spent),
    expired: { walletCount: Number(expired.rows[0]?.wallets ?? 0), points: Number(expired.rows[0]?.points ?? 0) },
    openingPoints: opening.points,
    closingPoints: closing.points,
    outstanding: { at: toIso(endMs - 1), walletCount: closing.walletCount, points: closing.points - closing.lapsedPoints, lapsedUnsweptPoints: closing.lapsedPoints },
  };
}

import { sql } from 'kysely';
import type { z } from 'zod';
import { assert } from '../../../common/assert';
import { LIMITS } from '../../../common/limits';
import { toIso } from '../../../common/time';
import type { customerPointsResponse, pointsHistoryResponse, pointsHistoryType } from '../../../common/wire/points';
import { pointsLapsed } from '../domain/points';
import type { Deps } from './context';
import { loadWalletPoints, type PointEntryType } from './points-ledger';

type HistoryType = z.infer<typeof pointsHistoryType>;

/**
 * R23: the customer's points and when they lapse. A read right after the lapse writes the
 * balance off (the lazy path, once: the next read finds nothing to do), so the answer, the
 * history and the reports agree even before the sweep comes by. Reads of a live balance write nothing.
 */
export async function pointsOf(deps: Deps, walletId: string): Promise<z.infer<typeof customerPointsResponse>> {
  const { points, expiresAtMs } = await settledPoints(deps, walletId, deps.clock.nowMs());
  return { points, expiresAt: points > 0 && expiresAtMs !== null ? toIso(expiresAtMs) : null };
}

async function settledPoints(deps: Deps, walletId: string, nowMs: number): Promise<{ points: number; expiresAtMs: number | null }> {
  const row = await deps.store.read.selectFrom('wallets').select(['points', 'points_expires_at_ms']).where('id', '=', walletId).executeTakeFirstOrThrow();
  const points = Number(row.points);
  const expiresAtMs = row.points_expires_at_ms === null ? null : Number(row.points_expires_at_ms);
  if (points > 0 && pointsLapsed(expiresAtMs, nowMs)) {
    const settled = await deps.store.write((tx) => loadWalletPoints(deps, tx, walletId, nowMs));
    return { points: settled.points, expiresAtMs: settled.expiresAtMs };
  }
  return { points, expiresAtMs };
}

/**
 * R23/R25: the wallet's points movements, newest first, signed from the wallet's side, named
 * by the event (claims) or the store (spends and their cancels). Bounded by `historyItemsMax`.
 */
export async function pointsHistoryOf(deps: Deps, walletId: string, limit: number = LIMITS.historyItemsMax): Promise<z.infer<typeof pointsHistoryResponse>> {
  await settledPoints(deps, walletId, deps.clock.nowMs());
  const db = deps.store.read;
  const rows = await db
    .selectFrom('point_postings as p')
    .innerJoin('point_entries as e', 'e.id', 'p.entry_id')
    .leftJoin('merchants as m', 'm.id', 'e.merchant_id')
    .leftJoin('point_events as ev', (join) => join.onRef('ev.id', '=', 'e.ref_id').on('e.type', '=', 'claim'))
    .leftJoin('point_spends as s', (join) => join.onRef('s.id', '=', 'e.ref_id').on('e.type', '=', 'spend'))
    .select(['e.id', 'e.type', 'e.occurred_at_ms', 'e.recorded_at_ms', 'm.name as merchant_name', 'ev.name as event_name', 's.cancelled_at_ms', sql<number>`sum(p.points)`.as('points')])
    .where('p.wallet_id', '=', walletId)
    .groupBy(['e.id', 'e.type', 'e.occurred_at_ms', 'e.recorded_at_ms', 'm.name', 'ev.name', 's.cancelled_at_ms'])
    .orderBy('e.occurred_at_ms', 'desc')
    .orderBy('e.recorded_at_ms', 'desc')
    .limit(limit)
    .execute();
  return {
    items: rows.map((r) => {
      const points = Number(r.points);
      const type = historyTypeOf(r.type, points);
      return {
        id: r.id,
        type,
        occurredAt: toIso(r.occurred_at_ms),
        points,
        name: type === 'claim' ? r.event_name : type === 'spend' || type === 'cancelled_spend' ? r.merchant_name : null,
        cancelled: type === 'spend' && r.cancelled_at_ms !== null,
      };
    }),
  };
}

/** Every points entry type, as the history names it; complete, so a new type must be named here. */
const HISTORY_TYPE: Record<Exclude<PointEntryType, 'transfer'>, HistoryType> = {
  claim: 'claim',
  bus: 'bus',
  spend: 'spend',
  cancel_spend: 'cancelled_spend',
  expiry: 'expiry',
};

function historyTypeOf(entryType: string, points: number): HistoryType {
  if (entryType === 'transfer') return points > 0 ? 'transfer_in' : 'transfer_out';
  const type: HistoryType | undefined = HISTORY_TYPE[entryType as Exclude<PointEntryType, 'transfer'>];
  // Entries are written by postPointEntry only, with a PointEntryType; another is a corrupt ledger.
  assert(type !== undefined, `points entry has an unknown type ${entryType}`);
  return type;
}

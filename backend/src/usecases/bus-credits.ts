import { sql } from 'kysely';
import { assert } from '../../../common/assert';
import { LIMITS } from '../../../common/limits';
import { pointsExpiryAfterActivity } from '../domain/points';
import { BACKEND_LIMITS } from '../limits';
import { forUpdate, type Store, type Tx } from '../store/store';
import { pointAccount, type WalletPoints } from './points-ledger';

/**
 * R24's writes in bulk: what `postPointEntry` and `movePoints` do for one wallet, done for up to
 * BACKEND_LIMITS.busImportRowsPerStatementMax wallets per statement, so an import of 100,000
 * rides over 5,000 wallets is tens of statements rather than tens of thousands. The same rows,
 * the same guard (never past the cap) and the same expiry roll (R23).
 */

/**
 * Lets the instance's other requests run (the terminals' liveness poll, payments) between two
 * slices of an import's work. On SQLite the driver is synchronous, so without it a whole import
 * would hold the event loop; the unit of work stays open and other writes queue behind it.
 */
export const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export function chunks<T>(items: readonly T[], size: number = BACKEND_LIMITS.busImportRowsPerStatementMax): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export async function knownRideIds(tx: Tx, rideIds: readonly string[]): Promise<Set<string>> {
  const known = new Set<string>();
  for (const ids of chunks(rideIds)) {
    for (const row of await tx.selectFrom('bus_rides').select('ride_id').where('ride_id', 'in', ids).execute()) known.add(row.ride_id);
    await yieldToEventLoop();
  }
  return known;
}

/**
 * The app wallets among `walletIds` (cards hold no points), locked in id order on PostgreSQL
 * when they will be credited: transfers lock the smaller id first too, so neither waits on the
 * other in a circle.
 */
export async function appWallets(store: Pick<Store, 'dialect'>, tx: Tx, walletIds: readonly string[], lock: boolean): Promise<Map<string, WalletPoints>> {
  const wallets = new Map<string, WalletPoints>();
  for (const ids of chunks([...walletIds].sort())) {
    const query = tx.selectFrom('wallets').select(['id', 'status', 'points', 'points_expires_at_ms']).where('id', 'in', ids).where('kind', '=', 'app').orderBy('id');
    for (const row of await (lock ? forUpdate(store, query) : query).execute()) {
      wallets.set(row.id, { walletId: row.id, kind: 'app', status: row.status, points: Number(row.points), expiresAtMs: row.points_expires_at_ms === null ? null : Number(row.points_expires_at_ms) });
    }
  }
  return wallets;
}

export interface WalletCredit {
  walletId: string;
  entryId: string;
  points: number;
}

/**
 * One 'bus' points entry per wallet (bus → wallet), and the wallets' cached points moved with
 * it. The UPDATE carries the cap guard; a wallet it does not move means the balance changed
 * under the lock, which cannot happen, so the whole unit of work is undone.
 */
export async function creditWallets(tx: Tx, credits: readonly WalletCredit[], importId: string, nowMs: number): Promise<void> {
  const expiresAtMs = pointsExpiryAfterActivity(nowMs);
  // Half the rows per chunk: each credit is two postings.
  for (const chunk of chunks(credits, BACKEND_LIMITS.busImportRowsPerStatementMax / 2)) {
    assert(chunk.every((c) => Number.isSafeInteger(c.points) && c.points > 0), 'a bus credit is a whole positive number of points');
    await tx
      .insertInto('point_entries')
      .values(chunk.map((c) => ({ id: c.entryId, type: 'bus', occurred_at_ms: nowMs, recorded_at_ms: nowMs, wallet_id: c.walletId, merchant_id: null, terminal_id: null, staff_id: null, ref_id: importId })))
      .execute();
    await yieldToEventLoop();
    await tx
      .insertInto('point_postings')
      .values(chunk.flatMap((c) => [
        { entry_id: c.entryId, line_no: 1, account: pointAccount.bus, wallet_id: null, points: -c.points },
        { entry_id: c.entryId, line_no: 2, account: pointAccount.wallet, wallet_id: c.walletId, points: c.points },
      ]))
      .execute();
    await yieldToEventLoop();
    // UPDATE … FROM (VALUES …): PostgreSQL and SQLite (3.33+) both name the columns column1, column2.
    const moved = await sql`update wallets set points = wallets.points + v.column2, points_expires_at_ms = ${expiresAtMs}
      from (values ${sql.join(chunk.map((c) => sql`(${c.walletId}, cast(${c.points} as bigint))`))}) as v
      where wallets.id = v.column1 and wallets.points + v.column2 <= ${LIMITS.pointsWalletMax}`.execute(tx);
    assert(Number(moved.numAffectedRows ?? -1) === chunk.length, `bus credits moved ${String(moved.numAffectedRows)} of ${chunk.length} wallets`);
    await yieldToEventLoop();
  }
}

export interface BusRideRow {
  ride_id: string;
  wallet_id: string;
  points: number;
  used_at_ms: number;
  import_id: string;
  entry_id: string;
}

export async function recordRides(tx: Tx, rows: readonly BusRideRow[]): Promise<void> {
  for (const chunk of chunks(rows)) {
    await tx.insertInto('bus_rides').values(chunk).execute();
    await yieldToEventLoop();
  }
}

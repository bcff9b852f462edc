import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { z } from 'zod';
import { LIMITS } from '../../../common/limits';
import type { busImportResponse } from '../../../common/wire/points';
import { readBusRidesCsv, type BusRide, type ParsedBusRides } from '../domain/bus-rides-csv';
import { pointsLapsed } from '../domain/points';
import type { Tx } from '../store/store';
import { recordAudit } from './audit';
import { appWallets, creditWallets, knownRideIds, recordRides, yieldToEventLoop, type BusRideRow, type WalletCredit } from './bus-credits';
import type { Deps } from './context';
import { writeOffLapsedPoints, type WalletPoints } from './points-ledger';

/**
 * R24: the bus system's export file credited to app wallets, 10 points per answered ride.
 * One unit of work: a file with any malformed row changes nothing; otherwise every ride not
 * yet in `bus_rides` whose customer is an app wallet is credited and recorded by its ride id,
 * so the same file again credits nothing new. Each wallet gets one 'bus' points entry per
 * import (the sum of its rides), so 100,000 rides cost a few thousand entries, not 100,000.
 */
export type BusImportDeps = Pick<Deps, 'store' | 'clock' | 'newId' | 'log'>;
export type BusImportAnswer = z.input<typeof busImportResponse>;

/**
 * Imports run one at a time on PostgreSQL (a transaction-scoped advisory lock), so two
 * instances given the same file at once cannot both find its rides new. SQLite has one writer.
 */
const IMPORT_LOCK_KEY = 0x6b756d61_0024; // "kuma" R24

interface Plan {
  alreadyImported: number;
  unanswered: number;
  unknownCustomer: number;
  /** Answered new rides of app wallets, grouped by wallet, in file order. */
  byWallet: Map<string, BusRide[]>;
  wallets: Map<string, WalletPoints>;
}

/** Each ride counted once, in this order: already imported, unanswered, unknown customer, then credited or over the cap. */
async function plan(deps: BusImportDeps, tx: Tx, parsed: ParsedBusRides, lock: boolean): Promise<Plan> {
  const known = await knownRideIds(tx, parsed.rides.map((r) => r.rideId));
  const fresh = parsed.rides.filter((r) => !known.has(r.rideId));
  const answered = fresh.filter((r) => r.answered);
  const wallets = await appWallets(deps.store, tx, [...new Set(answered.map((r) => r.customerId))], lock);
  const byWallet = new Map<string, BusRide[]>();
  let unknownCustomer = 0;
  for (const ride of answered) {
    if (!wallets.has(ride.customerId)) {
      unknownCustomer += 1;
      continue;
    }
    const rides = byWallet.get(ride.customerId) ?? [];
    if (rides.length === 0) byWallet.set(ride.customerId, rides);
    rides.push(ride);
  }
  return { alreadyImported: parsed.rides.length - fresh.length, unanswered: fresh.length - answered.length, unknownCustomer, byWallet, wallets };
}

interface Credit {
  credited: number;
  creditedPoints: number;
  capExceeded: number;
}

/**
 * What each wallet gets: a lapsed balance written off first (R23: the new points must not
 * inherit a dead expiry), then as many of its rides, in file order, as fit under the cap.
 */
async function creditsOf(deps: BusImportDeps, tx: Tx, p: Plan, importId: string, nowMs: number): Promise<Credit & { credits: WalletCredit[]; rides: BusRideRow[] }> {
  const out: Credit & { credits: WalletCredit[]; rides: BusRideRow[] } = { credited: 0, creditedPoints: 0, capExceeded: 0, credits: [], rides: [] };
  for (const [walletId, rides] of p.byWallet) {
    const wallet = p.wallets.get(walletId)!;
    let points = wallet.points;
    if (points > 0 && pointsLapsed(wallet.expiresAtMs, nowMs)) {
      await writeOffLapsedPoints(deps, tx, wallet, nowMs);
      points = 0;
    }
    const fitting = Math.min(rides.length, Math.floor(Math.max(0, LIMITS.pointsWalletMax - points) / LIMITS.busRidePoints));
    out.capExceeded += rides.length - fitting;
    if (fitting === 0) continue;
    const entryId = deps.newId();
    out.credits.push({ walletId, entryId, points: fitting * LIMITS.busRidePoints });
    out.credited += fitting;
    out.creditedPoints += fitting * LIMITS.busRidePoints;
    for (let i = 0; i < fitting; i++) {
      const r = rides[i]!;
      out.rides.push({ ride_id: r.rideId, wallet_id: walletId, points: LIMITS.busRidePoints, used_at_ms: r.usedAtMs, import_id: importId, entry_id: entryId });
    }
  }
  return out;
}

/**
 * R24. Refuses the whole file (`invalid_request`) when it cannot be read as a table with the
 * six columns; otherwise answers the counts, with `applied: false` (nothing written) when any
 * row is malformed. `actor` goes to the audit trail with the applied import.
 */
export async function importBusRides(deps: BusImportDeps, bytes: Uint8Array, actor: string): Promise<BusImportAnswer> {
  const parsed = await readBusRidesCsv(bytes, yieldToEventLoop);
  const fileSha256 = createHash('sha256').update(bytes).digest('hex');
  const nowMs = deps.clock.nowMs();
  const applied = parsed.malformed.length === 0;
  const answer = await deps.store.write(async (tx) => {
    if (applied && deps.store.dialect === 'postgres') await sql`select pg_advisory_xact_lock(${IMPORT_LOCK_KEY}::bigint)`.execute(tx);
    const p = await plan(deps, tx, parsed, applied);
    const counts = {
      rows: parsed.rows,
      credited: 0,
      creditedPoints: 0,
      alreadyImported: p.alreadyImported,
      unanswered: p.unanswered,
      unknownCustomer: p.unknownCustomer,
      capExceeded: 0,
      malformed: parsed.malformed.length,
      duplicates: parsed.duplicates,
    };
    if (!applied) return { importId: null, ...counts };

    const importId = deps.newId();
    const c = await creditsOf(deps, tx, p, importId, nowMs);
    await creditWallets(tx, c.credits, importId, nowMs);
    await recordRides(tx, c.rides);
    counts.credited = c.credited;
    counts.creditedPoints = c.creditedPoints;
    counts.capExceeded = c.capExceeded;
    await tx.insertInto('bus_imports').values({ id: importId, file_sha256: fileSha256, imported_at_ms: nowMs, counts_json: JSON.stringify({ ...counts, encoding: parsed.encoding }) }).execute();
    await recordAudit(deps, tx, { actor, action: 'bus_rides_import', targetId: importId, details: { fileSha256, encoding: parsed.encoding, ...counts } });
    return { importId, ...counts };
  });
  if (!applied) deps.log.info({ fileSha256, malformed: parsed.malformed.length, rows: parsed.rows }, 'bus-ride import refused: malformed rows, nothing applied');
  return {
    ...answer,
    malformedLines: parsed.malformed.slice(0, LIMITS.busImportMalformedListedMax),
    applied,
    encoding: parsed.encoding,
    fileSha256,
  };
}

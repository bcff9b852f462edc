import { sql } from 'kysely';
import { BACKEND_LIMITS } from '../limits';
import type { Tx } from '../store/store';
import type { Deps } from './context';
import { loadLots, writeOffExpired } from './wallets';
import { loadWalletPoints } from './points-ledger';
import type { SweepFigures, SweepRun } from './sweep-control';

export type { SweepFigures, SweepRun } from './sweep-control';

/**
 * R4, R27: the scheduled expiry sweep writes off every lapsed lot that still holds value, so
 * breakage and the unused balance never wait for somebody to touch the wallet. Each wallet gets
 * the same `expiry` entry the lazy path (`writeOffExpired`) writes, so the ledger check and the
 * reports cannot tell them apart.
 *
 * Its only state is the ledger: a lapsed lot with value is work still to do. A run killed half
 * way leaves committed batches written off and the rest lapsed, and the next run (on any
 * instance) simply continues. Two instances at once write each lot off exactly once: every
 * wallet is locked before its lots are read again inside the unit of work (PostgreSQL: `for
 * update skip locked`, so the second instance takes other wallets instead of waiting; SQLite:
 * one writer at a time across processes), and a lot already at ¥0 is no work.
 *
 * R23: once no lapsed lot is left, a second pass does the same for KumaPo points: wallets
 * holding points past `points_expires_at_ms` get the lazy path's own write-off
 * (`loadWalletPoints`), in batches, under the same locks and the same per-run batch cap.
 */

/** What the sweep needs of an instance: no keys, no caches, so the operator's tool runs it too. */
export type SweepDeps = Pick<Deps, 'store' | 'clock' | 'log' | 'newId' | 'settings'>;

export interface SweepOptions {
  walletsPerBatch?: number;
  batchesPerRunMax?: number;
  /** Asked before each batch; true ends the run there (server stop). */
  shouldStop?: () => boolean;
  /** Told after each batch has committed, so totals and metrics move during a long run. */
  onBatch?: (figures: SweepFigures) => void;
}

/** `POST /v1/admin/expiry-sweep`'s answer (common/wire/reports.ts `sweepRunResponse`). */
export function sweepRunAnswer(run: SweepRun): SweepFigures & { batches: number } {
  return { lotsWrittenOff: run.lotsWrittenOff, writtenOffYen: run.writtenOffYen, wallets: run.wallets, pointsWrittenOff: run.pointsWrittenOff, walletsWithPointsWrittenOff: run.walletsWithPointsWrittenOff, batches: run.batches };
}

const noFigures = (): SweepFigures => ({ lotsWrittenOff: 0, writtenOffYen: 0, wallets: 0, pointsWrittenOff: 0, walletsWithPointsWrittenOff: 0 });

type BatchOutcome = { kind: 'none' } | { kind: 'busy' } | { kind: 'swept'; figures: SweepFigures };

export async function sweepExpired(deps: SweepDeps, options: SweepOptions = {}): Promise<SweepRun> {
  const walletsPerBatch = options.walletsPerBatch ?? BACKEND_LIMITS.expirySweepWalletsPerBatchDefault;
  const batchesPerRunMax = options.batchesPerRunMax ?? BACKEND_LIMITS.expirySweepBatchesPerRunMax;
  const run: SweepRun = { ...noFigures(), batches: 0, complete: false };
  await deps.settings.current(deps.clock.nowMs());
  let busyRounds = 0;
  let pass: 'yen' | 'points' = 'yen';
  while (run.batches < batchesPerRunMax) {
    if (options.shouldStop?.()) return run;
    const batch = pass === 'yen' ? sweepBatch : sweepPointsBatch;
    const outcome = await batch(deps, deps.clock.nowMs(), walletsPerBatch);
    if (outcome.kind === 'none' && pass === 'yen') {
      pass = 'points';
      busyRounds = 0;
      continue;
    }
    if (outcome.kind === 'none') return { ...run, complete: true };
    if (outcome.kind === 'busy') {
      busyRounds += 1;
      if (busyRounds >= BACKEND_LIMITS.expirySweepBusyRoundsMax) return run;
      await new Promise((resolve) => setTimeout(resolve, BACKEND_LIMITS.expirySweepBusyPauseMs));
      continue;
    }
    busyRounds = 0;
    run.batches += 1;
    run.lotsWrittenOff += outcome.figures.lotsWrittenOff;
    run.writtenOffYen += outcome.figures.writtenOffYen;
    run.wallets += outcome.figures.wallets;
    run.pointsWrittenOff += outcome.figures.pointsWrittenOff;
    run.walletsWithPointsWrittenOff += outcome.figures.walletsWithPointsWrittenOff;
    options.onBatch?.(outcome.figures);
  }
  return run;
}

/** One unit of work: up to `walletsMax` wallets with lapsed lots, each written off whole. */
async function sweepBatch(deps: SweepDeps, nowMs: number, walletsMax: number): Promise<BatchOutcome> {
  // Candidates come from committed data outside the unit of work, so a run with nothing to do
  // writes nothing; each is checked again under its lock below. Oldest expiry first, so a
  // backlog clears in the order the reports need it.
  const rows = await lapsedLots(deps.store.read, nowMs)
    .select('wallet_id')
    .orderBy('expires_at_ms')
    .limit(walletsMax * BACKEND_LIMITS.expirySweepCandidateLotsPerWallet)
    .execute();
  if (rows.length === 0) return { kind: 'none' };
  const candidates = [...new Set(rows.map((r) => r.wallet_id))];
  return deps.store.write(async (tx): Promise<BatchOutcome> => {
    const walletIds = await lockWallets(deps, tx, candidates, walletsMax);
    if (walletIds.length === 0) return { kind: 'busy' };
    const figures = noFigures();
    for (const walletId of walletIds) {
      // Read again under the lock: another instance may have written these lots off since the
      // candidates were read, and then there is nothing left to do here.
      const { writtenOffYen, lotsWrittenOff } = await writeOffExpired(deps, tx, walletId, await loadLots(deps, tx, walletId, null), nowMs);
      if (writtenOffYen === 0) continue;
      figures.lotsWrittenOff += lotsWrittenOff;
      figures.writtenOffYen += writtenOffYen;
      figures.wallets += 1;
    }
    return { kind: 'swept', figures };
  });
}

/** R23: one unit of work: up to `walletsMax` wallets whose points lapsed, each written off whole. */
async function sweepPointsBatch(deps: SweepDeps, nowMs: number, walletsMax: number): Promise<BatchOutcome> {
  const rows = await lapsedPointWallets(deps.store.read, nowMs).select('id').orderBy('points_expires_at_ms').limit(walletsMax).execute();
  if (rows.length === 0) return { kind: 'none' };
  return deps.store.write(async (tx): Promise<BatchOutcome> => {
    const walletIds = await lockWallets(deps, tx, rows.map((r) => r.id), walletsMax);
    if (walletIds.length === 0) return { kind: 'busy' };
    const figures = noFigures();
    for (const walletId of walletIds) {
      // Under the lock: the points may have been written off, or rolled by a new activity, since.
      const before = await tx.selectFrom('wallets').select('points').where('id', '=', walletId).executeTakeFirstOrThrow();
      const after = await loadWalletPoints(deps, tx, walletId, nowMs);
      const writtenOff = Number(before.points) - after.points;
      if (writtenOff <= 0) continue;
      figures.pointsWrittenOff += writtenOff;
      figures.walletsWithPointsWrittenOff += 1;
    }
    return { kind: 'swept', figures };
  });
}

/** R23: wallets holding points past their last good millisecond (`pointsLapsed`). */
function lapsedPointWallets(db: Tx, nowMs: number) {
  return db.selectFrom('wallets').where(sql.ref('points'), '>', sql.lit(0)).where('points_expires_at_ms', '<', nowMs);
}

/**
 * The wallets of this batch, locked for the rest of its unit of work. PostgreSQL skips wallets
 * another transaction holds (a second sweeping instance takes the next ones; a payment writes
 * its wallet off itself), in id order so two sweeps never wait on each other. SQLite has one
 * writer at a time, across processes too, so the whole batch is already exclusive.
 */
async function lockWallets(deps: SweepDeps, tx: Tx, candidates: readonly string[], walletsMax: number): Promise<string[]> {
  if (deps.store.dialect !== 'postgres') return candidates.slice(0, walletsMax);
  const rows = await tx.selectFrom('wallets').select('id').where('id', 'in', candidates).orderBy('id').limit(walletsMax).forUpdate().skipLocked().execute();
  return rows.map((r) => r.id);
}

/**
 * R4: lots past their last millisecond that still hold value (the lot rule's `isExpired`).
 * `> 0` is written as a literal so every planner sees the partial index `lots_holding_expiry`
 * (migration 004) applies, whatever it makes of bound parameters.
 */
function lapsedLots(db: Tx, nowMs: number) {
  return db.selectFrom('lots').where(sql.ref('balance_yen'), '>', sql.lit(0)).where('expires_at_ms', '<', nowMs);
}

/**
 * Lapsed lots still holding value, counted now for the status and /metrics; bounded so a scrape
 * stays cheap with any backlog (at the bound it reads "at least").
 */
export async function countLapsedLotsPending(deps: Pick<Deps, 'store'>, nowMs: number): Promise<number> {
  const db = deps.store.read;
  const row = await db
    .selectFrom(lapsedLots(db, nowMs).select('id').limit(BACKEND_LIMITS.expirySweepPendingCountMax).as('lapsed'))
    .select(sql<number>`count(*)`.as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

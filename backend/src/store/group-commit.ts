import { sql, type Kysely } from 'kysely';
import { DomainError } from '../../../common/errors';
import type { DB } from './schema';
import { BACKEND_LIMITS } from '../limits';
import { bindDirect, unbindDirect, type DirectRun } from './sqlite-direct';

interface Pending {
  work: (tx: Kysely<DB>) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * What the committer reads of the writer's own better-sqlite3 handle (store/sqlite.ts) to run a
 * batch without a savepoint per unit of work.
 */
export interface WriterState {
  /** SQLite's total_changes(): rows this connection has inserted, updated or deleted so far. */
  totalChanges(): number;
  /** False once SQLite has ended the batch's transaction itself (a disk full, an I/O error). */
  inTransaction(): boolean;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/** A unit of the batch wrote and then failed, with no savepoint to undo it alone. */
class UndoNeeded extends Error {
  override name = 'UndoNeeded';
}

/**
 * Group commit for SQLite. One fsync per payment caps a disk at a few thousand payments a
 * second; here concurrent units of work run one after another inside a single transaction, and
 * every caller is answered only after the shared COMMIT is durable. A failing unit is undone
 * alone: nothing else of the batch is lost with it.
 *
 * How it is undone alone (docs/performance.md "Twenty-third session"): a savepoint around every
 * unit made SQLite copy each page a unit changed into the savepoint's journal first (~10 µs of a
 * card payment's ~80 µs of statements), to undo units that seldom fail after writing (most
 * refusals are found before a unit writes; a QR payment declined after its token's claim is one
 * that is not). So the units of a batch run without savepoints, and a unit that fails having
 * written nothing (SQLite's total_changes() did not move) simply fails. One that fails after
 * writing rolls the whole batch back, and the batch runs again from the start with a savepoint
 * per unit, as PostgreSQL runs a unit again after a serialization failure (store/postgres.ts): a
 * unit of work may run more than once, and only its last run's writes and answer count. The next
 * batches keep their savepoints a while (BACKEND_LIMITS.groupCommitSavepointBatchesAfterUndo),
 * so a run of such failures costs what savepoints cost, not a batch run twice each time.
 */
export class GroupCommitter {
  private readonly queue: Pending[] = [];
  private draining: Promise<void> | null = null;
  private batches = 0;
  private writes = 0;
  /** Units run again after a batch was rolled back for a neighbour that wrote and failed. */
  private retries = 0;
  /** Batches still to run with a savepoint per unit since the last one that needed undoing. */
  private savepointBatchesLeft = 0;

  constructor(
    private readonly db: Kysely<DB>,
    /** 1 = one transaction (one fsync) per unit of work: the baseline the benchmark compares against. */
    private readonly batchWritesMax: number = BACKEND_LIMITS.groupCommitBatchWritesMax,
    /** The writer's own handle: the batch's statements and the hot ones skip Kysely (store/sqlite-direct.ts). */
    private readonly direct?: DirectRun,
    /** Without it every unit gets its savepoint: nothing could tell whether a failed unit wrote. */
    private readonly writer?: WriterState,
  ) {}

  submit<T>(work: (tx: Kysely<DB>) => Promise<T>): Promise<T> {
    if (this.queue.length >= BACKEND_LIMITS.groupCommitQueuedWritesMax) {
      return Promise.reject(new DomainError('overloaded', 'the ledger is busy; retry with the same clientTxnId'));
    }
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (v: unknown) => void, reject });
      this.kick();
    });
  }

  stats() {
    return { batches: this.batches, writes: this.writes, retries: this.retries };
  }

  async drained(): Promise<void> {
    while (this.draining) await this.draining;
  }

  private kick(): void {
    if (this.draining) return;
    this.draining = this.drain();
  }

  private async drain(): Promise<void> {
    try {
      for (;;) {
        // Yield to the event loop before every batch, not only the first: work that arrived
        // while the last batch committed joins this one, and the last batch's answers leave
        // first (the ledger worker posts them once its microtasks settle, worker/outbox.ts)
        // instead of waiting behind this batch's statements and fsync.
        await new Promise((r) => setImmediate(r));
        if (this.queue.length === 0) break;
        const batch = this.queue.splice(0, this.batchWritesMax);
        await this.runBatch(batch);
      }
    } finally {
      // Cleared in the same synchronous step as the last empty-queue check, so a unit of work
      // submitted after it always starts a new drain instead of waiting forever.
      this.draining = null;
      if (this.queue.length > 0) this.kick();
    }
  }

  private async runBatch(batch: Pending[]): Promise<void> {
    let outcomes: Outcome[];
    try {
      if (!this.writer || this.savepointBatchesLeft > 0) {
        this.savepointBatchesLeft = Math.max(0, this.savepointBatchesLeft - 1);
        outcomes = await this.attempt(batch, true);
      } else {
        try {
          outcomes = await this.attempt(batch, false);
        } catch (error) {
          if (!(error instanceof UndoNeeded)) throw error;
          this.savepointBatchesLeft = BACKEND_LIMITS.groupCommitSavepointBatchesAfterUndo;
          this.retries += batch.length;
          outcomes = await this.attempt(batch, true);
        }
      }
    } catch (error) {
      // The batch did not commit: nobody in it may be told their write happened.
      for (const item of batch) item.reject(error);
      return;
    }
    this.batches += 1;
    this.writes += batch.length;
    batch.forEach((item, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) item.resolve(outcome.value);
      else item.reject(outcome.error);
    });
  }

  /**
   * One transaction over the batch, committed, or rolled back and thrown. With `savepoints`
   * each unit is undone alone when it fails; without, a unit that fails after writing throws
   * UndoNeeded once the transaction is rolled back.
   */
  private async attempt(batch: Pending[], savepoints: boolean): Promise<Outcome[]> {
    const outcomes: Outcome[] = [];
    // Without savepoints, the writer's state tells whether a failed unit wrote.
    const writer = savepoints ? undefined : this.writer;
    await this.db.connection().execute(async (conn) => {
      const run = (text: 'begin immediate' | 'savepoint unit' | 'release unit' | 'rollback to unit' | 'commit' | 'rollback') =>
        this.direct ? Promise.resolve(this.direct(text, [])) : sql.raw(text).execute(conn);
      if (this.direct) bindDirect(conn as Kysely<unknown>, this.direct);
      try {
        await run('begin immediate');
        try {
          for (const item of batch) {
            if (!writer) {
              await run('savepoint unit');
              try {
                const value = await item.work(conn);
                await run('release unit');
                outcomes.push({ ok: true, value });
              } catch (error) {
                await run('rollback to unit');
                await run('release unit');
                outcomes.push({ ok: false, error });
              }
              continue;
            }
            const changesBefore = writer.totalChanges();
            try {
              outcomes.push({ ok: true, value: await item.work(conn) });
            } catch (error) {
              // SQLite ended the transaction itself: what follows would run outside it.
              if (!writer.inTransaction()) throw error;
              if (writer.totalChanges() !== changesBefore) throw new UndoNeeded('a unit of work wrote and then failed', { cause: error });
              outcomes.push({ ok: false, error });
            }
            // A unit that caught SQLite's own rollback and went on must not leave the rest of
            // the batch writing in autocommit mode, each statement its own transaction.
            if (!writer.inTransaction()) throw new Error('the batch\'s transaction ended inside a unit of work');
          }
          await run('commit');
        } catch (error) {
          // The callers get the original error; a rollback that fails after it (the transaction
          // already aborted) adds nothing they could act on, so it is attached, not thrown.
          await Promise.resolve()
            .then(() => run('rollback'))
            .catch((rollbackError: unknown) => {
              if (error instanceof Error) error.cause ??= rollbackError;
            });
          throw error;
        }
      } finally {
        unbindDirect(conn as Kysely<unknown>);
      }
    });
    return outcomes;
  }
}

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
 * Group commit for SQLite. One fsync per payment caps a disk at a few thousand payments a
 * second; here concurrent units of work run one after another inside a single transaction,
 * each in its own savepoint (a failing one is undone alone), and every caller is answered only
 * after the shared COMMIT is durable.
 */
export class GroupCommitter {
  private readonly queue: Pending[] = [];
  private draining: Promise<void> | null = null;
  private batches = 0;
  private writes = 0;

  constructor(
    private readonly db: Kysely<DB>,
    /** 1 = one transaction (one fsync) per unit of work: the baseline the benchmark compares against. */
    private readonly batchWritesMax: number = BACKEND_LIMITS.groupCommitBatchWritesMax,
    /** The writer's own handle: the batch's statements and the hot ones skip Kysely (store/sqlite-direct.ts). */
    private readonly direct?: DirectRun,
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
    return { batches: this.batches, writes: this.writes, retries: 0 };
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
    const outcomes: { ok: boolean; value: unknown }[] = [];
    try {
      await this.db.connection().execute(async (conn) => {
        const run = (text: 'begin immediate' | 'savepoint unit' | 'release unit' | 'rollback to unit' | 'commit' | 'rollback') =>
          this.direct ? Promise.resolve(this.direct(text, [])) : sql.raw(text).execute(conn);
        if (this.direct) bindDirect(conn as Kysely<unknown>, this.direct);
        try {
          await run('begin immediate');
          try {
            for (const item of batch) {
              await run('savepoint unit');
              try {
                const value = await item.work(conn);
                await run('release unit');
                outcomes.push({ ok: true, value });
              } catch (error) {
                await run('rollback to unit');
                await run('release unit');
                outcomes.push({ ok: false, value: error });
              }
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
      else item.reject(outcome.value);
    });
  }
}

import type { Kysely } from 'kysely';
import type { DB } from './schema';
import type { WalBufferStats } from './wal-buffer';
import type { WalCheckpointerStats } from './wal-checkpointer';

export type Tx = Kysely<DB>;

/**
 * The one door to the data: `write` runs a unit of work atomically and resolves only once it
 * is durable; a throw inside it undoes everything it did. `read` sees committed data only.
 */
export interface Store {
  dialect: 'sqlite' | 'postgres';
  read: Kysely<DB>;
  write<T>(work: (tx: Tx) => Promise<T>): Promise<T>;
  stats(): StoreStats;
  ping(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The row lock a unit of work takes before it reads what it will change: PostgreSQL's
 * `for update`. SQLite needs none (one writer, the whole batch is one transaction).
 */
export function forUpdate<Q extends { forUpdate(): Q }>(store: Pick<Store, 'dialect'>, query: Q): Q {
  return store.dialect === 'postgres' ? query.forUpdate() : query;
}

/** How a backend's PostgreSQL pool is sized and bounded (config.ts reads them from the environment). */
export interface PostgresPoolOptions {
  poolSizeMax: number;
  statementTimeoutMs: number;
  /** The payment path's statements prepared once per connection (store/postgres-prepared.ts). */
  preparedStatements: boolean;
}

export interface StoreStats {
  batches: number;
  writes: number;
  retries: number;
  /** SQLite with StoreOptions.walCheckpointer: what its thread has copied. */
  walCheckpointer?: WalCheckpointerStats;
  /** SQLite with the WAL write buffer loaded (store/wal-buffer.ts): its counters for the process. */
  walBuffer?: WalBufferStats;
}

export interface StoreOptions {
  /** PostgreSQL only; absent fields take BACKEND_LIMITS' defaults. */
  postgres?: Partial<PostgresPoolOptions>;
  /**
   * Told when a pooled connection dies while idle (server restart, network cut, an operator's
   * terminate). The pool replaces it; without a listener such an error would end the process.
   */
  onConnectionError?: (error: Error) => void;
  /**
   * Reads only: no writer connection, no migrations, and a database that refuses writes too.
   * The HTTP thread's store beside the ledger worker (server.ts): the worker owns every write and
   * has migrated the ledger before this opens, so a write here would be a wiring mistake and, on
   * SQLite, a second writer contending for the worker's lock.
   */
  readOnly?: boolean;
  /**
   * SQLite's writer only: copy the WAL back into the database file from a thread of its own
   * (store/wal-checkpointer.ts), so the writer's checkpoints stop holding every payment in
   * flight. The backend's writer turns it on; tools that open the store leave it off.
   */
  walCheckpointer?: { onError: (error: Error) => void };
  /**
   * SQLite's writer only: told once, with the reason, when the WAL write buffer
   * (store/wal-buffer.ts) is not there and SQLite writes its WAL a page at a time.
   */
  onWalBufferMissing?: (reason: string) => void;
  /** SQLite's writer only: false keeps SQLite's own VFS (KUMAPAY_SQLITE_WAL_BUFFER=0); absent = the buffer when built. */
  walBuffer?: boolean;
}

/** A read-only store's `write`: whoever calls it was wired wrong, so an Error, not a refusal for the client. */
export function refuseWrite(): Promise<never> {
  return Promise.reject(new Error('this store was opened for reads only (readOnly): the ledger worker owns every write'));
}

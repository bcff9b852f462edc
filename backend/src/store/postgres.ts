import pg from 'pg';
import { Kysely, PostgresDialect, sql } from 'kysely';
import type { DB } from './schema';
import { refuseWrite, type PostgresPoolOptions, type Store, type StoreOptions, type Tx } from './store';
import { DomainError } from '../../../common/errors';
import { assertMigratedLedger, assertOurLedger, StoreOpenError } from './store-guard';
import { BACKEND_LIMITS } from '../limits';
import { postgresStatementName } from './hot-sql';
import { preparedStatementPool } from './postgres-prepared';

/**
 * PostgreSQL store: many backend instances share it. Each unit of work is one READ COMMITTED
 * transaction; wallets are locked row by row (`select … for update`), and one-time rules are
 * unique constraints, so two instances can never both win. A serialization failure, deadlock
 * or unique-key race is retried from the start, a bounded number of times: on the retry the
 * unit of work sees the winner's row and answers accordingly (replay, token_used, …).
 */
export const PG_DEFAULTS: PostgresPoolOptions & { idleInTransactionTimeoutMs: number; connectionTimeoutMs: number; retryCountMax: number } = {
  poolSizeMax: BACKEND_LIMITS.pgPoolSizeMaxDefault,
  statementTimeoutMs: BACKEND_LIMITS.pgStatementTimeoutMsDefault,
  preparedStatements: true,
  idleInTransactionTimeoutMs: BACKEND_LIMITS.pgIdleInTransactionTimeoutMs,
  connectionTimeoutMs: BACKEND_LIMITS.pgConnectionTimeoutMs,
  retryCountMax: BACKEND_LIMITS.pgRetryCountMax,
};

const RETRYABLE = new Set(['40001', '40P01', '23505']);

// int8 (money, instants) arrives as text by default; every value we store fits in 2^53.
pg.types.setTypeParser(20, (v) => {
  const n = Number(v);
  if (!Number.isSafeInteger(n)) throw new Error(`int8 value ${v} is beyond 2^53`);
  return n;
});

/**
 * StoreOptions.readOnly: every session of the pool starts read-only, so PostgreSQL itself refuses
 * a write (25006), even one sent past `write` through `read`. A startup option given here replaces
 * PGOPTIONS, so those are kept in front; one in the URL would replace both (checked at open).
 */
function readOnlySessionOptions(): string {
  return [process.env.PGOPTIONS, '-c default_transaction_read_only=on'].filter(Boolean).join(' ');
}

async function assertReadOnlySessions(db: Kysely<DB>, where: string): Promise<void> {
  const { rows } = await sql<{ default_transaction_read_only: string }>`show default_transaction_read_only`.execute(db);
  if (rows[0]?.default_transaction_read_only !== 'on') throw new StoreOpenError(`${where}: sessions are not read-only (an "options" parameter in the URL replaces ours; give it in PGOPTIONS instead)`);
}

function pgCode(e: unknown): string | undefined {
  return typeof e === 'object' && e !== null && 'code' in e ? String((e as { code: unknown }).code) : undefined;
}

export async function openPostgresStore(url: string, options: StoreOptions = {}): Promise<Store> {
  const sizing = { ...PG_DEFAULTS, ...options.postgres };
  const pool = new pg.Pool({
    connectionString: url,
    max: sizing.poolSizeMax,
    connectionTimeoutMillis: PG_DEFAULTS.connectionTimeoutMs,
    statement_timeout: sizing.statementTimeoutMs,
    idle_in_transaction_session_timeout: PG_DEFAULTS.idleInTransactionTimeoutMs,
    application_name: 'kumapay-backend',
    ...(options.readOnly ? { options: readOnlySessionOptions() } : {}),
  });
  const connectionLost = (error: Error) => {
    if (options.onConnectionError) options.onConnectionError(error);
    else process.stderr.write(`kumapay store: PostgreSQL connection lost: ${error.message}\n`);
  };
  // The pool listens for errors only on idle connections; a connection that dies while checked
  // out between two statements would emit an error nobody hears and end the process. Every
  // connection gets a listener for its whole life; the statement in flight still fails (and
  // the unit of work with it, so nothing half-done commits).
  pool.on('error', connectionLost);
  pool.on('connect', (client) => client.on('error', connectionLost));
  // Always this pool, which carries pipelines (store/pipeline.ts); with prepared statements off it
  // names no statement and writes one message exchange at a time, as plain node-postgres does.
  const db = new Kysely<DB>({
    dialect: new PostgresDialect({ pool: sizing.preparedStatements ? preparedStatementPool(pool, postgresStatementName) : preparedStatementPool(pool, () => undefined, { pipelining: false }) }),
  });
  try {
    const where = url.replace(/:\/\/[^@]*@/, '://***@');
    const tables = (await sql<{ table_name: string }>`select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'`.execute(db)).rows.map((t) => t.table_name);
    if (options.readOnly) {
      assertMigratedLedger(where, tables);
      await assertReadOnlySessions(db, where);
    } else {
      assertOurLedger(where, tables);
      const { migrateToLatest } = await import('./migrate');
      await migrateToLatest(db as Kysely<unknown>);
    }
  } catch (error) {
    await db.destroy();
    throw error;
  }
  let writes = 0;
  let retries = 0;
  async function write<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        const value = await db.transaction().execute(work);
        writes += 1;
        return value;
      } catch (error) {
        if (error instanceof DomainError || !RETRYABLE.has(pgCode(error) ?? '') || attempt >= PG_DEFAULTS.retryCountMax) throw error;
        retries += 1;
        // Back off a little, jittered, so racing instances do not collide again in lockstep.
        await new Promise((r) => setTimeout(r, Math.random() * 5 * (attempt + 1)));
      }
    }
  }
  return {
    dialect: 'postgres',
    read: db,
    write: options.readOnly ? refuseWrite : write,
    stats: () => ({ batches: writes, writes, retries }),
    async ping() {
      await sql`select 1`.execute(db);
    },
    async close() {
      await db.destroy();
    },
  };
}

import Database from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs';
import path from 'node:path';
import type { DB } from './schema';
import { GroupCommitter } from './group-commit';
import { directRunner } from './sqlite-direct';
import { assertMigratedLedger, assertOurLedger, StoreOpenError } from './store-guard';
import { refuseWrite, type Store } from './store';
import { WalCheckpointer, type WalCheckpointerOptions } from './wal-checkpointer';
import { loadWalBuffer, walBufferStats } from './wal-buffer';
import { BACKEND_LIMITS } from '../limits';

function openDatabase(file: string, readonly: boolean): Database.Database {
  const db = new Database(file, { readonly, fileMustExist: readonly });
  db.pragma(`busy_timeout = ${BACKEND_LIMITS.sqliteBusyTimeoutMs}`);
  // A modest page cache over a large memory map (limits.ts says why each is the size it is).
  db.pragma(`cache_size = -${BACKEND_LIMITS.sqlitePageCacheKib}`);
  db.pragma(`mmap_size = ${BACKEND_LIMITS.sqliteMmapBytesMax}`);
  if (!readonly) {
    db.pragma('journal_mode = WAL');
    db.pragma(`wal_autocheckpoint = ${BACKEND_LIMITS.sqliteWalCheckpointPages}`);
    // Every commit reaches the disk before a payment is answered.
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
  }
  return db;
}

function cachingDatabase(raw: Database.Database) {
  const cache = new Map<string, Database.Statement>();
  return {
    close: () => raw.close(),
    prepare: (text: string) => {
      let stmt = cache.get(text);
      if (!stmt) {
        stmt = raw.prepare(text);
        if (cache.size >= BACKEND_LIMITS.sqliteStatementCacheMax) cache.delete(cache.keys().next().value as string);
        cache.set(text, stmt);
      }
      return stmt;
    },
  };
}

/**
 * A ledger file must be either new or ours: an empty file (a failed restore, a truncating
 * copy) or another program's database would otherwise become a fresh, empty ledger without
 * a word. Created 0600, and an existing file, WAL and shared-memory file are brought to 0600
 * too (SQLite gives the WAL the database file's mode).
 */
function prepareFile(file: string): void {
  const dir = path.dirname(path.resolve(file));
  if (!existsSync(dir)) mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (!existsSync(file)) {
    closeSync(openSync(file, 'wx', 0o600));
    return;
  }
  if (statSync(file).size === 0) {
    throw new StoreOpenError(`${file} is an empty file (0 bytes): refusing to start a new ledger in it; restore it from a backup, or delete it to start an empty ledger`);
  }
  for (const suffix of ['', '-wal', '-shm']) {
    if (existsSync(file + suffix) && (statSync(file + suffix).mode & 0o077) !== 0) chmodSync(file + suffix, 0o600);
  }
}

function openChecked(file: string, readonly: boolean): Database.Database {
  try {
    const db = openDatabase(file, readonly);
    db.prepare('select count(*) from sqlite_master').get();
    return db;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') throw new StoreOpenError(`${file} is not a readable SQLite database (${code}): restore it from a backup`);
    throw error;
  }
}

function tableNames(db: Database.Database): string[] {
  return (db.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%'").all() as { name: string }[]).map((t) => t.name);
}

function readerKysely(readerDb: Database.Database): Kysely<DB> {
  return new Kysely<DB>({ dialect: new SqliteDialect({ database: cachingDatabase(readerDb) }) });
}

async function closeReader(reader: Kysely<DB>, readerDb: Database.Database): Promise<void> {
  await reader.destroy();
  // Kysely closes only a connection it has used: a store closed before its first read
  // would keep the file open, and the next opener could not change its journal mode.
  if (readerDb.open) readerDb.close();
}

export async function openSqliteStore(
  file: string,
  options: { batchWritesMax?: number; readOnly?: boolean; walCheckpointer?: WalCheckpointerOptions; onWalBufferMissing?: (reason: string) => void; walBuffer?: boolean } = {},
): Promise<Store> {
  // A second connection must see the writer's commits, which an in-memory database cannot give.
  if (file === ':memory:') throw new Error('KUMAPAY_DB must be a file path (":memory:" cannot be shared by the reader)');
  if (options.readOnly) return openReadOnlySqliteStore(file);
  prepareFile(file);
  // Before the writer opens: its WAL is then written through the shim (store/wal-buffer.ts).
  const walBuffer = loadWalBuffer(options.walBuffer ?? true);
  if (!walBuffer.loaded) options.onWalBufferMissing?.(walBuffer.reason);
  const writerDb = openChecked(file, false);
  const writerStatements = cachingDatabase(writerDb);
  const writer = new Kysely<DB>({ dialect: new SqliteDialect({ database: writerStatements }) });
  try {
    assertOurLedger(file, tableNames(writerDb));
    const { migrateToLatest } = await import('./migrate');
    await migrateToLatest(writer as Kysely<unknown>);
  } catch (error) {
    await writer.destroy();
    throw error;
  }
  // Savepoint journals (a unit of work's, once group commit gives units savepoints again after
  // one needed undoing, and a multi-row statement's own) stay in memory only up to 64 KiB: past
  // that SQLite wrote every journalled page to a temporary file, two writes per page, while the
  // batch ran (issue 16: about 30 % of the writer's CPU per payment, docs/performance.md
  // "Savepoint journals"). In memory they are bounded by the pages one unit of work changes. Set
  // after the migrations, so building an index on a large ledger still sorts through temporary
  // files; the reader's reports keep them too.
  writerDb.pragma('temp_store = MEMORY');
  // WAL lets a second connection read committed data while the writer holds a batch open.
  const readerDb = openDatabase(file, true);
  const reader = readerKysely(readerDb);
  // The direct runner has statements of its own: it reads rows raw, which Kysely's must not.
  const totalChanges = writerDb.prepare('select total_changes()').pluck();
  const committer = new GroupCommitter(writer, options.batchWritesMax, directRunner(cachingDatabase(writerDb).prepare), {
    totalChanges: () => totalChanges.get() as number,
    inTransaction: () => writerDb.inTransaction,
  });
  const checkpointer = options.walCheckpointer ? WalCheckpointer.start(file, options.walCheckpointer) : null;
  return {
    dialect: 'sqlite',
    read: reader,
    write: (work) => committer.submit(work),
    stats: () => {
      const buffered = walBufferStats();
      return { ...committer.stats(), ...(checkpointer ? { walCheckpointer: checkpointer.stats() } : {}), ...(buffered ? { walBuffer: buffered } : {}) };
    },
    async close() {
      await committer.drained();
      await checkpointer?.stop();
      await closeReader(reader, readerDb);
      await writer.destroy();
    },
    async ping() {
      await sql`select 1`.execute(reader);
    },
  };
}

/**
 * StoreOptions.readOnly: the reader connection alone. The file is neither created nor chmod-ed
 * nor migrated (its writer, the ledger worker, did all three before this opens), and SQLite
 * refuses any statement that would change it.
 */
async function openReadOnlySqliteStore(file: string): Promise<Store> {
  if (!existsSync(file)) throw new StoreOpenError(`${file} does not exist: a read-only store opens only a ledger its writer has created`);
  const readerDb = openChecked(file, true);
  try {
    assertMigratedLedger(file, tableNames(readerDb));
  } catch (error) {
    readerDb.close();
    throw error;
  }
  const reader = readerKysely(readerDb);
  return {
    dialect: 'sqlite',
    read: reader,
    write: refuseWrite,
    stats: () => ({ batches: 0, writes: 0, retries: 0 }),
    close: () => closeReader(reader, readerDb),
    async ping() {
      await sql`select 1`.execute(reader);
    },
  };
}

import Database from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { DB } from './schema';
import { GroupCommitter } from './group-commit';
import type { Store } from './store';

/** Prepared statements are reused by SQL text; bounded because query shapes are finite but IN-lists vary. */
const STATEMENT_CACHE_MAX = 512;

function openDatabase(file: string, readonly: boolean): Database.Database {
  const db = new Database(file, { readonly, fileMustExist: readonly });
  db.pragma('busy_timeout = 5000');
  // Ids are random UUIDs, so index inserts land on random pages: a page cache big enough to
  // hold the hot indexes (64 MiB) saves most of the reads; memory-mapped I/O saves copies.
  db.pragma('cache_size = -65536');
  db.pragma('mmap_size = 268435456');
  if (!readonly) {
    db.pragma('journal_mode = WAL');
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
        if (cache.size >= STATEMENT_CACHE_MAX) cache.delete(cache.keys().next().value as string);
        cache.set(text, stmt);
      }
      return stmt;
    },
  };
}

export async function openSqliteStore(file: string, options: { batchWritesMax?: number } = {}): Promise<Store> {
  // A second connection must see the writer's commits, which an in-memory database cannot give.
  if (file === ':memory:') throw new Error('KUMAPAY_DB must be a file path (":memory:" cannot be shared by the reader)');
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const writer = new Kysely<DB>({ dialect: new SqliteDialect({ database: cachingDatabase(openDatabase(file, false)) }) });
  const { migrateToLatest } = await import('./migrate');
  await migrateToLatest(writer as Kysely<unknown>);
  // WAL lets a second connection read committed data while the writer holds a batch open.
  const reader = new Kysely<DB>({ dialect: new SqliteDialect({ database: cachingDatabase(openDatabase(file, true)) }) });
  const committer = new GroupCommitter(writer, options.batchWritesMax);
  return {
    dialect: 'sqlite',
    read: reader,
    write: (work) => committer.submit(work),
    stats: () => committer.stats(),
    async close() {
      await committer.drained();
      await reader.destroy();
      await writer.destroy();
    },
    async ping() {
      await sql`select 1`.execute(reader);
    },
  };
}

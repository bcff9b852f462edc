/**
 * Opens the journal: WAL so readers never block the writer, `synchronous=FULL` so a committed
 * money row survives a power cut (WAL + NORMAL may lose the last commits on power loss, which
 * for us would be an "approved" the cashier saw and the disk forgot).
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { JOURNAL_MIGRATIONS } from './schema';

export type JournalDatabase = Database.Database;

// A second process (a crash-test checker) may read while the core writes: wait, don't fail.
const BUSY_TIMEOUT_MS = 5_000;

export function openJournalDatabase(file: string): JournalDatabase {
  // The journal is private to the terminal's OS user: 0700 on a folder we create.
  if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  db.pragma('foreign_keys = ON');
  migrate(db);
  return db;
}

function migrate(db: JournalDatabase): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  for (let version = current; version < JOURNAL_MIGRATIONS.length; version++) {
    const sql = JOURNAL_MIGRATIONS[version] as string;
    db.transaction(() => {
      db.exec(sql);
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
}

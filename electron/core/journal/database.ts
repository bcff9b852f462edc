/**
 * Opens the journal: WAL so readers never block the writer, `synchronous=FULL` so a committed
 * money row survives a power cut (WAL + NORMAL may lose the last commits on power loss, which
 * for us would be an "approved" the cashier saw and the disk forgot).
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { JOURNAL_MIGRATIONS } from './schema';
import { CORE_LIMITS } from '../limits';

export type JournalDatabase = Database.Database;

export function openJournalDatabase(file: string): JournalDatabase {
  // The journal is private to the terminal's OS user: 0700 on a folder we create.
  if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma(`busy_timeout = ${CORE_LIMITS.journalBusyTimeoutMs}`);
  // One core per journal: the first write (migrations, restart recovery) takes a lock that is
  // held until close, so a second process on the same journal fails at open instead of
  // approving offline payments against limits it cannot see.
  db.pragma('locking_mode = EXCLUSIVE');
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

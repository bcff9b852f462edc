/**
 * The terminal journal's size and rows, for benches. A running host holds its journal with
 * `locking_mode = EXCLUSIVE`, so no other process may open it: `snapshotJournal` copies the file
 * and its WAL (between two commands, every write of the last one is committed) and reads the
 * copy, which SQLite recovers from the copied WAL.
 */
import { copyFileSync, existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

export interface JournalFigures {
  /** journal.sqlite + journal.sqlite-wal as they lie on disk now (the WAL is reused, not shrunk). */
  onDiskBytes: number;
  /** page_count × page_size once the WAL is checkpointed into the file. */
  logicalBytes: number;
  freeBytes: number;
  rows: Record<string, number>;
  totalRows: number;
  /** Each table with its indexes, from dbstat. */
  tableBytes: Record<string, number>;
}

function fileBytes(file: string): number {
  return existsSync(file) ? statSync(file).size : 0;
}

export function readJournal(file: string): Omit<JournalFigures, 'onDiskBytes'> {
  const db = new Database(file);
  try {
    db.pragma('wal_checkpoint(TRUNCATE)');
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    const pageCount = db.pragma('page_count', { simple: true }) as number;
    const freePages = db.pragma('freelist_count', { simple: true }) as number;
    const objects = db.prepare("SELECT name, tbl_name AS tableName, type FROM sqlite_master WHERE type IN ('table', 'index')").all() as { name: string; tableName: string; type: string }[];
    const rows: Record<string, number> = {};
    for (const { name } of objects.filter((o) => o.type === 'table' && !o.name.startsWith('sqlite_'))) {
      rows[name] = (db.prepare(`SELECT count(*) AS n FROM "${name}"`).get() as { n: number }).n;
    }
    const tableOf = new Map(objects.map((o) => [o.name, o.tableName]));
    const tableBytes: Record<string, number> = {};
    for (const { name, bytes } of db.prepare('SELECT name, sum(pgsize) AS bytes FROM dbstat GROUP BY name').all() as { name: string; bytes: number }[]) {
      const table = tableOf.get(name) ?? name;
      tableBytes[table] = (tableBytes[table] ?? 0) + bytes;
    }
    return {
      logicalBytes: pageCount * pageSize,
      freeBytes: freePages * pageSize,
      rows,
      totalRows: Object.values(rows).reduce((a, b) => a + b, 0),
      tableBytes,
    };
  } finally {
    db.close();
  }
}

/** The journal as of the last answer, from a copy made in `scratchDir` (emptied first). */
export function snapshotJournal(journalFile: string, scratchDir: string): JournalFigures {
  rmSync(scratchDir, { recursive: true, force: true });
  mkdirSync(scratchDir, { recursive: true });
  const copy = path.join(scratchDir, 'journal.sqlite');
  copyFileSync(journalFile, copy);
  if (existsSync(`${journalFile}-wal`)) copyFileSync(`${journalFile}-wal`, `${copy}-wal`);
  const onDiskBytes = fileBytes(journalFile) + fileBytes(`${journalFile}-wal`);
  return { onDiskBytes, ...readJournal(copy) };
}

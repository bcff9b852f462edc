/**
 * `npm run db:backup -- <target.sqlite>`: a consistent copy of the live SQLite ledger through
 * SQLite's online backup API (safe while the backend runs, unlike copying the WAL-mode file),
 * then the ledger check on the copy. PostgreSQL is backed up with pg_dump / PITR instead.
 */
import { chmodSync, closeSync, openSync } from 'node:fs';
import Database from 'better-sqlite3';
import { loadConfig } from '../config';
import { openStore } from '../store/open-store';
import { checkLedger } from '../usecases/ledger-check';

export async function backupSqlite(source: string, target: string): Promise<{ pages: number; differences: number; entries: number }> {
  // A backup holds every secret the ledger does: readable by its owner only, from the first byte.
  closeSync(openSync(target, 'w', 0o600));
  chmodSync(target, 0o600);
  const db = new Database(source, { readonly: true, fileMustExist: true });
  let pages = 0;
  try {
    await db.backup(target, {
      progress: (info) => {
        pages = info.totalPages;
        return 200; // pages per step: the live writer is never blocked for long
      },
    });
  } finally {
    db.close();
  }
  const copy = await openStore(target);
  try {
    const report = await checkLedger(copy);
    return { pages, differences: report.differences.length, entries: report.entries };
  } finally {
    await copy.close();
  }
}

const isMain = process.argv[1] && /backup\.ts$/.test(process.argv[1]);
if (isMain) {
  process.umask(0o077);
  const target = process.argv[2];
  const config = loadConfig(process.env);
  if (!target || /^postgres/.test(config.db)) {
    process.stderr.write('usage: KUMAPAY_DB=<sqlite file> npm run db:backup -- <target.sqlite>   (PostgreSQL: use pg_dump, see docs/operations.md)\n');
    process.exit(2);
  }
  backupSqlite(config.db, target).then(
    (r) => {
      process.stdout.write(`db:backup ${target}: ${r.pages} pages, ${r.entries} journal entries, ledger:check ${r.differences === 0 ? 'OK' : `FAILED (${r.differences})`}\n`);
      process.exit(r.differences === 0 ? 0 : 1);
    },
    (error: unknown) => {
      process.stderr.write(`db:backup: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}

/**
 * The WAL write buffer (backend/native/walbuffer.c, docs/performance.md "WAL frames written
 * together"): a SQLite VFS shim, built at install, that writes a commit's WAL frames in a few
 * system calls instead of two a page. Loaded once per process before the ledger's writer opens;
 * from then on SQLite's default VFS is the shim for every connection of the process. Without
 * the library (no C compiler at install) or with it turned off (`KUMAPAY_SQLITE_WAL_BUFFER=0`,
 * config.ts) SQLite writes as it always has: nothing depends on it but speed.
 */
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Where `npm run build:native` (and npm's postinstall) puts the library. */
export const WAL_BUFFER_LIBRARY = fileURLToPath(new URL(`../../../build/native/walbuffer.${process.platform === 'darwin' ? 'dylib' : 'so'}`, import.meta.url));

export type WalBufferState = { loaded: true } | { loaded: false; reason: string };

export interface WalBufferStats {
  /** WAL writes SQLite asked for since the process loaded the shim. */
  appends: number;
  /** System-call writes the shim made for them. */
  writes: number;
}

let state: WalBufferState | null = null;
// The connection the shim was loaded through: its statistics function lives on it.
let statsDb: Database.Database | null = null;

/**
 * Loads the shim once per process (later calls answer the first one's outcome). `wanted: false`
 * (KUMAPAY_SQLITE_WAL_BUFFER=0) leaves SQLite's own VFS, unless the process loaded the shim before.
 */
export function loadWalBuffer(wanted = true): WalBufferState {
  if (state) return state;
  if (!wanted) return { loaded: false, reason: 'turned off (KUMAPAY_SQLITE_WAL_BUFFER=0)' };
  if (!existsSync(WAL_BUFFER_LIBRARY)) return (state = { loaded: false, reason: `${WAL_BUFFER_LIBRARY} is not built (npm run build:native)` });
  const db = new Database(':memory:');
  try {
    db.loadExtension(WAL_BUFFER_LIBRARY);
  } catch (error) {
    db.close();
    return (state = { loaded: false, reason: `${WAL_BUFFER_LIBRARY} did not load: ${(error as Error).message}` });
  }
  statsDb = db;
  return (state = { loaded: true });
}

/** The shim's counters for the whole process, or null when it is not loaded. */
export function walBufferStats(): WalBufferStats | null {
  if (!statsDb) return null;
  const row = statsDb.prepare('select walbuffer_stats() as stats').get() as { stats: string };
  return JSON.parse(row.stats) as WalBufferStats;
}

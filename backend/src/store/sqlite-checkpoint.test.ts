import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { mkdtempSync, readdirSync, readlinkSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openSqliteStore } from './sqlite';
import { BACKEND_LIMITS } from '../limits';

/**
 * Issue 16: the writer checkpoints its WAL less often than SQLite's default, because every
 * checkpoint copies the hot pages back into the file again (docs/performance.md "Checkpoints"),
 * and keeps its savepoint journals in memory ("Savepoint journals").
 */
describe('SQLite writer: checkpoints, savepoint journals and closing (issue 16)', () => {
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('When payments keep coming, then the WAL is not copied back every 1,000 pages but holds up to the stated interval', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'kumapay-ckpt-'));
    const file = path.join(dir, 'ledger.sqlite');
    const store = await openSqliteStore(file);
    const pageBytes = (() => {
      const db = new Database(file, { readonly: true });
      try {
        return Number(db.pragma('page_size', { simple: true }));
      } finally {
        db.close();
      }
    })();
    // 60 commits of ~50 pages: SQLite's default would reset the WAL after 1,000 pages, so it
    // would never hold much more than that; with the longer interval it holds all of them.
    const filler = JSON.stringify('x'.repeat(50 * pageBytes));
    for (let i = 0; i < 60; i++) await store.write((tx) => tx.insertInto('settings').values({ key: `filler-${i}`, value_json: filler }).execute());
    const walPages = statSync(`${file}-wal`).size / pageBytes;
    await store.close();
    expect(walPages).toBeGreaterThan(2_000);
    expect(walPages).toBeLessThan(BACKEND_LIMITS.sqliteWalCheckpointPages + 200);
  });

  // Linux shows a process's open files in /proc; SQLite unlinks its temporary files at once, so
  // the open descriptor is the only trace of one.
  const openTempFiles = () =>
    readdirSync('/proc/self/fd').flatMap((fd) => {
      try {
        return [readlinkSync(`/proc/self/fd/${fd}`)];
      } catch {
        return [];
      }
    }).filter((target) => target.includes('etilqs_'));

  it.runIf(process.platform === 'linux')('When a unit of work rewrites many existing pages, then its savepoint journal stays in memory, not in a temporary file the commit must write', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'kumapay-ckpt-'));
    const store = await openSqliteStore(path.join(dir, 'ledger.sqlite'));
    try {
      // ~400 KiB of existing rows: rewriting them all in one savepoint journals every page,
      // past SQLite's 64 KiB in-memory bound for statement journals.
      const row = JSON.stringify('x'.repeat(2_000));
      await store.write(async (tx) => {
        for (let i = 0; i < 200; i++) await tx.insertInto('settings').values({ key: `row-${i}`, value_json: row }).execute();
      });
      const seen = await store.write(async (tx) => {
        await tx.updateTable('settings').set({ value_json: JSON.stringify('y'.repeat(2_000)) }).where('key', 'like', 'row-%').execute();
        return openTempFiles();
      });
      expect(seen).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it('When a store is closed before its first read, then the file is free for the next opener (an operator tool can change its journal mode)', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'kumapay-ckpt-'));
    const file = path.join(dir, 'ledger.sqlite');
    const store = await openSqliteStore(file);
    await store.write((tx) => tx.insertInto('settings').values({ key: 'probe', value_json: '1' }).execute());
    await store.close();
    const db = new Database(file);
    try {
      expect(db.pragma('journal_mode = DELETE', { simple: true })).toBe('delete');
    } finally {
      db.close();
    }
  });
});

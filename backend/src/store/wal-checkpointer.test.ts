import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openSqliteStore } from './sqlite';
import { WalCheckpointer, type WalCheckpointerError } from './wal-checkpointer';
import { eventually } from '../testing/eventually';
import type { Store } from './store';

/**
 * Issue 16: the WAL is copied back into the database file by a thread of its own, so the
 * writer's checkpoint (every sqliteWalCheckpointPages, inside a commit every payment in flight
 * waits for) finds little left to copy (docs/performance.md "Checkpoints off the writer's path").
 */
describe('SQLite: the WAL checkpointer thread (issue 16)', () => {
  let dir: string;
  let store: Store | null = null;
  afterEach(async () => {
    await store?.close();
    store = null;
    rmSync(dir, { recursive: true, force: true });
  });

  const writeRows = async (count: number) => {
    for (let i = 0; i < count; i++) await store!.write((tx) => tx.insertInto('settings').values({ key: `row-${i}`, value_json: JSON.stringify(i) }).execute());
  };

  /** The database file alone, as a copy without its WAL would see it. */
  const rowsInFileAlone = (file: string): number => {
    const copy = path.join(dir, 'file-alone.sqlite');
    copyFileSync(file, copy);
    const db = new Database(copy);
    try {
      // The schema itself may still be only in the WAL.
      if (!db.prepare("select 1 from sqlite_master where name = 'settings'").get()) return 0;
      return (db.prepare("select count(*) as n from settings where key like 'row-%'").get() as { n: number }).n;
    } catch (error) {
      // A copy taken while the thread was writing pages into the file can be torn: not a
      // reading of the file, so none (the caller looks again).
      const code = (error as { code?: string }).code;
      if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB') return -1;
      throw error;
    } finally {
      db.close();
    }
  };

  it('When payments pause, then what they committed reaches the database file without the writer checkpointing', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'kumapay-walckpt-'));
    const file = path.join(dir, 'ledger.sqlite');
    const errors: Error[] = [];
    store = await openSqliteStore(file, { walCheckpointer: { pollMs: 5, onError: (error) => errors.push(error) } });
    await writeRows(20);
    // Far below the writer's own bound (sqliteWalCheckpointPages): only the thread copies these.
    await eventually(async () => rowsInFileAlone(file) === 20);
    // The thread counts a copy once its checkpoint returns, after the file's sync: the pages can
    // be read in the file a moment before the counters say so.
    await eventually(async () => (store!.stats().walCheckpointer?.checkpoints ?? 0) > 0);
    expect(store.stats().walCheckpointer?.framesCopied).toBeGreaterThan(0);
    expect(errors).toEqual([]);
  });

  it('When the store runs without the thread (tools), then those rows stay in the WAL until the writer reaches its own bound', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'kumapay-walckpt-'));
    const file = path.join(dir, 'ledger.sqlite');
    store = await openSqliteStore(file);
    await writeRows(20);
    expect(rowsInFileAlone(file)).toBe(0);
    expect(store.stats().walCheckpointer).toBeUndefined();
  });

  it('When the store closes, then the thread has closed its connection too (the file is free for the next opener)', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'kumapay-walckpt-'));
    const file = path.join(dir, 'ledger.sqlite');
    const opened = await openSqliteStore(file, { walCheckpointer: { pollMs: 5, onError: () => undefined } });
    store = opened;
    await writeRows(5);
    await eventually(async () => (opened.stats().walCheckpointer?.checkpoints ?? 0) > 0);
    await opened.close();
    store = null;
    // Changing the journal mode needs every other connection gone: a thread still holding one
    // would make SQLite answer "database is locked".
    const db = new Database(file);
    try {
      expect(db.pragma('journal_mode = DELETE', { simple: true })).toBe('delete');
      expect((db.prepare("select count(*) as n from settings where key like 'row-%'").get() as { n: number }).n).toBe(5);
    } finally {
      db.close();
    }
  });

  it('When the ledger file is not there, then it says so once with SQLite\'s code and stops', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'kumapay-walckpt-'));
    const errors: WalCheckpointerError[] = [];
    const checkpointer = WalCheckpointer.start(path.join(dir, 'ledger.sqlite'), { pollMs: 5, onError: (error) => errors.push(error) });
    await eventually(async () => errors.length > 0);
    await checkpointer.stop();
    expect(errors).toHaveLength(1);
    expect(errors[0]!.code).toBe('SQLITE_CANTOPEN');
    expect(errors[0]!.message).toContain("the writer's own checkpoints go on");
  });
});

/**
 * Issue 16: the WAL write buffer (backend/native/walbuffer.c). What a user would notice if it
 * were wrong is a lost or half-written commit, so the tests are about commits: every one that
 * returned is whole for another process at once, whatever SQLite did on the way (savepoints
 * undone, pages spilled mid-transaction, transactions rolled back after a spill, the WAL started
 * over), and the file stays intact. That an acknowledged payment survives kill -9 with the
 * buffer loaded is test/backend-crash (the backend loads it).
 */
import Database from 'better-sqlite3';
import { execFileSync, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadWalBuffer, walBufferStats, WAL_BUFFER_LIBRARY } from './wal-buffer';
import { openSqliteStore } from './sqlite';

const built = existsSync(WAL_BUFFER_LIBRARY);
const compilerThere = (() => {
  try {
    execFileSync(process.env.CC ?? 'cc', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/**
 * Another process, without the shim, that answers each line on stdin with the table's count and
 * sums, checks the file, or writes 20 rows of its own.
 */
class OtherProcessReader {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly answers: string[] = [];
  private readonly waiting: ((line: string) => void)[] = [];

  constructor(dir: string, file: string) {
    const script = path.join(dir, 'reader.cjs');
    const betterSqlite = createRequire(import.meta.url).resolve('better-sqlite3');
    writeFileSync(
      script,
      `const Database = require(${JSON.stringify(betterSqlite)});
       const db = new Database(${JSON.stringify(file)});
       db.pragma('busy_timeout = 5000');
       const write = db.prepare('insert into t (v, pad) values (424242, randomblob(2000))');
       const ask = db.prepare('select count(*) as n, coalesce(sum(v), 0) as total, coalesce(sum(length(pad)), 0) as padBytes from t');
       require('node:readline').createInterface({ input: process.stdin }).on('line', (line) => {
         if (line === 'check') { process.stdout.write(db.pragma('integrity_check', { simple: true }) + '\\n'); return; }
         if (line === 'write') { for (let i = 0; i < 20; i++) write.run(); process.stdout.write('written\\n'); return; }
         const r = ask.get();
         process.stdout.write(r.n + ' ' + r.total + ' ' + r.padBytes + '\\n');
       });`,
    );
    this.child = spawn(process.execPath, [script]);
    createInterface({ input: this.child.stdout }).on('line', (line) => {
      const next = this.waiting.shift();
      if (next) next(line);
      else this.answers.push(line);
    });
  }

  ask(question: 'count' | 'check' | 'write'): Promise<string> {
    this.child.stdin.write(`${question}\n`);
    const ready = this.answers.shift();
    return ready !== undefined ? Promise.resolve(ready) : new Promise((resolve) => this.waiting.push(resolve));
  }

  close(): void {
    this.child.kill();
  }
}

/** A small deterministic generator, so a failure repeats. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1_664_525 + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

describe('the WAL write buffer (issue 16)', () => {
  it('is built wherever a C compiler is (npm ci builds it; a backend without it says so)', () => {
    if (!compilerThere) {
      console.warn('wal-buffer: no C compiler (cc) on this machine; the backend runs without the WAL write buffer');
      return;
    }
    expect(built, `${WAL_BUFFER_LIBRARY} is missing: npm run build:native`).toBe(true);
  });

  describe.skipIf(!built)('with the shim loaded', () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(path.join(tmpdir(), 'kumapay-wal-buffer-'));
      expect(loadWalBuffer()).toEqual({ loaded: true });
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it.each(['FULL', 'NORMAL'] as const)(
      'synchronous = %s: another process sees each commit whole as soon as it returns, through savepoints undone, spilled pages, rollbacks after a spill and the WAL started over',
      async (synchronous) => {
        const file = path.join(dir, 'ledger.sqlite');
        const db = new Database(file);
        db.pragma('journal_mode = WAL');
        db.pragma(`synchronous = ${synchronous}`);
        // A page cache of a few pages: larger transactions spill pages into the WAL before they commit.
        db.pragma('cache_size = 8');
        // The WAL is copied back and started over every few commits.
        db.pragma('wal_autocheckpoint = 40');
        db.exec('create table t (id integer primary key, v integer not null, pad blob not null); create index t_v on t (v)');
        const insert = db.prepare('insert into t (v, pad) values (?, randomblob(?))');
        const reader = new OtherProcessReader(dir, file);
        const random = seeded(synchronous === 'FULL' ? 16 : 61);
        let expected = { n: 0, total: 0, padBytes: 0 };
        try {
          const before = walBufferStats()!;
          for (let txn = 0; txn < 150; txn++) {
            const rows = 1 + Math.floor(random() * (random() < 0.2 ? 120 : 12));
            const rollsBack = random() < 0.15;
            let pending = { ...expected };
            db.exec('begin immediate');
            for (let r = 0; r < rows; r++) {
              const undone = random() < 0.1;
              db.exec('savepoint unit');
              const v = Math.floor(random() * 1_000_000);
              const padBytes = 100 + Math.floor(random() * 3_000);
              insert.run(v, padBytes);
              if (undone) {
                db.exec('rollback to unit');
              } else {
                pending = { n: pending.n + 1, total: pending.total + v, padBytes: pending.padBytes + padBytes };
              }
              db.exec('release unit');
            }
            if (rollsBack) {
              db.exec('rollback');
            } else {
              db.exec('commit');
              expected = pending;
            }
            // Asked right after the commit returned: no later call of this connection has run.
            expect(await reader.ask('count'), `after transaction ${txn}`).toBe(`${expected.n} ${expected.total} ${expected.padBytes}`);
          }
          expect(await reader.ask('check')).toBe('ok');
          expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
          const after = walBufferStats()!;
          // Even with pages spilling one at a time, frames went out together.
          expect(after.appends - before.appends).toBeGreaterThan(after.writes - before.writes);
        } finally {
          reader.close();
          db.close();
        }
        // Reopened (the last close copied the WAL back and removed it): every committed row is there.
        const reopened = new Database(file, { readonly: true });
        expect(reopened.prepare('select count(*) as n, sum(v) as total from t').get()).toEqual({ n: expected.n, total: expected.total });
        reopened.close();
      },
    );

    it("pages a rolled-back transaction spilled never land on another writer's commit", async () => {
      const file = path.join(dir, 'two-writers.sqlite');
      const db = new Database(file);
      db.pragma('journal_mode = WAL');
      db.pragma('cache_size = 8');
      db.exec('create table t (id integer primary key, v integer not null, pad blob not null)');
      const other = new OtherProcessReader(dir, file);
      try {
        // Spilled frames (held by the shim) of a transaction that then rolls back.
        db.exec('begin immediate');
        const insert = db.prepare('insert into t (v, pad) values (1, randomblob(3000))');
        for (let r = 0; r < 30; r++) insert.run();
        db.exec('rollback');
        // The other process now writes where those frames would have gone...
        expect(await other.ask('write')).toBe('written');
        // ...and this connection reads (a held frame would be written out now, over its commit).
        expect(db.prepare('select count(*) as n from t').get()).toEqual({ n: 20 });
        expect(await other.ask('count')).toBe(`20 ${20 * 424242} ${20 * 2000}`);
        expect(await other.ask('check')).toBe('ok');
      } finally {
        other.close();
        db.close();
      }
    });

    it('a commit of many pages leaves in a few system calls, not two a page', () => {
      const db = new Database(path.join(dir, 'batches.sqlite'));
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      db.exec('create table t (id integer primary key, v integer not null, pad blob not null); create index t_v on t (v)');
      const insert = db.prepare('insert into t (v, pad) values (?, randomblob(500))');
      const before = walBufferStats()!;
      for (let txn = 0; txn < 50; txn++) db.transaction(() => { for (let r = 0; r < 100; r++) insert.run((txn * 7919 + r * 104_729) % 1_000_003); })();
      const after = walBufferStats()!;
      db.close();
      // Each commit appends ~30 frames (60 writes); without the shim each is a system call.
      expect(after.appends - before.appends).toBeGreaterThan(1_000);
      expect(after.appends - before.appends).toBeGreaterThan(10 * (after.writes - before.writes));
    });

    it("the ledger's writer writes through it: its counters move with a write", async () => {
      const store = await openSqliteStore(path.join(dir, 'store.sqlite'));
      try {
        const before = store.stats().walBuffer!;
        await store.write(async (tx) => {
          await tx.insertInto('settings').values({ key: 'wal-buffer-test', value_json: '"x"' }).execute();
        });
        const after = store.stats().walBuffer!;
        expect(after.appends).toBeGreaterThan(before.appends);
        expect(after.writes).toBeGreaterThan(before.writes);
      } finally {
        await store.close();
      }
    });
  });
});

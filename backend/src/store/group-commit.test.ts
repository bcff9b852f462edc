import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { openSqliteStore } from './sqlite';
import { hotSql, runHot } from './hot-sql';
import type { Store } from './store';

describe('SQLite group commit', () => {
  let dir: string;
  let store: Store;
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  async function open() {
    dir = mkdtempSync(path.join(tmpdir(), 'kumapay-gc-'));
    store = await openSqliteStore(path.join(dir, 'db.sqlite'));
  }
  const insertSetting = (key: string) => (tx: Parameters<Parameters<Store['write']>[0]>[0]) => tx.insertInto('settings').values({ key, value_json: '1' }).execute();

  it('When units of work arrive one after another (each waiting for the last), then none is left waiting', async () => {
    await open();
    for (let i = 0; i < 200; i++) await store.write(insertSetting(`seq-${i}`));
    const rows = await store.read.selectFrom('settings').select('key').where('key', 'like', 'seq-%').execute();
    expect(rows).toHaveLength(200);
  });

  it('When one unit in a batch fails, then only its writes are undone and the others commit together', async () => {
    await open();
    const results = await Promise.allSettled([
      store.write(insertSetting('a')),
      store.write(async (tx) => {
        await insertSetting('b')(tx);
        throw new Error('boom');
      }),
      store.write(insertSetting('c')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const keys = (await store.read.selectFrom('settings').select('key').execute()).map((r) => r.key).sort();
    expect(keys).toEqual(['a', 'c']);
    expect(store.stats().batches).toBeLessThan(store.stats().writes + 1);
  });

  // Issue 16: hot statements skip Kysely inside a batch (store/sqlite-direct.ts); they must still
  // be part of the unit of work's savepoint and see, and be seen by, its Kysely statements.
  const INSERT_HOT = hotSql('insert into settings (key, value_json) values ($1, $2)');
  const READ_HOT = hotSql('select value_json from settings where key = $1');

  it('When a unit mixes hot statements with Kysely ones and fails, then its hot writes are undone with it and its neighbours commit', async () => {
    await open();
    // By unit, not pushed: the batch runs again once the failing unit has written (below).
    const seen: unknown[] = [];
    const results = await Promise.allSettled([
      store.write(async (tx) => {
        await runHot(tx, INSERT_HOT, ['hot-a', '"a"']);
        seen[0] = (await tx.selectFrom('settings').select('value_json').where('key', '=', 'hot-a').executeTakeFirst())?.value_json;
      }),
      store.write(async (tx) => {
        await insertSetting('hot-b')(tx);
        seen[1] = (await runHot<{ value_json: string }>(tx, READ_HOT, ['hot-b'])).rows[0]?.value_json;
        await runHot(tx, INSERT_HOT, ['hot-b2', '"b2"']);
        throw new Error('boom');
      }),
      store.write((tx) => runHot(tx, INSERT_HOT, ['hot-c', '"c"'])),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(seen).toEqual(['"a"', '1']);
    const keys = (await store.read.selectFrom('settings').select('key').where('key', 'like', 'hot-%').execute()).map((r) => r.key).sort();
    expect(keys).toEqual(['hot-a', 'hot-c']);
  });

  it('When a hot statement breaks a unique key inside a batch, then the caller gets the database error and the batch goes on', async () => {
    await open();
    await store.write((tx) => runHot(tx, INSERT_HOT, ['dup', '1']));
    const results = await Promise.allSettled([store.write((tx) => runHot(tx, INSERT_HOT, ['dup', '2'])), store.write(insertSetting('after-dup'))]);
    expect(results[0]).toMatchObject({ status: 'rejected', reason: { code: 'SQLITE_CONSTRAINT_PRIMARYKEY' } });
    expect(results[1]!.status).toBe('fulfilled');
  });

  // Issue 16 (docs/performance.md "Twenty-third session"): units run without a
  // savepoint each; one that fails having written nothing simply fails, one that wrote rolls the
  // batch back, and the batch runs again with savepoints, as do the next ones for a while.
  it('Issue 16: When a unit fails before it writes anything, then it alone fails and no unit of the batch runs twice', async () => {
    await open();
    const runs = { a: 0, b: 0, c: 0 };
    const results = await Promise.allSettled([
      store.write(async (tx) => {
        runs.a += 1;
        await insertSetting('read-a')(tx);
      }),
      store.write(async (tx) => {
        runs.b += 1;
        await tx.selectFrom('settings').select('key').execute();
        throw new Error('refused before writing');
      }),
      store.write(async (tx) => {
        runs.c += 1;
        await insertSetting('read-c')(tx);
      }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(runs).toEqual({ a: 1, b: 1, c: 1 });
    expect(store.stats()).toMatchObject({ batches: 1, writes: 3, retries: 0 });
    const keys = (await store.read.selectFrom('settings').select('key').where('key', 'like', 'read-%').execute()).map((r) => r.key).sort();
    expect(keys).toEqual(['read-a', 'read-c']);
  });

  it('Issue 16: When a unit fails after writing, then the batch runs again from the start, only the last runs count, the failed unit leaves nothing, and the next batch undoes such a unit alone', async () => {
    await open();
    const runs = { a: 0, b: 0, c: 0 };
    const results = await Promise.allSettled([
      store.write(async (tx) => {
        runs.a += 1;
        await tx.insertInto('settings').values({ key: 'again-a', value_json: String(runs.a) }).execute();
      }),
      store.write(async (tx) => {
        runs.b += 1;
        await runHot(tx, INSERT_HOT, ['again-b', '"b"']);
        throw new Error('refused after writing');
      }),
      store.write(async (tx) => {
        runs.c += 1;
        await insertSetting('again-c')(tx);
      }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(results[1]).toMatchObject({ reason: { message: 'refused after writing' } });
    // a ran, then b wrote and failed: both again with savepoints, and c for the first time.
    expect(runs).toEqual({ a: 2, b: 2, c: 1 });
    expect(store.stats()).toMatchObject({ batches: 1, writes: 3, retries: 3 });
    const rows = await store.read.selectFrom('settings').select(['key', 'value_json']).where('key', 'like', 'again-%').orderBy('key').execute();
    expect(rows).toEqual([
      { key: 'again-a', value_json: '2' },
      { key: 'again-c', value_json: '1' },
    ]);

    const next = { d: 0, e: 0 };
    const after = await Promise.allSettled([
      store.write(async (tx) => {
        next.d += 1;
        await insertSetting('again-d')(tx);
        throw new Error('refused after writing');
      }),
      store.write(async (tx) => {
        next.e += 1;
        await insertSetting('again-e')(tx);
      }),
    ]);
    expect(after.map((r) => r.status)).toEqual(['rejected', 'fulfilled']);
    expect(next).toEqual({ d: 1, e: 1 });
    expect(store.stats()).toMatchObject({ batches: 2, writes: 5, retries: 3 });
    expect((await store.read.selectFrom('settings').select('key').where('key', 'in', ['again-d', 'again-e']).execute()).map((r) => r.key)).toEqual(['again-e']);
  });

  it('When a unit ends the batch\'s transaction itself, then the whole batch is refused and nothing after it is written outside a transaction', async () => {
    await open();
    const results = await Promise.allSettled([
      store.write(insertSetting('ended-a')),
      store.write(async (tx) => {
        await sql`rollback`.execute(tx);
      }),
      store.write(insertSetting('ended-c')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(await store.read.selectFrom('settings').select('key').where('key', 'like', 'ended-%').execute()).toEqual([]);
    // The writer is left usable.
    await store.write(insertSetting('ended-later'));
    expect((await store.read.selectFrom('settings').select('key').where('key', '=', 'ended-later').execute()).length).toBe(1);
  });

  it('Issue 16: When work arrives while a batch commits, then the batch\'s callers are answered before the next batch starts (their answers do not wait behind its fsync)', async () => {
    await open();
    const events: string[] = [];
    let second: Promise<unknown> | null = null;
    const first = store.write(async (tx) => {
      second = store.write(async (tx2) => {
        events.push('second batch started');
        await insertSetting('second')(tx2);
      });
      await insertSetting('first')(tx);
    });
    // What the ledger worker does with an answer: it posts it once the microtasks settle.
    void first.then(() => process.nextTick(() => events.push('first answered')));
    await first;
    await second;
    expect(events).toEqual(['first answered', 'second batch started']);
    expect(store.stats().batches).toBe(2);
  });

  it('When many units arrive at once, then they share commits (fewer batches than writes)', async () => {
    await open();
    await Promise.all(Array.from({ length: 100 }, (_, i) => store.write(insertSetting(`p-${i}`))));
    const s = store.stats();
    expect(s.writes).toBe(100);
    expect(s.batches).toBeLessThan(10);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openSqliteStore } from './sqlite';
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

  it('When many units arrive at once, then they share commits (fewer batches than writes)', async () => {
    await open();
    await Promise.all(Array.from({ length: 100 }, (_, i) => store.write(insertSetting(`p-${i}`))));
    const s = store.stats();
    expect(s.writes).toBe(100);
    expect(s.batches).toBeLessThan(10);
  });
});

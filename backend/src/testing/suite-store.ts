import { afterAll, beforeAll } from 'vitest';
import { openStore } from '../store/open-store';
import type { Store, StoreOptions } from '../store/store';
import { freshDatabase, type TestDatabase } from './stores';

/**
 * A fresh database and its store for the suite that calls this: opened (and `seed`ed) before
 * its first test, closed and dropped after its last. The returned function gives the open store.
 */
export function suiteStore(
  kind: 'sqlite' | 'postgres',
  options: { store?: StoreOptions; seed?: (store: Store) => Promise<void> } = {},
): () => Store {
  let db: TestDatabase | null = null;
  let store: Store | null = null;
  beforeAll(async () => {
    db = await freshDatabase(kind);
    store = await openStore(db.url, options.store);
    await options.seed?.(store);
  });
  afterAll(async () => {
    await store?.close();
    await db?.drop();
  });
  return () => {
    if (!store) throw new Error('the suite store is used outside its suite');
    return store;
  };
}

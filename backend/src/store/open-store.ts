/**
 * Opens the store a URL names. Its own file so that `store.ts` (the `Store` type both dialects
 * implement) imports neither dialect and no import loop runs store ↔ sqlite/postgres. The
 * dialects are loaded on demand, so a SQLite backend never loads `pg` and vice versa.
 */
import type { Store, StoreOptions } from './store';

export async function openStore(url: string, options: StoreOptions = {}): Promise<Store> {
  if (/^postgres(ql)?:\/\//.test(url)) {
    const { openPostgresStore } = await import('./postgres');
    return openPostgresStore(url, options);
  }
  const { openSqliteStore } = await import('./sqlite');
  return openSqliteStore(url, {
    readOnly: options.readOnly ?? false,
    ...(options.walCheckpointer ? { walCheckpointer: options.walCheckpointer } : {}),
    ...(options.onWalBufferMissing ? { onWalBufferMissing: options.onWalBufferMissing } : {}),
    ...(options.walBuffer === undefined ? {} : { walBuffer: options.walBuffer }),
  });
}

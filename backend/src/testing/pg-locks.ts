import { sql, type Kysely } from 'kysely';
import type { DB } from '../store/schema';
import type { Store, Tx } from '../store/store';

/** Statements of this database now waiting for a row lock (PostgreSQL only). */
export async function lockWaiters(db: Kysely<DB>): Promise<number> {
  return (await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`.execute(db)).rows[0]!.n;
}

/**
 * What a 精算 (R30) holds while it counts the day: its terminal's row, for update, from the
 * moment this resolves until `release` is called; then `beforeCommit` runs in the same unit
 * (a close writing its instant, say) and `close` settles when the unit has committed.
 */
export async function closeInProgress(store: Pick<Store, 'write'>, terminalId: string, beforeCommit: (tx: Tx) => Promise<void> = async () => {}): Promise<{ release: () => void; close: Promise<void> }> {
  let locked!: () => void;
  let release!: () => void;
  const isLocked = new Promise<void>((resolve) => (locked = resolve));
  const released = new Promise<void>((resolve) => (release = resolve));
  const close = store.write(async (tx) => {
    await sql`select id from terminals where id = ${terminalId} for update`.execute(tx);
    locked();
    await released;
    await beforeCommit(tx);
  });
  await isLocked;
  return { release, close };
}

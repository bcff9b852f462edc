import type Database from 'better-sqlite3';
import type { Kysely, QueryResult } from 'kysely';

/**
 * The hot statements of a group-committed unit of work, run on the writer's better-sqlite3
 * handle instead of through Kysely (issue 16). better-sqlite3 is synchronous, but Kysely wraps
 * each statement in its executor, connection provider and mutex: half a dozen promise hops per
 * statement, on the one thread that writes the ledger. The unit of work's Kysely handle is
 * bound to the handle of the connection it holds, for that batch only, so a statement run here
 * is on the same connection, transaction and savepoint as one run through Kysely: the batch
 * holds the connection (and Kysely's mutex) from `begin` to `commit`, and the thread runs one
 * statement at a time.
 */
export type DirectRun = (sqliteText: string, params: readonly unknown[]) => QueryResult<unknown>;

const BOUND = new WeakMap<Kysely<unknown>, DirectRun>();

/** Statements are prepared once per text by the caller's cache (store/sqlite.ts). */
export function directRunner(prepare: (text: string) => Database.Statement): DirectRun {
  return (text, params) => {
    const statement = prepare(text);
    // The same answer Kysely's SQLite driver gives, so callers cannot tell the paths apart.
    if (statement.reader) return { rows: statement.all(...params) };
    const { changes, lastInsertRowid } = statement.run(...params);
    return { rows: [], numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid) };
  };
}

export function bindDirect(handle: Kysely<unknown>, run: DirectRun): void {
  BOUND.set(handle, run);
}

export function unbindDirect(handle: Kysely<unknown>): void {
  BOUND.delete(handle);
}

/** The direct runner of a unit of work's handle; undefined anywhere else (reads, PostgreSQL). */
export function directOf(handle: Kysely<unknown>): DirectRun | undefined {
  return BOUND.get(handle);
}

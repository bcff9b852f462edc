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

/**
 * Statements are prepared once per text by the caller's cache (store/sqlite.ts), which must be
 * this runner's own: a reading statement is switched to raw rows here for good.
 */
export function directRunner(prepare: (text: string) => Database.Statement): DirectRun {
  const rowMakers = new WeakMap<Database.Statement, RowMaker>();
  return (text, params) => {
    const statement = prepare(text);
    if (statement.reader) {
      // better-sqlite3 builds an object row through V8's API, interning every column's name
      // and adding each property on the slow path: ~6 % of the ledger worker's CPU a payment
      // (issue 16, docs/performance.md "Twentieth session"). Its arrays, named here, cost less.
      let makeRow = rowMakers.get(statement);
      if (!makeRow) {
        makeRow = rowMaker(statement.columns().map((c) => c.name));
        statement.raw(true);
        rowMakers.set(statement, makeRow);
      }
      return { rows: (statement.all(...params) as unknown[][]).map(makeRow) };
    }
    const { changes, lastInsertRowid } = statement.run(...params);
    // The same answer Kysely's SQLite driver gives, so callers cannot tell the paths apart.
    return { rows: [], numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid) };
  };
}

type RowMaker = (values: readonly unknown[]) => Record<string, unknown>;

/**
 * What names a statement's raw rows: the row better-sqlite3 would have built (a later column of
 * the same name wins, its key where the name first came, as there). One object literal for each
 * statement, made once from its column names: every row of it then has one hidden class and is
 * built by plain stores, where adding the names one by one went through V8's megamorphic keyed
 * store each time (issue 16, docs/performance.md "Twenty-fifth session"). From a column named
 * `__proto__` on, the columns are assigned one by one in their order, as better-sqlite3 assigns
 * them: in a literal that name would always set the prototype (and a second would not parse),
 * where an assignment sets it only while the row still has `Object.prototype`'s setter.
 */
function rowMaker(names: readonly string[]): RowMaker {
  const firstProto = names.indexOf('__proto__');
  const literalCount = firstProto === -1 ? names.length : firstProto;
  // The names are the statement's own columns, each written as a JSON string: no text of theirs runs.
  const fields = names.slice(0, literalCount).map((name, i) => `${JSON.stringify(name)}: v[${i}]`);
  const assigned = names.slice(literalCount).map((name, k) => `row[${JSON.stringify(name)}] = v[${literalCount + k}];`);
  return new Function('v', `const row = { ${fields.join(', ')} }; ${assigned.join(' ')} return row;`) as RowMaker;
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

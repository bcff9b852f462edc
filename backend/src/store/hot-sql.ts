import { CompiledQuery, PostgresAdapter, type Kysely, type QueryResult } from 'kysely';
import { assert, AssertionError } from '../../../common/assert';
import type { DB } from './schema';
import { directOf } from './sqlite-direct';
import { PIPELINE_SQL, PIPELINE_STATEMENTS_MAX, pipelineRequest, type PipelinedResult } from './pipeline';

/**
 * Hand-written SQL for the statements every payment runs (issue 16): building and compiling a
 * Kysely query costs more CPU than SQLite takes to run it. A statement is written once with
 * PostgreSQL's `$1, $2…` placeholders and converted once, at load, for SQLite; both texts are
 * constant, so better-sqlite3 prepares each once (store/sqlite.ts caches by text). It runs on
 * the unit of work's own connection, so group commit, savepoints and retries are untouched.
 */
export type HotParam = string | number | null;

export interface HotStatement {
  readonly postgres: string;
  readonly sqlite: string;
  /**
   * better-sqlite3 binds an array only to anonymous `?` (it treats `?NNN` as named, which
   * Kysely's driver, passing an array, cannot bind), so the SQLite text has one `?` per
   * placeholder and this says which parameter each one takes: `$1` used twice is bound twice.
   */
  readonly sqliteParamIndexes: readonly number[];
  /** The highest placeholder: how many parameters a run must pass. */
  readonly paramCount: number;
}

const PLACEHOLDER = /\$(\d+)/g;

function toSqlite(text: string): { sqlite: string; sqliteParamIndexes: number[]; paramCount: number } {
  const sqliteParamIndexes: number[] = [];
  const sqlite = text.replace(PLACEHOLDER, (_, n: string) => {
    const index = Number(n) - 1;
    assert(index >= 0, `placeholder $${n} in ${text}`);
    sqliteParamIndexes.push(index);
    return '?';
  });
  const paramCount = sqliteParamIndexes.reduce((max, i) => Math.max(max, i + 1), 0);
  // A gap would leave a parameter that PostgreSQL cannot type and SQLite never binds.
  assert(new Set(sqliteParamIndexes).size === paramCount, `placeholders $1…$${paramCount} must all be used in ${text}`);
  return { sqlite, sqliteParamIndexes, paramCount };
}

/**
 * PostgreSQL names for the hot texts, so each connection parses and plans a statement once and
 * then only binds and runs it (store/postgres-prepared.ts); unnamed, PostgreSQL parses and plans
 * every statement of every payment again, about 40 % of its CPU per payment (measured,
 * docs/performance.md). Bounded: the constant statements of hot-statements.ts, at most
 * SHAPES_PER_CACHE_MAX shapes per cache and COMBINED_MAX combined inserts; a text built past
 * those bounds runs unnamed.
 */
const POSTGRES_NAMES = new Map<string, string>();

function registerName(postgresText: string): void {
  if (!POSTGRES_NAMES.has(postgresText)) POSTGRES_NAMES.set(postgresText, `kumapay_hot_${POSTGRES_NAMES.size + 1}`);
}

function named(statement: HotStatement): HotStatement {
  registerName(statement.postgres);
  return statement;
}

/** The prepared-statement name of a hot text, or undefined for any other SQL. */
export function postgresStatementName(text: string): string | undefined {
  return POSTGRES_NAMES.get(text);
}

function unnamedHotSql(text: string): HotStatement {
  return { postgres: text, ...toSqlite(text) };
}

/** One text for both stores. No string literal in it may contain `$` followed by a digit. */
export function hotSql(text: string): HotStatement {
  return named(unnamedHotSql(text));
}

/**
 * Two texts only where the stores differ in locking: PostgreSQL takes row locks (`for update`,
 * `for share`) that SQLite has no syntax for and no need of (one writer, store/store.ts).
 * Both must use the same placeholders.
 */
export function hotSqlByDialect(texts: { postgres: string; sqlite: string }): HotStatement {
  const converted = toSqlite(texts.sqlite);
  assert(converted.paramCount === toSqlite(texts.postgres).paramCount, `both texts take the same parameters: ${texts.postgres}`);
  return named({ postgres: texts.postgres, ...converted });
}

/**
 * Texts that vary only with a row count (multi-row inserts, one update for many lots): each
 * shape is built and converted once. Bounded: a shape past the bound is built per use, and
 * the SQLite statement cache (BACKEND_LIMITS.sqliteStatementCacheMax) bounds prepared ones.
 */
const SHAPES_PER_CACHE_MAX = 64;

export class HotSqlShapes<K extends string | number> {
  private readonly shapes = new Map<K, HotStatement>();
  constructor(private readonly build: (key: K) => string) {}

  get(key: K): HotStatement {
    const known = this.shapes.get(key);
    if (known) return known;
    const made = unnamedHotSql(this.build(key));
    if (this.shapes.size >= SHAPES_PER_CACHE_MAX) return made;
    this.shapes.set(key, made);
    return named(made);
  }
}

/** `($1, $2, $3), ($4, $5, $6)` for `rows` rows of `columns` values, numbered from `$first`. */
export function valuesRows(rows: number, columns: number, first = 1): string {
  const out: string[] = [];
  for (let r = 0; r < rows; r++) {
    const cells: string[] = [];
    for (let c = 0; c < columns; c++) cells.push(`$${first + r * columns + c}`);
    out.push(`(${cells.join(', ')})`);
  }
  return out.join(', ');
}

export function isPostgres(db: Kysely<DB>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

export function runHot<R>(db: Kysely<DB>, statement: HotStatement, params: readonly HotParam[]): Promise<QueryResult<R>> {
  assertParamCount(statement, params);
  return executeHot(db, statement, params);
}

function assertParamCount(statement: HotStatement, params: readonly HotParam[]): void {
  assert(params.length === statement.paramCount, `${statement.paramCount} parameters expected, ${params.length} given: ${statement.postgres}`);
}

function executeHot<R>(db: Kysely<DB>, statement: HotStatement, params: readonly HotParam[]): Promise<QueryResult<R>> {
  if (isPostgres(db)) return db.executeQuery<R>(CompiledQuery.raw(statement.postgres, [...params]));
  const sqliteParams = statement.sqliteParamIndexes.map((i) => params[i]);
  const direct = directOf(db as Kysely<unknown>);
  if (!direct) return db.executeQuery<R>(CompiledQuery.raw(statement.sqlite, sqliteParams));
  try {
    // Rows are what the statement's SQL selects, as Kysely's driver would return them.
    return Promise.resolve(direct(statement.sqlite, sqliteParams) as QueryResult<R>);
  } catch (error) {
    return Promise.reject(error as Error);
  }
}

/**
 * Statements of the unit of work run in order, each to its end, with their answers in that
 * order: on PostgreSQL written together and answered together (one round trip instead of one
 * each, issue 16; store/postgres-prepared.ts), elsewhere one by one. Each later statement sees
 * what the earlier ones did and, in READ COMMITTED, what was committed before it started (a
 * read after a lock sees what the lock's last holder committed). What it gives up: a statement
 * runs even when an earlier one's answer would have stopped the unit of work, so only send
 * together statements whose work is harmless if unneeded and undone when the unit fails.
 */
export async function runHotPipeline(db: Kysely<DB>, runs: readonly HotRun[]): Promise<QueryResult<unknown>[]> {
  assert(runs.length <= PIPELINE_STATEMENTS_MAX, `a pipeline of ${runs.length} statements (at most ${PIPELINE_STATEMENTS_MAX})`);
  for (const run of runs) assertParamCount(run.statement, run.params);
  if (!isPostgres(db)) {
    const results: QueryResult<unknown>[] = [];
    for (const run of runs) results.push(await executeHot(db, run.statement, run.params));
    return results;
  }
  const request = pipelineRequest(runs.map((run) => ({ text: run.statement.postgres, values: run.params })));
  const { rows } = await db.executeQuery<PipelinedResult>(CompiledQuery.raw(PIPELINE_SQL, [request]));
  assert(rows.length === runs.length, `a pipeline of ${runs.length} statements answered ${rows.length}`);
  // The answer Kysely's PostgreSQL driver gives for a statement alone.
  return rows.map((r) => ({
    rows: r.rows,
    numAffectedRows: r.command === 'INSERT' || r.command === 'UPDATE' || r.command === 'DELETE' || r.command === 'MERGE' ? BigInt(r.rowCount ?? 0) : undefined,
  }));
}

/** One hot statement with its parameters, for runHotInserts. */
export interface HotRun {
  readonly statement: HotStatement;
  readonly params: readonly HotParam[];
}

/**
 * Combined texts by the names of their parts. Bounded: a sequence past it runs statement by
 * statement (same effect, more round trips).
 */
const COMBINED_MAX = 256;
const COMBINED = new Map<string, string>();

/**
 * On PostgreSQL, inserts sent as one statement: `with w1 as (insert …), w2 as (insert …)
 * insert …`, each part's placeholders renumbered after the previous part's. Each round trip
 * to PostgreSQL costs both sides a wake-up and a parse of the answer, and a payment's four
 * inserts (journal entry, postings, payment, allocations) are one (issue 16). Sound only for
 * inserts whose results nobody reads and that read nothing the others write: the parts of one
 * statement do not see each other's rows (the ledger tables have no foreign keys; a key
 * conflict fails the whole statement, as it would fail the unit of work). The first
 * `checkedUpdates` parts may be updates (runHotWrites): then the statement answers their row
 * counts; `enforced`, it takes the expected counts as its last parameters and fails itself when
 * one differs (commitWithWrites: its commit is already on the wire, so only an error stops it).
 */
function combinedPostgres(statements: readonly HotStatement[], checkedUpdates = 0, enforced = false): string | undefined {
  const names = statements.map((s) => POSTGRES_NAMES.get(s.postgres));
  if (names.some((n) => n === undefined)) return undefined;
  const key = `${checkedUpdates}:${enforced ? 'enforced:' : ''}${names.join(',')}`;
  const known = COMBINED.get(key);
  if (known !== undefined) return known;
  if (COMBINED.size >= COMBINED_MAX) return undefined;
  let offset = 0;
  const parts = statements.map((s) => {
    const text = s.postgres.replace(PLACEHOLDER, (_, n: string) => `$${Number(n) + offset}`);
    offset += s.paramCount;
    return text;
  });
  const ctes = (from: readonly string[]) => from.map((part, i) => `w${i + 1} as (${part}${i < checkedUpdates ? ' returning 1' : ''})`).join(', ');
  // With checked updates every part is a CTE (PostgreSQL runs each data-modifying one to
  // completion whether or not it is read), and the statement answers how many rows each update
  // changed.
  const counted = Array.from({ length: checkedUpdates }, (_, i) => `(select count(*) from w${i + 1})`);
  const text =
    checkedUpdates === 0
      ? `with ${ctes(parts.slice(0, -1))} ${parts[parts.length - 1]}`
      : enforced
        ? `with ${ctes(parts)} select cast(case when ${counted.map((c, i) => `${c} = $${offset + i + 1}`).join(' and ')} then '1' else '${CHECK_FAILED}' end as integer) as checked`
        : `with ${ctes(parts)} select ${counted.map((c, i) => `${c} as u${i + 1}`).join(', ')}`;
  COMBINED.set(key, text);
  registerName(text);
  return text;
}

const PLAIN_INSERTS = new WeakSet<HotStatement>();

function assertPlainInsert(statement: HotStatement): void {
  if (PLAIN_INSERTS.has(statement)) return;
  const text = statement.postgres;
  assert(/^insert into /.test(text) && !/ returning /i.test(text) && !/ on conflict /i.test(text), `only plain inserts are sent together: ${text}`);
  PLAIN_INSERTS.add(statement);
}

const PLAIN_UPDATES = new WeakSet<HotStatement>();

function assertPlainUpdate(statement: HotStatement): void {
  if (PLAIN_UPDATES.has(statement)) return;
  const text = statement.postgres;
  assert(/^update \w+ set /.test(text) && !/ returning /i.test(text) && !/ from /i.test(text), `only plain updates are checked: ${text}`);
  PLAIN_UPDATES.add(statement);
}

/** What may be sent together: each run with its parameters, each a plain insert. */
function assertPlainInserts(runs: readonly HotRun[]): void {
  for (const run of runs) {
    assertParamCount(run.statement, run.params);
    assertPlainInsert(run.statement);
  }
}

/**
 * An update that must change exactly `rowsExpected` rows (a guard in its `where` says when it
 * may not), or the unit of work fails: what can't happen, asserted.
 */
export interface CheckedUpdate extends HotRun {
  readonly rowsExpected: number;
  /** The assertion's message when the rows changed differ. */
  readonly failure: string;
}

export async function runCheckedUpdate(db: Kysely<DB>, update: CheckedUpdate): Promise<void> {
  assertParamCount(update.statement, update.params);
  const result = await executeHot(db, update.statement, update.params);
  assert(rowsChanged(result) === update.rowsExpected, update.failure);
}

/**
 * Checked updates, then plain inserts, in the unit of work: on PostgreSQL as one statement
 * (one round trip, issue 16), elsewhere one by one. Sound for what runHotInserts takes, and
 * for updates of rows the inserts neither read nor write (the parts share one snapshot).
 */
export async function runHotWrites(db: Kysely<DB>, updates: readonly CheckedUpdate[], inserts: readonly HotRun[]): Promise<void> {
  assertCombinable(updates, inserts);
  const text = updates.length > 0 && inserts.length > 0 && isPostgres(db) ? combinedPostgres([...updates, ...inserts].map((r) => r.statement), updates.length) : undefined;
  if (text === undefined) {
    for (const update of updates) await runCheckedUpdate(db, update);
    await runHotInserts(db, inserts);
    return;
  }
  const counts = (await db.executeQuery<Record<string, number>>(CompiledQuery.raw(text, [...updates, ...inserts].flatMap((r) => r.params)))).rows[0];
  updates.forEach((update, i) => assert(Number(counts?.[`u${i + 1}`]) === update.rowsExpected, update.failure));
}

/** What runHotWrites and commitWithWrites may send as one statement: plain updates, then plain inserts, each with its parameters. */
function assertCombinable(updates: readonly CheckedUpdate[], inserts: readonly HotRun[]): void {
  for (const update of updates) {
    assertPlainUpdate(update.statement);
    assertParamCount(update.statement, update.params);
  }
  assertPlainInserts(inserts);
}

/**
 * What an enforced combined statement casts to an integer when a checked update changed other
 * rows than expected: PostgreSQL refuses the cast (22P02), naming this text, and the statement
 * fails with the unit of work. Portable to Postgres-compatible stores, unlike a function that
 * raises.
 */
const CHECK_FAILED = 'kumapay: a checked update changed other rows than expected';

/**
 * The unit of work's last writes, as runHotWrites takes them; on PostgreSQL its commit goes out
 * in the same write (issue 16: one round trip fewer for every payment). Nothing may run in the unit
 * after it: there PostgreSQL refuses it as an assertion (store/postgres-prepared.ts), and were
 * the unit to throw after it, its writes are committed all the same (a retry of an idempotent
 * request gets the stored answer). A checked update that changes other rows than expected still
 * fails the whole unit with its assertion, as in runHotWrites: the statement itself fails, and
 * the commit behind it becomes a rollback.
 */
export async function commitWithWrites(db: Kysely<DB>, updates: readonly CheckedUpdate[], inserts: readonly HotRun[]): Promise<void> {
  const writes = [...updates, ...inserts];
  if (!isPostgres(db) || writes.length === 0) return runHotWrites(db, updates, inserts);
  assertCombinable(updates, inserts);
  const text = writes.length === 1 && updates.length === 0 ? inserts[0]!.statement.postgres : combinedPostgres(writes.map((r) => r.statement), updates.length, true);
  // Past the bounds of combined texts: the writes one by one, and Kysely's own commit.
  if (text === undefined) return runHotWrites(db, updates, inserts);
  const values = [...writes.flatMap((r) => r.params), ...updates.map((u) => u.rowsExpected)];
  try {
    await db.executeQuery(CompiledQuery.raw(PIPELINE_SQL, [pipelineRequest([{ text, values }], { commit: true })]));
  } catch (error) {
    if (error instanceof Error && error.message.includes(CHECK_FAILED)) throw new AssertionError(updates.map((u) => u.failure).join('; '));
    throw error;
  }
}

/**
 * Plain inserts run in order in the unit of work: on SQLite one by one (a statement there is a
 * function call), on PostgreSQL as one statement when they can be (combinedPostgres).
 */
export async function runHotInserts(db: Kysely<DB>, runs: readonly HotRun[]): Promise<void> {
  assertPlainInserts(runs);
  const text = runs.length > 1 && isPostgres(db) ? combinedPostgres(runs.map((r) => r.statement)) : undefined;
  if (text === undefined) {
    // Checked above: each part runs as it is.
    for (const run of runs) await executeHot(db, run.statement, run.params);
    return;
  }
  await db.executeQuery(CompiledQuery.raw(text, runs.flatMap((r) => r.params)));
}

/** The rows a write changed; both drivers report it for insert, update and delete. */
export function rowsChanged(result: QueryResult<unknown>): number {
  return Number(result.numAffectedRows ?? 0n);
}

import pg from 'pg';
import { assert, AssertionError } from '../../../common/assert';
import type { PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';
import { isPipelineRequest, PIPELINE_SQL, type PipelinedResult, type PipelineRequest } from './pipeline';

/**
 * Kysely's PostgreSQL driver sends every statement unnamed, so PostgreSQL parses and plans it
 * each time. This pool hands Kysely clients that send the texts `nameOf` knows as named
 * prepared statements instead: pg prepares a name once per connection (and again on a new
 * connection) and then only binds and executes it. Every other text, and every cursor, goes
 * through untouched.
 *
 * Why not for everything: names are per connection and never freed, so only a bounded set of
 * texts may have one (store/hot-sql.ts). Behind PgBouncer in transaction mode before 1.21 a
 * connection's prepared statements are not the session's, so KUMAPAY_PG_PREPARED=0 turns this
 * off (docs/operations.md).
 *
 * It also holds Kysely's `begin` back and sends it in one write with the unit of work's first
 * statement (`beginWith`): one round trip fewer for every unit of work; and it writes the
 * statements of a pipeline (store/pipeline.ts) together, without waiting for each answer.
 * A pipeline marked `commit` (the unit of work's last writes, hot-sql's commitWithWrites) carries
 * the commit in the same write: one round trip fewer again.
 * With `pipelining: false` (KUMAPAY_PG_PREPARED=0, for poolers that mishandle pipelines) all of
 * it is off: one message exchange at a time, a pipeline's statements one after the other, its
 * commit after them.
 */
export function preparedStatementPool(pool: pg.Pool, nameOf: (text: string) => string | undefined, options: { pipelining: boolean } = { pipelining: true }): PostgresPool {
  return {
    async connect(): Promise<PostgresPoolClient> {
      const client = await pool.connect();
      // Kysely's `begin`, held back until the unit of work's first statement (see beginWith).
      let beginHeld = false;
      // The unit's commit went out with its last writes: Kysely's commit then has nothing to end.
      let committed = false;
      const send: Send = (text, parameters) => {
        const name = nameOf(text);
        if (name === undefined || parameters === undefined) return client.query(text, parameters as unknown[]) as Promise<PostgresQueryResult<unknown>>;
        return client.query({ name, text, values: [...parameters] }) as Promise<PostgresQueryResult<unknown>>;
      };
      const query = ((textOrCursor: unknown, parameters?: ReadonlyArray<unknown>) => {
        if (committed) {
          if (textOrCursor === 'commit' || textOrCursor === 'rollback') {
            committed = false;
            // A rollback: the unit failed. Its transaction has ended if the commit reached
            // PostgreSQL (which then only warns that none is in progress); if not, this ends it.
            return textOrCursor === 'commit' ? Promise.resolve(NO_ROWS) : send('rollback', undefined);
          }
          // It would run outside the transaction and commit on its own.
          return Promise.reject(new AssertionError('a statement after the unit of work committed with its last writes'));
        }
        if (typeof textOrCursor !== 'string') {
          // A cursor (Kysely's streaming, which this backend does not configure) is handed back
          // as itself, at once; a begin held for it would have to go first.
          if (beginHeld) throw new Error('a cursor as the first statement of a unit of work is not supported');
          return client.query(textOrCursor as pg.Submittable);
        }
        if (textOrCursor === PIPELINE_SQL && isPipelineRequest(parameters?.[0])) {
          const request = parameters[0];
          // Whatever the statements' outcome, the transaction ends with them (a commit after a
          // failed statement is a rollback); a unit that fails still sends its rollback (above).
          if (request.commit) committed = true;
          if (!options.pipelining) return oneByOne(send, request);
          const beginFirst = beginHeld;
          beginHeld = false;
          return pipelined(client, request, nameOf, beginFirst);
        }
        if (!options.pipelining) return send(textOrCursor, parameters);
        if (textOrCursor === 'begin') {
          beginHeld = true;
          return Promise.resolve(NO_ROWS);
        }
        if (!beginHeld) return send(textOrCursor, parameters);
        beginHeld = false;
        // A unit of work that ran no statement: there is no transaction to end.
        if (textOrCursor === 'commit' || textOrCursor === 'rollback') return Promise.resolve(NO_ROWS);
        // A statement without parameters goes by the simple protocol, which cannot carry the
        // begin with it: the begin then goes first, on its own, as before.
        if (parameters === undefined || parameters.length === 0) return client.query('begin').then(() => send(textOrCursor, parameters));
        return beginWith(client, { name: nameOf(textOrCursor), text: textOrCursor, values: [...parameters] });
      }) as PostgresPoolClient['query'];
      return {
        query,
        release: (destroy?: boolean) => {
          // Kysely ends what it begins; were a begin still held, nothing of it was sent.
          beginHeld = false;
          committed = false;
          client.release(destroy);
        },
      };
    },
    end: () => pool.end(),
  };
}

const NO_ROWS: PostgresQueryResult<unknown> = { command: 'SELECT', rowCount: 0, rows: [] };

type Send = (text: string, parameters: ReadonlyArray<unknown> | undefined) => Promise<PostgresQueryResult<unknown>>;

/** A pipeline's statements one after the other, each after the previous answer; then its commit. */
async function oneByOne(send: Send, request: PipelineRequest): Promise<PostgresQueryResult<unknown>> {
  const results: PipelinedResult[] = [];
  // A failed statement fails the unit, whose rollback is then sent as it is.
  for (const statement of request.statements) results.push(pipelinedResult(await send(statement.text, statement.values)));
  if (request.commit) await send('commit', undefined);
  return { command: 'SELECT', rowCount: results.length, rows: results };
}

/** One statement's answer as a pipeline returns it, whichever way it was sent. */
function pipelinedResult({ command, rowCount, rows }: { command: string | null; rowCount: number | null; rows: unknown[] }): PipelinedResult {
  return { command, rowCount, rows };
}

/** The parts of node-postgres's Client (pg 8.23) that pipelined drives. */
interface PipelineInternals {
  /** node-postgres's pipeline mode: a query is written at once, not after the previous answer. */
  pipeline: boolean;
  connection?: { stream?: { cork?(): void; uncork?(): void } };
}

/**
 * Issue 16: statements of one unit of work written together and answered together, one round
 * trip for all (node-postgres's pipeline mode, turned on for them only). PostgreSQL still runs
 * them one after the other, in order, each to its end (a lock waited for included) before it
 * reads the next; so in READ COMMITTED each later statement takes its snapshot after the earlier
 * ones finished, as if it had been sent after their answers. Each has its own Sync: an error in
 * one leaves the transaction aborted, so every later one fails too and the unit of work with
 * them; the first error is the one thrown. Kysely holds the connection for the unit of work and
 * awaits this, so nothing else is written to the connection meanwhile.
 */
async function pipelined(client: pg.PoolClient, request: PipelineRequest, nameOf: (text: string) => string | undefined, beginFirst: boolean): Promise<PostgresQueryResult<unknown>> {
  const internals = client as unknown as PipelineInternals;
  const stream = internals.connection?.stream;
  internals.pipeline = true;
  // One write for all of them: each query corks and uncorks the socket itself, which nests.
  stream?.cork?.();
  let answers: Promise<pg.QueryResult>[];
  try {
    answers = [
      ...(beginFirst ? [client.query('begin')] : []),
      ...request.statements.map((statement) => {
        const name = nameOf(statement.text);
        const values = [...statement.values];
        return client.query(name === undefined ? { text: statement.text, values } : { name, text: statement.text, values });
      }),
      ...(request.commit ? [client.query('commit')] : []),
    ];
  } finally {
    stream?.uncork?.();
  }
  const settled = await Promise.allSettled(answers);
  // Only now: a query written in pipeline mode is matched to its answer only in that mode.
  internals.pipeline = false;
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) throw failed.reason as Error;
  const values = settled.map((s) => (s as PromiseFulfilledResult<pg.QueryResult>).value);
  // After statements that all succeeded, PostgreSQL answers a commit with COMMIT.
  if (request.commit) assert(values[values.length - 1]?.command === 'COMMIT', `a pipeline's commit answered ${values[values.length - 1]?.command}`);
  const results = values.slice(beginFirst ? 1 : 0, request.commit ? -1 : undefined).map(pipelinedResult);
  return { command: 'SELECT', rowCount: results.length, rows: results };
}

/** The parts of node-postgres's Query and Connection (pg 8) that beginWith drives. */
interface QueryInternals {
  name?: string;
  prepare(connection: ConnectionInternals): void;
  handleCommandComplete(message: { text: string }, connection: ConnectionInternals): void;
  handleError(error: Error, connection: ConnectionInternals): void;
}
interface ConnectionInternals {
  parsedStatements: Record<string, string>;
  submittedNamedStatements: Record<string, string>;
  parse(message: { text: string; name: string }): void;
  bind(message: Record<string, never>): void;
  execute(message: Record<string, never>): void;
}

/**
 * Issue 16: on PostgreSQL a unit of work's `begin` was a round trip of its own (one of a card
 * payment's eight). The extended protocol lets it go ahead of the first statement in the same
 * write, with one Sync after both (a pipeline): PostgreSQL runs the begin, then the statement
 * inside the transaction it opened, and answers both in one reply; an error in either skips the
 * rest up to the Sync, as for a statement alone. node-postgres sends a Query's Parse, Bind,
 * Describe, Execute and Sync in one corked write (`prepare`); this Query writes the begin's
 * Parse, Bind and Execute first, in the same write, and keeps the begin's CommandComplete out
 * of the statement's result.
 */
function beginWith(client: pg.PoolClient, config: { name: string | undefined; text: string; values: unknown[] }): Promise<PostgresQueryResult<unknown>> {
  return new Promise((resolve, reject) => {
    const query = new pg.Query(config.name === undefined ? { text: config.text, values: config.values } : { name: config.name, text: config.text, values: config.values }, (error, result) => {
      if (error) reject(error);
      else resolve(result as unknown as PostgresQueryResult<unknown>);
    });
    const internals = query as unknown as QueryInternals;
    const prepare = internals.prepare.bind(query);
    const commandComplete = internals.handleCommandComplete.bind(query);
    const handleError = internals.handleError.bind(query);
    let beginAnswered = false;
    let parsedHere = false;
    internals.prepare = (connection) => {
      const name = internals.name;
      parsedHere = name !== undefined && connection.parsedStatements[name] === undefined && connection.submittedNamedStatements[name] === undefined;
      connection.parse({ text: 'begin', name: '' });
      connection.bind({});
      connection.execute({});
      prepare(connection);
    };
    internals.handleCommandComplete = (message, connection) => {
      if (!beginAnswered) {
        beginAnswered = true;
        return;
      }
      commandComplete(message, connection);
    };
    internals.handleError = (error, connection) => {
      // node-postgres records a named statement as prepared on the first ParseComplete it sees
      // while the query is active, which here is the begin's: if the statement's own Parse then
      // failed, that record is false and the next use would skip the Parse.
      if (parsedHere && internals.name !== undefined) {
        delete connection.parsedStatements[internals.name];
        delete connection.submittedNamedStatements[internals.name];
      }
      handleError(error, connection);
    };
    client.query(query);
  });
}

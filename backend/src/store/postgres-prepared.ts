import pg from 'pg';
import type { PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';

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
 * statement (`beginWith`): one round trip fewer for every unit of work.
 */
export function preparedStatementPool(pool: pg.Pool, nameOf: (text: string) => string | undefined): PostgresPool {
  return {
    async connect(): Promise<PostgresPoolClient> {
      const client = await pool.connect();
      // Kysely's `begin`, held back until the unit of work's first statement (see beginWith).
      let beginHeld = false;
      const send = (text: string, parameters: ReadonlyArray<unknown> | undefined): Promise<PostgresQueryResult<unknown>> => {
        const name = nameOf(text);
        if (name === undefined || parameters === undefined) return client.query(text, parameters as unknown[]) as Promise<PostgresQueryResult<unknown>>;
        return client.query({ name, text, values: [...parameters] }) as Promise<PostgresQueryResult<unknown>>;
      };
      const query = ((textOrCursor: unknown, parameters?: ReadonlyArray<unknown>) => {
        if (typeof textOrCursor !== 'string') {
          // A cursor (Kysely's streaming, which this backend does not configure) is handed back
          // as itself, at once; a begin held for it would have to go first.
          if (beginHeld) throw new Error('a cursor as the first statement of a unit of work is not supported');
          return client.query(textOrCursor as pg.Submittable);
        }
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
          client.release(destroy);
        },
      };
    },
    end: () => pool.end(),
  };
}

const NO_ROWS: PostgresQueryResult<unknown> = { command: 'SELECT', rowCount: 0, rows: [] };

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

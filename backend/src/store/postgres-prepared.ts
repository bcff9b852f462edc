import type pg from 'pg';
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
 */
export function preparedStatementPool(pool: pg.Pool, nameOf: (text: string) => string | undefined): PostgresPool {
  return {
    async connect(): Promise<PostgresPoolClient> {
      const client = await pool.connect();
      const query = ((textOrCursor: unknown, parameters?: ReadonlyArray<unknown>) => {
        const name = typeof textOrCursor === 'string' ? nameOf(textOrCursor) : undefined;
        if (name === undefined || parameters === undefined) return client.query(textOrCursor as string, parameters as unknown[]);
        return client.query({ name, text: textOrCursor as string, values: [...parameters] }) as Promise<PostgresQueryResult<unknown>>;
      }) as PostgresPoolClient['query'];
      return { query, release: (destroy?: boolean) => client.release(destroy) };
    },
    end: () => pool.end(),
  };
}

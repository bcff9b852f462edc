import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { CompiledQuery, Kysely, PostgresDialect, sql } from 'kysely';
import { AssertionError } from '../../../common/assert';
import { freshDatabase, PG_URL, type TestDatabase } from '../testing/stores';
import { preparedStatementPool } from './postgres-prepared';
import { PIPELINE_SQL, pipelineRequest } from './pipeline';
import { hotSql, runHot, runHotPipeline, type HotRun } from './hot-sql';
import type { DB } from './schema';

const NAMED = {
  'insert into t (id, note) values ($1, $2)': 'kp_test_insert',
  'select count(*)::int as n from t where id = $1': 'kp_test_count',
  'select id from later_table where id = $1': 'kp_test_later',
} as Record<string, string>;

interface Db {
  t: { id: number; note: string };
}

/**
 * Issue 16: a unit of work's `begin` costs no round trip of its own: it goes out in one write
 * with the unit's first statement. What must not change: that statement and every later one
 * run inside the transaction (a rollback leaves none of them), errors end the unit as before,
 * and a connection stays usable after any of it.
 */
describe.skipIf(!PG_URL)('begin goes out with the first statement (PostgreSQL; skipped without KUMAPAY_TEST_PG_URL)', () => {
  let database: TestDatabase;
  let pool: pg.Pool;
  let db: Kysely<Db>;
  let roundTrips = 0;

  beforeAll(async () => {
    database = await freshDatabase('postgres');
    // One connection: every test reuses the one the previous test left behind.
    pool = new pg.Pool({ connectionString: database.url, max: 1 });
    pool.on('connect', (client) => {
      (client as unknown as { connection: { on(event: 'readyForQuery', listener: () => void): void } }).connection.on('readyForQuery', () => (roundTrips += 1));
    });
    db = new Kysely<Db>({ dialect: new PostgresDialect({ pool: preparedStatementPool(pool, (text) => NAMED[text]) }) });
    await sql`create table t (id int primary key, note text not null)`.execute(db);
  });
  afterAll(async () => {
    await db.destroy();
    await database.drop();
  });

  const countOf = async (id: number) => (await sql<{ n: number }>`select count(*)::int as n from t where id = ${id}`.execute(db)).rows[0]!.n;
  /** Runs `first` as a unit's first statement, then refuses the unit; resolves once it is rolled back. */
  const refusedAfter = (first: (tx: Kysely<Db>) => Promise<unknown>) =>
    expect(
      db.transaction().execute(async (tx) => {
        await first(tx);
        throw new Error('refused after the first statement');
      }),
    ).rejects.toThrow('refused after the first statement');
  const counted = async <T>(work: () => Promise<T>): Promise<{ value: T; roundTrips: number }> => {
    const before = roundTrips;
    const value = await work();
    return { value, roundTrips: roundTrips - before };
  };

  it('When a unit of work runs two statements, then it takes three round trips (not four) and both commit', async () => {
    const { roundTrips: taken } = await counted(() =>
      db.transaction().execute(async (tx) => {
        await tx.insertInto('t').values({ id: 1, note: 'a' }).execute();
        await tx.insertInto('t').values({ id: 2, note: 'b' }).execute();
      }),
    );
    expect(taken).toBe(3);
    expect(await countOf(1)).toBe(1);
    expect(await countOf(2)).toBe(1);
  });

  it('When a unit of work fails after its first statement, then that statement is rolled back with it (it ran inside the transaction)', async () => {
    await refusedAfter((tx) => tx.insertInto('t').values({ id: 10, note: 'first' }).execute());
    expect(await countOf(10)).toBe(0);
  });

  it('When the first statement itself fails, then nothing is written and the connection takes the next unit of work', async () => {
    await expect(
      db.transaction().execute(async (tx) => {
        await tx.insertInto('t').values({ id: 1, note: 'duplicate key' }).execute();
      }),
    ).rejects.toMatchObject({ code: '23505' });
    await db.transaction().execute(async (tx) => {
      await tx.insertInto('t').values({ id: 11, note: 'next' }).execute();
    });
    expect(await countOf(11)).toBe(1);
  });

  it('When the first statement has no parameters, then it still runs inside the transaction', async () => {
    await refusedAfter((tx) => sql`insert into t (id, note) values (20, 'no parameters')`.execute(tx));
    expect(await countOf(20)).toBe(0);
  });

  it('When a named statement is first prepared with the begin, then it runs inside the transaction and is reused after', async () => {
    await refusedAfter((tx) => sql`insert into t (id, note) values (${30}, ${'named'})`.execute(tx));
    expect(await countOf(30)).toBe(0);
    await db.transaction().execute(async (tx) => {
      await sql`insert into t (id, note) values (${31}, ${'named again'})`.execute(tx);
    });
    const { rows } = await pool.query<{ name: string }>('select name from pg_prepared_statements');
    expect(rows.map((r) => r.name)).toContain('kp_test_insert');
    expect(await countOf(31)).toBe(1);
  });

  it('When a named statement fails to prepare with the begin, then a later use on the same connection prepares it again', async () => {
    const later = (tx: Kysely<Db>) => sql<{ id: number }>`select id from later_table where id = ${1}`.execute(tx);
    await expect(db.transaction().execute(later)).rejects.toMatchObject({ code: '42P01' });
    await sql`create table later_table (id int primary key)`.execute(db);
    await expect(db.transaction().execute(later)).resolves.toMatchObject({ rows: [] });
  });

  it('When a unit of work runs no statement, then it commits nothing and the connection stays usable', async () => {
    const { roundTrips: taken } = await counted(() => db.transaction().execute(async () => 'empty'));
    expect(taken).toBeLessThanOrEqual(2);
    expect(await countOf(1)).toBe(1);
  });
});

/**
 * Issue 16: statements of one unit of work written together (store/pipeline.ts), answered
 * together: one round trip instead of one each. What must not change: each statement's answer
 * is its own, they run in order inside the unit's transaction, an error fails the unit with the
 * statement's own error, and the connection's prepared statements stay true to what PostgreSQL
 * holds.
 */
describe.skipIf(!PG_URL)('statements sent as one pipeline (PostgreSQL, issue 16; skipped without KUMAPAY_TEST_PG_URL)', () => {
  let database: TestDatabase;
  const pools: pg.Pool[] = [];
  /** What the connection did, in order: `w` a message written, `r` an answer's end (ReadyForQuery). */
  let wire: string[] = [];
  const INSERT = hotSql('insert into p (id, note) values ($1, $2)');
  const COUNT = hotSql('select count(*)::int as n from p where id >= $1');
  const NOTE = hotSql('select note from p where id = $1');
  const names: Record<string, string> = { [INSERT.postgres]: 'kp_pipe_insert', [COUNT.postgres]: 'kp_pipe_count' };

  const kyselyOver = (pipelining: boolean) => {
    const pool = new pg.Pool({ connectionString: database.url, max: 1 });
    pools.push(pool);
    pool.on('connect', (client) => {
      const connection = (client as unknown as { connection: { stream: { write: (...args: unknown[]) => boolean }; on(event: 'readyForQuery', listener: () => void): void } }).connection;
      const write = connection.stream.write.bind(connection.stream);
      connection.stream.write = (...args: unknown[]) => {
        wire.push('w');
        return write(...args);
      };
      connection.on('readyForQuery', () => wire.push('r'));
    });
    return new Kysely<DB>({ dialect: new PostgresDialect({ pool: preparedStatementPool(pool, (text) => names[text], { pipelining }) }) });
  };
  let db: Kysely<DB>;
  let oneByOneDb: Kysely<DB>;
  const noteOf = async (id: number) => (await sql<{ note: string }>`select note from p where id = ${id}`.execute(db)).rows.map((r) => r.note);

  beforeAll(async () => {
    database = await freshDatabase('postgres');
    db = kyselyOver(true);
    oneByOneDb = kyselyOver(false);
    await sql`create table p (id int primary key, note text not null)`.execute(db);
  });
  afterAll(async () => {
    await db.destroy();
    await oneByOneDb.destroy();
    await database.drop();
  });

  const threeStatements = (id: number): HotRun[] => [
    { statement: INSERT, params: [id, `note ${id}`] },
    { statement: COUNT, params: [id] },
    { statement: NOTE, params: [id] },
  ];

  it('When three statements go as a pipeline, then all are written before the first answer comes back, and each gets its own answer in order', async () => {
    await db.transaction().execute((tx) => runHot(tx, INSERT, [0, 'first']));
    wire = [];
    const { results, seen } = await db.transaction().execute(async (tx) => {
      await runHot(tx, NOTE, [0]);
      wire = [];
      return { results: await runHotPipeline(tx, threeStatements(100)), seen: [...wire] };
    });
    expect(results.map((r) => [r.numAffectedRows, r.rows])).toEqual([[1n, []], [undefined, [{ n: 1 }]], [undefined, [{ note: 'note 100' }]]]);
    const firstAnswer = seen.indexOf('r');
    expect(firstAnswer).toBeGreaterThan(0);
    expect(seen.slice(firstAnswer)).toEqual(['r', 'r', 'r']);
  });

  it('When a pipeline is the first thing a unit of work sends, then its begin goes with it and its statements are rolled back with the unit', async () => {
    await expect(
      db.transaction().execute(async (tx) => {
        await runHotPipeline(tx, threeStatements(200));
        throw new Error('refused after the pipeline');
      }),
    ).rejects.toThrow('refused after the pipeline');
    expect(await noteOf(200)).toEqual([]);
  });

  it('When a statement in the middle of a pipeline fails, then the unit fails with that statement’s own error, nothing stays, and the same statements run on that connection afterwards', async () => {
    const clash: HotRun[] = [{ statement: INSERT, params: [300, 'new'] }, { statement: INSERT, params: [100, 'key taken'] }, { statement: COUNT, params: [300] }];
    await expect(db.transaction().execute((tx) => runHotPipeline(tx, clash))).rejects.toMatchObject({ code: '23505' });
    expect(await noteOf(300)).toEqual([]);
    // A named statement whose Parse was refused (the transaction was aborted) is not taken for prepared.
    const again = await db.transaction().execute((tx) => runHotPipeline(tx, threeStatements(300)));
    expect(again[2]!.rows).toEqual([{ note: 'note 300' }]);
  });

  it('When pipelining is off (KUMAPAY_PG_PREPARED=0), then each statement waits for the previous answer, with the same answers', async () => {
    const { results, seen } = await oneByOneDb.transaction().execute(async (tx) => {
      await runHot(tx, NOTE, [0]);
      wire = [];
      return { results: await runHotPipeline(tx, threeStatements(400)), seen: [...wire] };
    });
    expect(results.map((r) => r.rows)).toEqual([[], [{ n: 1 }], [{ note: 'note 400' }]]);
    expect(seen.join('').replace(/w+/g, 'w')).toBe('wrwrwr');
  });

  /** The unit's last statements with its commit, as hot-sql's commitWithWrites sends them. */
  const lastWrites = (tx: Kysely<DB>, runs: readonly HotRun[]) =>
    tx.executeQuery(CompiledQuery.raw(PIPELINE_SQL, [pipelineRequest(runs.map((r) => ({ text: r.statement.postgres, values: r.params })), { commit: true })]));

  it('When a unit’s last statements carry its commit, then statements and commit go in one write, Kysely’s commit sends nothing more, and the rows are committed', async () => {
    const { seen } = await db.transaction().execute(async (tx) => {
      await runHot(tx, NOTE, [0]);
      wire = [];
      await lastWrites(tx, [{ statement: INSERT, params: [500, 'last'] }, { statement: INSERT, params: [501, 'last too'] }]);
      return { seen: [...wire] };
    });
    // Written at once, then the two statements' and the commit's answers; nothing after.
    expect(seen.join('').replace(/w+/g, 'w')).toBe('wrrr');
    expect(wire.join('').replace(/w+/g, 'w')).toBe('wrrr');
    expect([await noteOf(500), await noteOf(501)]).toEqual([['last'], ['last too']]);
  });

  it('When one of those statements fails, then the commit sent with it ends the transaction as a rollback: the unit fails with that error, nothing of it stays, and the connection takes the next unit', async () => {
    const unit = db.transaction().execute(async (tx) => {
      await runHot(tx, INSERT, [600, 'before the last writes']);
      await lastWrites(tx, [{ statement: INSERT, params: [601, 'new'] }, { statement: INSERT, params: [500, 'key taken'] }]);
    });
    await expect(unit).rejects.toMatchObject({ code: '23505' });
    expect([await noteOf(600), await noteOf(601)]).toEqual([[], []]);
    await db.transaction().execute((tx) => runHot(tx, INSERT, [602, 'next unit']));
    await expect(db.transaction().execute(async (tx) => {
      await runHot(tx, INSERT, [603, 'rolled back']);
      throw new Error('refused');
    })).rejects.toThrow('refused');
    expect([await noteOf(602), await noteOf(603)]).toEqual([['next unit'], []]);
  });

  it('When a unit sends a statement after its commit went out, then that statement is refused as an assertion (it would run outside the transaction) and what was committed stays', async () => {
    const unit = db.transaction().execute(async (tx) => {
      await lastWrites(tx, [{ statement: INSERT, params: [700, 'committed'] }]);
      await runHot(tx, INSERT, [701, 'after the commit']);
    });
    await expect(unit).rejects.toThrow(AssertionError);
    expect([await noteOf(700), await noteOf(701)]).toEqual([['committed'], []]);
    await db.transaction().execute((tx) => runHot(tx, INSERT, [702, 'next unit']));
    expect(await noteOf(702)).toEqual(['next unit']);
  });

  it('When pipelining is off, then the commit follows the statements’ answers, and a failed statement is rolled back before the unit fails', async () => {
    const { seen } = await oneByOneDb.transaction().execute(async (tx) => {
      await runHot(tx, NOTE, [0]);
      wire = [];
      await lastWrites(tx, [{ statement: INSERT, params: [800, 'one by one'] }]);
      return { seen: [...wire] };
    });
    expect(seen.join('').replace(/w+/g, 'w')).toBe('wrwr');
    expect(await noteOf(800)).toEqual(['one by one']);
    const unit = oneByOneDb.transaction().execute(async (tx) => {
      await runHot(tx, INSERT, [801, 'before']);
      await lastWrites(tx, [{ statement: INSERT, params: [800, 'key taken'] }]);
    });
    await expect(unit).rejects.toMatchObject({ code: '23505' });
    expect(await noteOf(801)).toEqual([]);
    await oneByOneDb.transaction().execute((tx) => runHot(tx, INSERT, [802, 'next unit']));
    expect(await noteOf(802)).toEqual(['next unit']);
  });
});

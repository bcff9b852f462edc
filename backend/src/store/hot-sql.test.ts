import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AssertionError } from '../../../common/assert';
import { sql } from 'kysely';
import { freshDatabase, PG_URL, STORE_KINDS, type TestDatabase } from '../testing/stores';
import { moveLots } from '../usecases/ledger';
import { hotSql, hotSqlByDialect, postgresStatementName, runHot, valuesRows } from './hot-sql';
import { LAST_DAY_CLOSE, MOVE_LOTS } from './hot-statements';
import { openStore } from './open-store';
import type { Store } from './store';

describe('hot SQL texts', () => {
  it('When a statement uses $n placeholders, then SQLite gets one ? per use bound to the same parameter', () => {
    const s = hotSql('select $2 as b, $1 as a where $2 = $2');
    expect(s.postgres).toBe('select $2 as b, $1 as a where $2 = $2');
    expect(s.sqlite).toBe('select ? as b, ? as a where ? = ?');
    expect(s.sqliteParamIndexes).toEqual([1, 0, 1, 1]);
    expect(s.paramCount).toBe(2);
  });

  it('When a placeholder is skipped or the two dialect texts disagree, then it is refused at load', () => {
    expect(() => hotSql('select $1, $3')).toThrow(AssertionError);
    expect(() => hotSqlByDialect({ postgres: 'select $1, $2 for update', sqlite: 'select $1' })).toThrow(AssertionError);
  });

  it('When rows of values are laid out, then each row numbers its own placeholders', () => {
    expect(valuesRows(2, 3)).toBe('($1, $2, $3), ($4, $5, $6)');
    expect(hotSql(`insert into t values ${valuesRows(2, 2)}`).paramCount).toBe(4);
  });

  it('When lots move and roll together, then one update names every lot once per case', () => {
    const s = MOVE_LOTS.get('2:1');
    expect(s.paramCount).toBe(6);
    expect(s.postgres).toContain('where id in ($1, $3, $5)');
    expect(MOVE_LOTS.get('2:1')).toBe(s);
  });
});

describe.each(STORE_KINDS)('moving lots in one statement (%s)', (kind) => {
  let db: TestDatabase;
  let store: Store;
  beforeAll(async () => {
    db = await freshDatabase(kind);
    store = await openStore(db.url);
    await store.write(async (tx) => {
      for (const [id, balanceYen] of [['a', 1000], ['b', 500], ['c', 0]] as const) {
        await tx.insertInto('lots').values({ id, wallet_id: 'w', kind: 'charge', campaign_id: null, balance_yen: balanceYen, expires_at_ms: 10, created_at_ms: 1 }).execute();
      }
    });
  });
  afterAll(async () => {
    await store.close();
    await db.drop();
  });
  const lots = async () => Object.fromEntries((await store.read.selectFrom('lots').select(['id', 'balance_yen', 'expires_at_ms']).orderBy('id').execute()).map((r) => [r.id, [r.balance_yen, r.expires_at_ms]]));

  it('When several lots are spent and one rolls its expiry, then all change together', async () => {
    await store.write((tx) => moveLots(tx, [{ lotId: 'a', deltaYen: -300 }, { lotId: 'b', deltaYen: -500 }], [{ lotId: 'c', expiresAtMs: 2_000_000_000_000 }]));
    expect(await lots()).toEqual({ a: [700, 10], b: [0, 10], c: [0, 2_000_000_000_000] });
  });

  it('When one lot would go below zero, then the unit of work fails and no lot moves', async () => {
    await expect(store.write((tx) => moveLots(tx, [{ lotId: 'a', deltaYen: -100 }, { lotId: 'b', deltaYen: -1 }]))).rejects.toThrow(AssertionError);
    await expect(store.write((tx) => moveLots(tx, [{ lotId: 'missing', deltaYen: 5 }]))).rejects.toThrow(AssertionError);
    expect(await lots()).toEqual({ a: [700, 10], b: [0, 10], c: [0, 2_000_000_000_000] });
  });
});

describe.skipIf(!PG_URL)('the payment path as prepared statements on PostgreSQL (issue 16; skipped without KUMAPAY_TEST_PG_URL)', () => {
  let db: TestDatabase;
  let store: Store;
  beforeAll(async () => {
    db = await freshDatabase('postgres');
    store = await openStore(db.url);
  });
  afterAll(async () => {
    await store.close();
    await db.drop();
  });

  it('When a hot statement runs, then its connection prepared it once under its name, and other SQL stays unnamed', async () => {
    const prepared = await store.write(async (tx) => {
      await runHot(tx, LAST_DAY_CLOSE, ['t-1']);
      await runHot(tx, LAST_DAY_CLOSE, ['t-1']);
      await tx.selectFrom('terminals').select('id').where('id', '=', 't-1').execute();
      return (await sql<{ name: string; statement: string }>`select name, statement from pg_prepared_statements`.execute(tx)).rows;
    });
    expect(prepared).toEqual([{ name: postgresStatementName(LAST_DAY_CLOSE.postgres), statement: LAST_DAY_CLOSE.postgres }]);
    expect(postgresStatementName(LAST_DAY_CLOSE.postgres)).toMatch(/^kumapay_hot_\d+$/);
  });

  it('When a statement shape is built past the cache bound, then it runs unnamed (a connection prepares a bounded set)', () => {
    const shapes = Array.from({ length: 70 }, (_, i) => MOVE_LOTS.get(`${i + 1}:0`));
    expect(shapes.filter((s) => postgresStatementName(s.postgres) === undefined).length).toBeGreaterThan(0);
    expect(postgresStatementName(shapes[0]!.postgres)).toBeDefined();
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { directRunner } from './sqlite-direct';
import { haveSameMap } from '../testing/v8-intrinsics';

/**
 * Issue 16: the ledger worker's hot statements skip Kysely and read rows raw. A use case reads
 * the same rows whichever path ran its statement, so the rows must be the ones better-sqlite3
 * itself builds: names, order, values and types.
 */
describe('the direct runner (store/sqlite-direct.ts)', () => {
  let db: Database.Database;
  beforeEach(() => {
    db = new Database(':memory:');
    db.exec(`create table lots (id text primary key, balance_yen integer not null, label text, ratio real, blob_part blob);
      insert into lots values ('a', 1200, '限定①', 0.5, x'01ff'), ('b', 0, null, null, null), ('c', 9007199254740991, 'x', -1.25, x'')`);
  });
  afterEach(() => db.close());

  const ownCache = () => {
    const cache = new Map<string, Database.Statement>();
    return (text: string) => cache.get(text) ?? cache.set(text, db.prepare(text)).get(text)!;
  };

  it('When a hot statement reads rows, then each row is the object better-sqlite3 builds, key order included, every time it runs', () => {
    const run = directRunner(ownCache());
    const text = 'select id, balance_yen, label, ratio, blob_part, balance_yen * 2 as doubled from lots where balance_yen >= ? order by id';
    for (const min of [0, 1, 0]) {
      const rows = run(text, [min]).rows;
      const expected = db.prepare(text).all(min);
      expect(rows).toEqual(expected);
      expect(rows.map((r) => Object.keys(r as object))).toEqual(expected.map((r) => Object.keys(r as object)));
    }
    expect(run(text, [0]).rows[0]).toEqual({ id: 'a', balance_yen: 1200, label: '限定①', ratio: 0.5, blob_part: Buffer.from([0x01, 0xff]), doubled: 2400 });
  });

  it('When two columns share a name, then the later one is the row\'s value, as better-sqlite3 gives it', () => {
    const run = directRunner(ownCache());
    const text = "select id, label as id from lots where id = 'a'";
    expect(run(text, []).rows).toEqual(db.prepare(text).all());
    expect(run(text, []).rows).toEqual([{ id: '限定①' }]);
  });

  it('Issue 16: When a statement reads rows again and again, then its rows share one hidden class, whatever their values', () => {
    const run = directRunner(ownCache());
    const text = 'select id, balance_yen, label, ratio from lots order by id';
    const rows = [...run(text, []).rows, ...run(text, []).rows] as object[];
    expect(rows).toHaveLength(6);
    for (const row of rows.slice(1)) expect(haveSameMap(rows[0]!, row)).toBe(true);
  });

  it('When a column\'s name has quotes, a backslash or Japanese, or is __proto__ (twice), then the row still carries it as better-sqlite3 names it, and nothing of the name runs', () => {
    const run = directRunner(ownCache());
    const text = `select id as "残高 ""x"" \\ }; throw 1; //", label as "__proto__", balance_yen as "1", null as "__proto__" from lots where id = 'a'`;
    const rows = run(text, []).rows as Record<string, unknown>[];
    const expected = db.prepare(text).all() as Record<string, unknown>[];
    expect(Object.keys(rows[0]!)).toEqual(Object.keys(expected[0]!));
    expect(rows[0]!['残高 "x" \\ }; throw 1; //']).toBe('a');
    expect(rows[0]!['1']).toBe(1200);
    // The string is ignored and the null taken as the prototype, there as here.
    expect(Object.getPrototypeOf(expected[0])).toBeNull();
    expect(Object.getPrototypeOf(rows[0])).toBeNull();
  });

  it('When a null __proto__ column comes before another __proto__ and more columns, then the row has the same own keys in the same order as better-sqlite3 gives', () => {
    const run = directRunner(ownCache());
    // Once the prototype is null, the next __proto__ is an own property, made where it comes.
    const text = `select id, null as "__proto__", label as "__proto__", balance_yen from lots where id = 'a'`;
    const [row] = run(text, []).rows as Record<string, unknown>[];
    const [expected] = db.prepare(text).all() as Record<string, unknown>[];
    expect(Object.getOwnPropertyNames(row)).toEqual(Object.getOwnPropertyNames(expected));
    expect(Object.getOwnPropertyNames(row)).toEqual(['id', '__proto__', 'balance_yen']);
    expect(Object.getPrototypeOf(row)).toBeNull();
    expect(Object.getOwnPropertyDescriptor(row, '__proto__')?.value).toBe(Object.getOwnPropertyDescriptor(expected, '__proto__')?.value);
  });

  it('When nothing matches, then no rows; a write answers its row count and rowid as Kysely\'s driver does', () => {
    const run = directRunner(ownCache());
    expect(run("select id from lots where id = 'zz'", []).rows).toEqual([]);
    expect(run('update lots set balance_yen = balance_yen + 1 where balance_yen > 0', [])).toEqual({ rows: [], numAffectedRows: 2n, insertId: 3n });
    expect(run("insert into lots (id, balance_yen) values ('d', 5)", [])).toEqual({ rows: [], numAffectedRows: 1n, insertId: 4n });
  });
});

import { describe, expect, it } from 'vitest';
import { AssertionError } from '../../../common/assert';
import { sql } from 'kysely';
import { PG_URL, STORE_KINDS } from '../testing/stores';
import { suiteStore } from '../testing/suite-store';
import type { Store } from './store';
import { account, entryInserts, lotMoves, moveLots } from '../usecases/ledger';
import { commitWithWrites, hotSql, hotSqlByDialect, postgresStatementName, runHot, runHotInserts, runHotWrites, valuesRows } from './hot-sql';
import { TERMINAL_LAST_CLOSE, MOVE_LOTS } from './hot-statements';

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
  const store = suiteStore(kind, {
    seed: async (seeded) => {
      await seeded.write(async (tx) => {
        for (const [id, balanceYen] of [['a', 1000], ['b', 500], ['c', 0]] as const) {
          await tx.insertInto('lots').values({ id, wallet_id: 'w', kind: 'charge', campaign_id: null, balance_yen: balanceYen, expires_at_ms: 10, created_at_ms: 1 }).execute();
        }
      });
    },
  });
  const lots = async () => Object.fromEntries((await store().read.selectFrom('lots').select(['id', 'balance_yen', 'expires_at_ms']).orderBy('id').execute()).map((r) => [r.id, [r.balance_yen, r.expires_at_ms]]));

  it('When several lots are spent and one rolls its expiry, then all change together', async () => {
    await store().write((tx) => moveLots(tx, [{ lotId: 'a', deltaYen: -300 }, { lotId: 'b', deltaYen: -500 }], [{ lotId: 'c', expiresAtMs: 2_000_000_000_000 }]));
    expect(await lots()).toEqual({ a: [700, 10], b: [0, 10], c: [0, 2_000_000_000_000] });
  });

  it('When one lot would go below zero, then the unit of work fails and no lot moves', async () => {
    await expect(store().write((tx) => moveLots(tx, [{ lotId: 'a', deltaYen: -100 }, { lotId: 'b', deltaYen: -1 }]))).rejects.toThrow(AssertionError);
    await expect(store().write((tx) => moveLots(tx, [{ lotId: 'missing', deltaYen: 5 }]))).rejects.toThrow(AssertionError);
    expect(await lots()).toEqual({ a: [700, 10], b: [0, 10], c: [0, 2_000_000_000_000] });
  });
});

describe.skipIf(!PG_URL)('the payment path as prepared statements on PostgreSQL (issue 16; skipped without KUMAPAY_TEST_PG_URL)', () => {
  const store = suiteStore('postgres');

  it('When a hot statement runs, then its connection prepared it once under its name, and other SQL stays unnamed', async () => {
    const prepared = await store().write(async (tx) => {
      await runHot(tx, TERMINAL_LAST_CLOSE, ['t-1']);
      await runHot(tx, TERMINAL_LAST_CLOSE, ['t-1']);
      await tx.selectFrom('terminals').select('id').where('id', '=', 't-1').execute();
      return (await sql<{ name: string; statement: string }>`select name, statement from pg_prepared_statements`.execute(tx)).rows;
    });
    expect(prepared).toEqual([{ name: postgresStatementName(TERMINAL_LAST_CLOSE.postgres), statement: TERMINAL_LAST_CLOSE.postgres }]);
    expect(postgresStatementName(TERMINAL_LAST_CLOSE.postgres)).toMatch(/^kumapay_hot_\d+$/);
  });

  it('When a statement shape is built past the cache bound, then it runs unnamed (a connection prepares a bounded set)', () => {
    const shapes = Array.from({ length: 70 }, (_, i) => MOVE_LOTS.get(`${i + 1}:0`));
    expect(shapes.filter((s) => postgresStatementName(s.postgres) === undefined).length).toBeGreaterThan(0);
    expect(postgresStatementName(shapes[0]!.postgres)).toBeDefined();
  });
});

describe.each(STORE_KINDS)('plain inserts sent together (%s, issue 16)', (kind) => {
  const store = suiteStore(kind);
  const entry = (id: string) =>
    entryInserts({ id, type: 'payment', occurredAtMs: 1, recordedAtMs: 1, walletId: 'w-1', merchantId: 'm-1', terminalId: 't-1', staffId: null, refId: `ref-${id}` }, [
      { account: account.lot, lotId: 'lot-1', amountYen: -700 },
      { account: account.merchantPayable('m-1'), amountYen: 700 },
    ]);
  const rowsOf = async (id: string) => ({
    entries: (await store().read.selectFrom('journal_entries').select('ref_id').where('id', '=', id).execute()).map((r) => r.ref_id),
    postings: (await store().read.selectFrom('postings').select(['line_no', 'amount_yen']).where('entry_id', '=', id).orderBy('line_no').execute()).map((r) => [r.line_no, r.amount_yen]),
  });

  it('When an entry and its postings are inserted together, then every row lands with its own values', async () => {
    await store().write((tx) => runHotInserts(tx, entry('e-1')));
    expect(await rowsOf('e-1')).toEqual({ entries: ['ref-e-1'], postings: [[1, -700], [2, 700]] });
    if (kind === 'postgres') {
      const prepared = await store().write(async (tx) => {
        await runHotInserts(tx, entry('e-2'));
        return (await sql<{ statement: string }>`select statement from pg_prepared_statements`.execute(tx)).rows.map((r) => r.statement);
      });
      // One statement for both tables: one round trip.
      expect(prepared.filter((t) => t.startsWith('with w1 as (insert into journal_entries'))).toHaveLength(1);
    }
  });

  it('When one of the inserts fails (a key already taken), then none of them lands', async () => {
    await store().write((tx) => runHotInserts(tx, entry('e-3')));
    const [journal, postings] = entry('e-4');
    // The entry is new, its postings reuse e-3's keys: the unit of work fails whole.
    const clash = { ...postings!, params: postings!.params.map((p) => (p === 'e-4' ? 'e-3' : p)) };
    await expect(store().write((tx) => runHotInserts(tx, [journal!, clash]))).rejects.toThrow();
    expect(await rowsOf('e-4')).toEqual({ entries: [], postings: [] });
    expect(await rowsOf('e-3')).toEqual({ entries: ['ref-e-3'], postings: [[1, -700], [2, 700]] });
  });

  it('When a statement that is not a plain insert is sent with others, then it is refused on both stores: on PostgreSQL the parts of one statement would not see each other', async () => {
    await expect(store().write((tx) => runHotInserts(tx, [...entry('e-5'), { statement: TERMINAL_LAST_CLOSE, params: ['t-1'] }]))).rejects.toThrow(AssertionError);
  });
});

/** Lots `a` (¥1,000) and `b` (¥500) of wallet `w`. */
async function seedLotsAB(seeded: Store): Promise<void> {
  await seeded.write(async (tx) => {
    for (const [id, balanceYen] of [['a', 1000], ['b', 500]] as const) {
      await tx.insertInto('lots').values({ id, wallet_id: 'w', kind: 'charge', campaign_id: null, balance_yen: balanceYen, expires_at_ms: 10, created_at_ms: 1 }).execute();
    }
  });
}

async function balancesOf(store: Store): Promise<Record<string, number>> {
  return Object.fromEntries((await store.read.selectFrom('lots').select(['id', 'balance_yen']).orderBy('id').execute()).map((r) => [r.id, r.balance_yen]));
}

/** A payment of `fromA` + `fromB` out of lots `a` and `b`: the lots' update and the entry posting it. */
function spend(id: string, fromA: number, fromB: number) {
  return {
    update: lotMoves([{ lotId: 'a', deltaYen: -fromA }, { lotId: 'b', deltaYen: -fromB }])!,
    inserts: entryInserts({ id, type: 'payment', occurredAtMs: 1, recordedAtMs: 1, walletId: 'w', merchantId: 'm-1', terminalId: 't-1', staffId: null, refId: id }, [
      { account: account.lot, lotId: 'a', amountYen: -fromA },
      { account: account.lot, lotId: 'b', amountYen: -fromB },
      { account: account.merchantPayable('m-1'), amountYen: fromA + fromB },
    ]),
  };
}

describe.each(STORE_KINDS)('a checked update sent with inserts (%s, issue 16)', (kind) => {
  const store = suiteStore(kind, { seed: seedLotsAB });
  const balances = () => balancesOf(store());
  const entries = async (id: string) => (await store().read.selectFrom('journal_entries').select('id').where('id', '=', id).execute()).length;

  it('When lots move with the entry that posts it, then both land' + (kind === 'postgres' ? ', as one statement' : ''), async () => {
    const { update, inserts } = spend('e-1', 300, 200);
    const prepared = await store().write(async (tx) => {
      await runHotWrites(tx, [update], inserts);
      return kind === 'postgres' ? (await sql<{ statement: string }>`select statement from pg_prepared_statements`.execute(tx)).rows.map((r) => r.statement) : [];
    });
    expect(await balances()).toEqual({ a: 700, b: 300 });
    expect(await entries('e-1')).toBe(1);
    if (kind === 'postgres') expect(prepared.filter((t) => t.includes('update lots') && t.includes('insert into journal_entries'))).toHaveLength(1);
  });

  it('When one lot would go below zero, then the unit of work fails: no lot moves and no entry lands', async () => {
    const { update, inserts } = spend('e-2', 100, 301);
    await expect(store().write((tx) => runHotWrites(tx, [update], inserts))).rejects.toThrow(AssertionError);
    expect(await balances()).toEqual({ a: 700, b: 300 });
    expect(await entries('e-2')).toBe(0);
  });
});

/**
 * Issue 16: a unit's last writes carry its commit on PostgreSQL (one round trip fewer). The
 * commit is on the wire before the checked update's row count comes back, so a count that
 * differs must fail the statement itself: were it only checked afterwards, the unit would be
 * committed already, lots unmoved beside an entry that says they moved.
 */
describe.each(STORE_KINDS)('a unit’s last writes with its commit (%s, issue 16)', (kind) => {
  const store = suiteStore(kind, { seed: seedLotsAB });
  const balances = () => balancesOf(store());
  const entries = async (...ids: string[]) => (await store().read.selectFrom('journal_entries').select('id').where('id', 'in', ids).execute()).length;

  it('When lots move with the entry that posts them as the unit’s last writes, then both land', async () => {
    const { update, inserts } = spend('e-1', 300, 200);
    await store().write((tx) => commitWithWrites(tx, [update], inserts));
    expect(await balances()).toEqual({ a: 700, b: 300 });
    expect(await entries('e-1')).toBe(1);
  });

  it('When one lot would go below zero, then the unit fails with the update’s assertion, and nothing of it stays, not even what it wrote before', async () => {
    const earlier = spend('e-earlier', 0, 0).inserts;
    const { update, inserts } = spend('e-2', 100, 301);
    const unit = store().write(async (tx) => {
      await runHotInserts(tx, earlier);
      await commitWithWrites(tx, [update], inserts);
    });
    await expect(unit).rejects.toThrow(AssertionError);
    await expect(unit).rejects.toThrow('lots a by -100, b by -301 cannot move');
    expect(await balances()).toEqual({ a: 700, b: 300 });
    expect(await entries('e-earlier', 'e-2')).toBe(0);
  });

  it('When a lot named by the update does not exist, then the unit fails likewise and nothing stays', async () => {
    const update = lotMoves([{ lotId: 'a', deltaYen: -1 }, { lotId: 'missing', deltaYen: -1 }])!;
    await expect(store().write((tx) => commitWithWrites(tx, [update], spend('e-3', 1, 0).inserts))).rejects.toThrow(AssertionError);
    expect(await balances()).toEqual({ a: 700, b: 300 });
    expect(await entries('e-3')).toBe(0);
  });

  it('When an insert among the last writes takes a key already taken, then the unit fails and no lot moves', async () => {
    const { update, inserts } = spend('e-1', 10, 10);
    await expect(store().write((tx) => commitWithWrites(tx, [update], inserts))).rejects.toThrow();
    expect(await balances()).toEqual({ a: 700, b: 300 });
  });
});

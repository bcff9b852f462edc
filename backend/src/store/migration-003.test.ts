/**
 * Migration 003 (issue 10) on a ledger that already holds terminals and payments: every
 * terminal gets a number within its merchant in the order it was created, and old rows read
 * as before (no cash part, no short number).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { sql, type Kysely } from 'kysely';
import { migrateToLatest } from './migrate';
import { STORE_KINDS } from '../testing/stores';
import { ledgerBefore } from '../testing/old-ledger';

describe.each(STORE_KINDS)('migration 003 on an existing %s ledger', (kind) => {
  let ledger: Awaited<ReturnType<typeof ledgerBefore>>;
  let db: Kysely<unknown>;
  afterEach(async () => {
    await ledger.close();
  });

  it('When terminals exist, then each merchant’s are numbered 1, 2, … in created order, and old payments have no cash part', async () => {
    ledger = await ledgerBefore(kind, '003-counter-day');
    db = ledger.db;
    await sql`insert into merchants (id, name, charge_point, offline_card_payments, fee_rate_bp, created_at_ms) values ('m1', 'A', 0, 0, 0, 1), ('m2', 'B', 0, 0, 0, 1)`.execute(db);
    const terminal = (id: string, merchant: string, at: number) =>
      sql`insert into terminals (id, merchant_id, name, enrollment_code_hash, created_at_ms) values (${id}, ${merchant}, ${id}, ${`code-${id}`}, ${at})`.execute(db);
    await terminal('t-c', 'm1', 300);
    await terminal('t-a', 'm1', 100);
    await terminal('t-b', 'm1', 200);
    await terminal('t-z', 'm2', 50);
    await sql`insert into payments (id, client_txn_id, merchant_id, terminal_id, staff_id, wallet_id, amount_yen, fee_yen, entry_id, occurred_at_ms, recorded_at_ms, offline, shortfall_yen, token_id, cancelled_at_ms)
      values ('p1', 'c1', 'm1', 't-a', null, 'w1', 1000, 0, 'e1', 1, 1, 0, 0, null, null)`.execute(db);

    await migrateToLatest(db);

    const numbers = await sql<{ id: string; terminal_no: number }>`select id, terminal_no from terminals order by id`.execute(db);
    expect(numbers.rows.map((r) => [r.id, Number(r.terminal_no)])).toEqual([
      ['t-a', 1],
      ['t-b', 2],
      ['t-c', 3],
      ['t-z', 1],
    ]);
    const payment = await sql<{ cash_yen: number; short_no: string | null; method: string | null }>`select cash_yen, short_no, method from payments`.execute(db);
    expect(payment.rows.map((r) => [Number(r.cash_yen), r.short_no, r.method])).toEqual([[0, null, null]]);
    // The unique index holds a merchant's numbers apart.
    await expect(sql`insert into terminals (id, merchant_id, name, enrollment_code_hash, created_at_ms, terminal_no) values ('t-d', 'm1', 'd', 'code-d', 400, 2)`.execute(db)).rejects.toThrow();
  });
});

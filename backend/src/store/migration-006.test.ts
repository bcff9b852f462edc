/**
 * Migration 006 (issue 16, R30) on a ledger that already holds closes: each terminal's row
 * names its last close, and a terminal never closed names none.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { sql, type Kysely } from 'kysely';
import { migrateToLatest } from './migrate';
import { STORE_KINDS } from '../testing/stores';
import { ledgerBefore } from '../testing/old-ledger';

describe.each(STORE_KINDS)('migration 006 on an existing %s ledger', (kind) => {
  let ledger: Awaited<ReturnType<typeof ledgerBefore>>;
  let db: Kysely<unknown>;
  afterEach(async () => {
    await ledger.close();
  });

  it('R30: When terminals have closed days, then each row names its latest close; a terminal never closed names none', async () => {
    ledger = await ledgerBefore(kind, '006-terminal-last-close');
    db = ledger.db;
    await sql`insert into merchants (id, name, charge_point, offline_card_payments, fee_rate_bp, created_at_ms) values ('m1', 'A', 0, 0, 0, 1)`.execute(db);
    for (const [id, no] of [['t1', 1], ['t2', 2]] as const) {
      await sql`insert into terminals (id, merchant_id, name, enrollment_code_hash, created_at_ms, terminal_no) values (${id}, 'm1', ${id}, ${`code-${id}`}, 1, ${no})`.execute(db);
    }
    for (const [day, at] of [['2025-06-01', 1_000], ['2025-06-03', 3_000], ['2025-06-02', 2_000]] as const) {
      await sql`insert into terminal_day_closes (terminal_id, business_day, closed_at_ms, staff_id, approved_by_staff_id, figures_json, acknowledgements_json) values ('t1', ${day}, ${at}, null, null, '{}', '[]')`.execute(db);
    }

    await migrateToLatest(db);

    const rows = await sql<{ id: string; last_closed_at_ms: number | null }>`select id, last_closed_at_ms from terminals order by id`.execute(db);
    expect(rows.rows.map((r) => [r.id, r.last_closed_at_ms === null ? null : Number(r.last_closed_at_ms)])).toEqual([
      ['t1', 3_000],
      ['t2', null],
    ]);
  });
});

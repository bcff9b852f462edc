import { sql, type Kysely } from 'kysely';

/**
 * Issue 16, R30: a terminal's last close (精算) instant lives on its row too, written by the
 * close in the same unit of work as its `terminal_day_closes` row. Why on the row: on
 * PostgreSQL a statement that waits for a row lock reads that row as its waiter committed it,
 * while anything else it reads (another table) stays as it was when the statement began. So the
 * share lock a payment takes on its terminal can read the last close in the same statement,
 * one round trip fewer than locking and then reading `terminal_day_closes`. Backfilled from
 * the closes already recorded.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('terminals').addColumn('last_closed_at_ms', 'bigint').execute();
  await sql`update terminals set last_closed_at_ms = (select max(c.closed_at_ms) from terminal_day_closes c where c.terminal_id = terminals.id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('terminals').dropColumn('last_closed_at_ms').execute();
}

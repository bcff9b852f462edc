import { sql, type Kysely } from 'kysely';

/**
 * Issue 10, the counter's day (R29–R33):
 * - every terminal has a number within its merchant (`terminal_no`, 1…9999), the first half of
 *   the short transaction numbers printed on slips; existing terminals are numbered per
 *   merchant in the order they were created;
 * - payments, charges, cancellations and migrations keep the terminal's short number
 *   (`short_no`) for search (R31); payments and charges keep how the customer paid (`method`);
 * - a payment keeps the cash part of a split sale (`cash_yen`, R32; it moves no e-money);
 * - a cancellation keeps the manager who approved it (R31);
 * - `terminal_day_closes` records each 精算 once per (terminal, business day) with the figures
 *   as they stood (R30, R33);
 * - search spans a merchant's registers by time (R31), so payments and charges are indexed by
 *   (merchant, time).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('terminals').addColumn('terminal_no', 'integer').execute();
  await sql`update terminals set terminal_no = (
      select count(*) from terminals t2
      where t2.merchant_id = terminals.merchant_id
        and (t2.created_at_ms < terminals.created_at_ms or (t2.created_at_ms = terminals.created_at_ms and t2.id <= terminals.id)))`.execute(db);
  await db.schema.createIndex('terminals_merchant_no').on('terminals').columns(['merchant_id', 'terminal_no']).unique().execute();

  const text = (table: string, column: string) => db.schema.alterTable(table).addColumn(column, 'text').execute();
  await text('payments', 'short_no');
  await db.schema.alterTable('payments').addColumn('cash_yen', 'bigint', (c) => c.notNull().defaultTo(0)).execute();
  await text('payments', 'method');
  await text('charges', 'short_no');
  await text('charges', 'method');
  await text('cancellations', 'short_no');
  await text('cancellations', 'approved_by_staff_id');
  await text('migrations', 'short_no');

  await db.schema
    .createTable('terminal_day_closes')
    .addColumn('terminal_id', 'text', (c) => c.notNull())
    .addColumn('business_day', 'text', (c) => c.notNull())
    .addColumn('closed_at_ms', 'bigint', (c) => c.notNull())
    .addColumn('staff_id', 'text')
    .addColumn('approved_by_staff_id', 'text')
    .addColumn('figures_json', 'text', (c) => c.notNull())
    .addColumn('acknowledgements_json', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('terminal_day_closes_pk', ['terminal_id', 'business_day'])
    .execute();

  await db.schema.createIndex('payments_merchant_time').on('payments').columns(['merchant_id', 'occurred_at_ms']).execute();
  await db.schema.createIndex('charges_merchant_time').on('charges').columns(['merchant_id', 'occurred_at_ms']).execute();
  await db.schema.createIndex('cancellations_terminal_time').on('cancellations').columns(['terminal_id', 'occurred_at_ms']).execute();
}

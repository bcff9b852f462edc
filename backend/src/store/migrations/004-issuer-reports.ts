import { sql, type Kysely } from 'kysely';

/**
 * Issue 14, the issuer's reports and the expiry sweep (R27):
 * - settlement reads payments by the instant they were recorded and cancellations by theirs;
 * - breakage and unused balance read journal entries by type and recorded instant;
 * - the sweep finds lapsed lots that still hold value by expiry.
 * - one index of 001 gives way to a wider one that begins with the same column.
 * Indexes only: no data changes, so the migration is instant on a small ledger and safe to
 * re-run after a crash (Kysely records it only once it has finished).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('payments_recorded').ifNotExists().on('payments').columns(['recorded_at_ms']).execute();
  await db.schema.createIndex('cancellations_time').ifNotExists().on('cancellations').columns(['occurred_at_ms']).execute();
  await db.schema.createIndex('journal_type_recorded').ifNotExists().on('journal_entries').columns(['type', 'recorded_at_ms']).execute();
  // The expiry sweep's work list: lots that still hold value, by expiry. Partial, so the lots
  // spent to ¥0 over the years never enter it and a sweep with nothing to do reads nothing.
  await db.schema.createIndex('lots_holding_expiry').ifNotExists().on('lots').columns(['expires_at_ms']).where(sql.ref('balance_yen'), '>', 0).execute();
  // Covering indexes for the reports over a large ledger (bench/reports.bench.ts, 1M entries):
  // ids are random, so each row a report reaches through an index is otherwise a random read of
  // the table. Settlement: a payment's lines; unused balance: each lot's postings, and the
  // recorded instant of each posting's entry.
  await db.schema.createIndex('payment_allocations_lines').ifNotExists().on('payment_allocations').columns(['payment_id', 'line_no', 'kind', 'campaign_id', 'amount_yen']).execute();
  await db.schema.createIndex('postings_lot_entry').ifNotExists().on('postings').columns(['lot_id', 'entry_id', 'amount_yen']).execute();
  await db.schema.createIndex('journal_id_recorded').ifNotExists().on('journal_entries').columns(['id', 'recorded_at_ms']).execute();
  // Every payment writes postings: postings_lot (001) is a prefix of postings_lot_entry and
  // would only cost a second index write per posting.
  await db.schema.dropIndex('postings_lot').ifExists().execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('postings_lot').ifNotExists().on('postings').column('lot_id').execute();
  for (const name of ['payments_recorded', 'cancellations_time', 'journal_type_recorded', 'lots_holding_expiry', 'payment_allocations_lines', 'postings_lot_entry', 'journal_id_recorded']) await db.schema.dropIndex(name).ifExists().execute();
}

import { sql, type Kysely } from 'kysely';

/**
 * Issue 13, KumaPo points (R23, R24) and merchant-presented QR (R28):
 * - points are a ledger of their own (`point_entries`, `point_postings`), never mixed with yen;
 *   a wallet's cached balance and its expiry live on the wallet row, changed only together with
 *   their postings, so `ledger:check` can prove one against the other;
 * - event claims are unique per (event, wallet, period key): the key, not a read-then-write,
 *   is what makes 20 simultaneous claims credit once;
 * - bus rides are keyed by the bus system's ride id, so a file imported twice credits nothing new;
 * - MPM requests are rows with a status; "expired" is derived from the clock, never written;
 * - each merchant numbers its notices (`merchants.notice_seq`, bumped under the row lock of the
 *   paying transaction) so a terminal's cursor never skips a notice that commits late.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('merchants').addColumn('kumapo_store', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('merchants').addColumn('notice_seq', 'bigint', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('wallets').addColumn('points', 'bigint', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('wallets').addColumn('points_expires_at_ms', 'bigint').execute();
  // The sweep's points pass (R23): wallets still holding points, by expiry. Partial, so the
  // many wallets that never had points never enter it.
  await db.schema.createIndex('wallets_points_expiry').on('wallets').column('points_expires_at_ms').where(sql.ref('points'), '>', 0).execute();

  await db.schema
    .createTable('point_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('points', 'bigint', (c) => c.notNull())
    .addColumn('from_ms', 'bigint', (c) => c.notNull())
    .addColumn('to_ms', 'bigint', (c) => c.notNull())
    .addColumn('rule', 'text', (c) => c.notNull())
    .addColumn('code_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at_ms', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('point_claims')
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('wallet_id', 'text', (c) => c.notNull())
    .addColumn('period_key', 'text', (c) => c.notNull())
    .addColumn('entry_id', 'text', (c) => c.notNull())
    .addColumn('claimed_at_ms', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('point_claims_pk', ['event_id', 'wallet_id', 'period_key'])
    .execute();

  await db.schema
    .createTable('point_entries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('occurred_at_ms', 'bigint', (c) => c.notNull())
    .addColumn('recorded_at_ms', 'bigint', (c) => c.notNull())
    .addColumn('wallet_id', 'text')
    .addColumn('merchant_id', 'text')
    .addColumn('terminal_id', 'text')
    .addColumn('staff_id', 'text')
    .addColumn('ref_id', 'text')
    .execute();
  await db.schema.createIndex('point_entries_type_recorded').on('point_entries').columns(['type', 'recorded_at_ms']).execute();
  await db.schema
    .createTable('point_postings')
    .addColumn('entry_id', 'text', (c) => c.notNull())
    .addColumn('line_no', 'integer', (c) => c.notNull())
    .addColumn('account', 'text', (c) => c.notNull())
    .addColumn('wallet_id', 'text')
    .addColumn('points', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('point_postings_pk', ['entry_id', 'line_no'])
    .execute();
  await db.schema.createIndex('point_postings_wallet').on('point_postings').columns(['wallet_id', 'entry_id']).execute();

  await db.schema
    .createTable('point_spends')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('client_txn_id', 'text')
    .addColumn('merchant_id', 'text', (c) => c.notNull())
    .addColumn('terminal_id', 'text', (c) => c.notNull())
    .addColumn('staff_id', 'text')
    .addColumn('wallet_id', 'text', (c) => c.notNull())
    .addColumn('points', 'bigint', (c) => c.notNull())
    .addColumn('entry_id', 'text', (c) => c.notNull())
    .addColumn('occurred_at_ms', 'bigint', (c) => c.notNull())
    .addColumn('recorded_at_ms', 'bigint', (c) => c.notNull())
    .addColumn('cancelled_at_ms', 'bigint')
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('token_id', 'text')
    .addColumn('short_no', 'text')
    .execute();
  await db.schema.createIndex('point_spends_terminal_time').on('point_spends').columns(['terminal_id', 'occurred_at_ms']).execute();
  await db.schema.createIndex('point_spends_merchant_recorded').on('point_spends').columns(['merchant_id', 'recorded_at_ms']).execute();

  await db.schema
    .createTable('point_transfers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('client_txn_id', 'text', (c) => c.notNull())
    .addColumn('from_wallet_id', 'text', (c) => c.notNull())
    .addColumn('to_wallet_id', 'text', (c) => c.notNull())
    .addColumn('receive_qr_id', 'text', (c) => c.notNull().unique())
    .addColumn('points', 'bigint', (c) => c.notNull())
    .addColumn('entry_id', 'text', (c) => c.notNull())
    .addColumn('occurred_at_ms', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('bus_rides')
    .addColumn('ride_id', 'text', (c) => c.primaryKey())
    .addColumn('wallet_id', 'text', (c) => c.notNull())
    .addColumn('points', 'bigint', (c) => c.notNull())
    .addColumn('used_at_ms', 'bigint', (c) => c.notNull())
    .addColumn('import_id', 'text', (c) => c.notNull())
    .addColumn('entry_id', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('bus_imports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('file_sha256', 'text', (c) => c.notNull())
    .addColumn('imported_at_ms', 'bigint', (c) => c.notNull())
    .addColumn('counts_json', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('mpm_requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('client_txn_id', 'text', (c) => c.notNull())
    .addColumn('merchant_id', 'text', (c) => c.notNull())
    .addColumn('terminal_id', 'text', (c) => c.notNull())
    .addColumn('staff_id', 'text')
    .addColumn('amount_yen', 'bigint')
    .addColumn('points', 'bigint')
    .addColumn('created_at_ms', 'bigint', (c) => c.notNull())
    .addColumn('expires_at_ms', 'bigint', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('closed_at_ms', 'bigint')
    .addColumn('payment_id', 'text')
    .addColumn('spend_id', 'text')
    // The sale's short number given when the request was made, so the payment the customer makes
    // later carries it (slip, R31 search); and the paying unit of work's answer, so the request's
    // terminal prints the same slip whichever instance it asks and however late.
    .addColumn('short_no', 'text')
    .addColumn('result_json', 'text')
    .execute();
  await db.schema.createIndex('mpm_requests_terminal_txn').on('mpm_requests').columns(['terminal_id', 'client_txn_id']).unique().execute();

  await db.schema
    .createTable('merchant_notices')
    .addColumn('merchant_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('terminal_id', 'text')
    .addColumn('ref_id', 'text', (c) => c.notNull())
    .addColumn('amount_yen', 'bigint')
    .addColumn('points', 'bigint')
    .addColumn('created_at_ms', 'bigint', (c) => c.notNull())
    .addColumn('body_json', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('merchant_notices_pk', ['merchant_id', 'seq'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['merchant_notices', 'mpm_requests', 'bus_imports', 'bus_rides', 'point_transfers', 'point_spends', 'point_postings', 'point_entries', 'point_claims', 'point_events']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
  await db.schema.dropIndex('wallets_points_expiry').ifExists().execute();
  await db.schema.alterTable('wallets').dropColumn('points_expires_at_ms').execute();
  await db.schema.alterTable('wallets').dropColumn('points').execute();
  await db.schema.alterTable('merchants').dropColumn('notice_seq').execute();
  await db.schema.alterTable('merchants').dropColumn('kumapo_store').execute();
}

import type { Kysely } from 'kysely';

/**
 * The ledger's first shape. Written with Kysely's schema builder only, so one definition runs
 * on SQLite and PostgreSQL. Unique constraints carry the one-time rules across instances:
 * a CPM token pays once (R22), a transaction is cancelled once (R17), a card migrates once
 * (R19), a grant code is claimed once, a clientTxnId answers once.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const id = (t: string) => db.schema.createTable(t).addColumn('id', 'text', (c) => c.primaryKey());
  await id('merchants')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('charge_point', 'integer', (c) => c.notNull())
    .addColumn('offline_card_payments', 'integer', (c) => c.notNull())
    .addColumn('fee_rate_bp', 'integer', (c) => c.notNull())
    .addColumn('created_at_ms', 'bigint', (c) => c.notNull())
    .execute();
  await id('terminals')
    .addColumn('merchant_id', 'text', (c) => c.notNull().references('merchants.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('enrollment_code_hash', 'text', (c) => c.notNull().unique())
    .addColumn('enrolled_at_ms', 'bigint')
    .addColumn('token_hash', 'text', (c) => c.unique())
    .addColumn('created_at_ms', 'bigint', (c) => c.notNull())
    .execute();
  await id('staff')
    .addColumn('merchant_id', 'text', (c) => c.notNull().references('merchants.id'))
    .addColumn('staff_code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('pin_hash', 'text', (c) => c.notNull())
    .addColumn('failed_count', 'integer', (c) => c.notNull())
    .addColumn('locked_until_ms', 'bigint', (c) => c.notNull())
    .addColumn('created_at_ms', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('staff_merchant_code', ['merchant_id', 'staff_code'])
    .execute();
  await db.schema
    .createTable('staff_sessions')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('staff_id', 'text', (c) => c.notNull())
    .addColumn('terminal_id', 'text', (c) => c.notNull())
    .addColumn('expires_at_ms', 'bigint', (c) => c.notNull())
    .execute();
  await id('wallets')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('card_number', 'text', (c) => c.unique())
    .addColumn('nfc_uid', 'text', (c) => c.unique())
    .addColumn('customer_token_hash', 'text', (c) => c.unique())
    .addColumn('migrated_to', 'text')
    .addColumn('debt_yen', 'bigint', (c) => c.notNull())
    .addColumn('created_at_ms', 'bigint', (c) => c.notNull())
    .execute();
  await id('campaigns')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('validity_years', 'integer', (c) => c.notNull())
    .addColumn('validity_months', 'integer', (c) => c.notNull())
    .addColumn('validity_days', 'integer', (c) => c.notNull())
    .addColumn('eligible_all', 'integer', (c) => c.notNull())
    .addColumn('created_at_ms', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('campaign_merchants')
    .addColumn('campaign_id', 'text', (c) => c.notNull())
    .addColumn('merchant_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('campaign_merchants_pk', ['campaign_id', 'merchant_id'])
    .execute();
  await db.schema
    .createTable('grant_codes')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('campaign_id', 'text', (c) => c.notNull())
    .addColumn('amount_yen', 'bigint', (c) => c.notNull())
    .addColumn('created_at_ms', 'bigint', (c) => c.notNull())
    .addColumn('claimed_wallet_id', 'text')
    .addColumn('claimed_at_ms', 'bigint')
    .addColumn('lot_id', 'text', (c) => c.unique())
    .execute();
  await id('lots')
    .addColumn('wallet_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('campaign_id', 'text')
    .addColumn('balance_yen', 'bigint', (c) => c.notNull())
    .addColumn('expires_at_ms', 'bigint', (c) => c.notNull())
    .addColumn('created_at_ms', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('lots_wallet').on('lots').column('wallet_id').execute();
  await id('journal_entries')
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('occurred_at_ms', 'bigint', (c) => c.notNull())
    .addColumn('recorded_at_ms', 'bigint', (c) => c.notNull())
    .addColumn('wallet_id', 'text')
    .addColumn('merchant_id', 'text')
    .addColumn('terminal_id', 'text')
    .addColumn('staff_id', 'text')
    .addColumn('ref_id', 'text')
    .execute();
  await db.schema.createIndex('journal_wallet').on('journal_entries').columns(['wallet_id', 'occurred_at_ms']).execute();
  await db.schema
    .createTable('postings')
    .addColumn('entry_id', 'text', (c) => c.notNull())
    .addColumn('line_no', 'integer', (c) => c.notNull())
    .addColumn('account', 'text', (c) => c.notNull())
    .addColumn('lot_id', 'text')
    .addColumn('amount_yen', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('postings_pk', ['entry_id', 'line_no'])
    .execute();
  await db.schema.createIndex('postings_lot').on('postings').column('lot_id').execute();
  await db.schema.createIndex('postings_account').on('postings').column('account').execute();
  await id('payments')
    .addColumn('client_txn_id', 'text', (c) => c.unique())
    .addColumn('merchant_id', 'text', (c) => c.notNull())
    .addColumn('terminal_id', 'text', (c) => c.notNull())
    .addColumn('staff_id', 'text')
    .addColumn('wallet_id', 'text', (c) => c.notNull())
    .addColumn('amount_yen', 'bigint', (c) => c.notNull())
    .addColumn('fee_yen', 'bigint', (c) => c.notNull())
    .addColumn('entry_id', 'text', (c) => c.notNull())
    .addColumn('occurred_at_ms', 'bigint', (c) => c.notNull())
    .addColumn('recorded_at_ms', 'bigint', (c) => c.notNull())
    .addColumn('offline', 'integer', (c) => c.notNull())
    .addColumn('shortfall_yen', 'bigint', (c) => c.notNull())
    .addColumn('token_id', 'text')
    .addColumn('cancelled_at_ms', 'bigint')
    .execute();
  await db.schema.createIndex('payments_terminal_time').on('payments').columns(['terminal_id', 'occurred_at_ms']).execute();
  await db.schema
    .createTable('payment_allocations')
    .addColumn('payment_id', 'text', (c) => c.notNull())
    .addColumn('line_no', 'integer', (c) => c.notNull())
    .addColumn('lot_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('campaign_id', 'text')
    .addColumn('amount_yen', 'bigint', (c) => c.notNull())
    .addColumn('expires_at_ms', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('payment_allocations_pk', ['payment_id', 'lot_id'])
    .execute();
  await id('charges')
    .addColumn('client_txn_id', 'text', (c) => c.unique())
    .addColumn('merchant_id', 'text', (c) => c.notNull())
    .addColumn('terminal_id', 'text', (c) => c.notNull())
    .addColumn('staff_id', 'text')
    .addColumn('wallet_id', 'text', (c) => c.notNull())
    .addColumn('lot_id', 'text', (c) => c.notNull())
    .addColumn('amount_yen', 'bigint', (c) => c.notNull())
    .addColumn('bonus_yen', 'bigint', (c) => c.notNull())
    .addColumn('debt_repaid_yen', 'bigint', (c) => c.notNull())
    .addColumn('entry_id', 'text', (c) => c.notNull())
    .addColumn('occurred_at_ms', 'bigint', (c) => c.notNull())
    .addColumn('cancelled_at_ms', 'bigint')
    .execute();
  await db.schema.createIndex('charges_terminal_time').on('charges').columns(['terminal_id', 'occurred_at_ms']).execute();
  await id('cancellations')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('target_id', 'text', (c) => c.notNull().unique())
    .addColumn('client_txn_id', 'text', (c) => c.notNull())
    .addColumn('terminal_id', 'text', (c) => c.notNull())
    .addColumn('staff_id', 'text')
    .addColumn('amount_yen', 'bigint', (c) => c.notNull())
    .addColumn('written_off_yen', 'bigint', (c) => c.notNull())
    .addColumn('entry_id', 'text', (c) => c.notNull())
    .addColumn('occurred_at_ms', 'bigint', (c) => c.notNull())
    .execute();
  await id('migrations')
    .addColumn('client_txn_id', 'text', (c) => c.notNull())
    .addColumn('card_wallet_id', 'text', (c) => c.notNull().unique())
    .addColumn('to_wallet_id', 'text', (c) => c.notNull())
    .addColumn('moved_yen', 'bigint', (c) => c.notNull())
    .addColumn('entry_id', 'text', (c) => c.notNull())
    .addColumn('terminal_id', 'text', (c) => c.notNull())
    .addColumn('staff_id', 'text')
    .addColumn('occurred_at_ms', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('used_tokens')
    .addColumn('token_id', 'text', (c) => c.primaryKey())
    .addColumn('wallet_id', 'text', (c) => c.notNull())
    .addColumn('payment_id', 'text')
    .addColumn('used_at_ms', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('idempotency_keys')
    .addColumn('client_txn_id', 'text', (c) => c.primaryKey())
    .addColumn('terminal_id', 'text', (c) => c.notNull())
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('status_code', 'integer', (c) => c.notNull())
    .addColumn('response_json', 'text', (c) => c.notNull())
    .addColumn('created_at_ms', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('sync_items')
    .addColumn('terminal_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('client_txn_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('result_json', 'text', (c) => c.notNull())
    .addColumn('recorded_at_ms', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('sync_items_pk', ['terminal_id', 'seq'])
    .execute();
  await db.schema
    .createTable('signing_keys')
    .addColumn('kid', 'text', (c) => c.primaryKey())
    .addColumn('public_key', 'text', (c) => c.notNull())
    .addColumn('private_key', 'text', (c) => c.notNull())
    .addColumn('created_at_ms', 'bigint', (c) => c.notNull())
    .addColumn('retired_at_ms', 'bigint')
    .execute();
  await db.schema
    .createTable('settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value_json', 'text', (c) => c.notNull())
    .execute();
}

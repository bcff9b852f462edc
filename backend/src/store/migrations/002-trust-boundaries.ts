import { sql, type Kysely } from 'kysely';
import { grantCodeHash } from '../grant-code-hash';

/**
 * Issue 9, "the backend believes no one it need not":
 * - grant codes are kept as SHA-256 hashes (a database reader learns no claimable code);
 * - terminals can be revoked, their tokens expire and rotate, and each has an offline window
 *   (R20a: offline items applied since its last online contact);
 * - staff can be disabled; a card's status change is timestamped so terminals can fetch the
 *   retired/blocked list incrementally;
 * - a migration remembers which card lot became which app lot (a refund after migration goes
 *   where the value went, R19);
 * - operator actions are audited, and readiness writes a probe row.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('grant_codes').renameColumn('code', 'code_hash').execute();
  const codes = await sql<{ code_hash: string }>`select code_hash from grant_codes`.execute(db);
  for (const row of codes.rows) {
    await sql`update grant_codes set code_hash = ${grantCodeHash(row.code_hash)} where code_hash = ${row.code_hash}`.execute(db);
  }

  const bigint = (table: string, column: string, notNullDefault?: number) =>
    db.schema
      .alterTable(table)
      .addColumn(column, 'bigint', (c) => (notNullDefault === undefined ? c : c.notNull().defaultTo(notNullDefault)))
      .execute();
  await bigint('terminals', 'revoked_at_ms');
  await bigint('terminals', 'token_issued_at_ms');
  await bigint('terminals', 'token_expires_at_ms');
  await db.schema.alterTable('terminals').addColumn('previous_token_hash', 'text').execute();
  await bigint('terminals', 'previous_token_valid_until_ms');
  await bigint('terminals', 'offline_window_yen', 0);
  await bigint('terminals', 'offline_window_opened_at_ms');
  await db.schema.createIndex('terminals_previous_token').on('terminals').column('previous_token_hash').execute();
  // Terminals enrolled before tokens expired get a full lifetime from this upgrade on.
  await sql`update terminals set token_issued_at_ms = enrolled_at_ms, token_expires_at_ms = enrolled_at_ms + ${30 * 24 * 60 * 60 * 1000} where token_hash is not null`.execute(db);

  await bigint('staff', 'disabled_at_ms');
  // A signing key revoked after a compromise stops verifying at once (no rotation overlap).
  await bigint('signing_keys', 'revoked_at_ms');
  await bigint('wallets', 'status_changed_at_ms');
  await db.schema.createIndex('wallets_status_changed').on('wallets').columns(['status_changed_at_ms', 'id']).execute();
  await sql`update wallets set status_changed_at_ms = coalesce((select max(m.occurred_at_ms) from migrations m where m.card_wallet_id = wallets.id), created_at_ms) where status <> 'active'`.execute(db);

  await db.schema.createIndex('sync_items_client_txn').on('sync_items').column('client_txn_id').execute();

  await db.schema
    .createTable('migration_lots')
    .addColumn('migration_id', 'text', (c) => c.notNull())
    .addColumn('from_lot_id', 'text', (c) => c.notNull().unique())
    .addColumn('to_lot_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('migration_lots_pk', ['migration_id', 'from_lot_id'])
    .execute();

  await db.schema
    .createTable('admin_audit')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('at_ms', 'bigint', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target_id', 'text')
    .addColumn('details_json', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('admin_audit_time').on('admin_audit').columns(['at_ms', 'id']).execute();

  await db.schema
    .createTable('health_probe')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('at_ms', 'bigint', (c) => c.notNull())
    .execute();
}

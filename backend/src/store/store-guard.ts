/** A store that cannot be opened as it is: a one-line reason for the operator, not a stack. */
export class StoreOpenError extends Error {
  override name = 'StoreOpenError';
}

const MIGRATIONS_TABLE = 'kumapay_migrations';

/**
 * A database that holds tables but none of ours is someone else's: migrating it would plant a
 * new, empty ledger beside their data (and a restore pointed at the wrong database would look
 * like every balance had vanished).
 */
export function assertOurLedger(where: string, tables: readonly string[]): void {
  if (tables.length > 0 && !tables.includes(MIGRATIONS_TABLE)) {
    throw new StoreOpenError(`${where} holds tables (${tables.slice(0, 3).join(', ')}${tables.length > 3 ? ', …' : ''}) but is not a KumaPAY ledger: refusing to start a new ledger in it`);
  }
}

/**
 * A read-only store runs no migrations: it opens only a ledger its writer has already created
 * and migrated (the ledger worker starts first, server.ts), and an empty one would fail every read.
 */
export function assertMigratedLedger(where: string, tables: readonly string[]): void {
  assertOurLedger(where, tables);
  if (!tables.includes(MIGRATIONS_TABLE)) throw new StoreOpenError(`${where} has not been migrated: a read-only store opens only a ledger its writer has created`);
}

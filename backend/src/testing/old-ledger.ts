import { Kysely, Migrator, PostgresDialect, SqliteDialect } from 'kysely';
import Database from 'better-sqlite3';
import pg from 'pg';
import { MIGRATION_TABLES, migrationsBefore } from '../store/migrate';
import { freshDatabase } from './stores';

/**
 * A fresh database of `kind` migrated up to, not including, `migration`: the ledger an older
 * release left, for that migration's own test to fill with old rows and then migrate.
 */
export async function ledgerBefore(kind: 'sqlite' | 'postgres', migration: string): Promise<{ db: Kysely<unknown>; close(): Promise<void> }> {
  const database = await freshDatabase(kind);
  const db = new Kysely<unknown>({
    dialect: kind === 'sqlite' ? new SqliteDialect({ database: new Database(database.url) }) : new PostgresDialect({ pool: new pg.Pool({ connectionString: database.url, max: 2 }) }),
  });
  const migrations = migrationsBefore(migration);
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations }, ...MIGRATION_TABLES });
  const { error } = await migrator.migrateToLatest();
  if (error) throw new Error(`migrating up to ${migration} failed: ${String(error)}`, { cause: error });
  return {
    db,
    async close() {
      await db.destroy();
      await database.drop();
    },
  };
}

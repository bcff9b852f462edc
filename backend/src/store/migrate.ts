import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import * as m001 from './migrations/001-initial';
import * as m002 from './migrations/002-trust-boundaries';
import * as m003 from './migrations/003-counter-day';
import * as m004 from './migrations/004-issuer-reports';
import * as m005 from './migrations/005-kumapo-mpm';
import * as m006 from './migrations/006-terminal-last-close';

/** Versioned migrations, in code so they ship inside the app and run at start on both stores. */
const MIGRATIONS: Record<string, Migration> = {
  '001-initial': m001,
  '002-trust-boundaries': m002,
  '003-counter-day': m003,
  '004-issuer-reports': m004,
  '005-kumapo-mpm': m005,
  '006-terminal-last-close': m006,
};

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };
/** Where Kysely's migrator keeps its record and its lock, in both stores. */
export const MIGRATION_TABLES = { migrationTableName: 'kumapay_migrations', migrationLockTableName: 'kumapay_migrations_lock' } as const;

/** The migrations that ran before `name`: a ledger as an older release left it (migration tests). */
export function migrationsBefore(name: string): Record<string, Migration> {
  const names = Object.keys(MIGRATIONS);
  if (!names.includes(name)) throw new Error(`no migration named ${name}`);
  return Object.fromEntries(names.filter((n) => n < name).map((n) => [n, MIGRATIONS[n]!]));
}

export async function migrateToLatest(db: Kysely<unknown>): Promise<void> {
  const migrator = new Migrator({ db, provider, ...MIGRATION_TABLES });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new Error(`migration ${failed?.migrationName ?? ''} failed: ${String(error)}`, { cause: error });
  }
}

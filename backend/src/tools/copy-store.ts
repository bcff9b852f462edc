/**
 * `npm run db:copy -- <from> <to>`: moves a pilot's data from one store to another (typically
 * the SQLite file to PostgreSQL), in one transaction on the target, then proves it with the
 * ledger check and row counts on both sides. Refuses a target that already holds data.
 * Signing keys travel sealed: the target's instances need the same data key file.
 */
import { sql } from 'kysely';
import { openStore } from '../store/open-store';
import type { DB } from '../store/schema';
import { checkLedger } from '../usecases/ledger-check';
import { BACKEND_LIMITS } from '../limits';

/** Parents before children, so the target's foreign keys hold at every insert. */
const TABLES: (keyof DB)[] = [
  'merchants', 'terminals', 'staff', 'staff_sessions', 'wallets', 'campaigns', 'campaign_merchants', 'grant_codes', 'lots',
  'journal_entries', 'postings', 'payments', 'payment_allocations', 'charges', 'cancellations', 'migrations', 'used_tokens',
  'idempotency_keys', 'sync_items', 'signing_keys', 'settings', 'migration_lots', 'admin_audit', 'terminal_day_closes',
  'point_events', 'point_claims', 'point_entries', 'point_postings', 'point_spends', 'point_transfers', 'bus_rides', 'bus_imports',
  'mpm_requests', 'merchant_notices',
];
/** Tables with nothing worth moving: the readiness probe's scratch row. */
export const TABLES_NOT_COPIED: readonly string[] = ['health_probe'];
export const COPIED_TABLES: readonly string[] = TABLES;

export async function copyStore(fromUrl: string, toUrl: string, log: (line: string) => void): Promise<boolean> {
  const from = await openStore(fromUrl);
  const to = await openStore(toUrl);
  try {
    const existing = await to.read.selectFrom('journal_entries').select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
    const merchants = await to.read.selectFrom('merchants').select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
    if (Number(existing.n) > 0 || Number(merchants.n) > 0) {
      log('db:copy: the target already holds data; refusing to mix two ledgers');
      return false;
    }
    const counts: Record<string, number> = {};
    await to.write(async (tx) => {
      // The target has a fresh key from its first start; the source's keys replace it.
      await tx.deleteFrom('signing_keys').execute();
      await tx.deleteFrom('settings').execute();
      for (const table of TABLES) {
        const rows = (await from.read.selectFrom(table).selectAll().execute()) as Record<string, unknown>[];
        counts[table] = rows.length;
        for (let i = 0; i < rows.length; i += BACKEND_LIMITS.copyStoreRowsPerInsertMax) {
          await tx.insertInto(table).values(rows.slice(i, i + BACKEND_LIMITS.copyStoreRowsPerInsertMax) as never).execute();
        }
      }
    });
    let ok = true;
    for (const table of TABLES) {
      const n = Number((await to.read.selectFrom(table).select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow()).n);
      if (n !== counts[table]) {
        ok = false;
        log(`db:copy: ${table}: copied ${counts[table]}, target has ${n}`);
      }
    }
    const before = await checkLedger(from);
    const after = await checkLedger(to);
    log(`db:copy: source ledger ${before.entries} entries, ${before.differences.length} differences; target ${after.entries} entries, ${after.differences.length} differences`);
    const sumLots = async (s: typeof from) => Number((await s.read.selectFrom('lots').select(sql<number>`coalesce(sum(balance_yen), 0)`.as('t')).executeTakeFirstOrThrow()).t);
    const [yenFrom, yenTo] = [await sumLots(from), await sumLots(to)];
    log(`db:copy: value held in lots: source ¥${yenFrom}, target ¥${yenTo}`);
    return ok && after.differences.length === 0 && before.entries === after.entries && yenFrom === yenTo;
  } finally {
    await from.close();
    await to.close();
  }
}

const isMain = process.argv[1] && /copy-store\.ts$/.test(process.argv[1]);
if (isMain) {
  process.umask(0o077);
  const [fromUrl, toUrl] = process.argv.slice(2);
  if (!fromUrl || !toUrl) {
    process.stderr.write('usage: npm run db:copy -- <from: sqlite path | postgres://…> <to: postgres://… | sqlite path>\n');
    process.exit(2);
  }
  copyStore(fromUrl, toUrl, (line) => process.stdout.write(`${line}\n`)).then(
    (ok) => {
      process.stdout.write(ok ? 'db:copy OK: every row and every yen arrived; ledger:check clean\n' : 'db:copy FAILED\n');
      process.exit(ok ? 0 : 1);
    },
    (error: unknown) => {
      process.stderr.write(`db:copy: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}

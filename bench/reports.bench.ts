/**
 * Issue 14: the R27 reports over a half-year ledger of 1,000,000 journal entries (200 shops,
 * 50,000 wallets, 3 campaigns and charge money; payments mostly of one line, some of two or
 * three, some offline with a shortfall; cancels; write-offs by touch and by a monthly sweep).
 * Target: each report under 10 s on SQLite. The ledger is written straight into the tables
 * before timing starts (bench/lib/ledger-seed.ts); each report then runs twice on a freshly
 * opened store: the first run starts from an empty SQLite page cache (the OS file cache is
 * warm from seeding), the second from a warm one. No ANALYZE on SQLite: the backend never runs
 * it, so the planner sees what it sees in production. PostgreSQL (a smaller ledger, vacuumed
 * and analyzed as autovacuum would) when KUMAPAY_BENCH_PG_URL or KUMAPAY_TEST_PG_URL is set.
 */
import { mkdtempSync, rmSync, statSync, existsSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import pg from 'pg';
import type { BenchReport } from './run';
import { withBenchPgDatabase, type BenchPgDatabase } from './lib/pg-database';
import { systemClock } from '../common/time';
import { openStore } from '../backend/src/store/open-store';
import type { Store } from '../backend/src/store/store';
import { breakage, merchantSettlement, unusedBalance, type ReportDeps } from '../backend/src/usecases/issuer-reports';
import { checkLedger } from '../backend/src/usecases/ledger-check';
import { Settings } from '../backend/src/usecases/settings';
import { seedLedger, type SeedOptions, type SeedTotals } from './lib/ledger-seed';
import { postgresSeedSink, sqliteSeedSink } from './lib/seed-sinks';

const HALF_YEAR = { from: '2024-04-01', to: '2024-09-30' };
const UNUSED_AT_MS = Date.parse('2024-09-30T23:59:59.999+09:00');
const TARGET_MS = 10_000;
const SQLITE_LEDGER: SeedOptions = { entries: 1_000_000, wallets: 50_000, merchants: 200, ...HALF_YEAR, chunkEntries: 50_000 };
const POSTGRES_LEDGER: SeedOptions = { entries: 200_000, wallets: 10_000, merchants: 200, ...HALF_YEAR, chunkEntries: 20_000 };
/** Seeding only: ids are random, so a big page cache keeps most index inserts from reading. */
const SEED_CACHE_KIB = 256 * 1024;

const entriesLabel = (n: number) => (n % 1_000_000 === 0 ? `${n / 1_000_000}M` : `${n / 1_000}k`);
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** Wall time, and this process's CPU time (better-sqlite3 runs each query on this thread). */
async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; cpuMs: number; value: T }> {
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const value = await work();
  const cpu = process.cpuUsage(cpu0);
  return { ms: performance.now() - t0, cpuMs: (cpu.user + cpu.system) / 1000, value };
}

/** Two cores are shared with whatever else runs: a busy machine shows in wall time, not in CPU time. */
const loadNote = () => `load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${availableParallelism()} cores`;

/** Runs each report twice and checks its totals against what the seed wrote. */
async function measureReports(report: BenchReport, store: Store, label: string, seeded: SeedTotals): Promise<void> {
  const deps: ReportDeps = { store, clock: systemClock, settings: new Settings(store, systemClock) };
  const n = entriesLabel(seeded.entries);
  const twice = async <T>(name: string, run: () => Promise<T>): Promise<T> => {
    let last: T | undefined;
    for (const pass of ['1st run', '2nd run']) {
      const { ms, cpuMs, value } = await timed(run);
      const verdict = ms < TARGET_MS ? 'under the 10 s target' : 'OVER the 10 s target';
      report.figure(`${label} ${name} (${pass})`, Math.round(ms), 'ms', label === 'sqlite' ? `${verdict}; CPU ${Math.round(cpuMs)} ms` : verdict);
      last = value;
    }
    return last!;
  };
  const settlement = await twice(`merchant settlement, ${n} entries, half-year`, () => merchantSettlement(deps, HALF_YEAR));
  const unused = await twice(`unused balance at 9/30, ${n} entries`, () => unusedBalance(deps, UNUSED_AT_MS));
  const lapsed = await twice(`breakage half-year, ${n} entries`, () => breakage(deps, HALF_YEAR));
  const checks: [string, number, number][] = [
    ['settlement payments', settlement.totals.paymentsYen, seeded.paymentsYen],
    ['settlement cancels', settlement.totals.cancelsYen, seeded.cancelsYen],
    ['settlement fee', settlement.totals.feeYen, seeded.feeYen - seeded.cancelledFeeYen],
    ['unused balance', unused.totalYen, seeded.unusedYen],
    ['offline debt', unused.offlineDebtYen, seeded.debtYen],
    ['breakage', lapsed.totalYen, seeded.writtenOffYen],
  ];
  const wrong = checks.filter(([, got, want]) => got !== want);
  report.note(
    wrong.length === 0
      ? `${label}: every report total equals the seed's own (payments ¥${seeded.paymentsYen.toLocaleString('en')}, cancels ¥${seeded.cancelsYen.toLocaleString('en')}, unused ¥${seeded.unusedYen.toLocaleString('en')}, debt ¥${seeded.debtYen.toLocaleString('en')}, breakage ¥${seeded.writtenOffYen.toLocaleString('en')}); ${settlement.merchants.length} merchants, ${unused.lines.length} unused-balance lines, ${lapsed.lines.length} breakage lines`
      : `${label}: REPORT TOTALS DIFFER FROM THE SEED: ${wrong.map(([what, got, want]) => `${what} ${got} ≠ ${want}`).join('; ')}`,
  );
}

function seededCounts(report: BenchReport, label: string, t: SeedTotals): void {
  report.figure(`${label} seeded journal entries`, t.entries, 'entries');
  report.figure(`${label} seeded postings`, t.postings, 'postings');
  report.figure(`${label} seeded payments`, t.payments, 'payments', `${t.allocations} allocation lines, ${t.offlinePayments} offline (${t.shortfallPayments} with a shortfall), ${t.cancels} cancelled`);
  report.note(`${label} seed also holds ${t.charges} charges, ${t.grants} grants, ${t.expiries} expiry write-offs, ${t.lots} lots`);
}

async function sqlite(report: BenchReport, dir: string): Promise<void> {
  const file = path.join(dir, 'reports.sqlite');
  // The project's own open: migrations 001–004 (the report indexes included) are in place.
  await (await openStore(file)).close();

  const seedStart = performance.now();
  const db = new Database(file);
  // Seeding only: a crash here loses a benchmark, not a ledger.
  db.pragma('synchronous = OFF');
  db.pragma(`cache_size = -${SEED_CACHE_KIB}`);
  let seeded: SeedTotals;
  try {
    seeded = await seedLedger(sqliteSeedSink(db), SQLITE_LEDGER);
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
  report.note(`sqlite seeding took ${seconds(performance.now() - seedStart)} (not timed as a figure)`);
  seededCounts(report, 'sqlite', seeded);
  const sizeBytes = ['', '-wal'].reduce((s, suffix) => s + (existsSync(file + suffix) ? statSync(file + suffix).size : 0), 0);
  report.figure('sqlite database size, 1M-entry ledger', Math.round(sizeBytes / 1024 / 1024), 'MB');

  const store = await openStore(file);
  try {
    report.note(`sqlite reports start: ${loadNote()}`);
    await measureReports(report, store, 'sqlite', seeded);
    report.note(`sqlite reports end: ${loadNote()}`);
    const check = await timed(() => checkLedger(store));
    report.note(
      `sqlite ledger:check over the seed: ${check.value.differences.length === 0 ? 'no differences' : `${check.value.differences.length} DIFFERENCES, first ${JSON.stringify(check.value.differences[0])}`} (${check.value.entries} entries, ${check.value.lots} lots, ${seconds(check.ms)}; run after the reports so it does not warm their cache)`,
    );
  } finally {
    await store.close();
  }
}

async function postgres(report: BenchReport, db: BenchPgDatabase): Promise<void> {
  const url = db.url;
  await (await openStore(url)).close();
  const seedStart = performance.now();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  let seeded: SeedTotals;
  try {
    seeded = await seedLedger(postgresSeedSink(client), POSTGRES_LEDGER);
    // Autovacuum would get there later; the reports should not be timed before statistics exist.
    await client.query('vacuum analyze');
  } finally {
    await client.end();
  }
  report.note(`postgres seeding took ${seconds(performance.now() - seedStart)} (not timed as a figure)`);
  seededCounts(report, 'postgres', seeded);
  report.figure(`postgres database size, ${entriesLabel(seeded.entries)}-entry ledger`, Math.round((await db.sizeBytes()) / 1024 / 1024), 'MB');
  const store = await openStore(url);
  try {
    await measureReports(report, store, 'postgres', seeded);
  } finally {
    await store.close();
  }
}

export default async function bench(report: BenchReport): Promise<void> {
  report.note(`method: ledger written with raw statements (not timed), store reopened, each report run twice in-process through the use case (ReportDeps); periods ${HALF_YEAR.from}…${HALF_YEAR.to} JST, unused balance at 2024-09-30T23:59:59.999+09:00`);
  const dir = mkdtempSync(path.join(tmpdir(), 'kumapay-bench-reports-'));
  try {
    await sqlite(report, dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  await withBenchPgDatabase(report, (db) => postgres(report, db));
}

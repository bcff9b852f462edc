/**
 * Issue 16: does a payment get slower as the ledger grows, and how much disk does a payment
 * take? The same figure (in-process card payments through the use case, group commit, 32 at a
 * time, synchronous=FULL) on an empty ledger and on one that already holds 1,000,000 payments
 * (`KUMAPAY_BENCH_GROWTH_PAYMENTS` to run it smaller). Target: at most 20 % slower. Ids are
 * random, so each payment's index inserts land on random pages of b-trees that grow with the
 * ledger: the drop is the page cache losing to them.
 * The big ledger is written straight into the tables before timing (bench/lib/ledger-seed.ts,
 * the report bench's generator: payments with charges, grants, cancels and write-offs around
 * them), plus one idempotency key per seeded payment, which the generator leaves out but every
 * online payment leaves behind for good (usecases/idempotency.ts).
 */
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import type { BenchReport } from './run';
import { openStore } from '../backend/src/store/open-store';
import { seedLedger, type SeedOptions, type SeedTotals } from './lib/ledger-seed';
import { sqliteSeedSink } from './lib/seed-sinks';
import { DataKeys, newDataKey } from '../backend/src/usecases/data-keys';
import { measureInProcessCeiling, type CeilingOptions } from './lib/ceiling';
import type { LoadResult } from './lib/http-load';

const GROWTH_PAYMENTS = Number(process.env.KUMAPAY_BENCH_GROWTH_PAYMENTS ?? 1_000_000);
/** Payments timed on each ledger: a few seconds of work, long enough to fill 32-payment batches steadily. */
const TIMED_PAYMENTS = 20_000;
const TARGET_DROP_PERCENT = 20;
/** Of the generator's journal entries, this share are payments (measured: 0.787 over 125k entries). */
const PAYMENTS_PER_ENTRY = 0.787;
/** Seeding only: ids are random, so a big page cache keeps most index inserts from reading. */
const SEED_CACHE_KIB = 256 * 1024;
const MB = 1024 * 1024;

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const loadNote = () => `load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${availableParallelism()} cores`;
const paymentsLabel = (n: number) => (n >= 1_000_000 ? `${(n / 1_000_000).toFixed(n % 1_000_000 === 0 ? 0 : 2)}M` : `${Math.round(n / 1_000)}k`);

function growthLedger(payments: number): SeedOptions {
  const entries = Math.ceil(payments / PAYMENTS_PER_ENTRY);
  // The report bench's proportions: 50,000 wallets for 1M entries, 200 shops, half a year.
  return { entries, wallets: Math.max(1_000, Math.round(entries / 20)), merchants: 200, from: '2024-04-01', to: '2024-09-30', chunkEntries: 50_000 };
}

/** The database's pages (committed WAL frames included, as a connection sees them). */
function pageBytes(file: string): number {
  const db = new Database(file, { readonly: true });
  try {
    return Number(db.pragma('page_count', { simple: true })) * Number(db.pragma('page_size', { simple: true }));
  } finally {
    db.close();
  }
}

const walBytes = (file: string) => (existsSync(`${file}-wal`) ? statSync(`${file}-wal`).size : 0);

/**
 * One idempotency key per seeded payment, in the shape the use case stores: the answer as JSON
 * with its allocation lines (the wallet's balance after is left empty, so these keys are a
 * little smaller than real ones; the timed run's real keys are measured beside them).
 */
function seedIdempotencyKeys(db: Database.Database): number {
  const result = db
    .prepare(
      `insert into idempotency_keys (client_txn_id, terminal_id, request_hash, status_code, response_json, created_at_ms)
       select p.client_txn_id, p.terminal_id, substr(hex(randomblob(22)), 1, 43), 201,
         json_object('paymentId', p.id, 'status', 'approved', 'amountYen', p.amount_yen,
           'allocations', (select json_group_array(json_object('lotId', a.lot_id, 'kind', a.kind, 'campaignId', a.campaign_id, 'amountYen', a.amount_yen,
             'expiresAt', strftime('%Y-%m-%dT%H:%M:%fZ', a.expires_at_ms / 1000.0, 'unixepoch'), 'label', 'bench')) from payment_allocations a where a.payment_id = p.id),
           'balanceAfter', json_object('totalYen', 0, 'lots', json_array()),
           'occurredAt', strftime('%Y-%m-%dT%H:%M:%fZ', p.occurred_at_ms / 1000.0, 'unixepoch'), 'shortNo', null),
         p.recorded_at_ms
       from payments p where p.offline = 0`,
    )
    .run();
  return result.changes;
}

async function seedSqlite(report: BenchReport, file: string): Promise<SeedTotals> {
  // The project's own open: the ledger has every migration's tables and indexes.
  await (await openStore(file)).close();
  const startedMs = performance.now();
  const db = new Database(file);
  // Seeding only: a crash here loses a benchmark, not a ledger.
  db.pragma('synchronous = OFF');
  db.pragma(`cache_size = -${SEED_CACHE_KIB}`);
  let seeded: SeedTotals;
  let keys: number;
  try {
    seeded = await seedLedger(sqliteSeedSink(db), growthLedger(GROWTH_PAYMENTS));
    const keysStartedMs = performance.now();
    keys = seedIdempotencyKeys(db);
    report.note(`sqlite idempotency keys for the seeded payments: ${keys} (offline ones have none) in ${seconds(performance.now() - keysStartedMs)}`);
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
  report.note(
    `sqlite seeding took ${seconds(performance.now() - startedMs)} (not timed as a figure): ${seeded.payments} payments (${seeded.offlinePayments} offline, ${seeded.cancels} cancelled) among ${seeded.entries} journal entries (${seeded.charges} charges, ${seeded.grants} grants, ${seeded.expiries} write-offs), ${seeded.postings} postings, ${seeded.lots} lots`,
  );
  return seeded;
}

interface TimedRun {
  result: LoadResult;
  /** This process's CPU time per payment (the use case and better-sqlite3 run on its thread; the 200-card fixture included). */
  cpuMsPerPayment: number;
  grownBytes: number;
  keyJsonBytesAvg: number;
}

/** The timed figure on one ledger file, and how much the file grew per payment made. */
async function timedRun(file: string, options: Pick<CeilingOptions, 'clientTxnIds' | 'cardPrefix' | 'dataKeys'> = {}): Promise<TimedRun> {
  const beforeBytes = pageBytes(file);
  const cpuAtStart = process.cpuUsage();
  const result = await measureInProcessCeiling(file, TIMED_PAYMENTS, { concurrency: 32, groupCommit: true, ...options });
  const cpu = process.cpuUsage(cpuAtStart);
  const cpuMsPerPayment = (cpu.user + cpu.system) / 1000 / TIMED_PAYMENTS;
  const grownBytes = pageBytes(file) - beforeBytes;
  const db = new Database(file, { readonly: true });
  try {
    const row = db.prepare('select avg(length(response_json)) as bytes from idempotency_keys where terminal_id = ?').get(result.terminalId) as { bytes: number | null };
    return { result, cpuMsPerPayment, grownBytes, keyJsonBytesAvg: row.bytes ?? 0 };
  } finally {
    db.close();
  }
}

export default async function bench(report: BenchReport): Promise<void> {
  report.note(
    `method: ${TIMED_PAYMENTS} card payments in-process through the use case (measureInProcessCeiling: group commit, 32 at a time, synchronous=FULL) on an empty ledger, then on one seeded with ~${paymentsLabel(GROWTH_PAYMENTS)} payments (KUMAPAY_BENCH_GROWTH_PAYMENTS), with clientTxnIds as the terminal makes them (time-ordered, UUID v7); then once more on the seeded file with random (v4) clientTxnIds, as another client may send; one run each`,
  );
  const dir = mkdtempSync(path.join(tmpdir(), 'kumapay-bench-growth-'));
  try {
    const bigFile = path.join(dir, 'big.sqlite');
    const seeded = await seedSqlite(report, bigFile);
    const seededBytes = pageBytes(bigFile) + walBytes(bigFile);
    const n = paymentsLabel(seeded.payments);
    report.figure(`sqlite database size, ${n}-payment ledger`, Math.round(seededBytes / MB), 'MB');
    report.figure(
      'sqlite database size per million payments, seeded ledger',
      Math.round((seededBytes / seeded.payments) * 1e6 / MB),
      'MB',
      'the whole file ÷ its payments: charges, grants, cancels, write-offs and their postings are in it too; idempotency keys with a slimmer answer than the real one',
    );

    // Empty first, big right after: both under the same neighbours as far as possible.
    const emptyFile = path.join(dir, 'empty.sqlite');
    await (await openStore(emptyFile)).close();
    report.note(`sqlite empty-ledger run starts: ${loadNote()}`);
    const empty = await timedRun(emptyFile);
    report.note(`sqlite ${n}-payment ledger run starts: ${loadNote()}`);
    const bigDataKeys = new DataKeys([newDataKey()]);
    const big = await timedRun(bigFile, { dataKeys: bigDataKeys });
    // Other clients may send random (v4) clientTxnIds: each lands on a random page of two indexes.
    report.note(`sqlite ${n}-payment ledger run with random clientTxnIds starts: ${loadNote()}`);
    const bigRandomIds = await timedRun(bigFile, { clientTxnIds: 'random', cardPrefix: 'CEILR', dataKeys: bigDataKeys });
    report.note(`sqlite runs end: ${loadNote()}`);

    const figure = (label: string, { result: r, cpuMsPerPayment }: TimedRun) =>
      report.figure(
        `sqlite payments/s, group commit @32, ${label}`,
        Math.round(r.perSecond),
        'payments/s',
        `p50 ${r.p50Ms.toFixed(2)} ms, p99 ${r.p99Ms.toFixed(2)} ms, CPU ${cpuMsPerPayment.toFixed(3)} ms/payment, n=${r.count}${r.okCount === r.count ? '' : `, ${r.count - r.okCount} NOT APPROVED`}`,
      );
    figure('empty ledger', empty);
    figure(`${n}-payment ledger`, big);
    figure(`${n}-payment ledger, random (v4) clientTxnIds from other clients`, bigRandomIds);
    const dropPercent = (1 - big.result.perSecond / empty.result.perSecond) * 100;
    report.figure(`sqlite payments/s drop, empty → ${n} payments`, Number(dropPercent.toFixed(1)), '%', `target ≤ ${TARGET_DROP_PERCENT} %: ${dropPercent <= TARGET_DROP_PERCENT ? 'met' : 'NOT MET'}; one run each on a shared machine`);
    report.figure(`sqlite p99 growth, empty → ${n} payments`, big.result.p99Ms / empty.result.p99Ms, 'x');
    const randomDropPercent = (1 - bigRandomIds.result.perSecond / empty.result.perSecond) * 100;
    report.figure(`sqlite payments/s drop, empty → ${n} payments, random (v4) clientTxnIds`, Number(randomDropPercent.toFixed(1)), '%', 'what a client that does not send time-ordered ids costs: two random index pages per payment');
    // Wall time on a shared machine says as much about the neighbours as about the ledger.
    report.figure(`sqlite CPU per payment growth, empty → ${n} payments`, big.cpuMsPerPayment / empty.cpuMsPerPayment, 'x', 'the same drop seen in CPU time, which other processes on the machine disturb less');

    const perMillion = (bytes: number) => Math.round((bytes / TIMED_PAYMENTS) * 1e6 / MB);
    const timedNote = `file growth (page_count × page_size) ÷ ${TIMED_PAYMENTS} payments: payments only, with their idempotency keys (real answers, ${Math.round(big.keyJsonBytesAvg)} bytes of JSON on average); includes the run's own 200 cards and ~800 seeded lots`;
    report.figure('sqlite database size per million payments, timed run on the empty ledger', perMillion(empty.grownBytes), 'MB', timedNote);
    report.figure(`sqlite database size per million payments, timed run on the ${n}-payment ledger`, perMillion(big.grownBytes), 'MB', timedNote);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Issue 13, R24: the bus system's ride file, 100,000 rows in Shift_JIS for 5,000 app wallets
 * (some rides unanswered, some by riders without the app), imported in-process through the use
 * case (parse + one unit of work), then the same file again (every ride already imported).
 * Target: seconds, on SQLite (synchronous=FULL, as the backend runs) and on PostgreSQL when
 * KUMAPAY_BENCH_PG_URL or KUMAPAY_TEST_PG_URL is set. Wallets are written straight into the
 * table before timing starts; the file is generated in memory.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import iconv from 'iconv-lite';
import pino from 'pino';
import type { BenchReport } from './run';
import { withBenchPgDatabase } from './lib/pg-database';
import { LIMITS } from '../common/limits';
import { systemClock } from '../common/time';
import { readBusRidesCsv } from '../backend/src/domain/bus-rides-csv';
import { yieldToEventLoop } from '../backend/src/usecases/bus-credits';
import { openStore } from '../backend/src/store/open-store';
import type { Store } from '../backend/src/store/store';
import { importBusRides, type BusImportAnswer } from '../backend/src/usecases/bus-import';
import { checkLedger } from '../backend/src/usecases/ledger-check';

const ROWS = 100_000;
const WALLETS = 5_000;
/** Every 10th ride skipped the alighting question, every 50th names no app wallet. */
const UNANSWERED_EVERY = 10;
const UNKNOWN_EVERY = 50;
const WALLET_ROWS_PER_INSERT = 500;
const STOPS = ['熊谷駅南口', '籠原駅', '市役所前', '妻沼聖天山', '熊谷スポーツ文化公園', '石原', '上之', '久下'];

interface Fixture {
  walletIds: string[];
  bytes: Uint8Array;
  expectedCredited: number;
  expectedUnanswered: number;
  expectedUnknown: number;
}

function buildFixture(): Fixture {
  const walletIds = Array.from({ length: WALLETS }, () => randomUUID());
  const lines = ['rideId,customerId,usedAt,bus,boardingStop,alightingStop'];
  let expectedCredited = 0;
  let expectedUnanswered = 0;
  let expectedUnknown = 0;
  const dayMs = 24 * 60 * 60 * 1000;
  for (let i = 0; i < ROWS; i++) {
    const unanswered = i % UNANSWERED_EVERY === 0;
    const unknown = !unanswered && i % UNKNOWN_EVERY === 1;
    const customerId = unknown ? `rider-${i}` : walletIds[(i * 7919) % WALLETS]!;
    // JST local time, as the bus system writes it: rides over 30 days of June.
    const at = new Date(Date.UTC(2024, 5, 1) + (i % 30) * dayMs + (i % 960) * 60_000 + 7 * 60 * 60 * 1000);
    const usedAt = `${at.getUTCFullYear()}-${String(at.getUTCMonth() + 1).padStart(2, '0')}-${String(at.getUTCDate()).padStart(2, '0')} ${String(at.getUTCHours()).padStart(2, '0')}:${String(at.getUTCMinutes()).padStart(2, '0')}:00`;
    const alighting = unanswered ? (i % 20 === 0 ? '【未選択】' : '') : STOPS[(i * 3) % STOPS.length]!;
    lines.push(`KB${String(i).padStart(9, '0')},${customerId},${usedAt},ゆうゆう号${i % 12}系統,${STOPS[i % STOPS.length]},${alighting}`);
    if (unanswered) expectedUnanswered += 1;
    else if (unknown) expectedUnknown += 1;
    else expectedCredited += 1;
  }
  const bytes = new Uint8Array(iconv.encode(`${lines.join('\r\n')}\r\n`, 'shift_jis'));
  return { walletIds, bytes, expectedCredited, expectedUnanswered, expectedUnknown };
}

async function seedWallets(store: Store, walletIds: readonly string[]): Promise<void> {
  const nowMs = systemClock.nowMs();
  for (let i = 0; i < walletIds.length; i += WALLET_ROWS_PER_INSERT) {
    const rows = walletIds.slice(i, i + WALLET_ROWS_PER_INSERT).map((id, j) => ({
      id, kind: 'app', status: 'active', display_name: `乗客 ${i + j}`, card_number: null, nfc_uid: null, customer_token_hash: null, migrated_to: null, debt_yen: 0, created_at_ms: nowMs,
    }));
    await store.write((tx) => tx.insertInto('wallets').values(rows).execute());
  }
}

const loadNote = () => `load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${availableParallelism()} cores`;

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; cpuMs: number; value: T }> {
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const value = await work();
  const cpu = process.cpuUsage(cpu0);
  return { ms: performance.now() - t0, cpuMs: (cpu.user + cpu.system) / 1000, value };
}

async function measure(report: BenchReport, label: string, store: Store, fixture: Fixture): Promise<void> {
  await seedWallets(store, fixture.walletIds);
  const deps = { store, clock: systemClock, log: pino({ level: 'silent' }), newId: randomUUID };
  report.note(`${label} start: ${loadNote()}`);
  // What a terminal polling /livez on this instance would notice: the longest the event loop was held.
  const stalls = monitorEventLoopDelay({ resolution: 10 });
  stalls.enable();
  const first = await timed(() => importBusRides(deps, fixture.bytes, 'bench'));
  stalls.disable();
  const a: BusImportAnswer = first.value;
  report.figure(`${label} import of ${ROWS.toLocaleString('en')} rows, ${WALLETS.toLocaleString('en')} wallets`, first.ms / 1000, 's', `${Math.round(ROWS / (first.ms / 1000)).toLocaleString('en')} rows/s; CPU ${Math.round(first.cpuMs)} ms`);
  report.figure(`${label} longest event-loop stall during the import`, Math.round(stalls.max / 1e6), 'ms', 'the liveness poll and payments on this instance wait at most this long');
  const again = await timed(() => importBusRides(deps, fixture.bytes, 'bench'));
  const b: BusImportAnswer = again.value;
  report.figure(`${label} the same file again (all already imported)`, again.ms / 1000, 's', `${Math.round(ROWS / (again.ms / 1000)).toLocaleString('en')} rows/s; CPU ${Math.round(again.cpuMs)} ms`);

  const pointsRow = await store.read.selectFrom('wallets').select((eb) => eb.fn.sum<number>('points').as('total')).executeTakeFirstOrThrow();
  const check = await checkLedger(store);
  const wrong = [
    a.applied && b.applied ? null : 'an import was not applied',
    a.credited === fixture.expectedCredited ? null : `credited ${a.credited} ≠ ${fixture.expectedCredited}`,
    a.unanswered === fixture.expectedUnanswered ? null : `unanswered ${a.unanswered} ≠ ${fixture.expectedUnanswered}`,
    a.unknownCustomer === fixture.expectedUnknown ? null : `unknown ${a.unknownCustomer} ≠ ${fixture.expectedUnknown}`,
    b.credited === 0 && b.alreadyImported === fixture.expectedCredited ? null : `second import credited ${b.credited}, already imported ${b.alreadyImported}`,
    Number(pointsRow.total) === fixture.expectedCredited * LIMITS.busRidePoints ? null : `wallets hold ${pointsRow.total} points`,
    check.differences.length === 0 ? null : `ledger:check found ${check.differences.length} differences, first ${JSON.stringify(check.differences[0])}`,
  ].filter((w) => w !== null);
  report.note(
    wrong.length === 0
      ? `${label}: ${a.credited.toLocaleString('en')} rides credited (${a.creditedPoints.toLocaleString('en')} points), ${a.unanswered.toLocaleString('en')} unanswered, ${a.unknownCustomer.toLocaleString('en')} unknown customers; the second import credited nothing; ledger:check clean`
      : `${label}: WRONG: ${wrong.join('; ')}`,
  );
}

export default async function bench(report: BenchReport): Promise<void> {
  const fixture = buildFixture();
  report.note(`method: a ${(fixture.bytes.length / 1024 / 1024).toFixed(1)} MB Shift_JIS file generated in memory (not timed), wallets inserted straight into the table (not timed), then importBusRides in-process twice (decode + parse + one unit of work)`);
  const parse = await timed(() => readBusRidesCsv(fixture.bytes, yieldToEventLoop));
  report.figure(`parse alone (decode + CSV + rows), ${ROWS.toLocaleString('en')} rows, first run in the process`, parse.ms / 1000, 's', `CPU ${Math.round(parse.cpuMs)} ms; ${loadNote()}`);

  const dir = mkdtempSync(path.join(tmpdir(), 'kumapay-bench-bus-'));
  try {
    const store = await openStore(path.join(dir, 'bus.sqlite'));
    try {
      await measure(report, 'sqlite', store, fixture);
    } finally {
      await store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  await withBenchPgDatabase(report, async (db) => {
    const store = await openStore(db.url);
    try {
      await measure(report, 'postgres', store, fixture);
    } finally {
      await store.close();
    }
  });
}

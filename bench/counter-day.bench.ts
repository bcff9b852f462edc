/**
 * A day at the counter, in fast-forward: 20,000 card sales through the browser host
 * (electron/web/main.ts as its own process, `node --import tsx` as `npm run start:web` runs it,
 * demo mode for its simulated devices and receipt printer), with the real backend behind a
 * TcpProxy. Driven as the renderer drives it (bench/lib/browser-host-client.ts): per sale the
 * customer display's amount → `pay` → approved → welcome, one event stream open and read. Every
 * 2,000 sales the proxy is cut for 300 offline sales, then restored and synced (`syncNow`, as
 * the sync screen's button); 精算 by a manager at the end.
 *
 * What it watches, in the host process (the node process that runs the core):
 *  - VmRSS at the start (after 500 warm-up sales), every 5,000 sales and at the end, plus a
 *    reading every 100 sales: RSS swings by ~100 MB between collections, so the medians of the
 *    first and last quarter say more than two single readings;
 *  - the live heap after the full collections the host runs by itself (`--trace-gc`, nothing
 *    forced): what it retains. A leak that grows with time rather than sales shows here;
 *  - its CPU per sale over each 1,000 (a cost that grows with the journal shows here).
 * And the journal: page_count × page_size of a checkpointed copy (the host holds it exclusively;
 * bench/lib/journal-figures.ts), its rows per table, bytes per sale.
 *
 * The host's data and the backend's database live on tmpfs when there is one: this is about
 * memory and bytes, and a ~5 ms fsync, several per sale on both sides, would make the day take
 * half an hour. At this speed printing falls behind now and then and the print queue's bound
 * (16 waiting) fails a few slips; a counter selling one item every few seconds never sees it.
 *
 * `KUMAPAY_BENCH_COUNTER_SALES` (default 20000) runs a shorter day; `KUMAPAY_BENCH_COUNTER_DIR`
 * puts the data elsewhere (a real disk).
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BenchReport } from './run';
import { HostClient } from './lib/browser-host-client';
import { readJournal, snapshotJournal, type JournalFigures } from './lib/journal-figures';
import { liveHeapAfterFullGcMb, procMemory, type ProcMemory } from './lib/process-figures';
import { RealBackend, TcpProxy } from '../electron/core/testing/index';
import { killAllChildren, spawnTsx, type ManagedProcess } from '../scripts/lib/processes';
import { HOST_SCRIPT, hostArgs, readSecret } from '../test/e2e/lib/host';

const SALES = Number(process.env.KUMAPAY_BENCH_COUNTER_SALES ?? 20_000);
/** Not measured: JIT, SQLite's page cache, sockets and the printer path settle in the first sales. */
const WARMUP_SALES = 500;
const RSS_SAMPLE_EVERY_SALES = 5_000;
/** A cheap reading (RSS and CPU, no journal copy) for the trend line. */
const RSS_TREND_EVERY_SALES = 1_000;
/** VmRSS swings by ~100 MB between collections: readings this often, compared by quarter medians. */
const RSS_READING_EVERY_SALES = 100;
const OFFLINE_EVERY_SALES = 2_000;
/** Where in each block of 2,000 the link is cut: after the warm-up, clear of the samples. */
const OFFLINE_AT_SALE_IN_BLOCK = 1_000;
const OFFLINE_STRETCH_SALES = 300;
/** Cards used in turn; each holds enough for its share of the day (≈ ¥850 a sale). */
const CARDS = 20;
const CARD_SEED_YEN = 2_000_000;
/** Room for a whole offline stretch under R20a (the default ¥100,000 is a few hundred sales). */
const OFFLINE_UNSYNCED_MAX_YEN = 10_000_000;
/** 300 offline sales sync in one run of two batches; a minute means the link did not come back. */
const SYNC_WAIT_MS_MAX = 60_000;
const SYNC_POLL_MS = 50;
/** tmpfs when there is one (see above): sales per second are then without disk latency. */
const DATA_PARENT_DIR = process.env.KUMAPAY_BENCH_COUNTER_DIR ?? (existsSync('/dev/shm') ? '/dev/shm' : tmpdir());
const KIB = 1024;
const MIB = 1024 * 1024;

/** ¥100–¥1,599, spread over the day without a pattern a cache could learn. */
function saleAmountYen(sale: number): number {
  return 100 + ((sale * 7_919) % 1_500);
}

interface LiveHeapReading {
  sale: number;
  atMs: number;
  /** V8's heap right after a full collection the host ran by itself: what it retains. */
  liveMb: number;
}

interface Sample {
  label: string;
  sales: number;
  memory: ProcMemory;
  journal: JournalFigures;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

const mb = (kib: number) => kib / KIB;
const fmtMb = (kib: number) => `${mb(kib).toFixed(1)} MB`;

export default async function counterDayBench(report: BenchReport): Promise<void> {
  if (!Number.isInteger(SALES) || SALES < WARMUP_SALES + 1) throw new Error(`KUMAPAY_BENCH_COUNTER_SALES must be an integer above ${WARMUP_SALES}`);
  const dir = mkdtempSync(path.join(DATA_PARENT_DIR, 'kumapay-bench-counter-day-'));
  const terminalDir = path.join(dir, 'terminal');
  const journalFile = path.join(terminalDir, 'journal.sqlite');
  const scratchDir = path.join(dir, 'snapshot');
  // No browser loads the page here: the host only needs an index.html to inject its secret into.
  const rendererDir = path.join(dir, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><html><head><title>KumaPAY</title></head><body></body></html>\n');

  const backend = new RealBackend(path.join(dir, 'backend.sqlite'));
  let proxy: TcpProxy | null = null;
  let host: ManagedProcess | null = null;
  try {
    await backend.start();
    const target = new URL(backend.url);
    proxy = new TcpProxy(target.hostname, Number(target.port));
    await proxy.start();
    await backend.setSettings({ offlineTerminalUnsyncedMaxYen: OFFLINE_UNSYNCED_MAX_YEN });
    const seeded = await backend.seedShop({
      offlineCardPayments: true,
      staff: [
        { code: 'c1', pin: '1234', role: 'cashier' },
        { code: 'm1', pin: '5678', role: 'manager' },
      ],
    });
    const cardNumbers: string[] = [];
    for (let k = 0; k < CARDS; k++) {
      const cardNumber = `KCBENCH${String(k).padStart(6, '0')}`;
      const card = await backend.post<{ walletId: string }>('/v1/admin/cards', { cardNumber });
      await backend.post(`/v1/admin/wallets/${card.walletId}/lots`, { kind: 'charge', amountYen: CARD_SEED_YEN, expiresAt: '2099-12-31T23:59:59+09:00' });
      cardNumbers.push(cardNumber);
    }

    // As production starts it (`npm run start:web`), in demo mode for its simulated devices and
    // receipt printer; `node --import tsx` so the pid is the node process that runs the core.
    const hostLog = { warnings: 0, errors: 0, lastProblem: '' };
    /** Where the day is, for the GC lines the host prints as it goes. */
    const progress = { sale: 0 };
    const liveHeap: LiveHeapReading[] = [];
    let partialLine = '';
    host = await spawnTsx({
      name: 'browser host',
      script: HOST_SCRIPT,
      args: [...hostArgs({ dataDir: terminalDir, backendUrl: proxy.url }), '--renderer-dir', rendererDir],
      // --trace-gc changes nothing in how the host allocates or collects; it only prints each
      // collection, and a full one's "after" figure is the live heap, measured without forcing one.
      nodeArgs: ['--trace-gc'],
      env: { KUMAPAY_LOG_LEVEL: 'info' },
      readyPattern: /listening on (http:\/\/127\.0\.0\.1:\d+)/,
      onOutputAfterReady: (text) => {
        const lines = (partialLine + text).split('\n');
        partialLine = lines.pop() ?? '';
        for (const line of lines) {
          const liveMb = liveHeapAfterFullGcMb(line);
          if (liveMb !== null) liveHeap.push({ sale: progress.sale, atMs: performance.now(), liveMb });
          // pino's JSON lines: warn is level 40, error 50 and above.
          const level = Number(/^\{"level":(\d+)/.exec(line)?.[1] ?? 0);
          if (level >= 50) hostLog.errors += 1;
          else if (level >= 40) hostLog.warnings += 1;
          if (level >= 40) hostLog.lastProblem = line;
        }
      },
    });
    const hostPid = host.child.pid;
    if (hostPid === undefined) throw new Error('the host has no pid');
    const cmdline = readFileSync(`/proc/${hostPid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    if (cmdline[0] !== process.execPath || !cmdline.some((arg) => arg.endsWith(HOST_SCRIPT))) throw new Error(`pid ${hostPid} is not node running the host: ${cmdline.join(' ')}`);
    report.note(`host pid ${hostPid}: ${cmdline.map((arg) => path.basename(arg)).join(' ')}`);

    const url = host.ready[1];
    if (!url) throw new Error('the host printed no URL');
    const client = new HostClient(url, await readSecret(url));
    const events = client.openEvents();
    try {
      const enrolled = await client.call('enroll', { enrollmentCode: seeded.enrollmentCode });
      if (!enrolled.ok) throw new Error(`enroll: ${enrolled.message}`);
      const cashier = await client.call('login', { staffCode: 'c1', pin: '1234' });
      if (!cashier.ok) throw new Error(`login: ${cashier.message}`);

      const samples: Sample[] = [];
      /** Every 1,000 sales: the host's RSS, and its CPU per sale over those 1,000 (cost that grows with the day shows here). */
      const trend: string[] = [];
      let trendCpuMs = procMemory(hostPid).cpuMs;
      const rssReadings: { sale: number; rssKib: number }[] = [];
      const sample = (label: string, sales: number) => {
        const taken: Sample = { label, sales, memory: procMemory(hostPid), journal: snapshotJournal(journalFile, scratchDir) };
        samples.push(taken);
        report.note(
          `${label} (${sales.toLocaleString('en')} sales): RSS ${fmtMb(taken.memory.rssKib)} (peak ${fmtMb(taken.memory.peakRssKib)}), ` +
            `journal ${taken.journal.logicalBytes.toLocaleString('en')} B in ${taken.journal.totalRows.toLocaleString('en')} rows ` +
            `(${taken.journal.onDiskBytes.toLocaleString('en')} B on disk with WAL), events ${events.events.toLocaleString('en')}`,
        );
        return taken;
      };

      let offlineSales = 0;
      let offlineUntilSale = -1;
      const syncMs: number[] = [];
      const sell = async (sale: number) => {
        const amountYen = saleAmountYen(sale);
        // The payment screen's customer display: amount → approved → welcome (PaymentScreen.tsx).
        await client.call('customerDisplay', { view: { screen: 'amount', purpose: 'payment', amountYen } });
        const paid = await client.call('pay', { amountYen, credential: { type: 'card', cardNumber: cardNumbers[sale % CARDS] ?? '' } });
        if (!paid.ok) throw new Error(`sale ${sale} (¥${amountYen}) refused: ${paid.code} ${paid.message}`);
        const offline = sale < offlineUntilSale;
        if (paid.payment.offline !== offline) throw new Error(`sale ${sale} was ${paid.payment.offline ? 'offline' : 'online'}, expected ${offline ? 'offline' : 'online'}`);
        if (paid.payment.offline) offlineSales += 1;
        await client.call('customerDisplay', {
          view: { screen: 'approved', amountYen, cashYen: 0, balanceAfterYen: paid.payment.balanceAfter?.totalYen ?? null, usableHereYen: null },
        });
        await client.call('customerDisplay', { view: { screen: 'welcome' } });
      };
      const restoreAndSync = async () => {
        await proxy?.restore();
        const startMs = performance.now();
        // The sync screen's 今すぐ送信; the agent would also find the link within its probe backoff.
        for (;;) {
          await client.call('syncNow', {});
          const status = await client.call('getStatus', {});
          if (status.queue.pendingCount === 0 && status.connectivity === 'online') break;
          if (performance.now() - startMs > SYNC_WAIT_MS_MAX) throw new Error(`not synced after ${SYNC_WAIT_MS_MAX} ms: ${JSON.stringify(status.queue)} ${status.connectivity}`);
          await new Promise((resolve) => setTimeout(resolve, SYNC_POLL_MS));
        }
        syncMs.push(performance.now() - startMs);
      };

      let measuredStartMs = 0;
      for (let sale = 0; sale < SALES; sale++) {
        if (sale === WARMUP_SALES) {
          sample('start', sale);
          measuredStartMs = performance.now();
        } else if (sale > WARMUP_SALES && sale % RSS_SAMPLE_EVERY_SALES === 0) {
          sample('sample', sale);
        }
        if (sale >= WARMUP_SALES && sale % RSS_READING_EVERY_SALES === 0) rssReadings.push({ sale, rssKib: procMemory(hostPid).rssKib });
        if (sale % RSS_TREND_EVERY_SALES === 0 && sale > 0) {
          const now = procMemory(hostPid);
          trend.push(`${sale / 1000}k ${mb(now.rssKib).toFixed(0)} MB ${((now.cpuMs - trendCpuMs) / RSS_TREND_EVERY_SALES).toFixed(1)} ms`);
          trendCpuMs = now.cpuMs;
        }
        if (sale % OFFLINE_EVERY_SALES === OFFLINE_AT_SALE_IN_BLOCK && sale + OFFLINE_STRETCH_SALES <= SALES) {
          await proxy.cut();
          offlineUntilSale = sale + OFFLINE_STRETCH_SALES;
        }
        progress.sale = sale;
        await sell(sale);
        if (sale + 1 === offlineUntilSale) await restoreAndSync();
      }
      const measuredMs = performance.now() - measuredStartMs;
      const start = samples[0];
      const end = sample('end', SALES);
      if (!start) throw new Error('no start sample');

      // 精算: the manager closes the day the 20,000 sales are in.
      await client.call('logout', {});
      const manager = await client.call('login', { staffCode: 'm1', pin: '5678' });
      if (!manager.ok) throw new Error(`manager login: ${manager.message}`);
      const status = await client.call('getStatus', {});
      const businessDay = status.businessDay;
      if (!businessDay) throw new Error('the host did not say its business day');
      const closeStartMs = performance.now();
      const closed = await client.call('dailyReport', { businessDay, mode: 'close' });
      const closeMs = performance.now() - closeStartMs;
      if (closed.ok) {
        report.figure('counter day: 精算 of the day', closeMs / 1000, 's', `${closed.report.paymentsCount.toLocaleString('en')} payments, ¥${closed.report.paymentsYen.toLocaleString('en')}, ${closed.report.differences.length} differences`);
      } else {
        report.note(`精算 FAILED after ${(closeMs / 1000).toFixed(1)} s: ${closed.code} ${closed.message} ${JSON.stringify(closed.details).slice(0, 300)}`);
      }
      const afterClose = procMemory(hostPid);
      report.note(`after 精算: RSS ${fmtMb(afterClose.rssKib)} (peak ${fmtMb(afterClose.peakRssKib)})`);

      const measuredSales = SALES - WARMUP_SALES;
      const growthKib = end.memory.rssKib - start.memory.rssKib;
      report.figure('counter day: host RSS at start', mb(start.memory.rssKib), 'MB', `VmRSS after ${WARMUP_SALES} warm-up sales`);
      report.figure('counter day: host RSS at end', mb(end.memory.rssKib), 'MB', `after ${SALES.toLocaleString('en')} sales; peak (VmHWM) ${fmtMb(end.memory.peakRssKib)}`);
      report.figure('counter day: RSS growth', mb(growthKib), 'MB', `${((growthKib / start.memory.rssKib) * 100).toFixed(1)} % over ${measuredSales.toLocaleString('en')} sales = ${((growthKib * KIB) / measuredSales).toFixed(0)} B/sale`);
      const quarterSales = Math.floor(measuredSales / 4);
      const firstQuarter = median(rssReadings.filter((r) => r.sale < WARMUP_SALES + quarterSales).map((r) => r.rssKib));
      const lastQuarter = median(rssReadings.filter((r) => r.sale >= SALES - quarterSales).map((r) => r.rssKib));
      report.figure(
        'counter day: RSS growth, median of first vs last quarter',
        mb(lastQuarter - firstQuarter),
        'MB',
        `${fmtMb(firstQuarter)} → ${fmtMb(lastQuarter)} (${(((lastQuarter - firstQuarter) / firstQuarter) * 100).toFixed(1)} %), readings every ${RSS_READING_EVERY_SALES} sales; min–max ${fmtMb(Math.min(...rssReadings.map((r) => r.rssKib)))}–${fmtMb(Math.max(...rssReadings.map((r) => r.rssKib)))}`,
      );
      const measuredHeap = liveHeap.filter((r) => r.sale >= WARMUP_SALES);
      const firstHeap = measuredHeap.filter((r) => r.sale < WARMUP_SALES + quarterSales);
      const lastHeap = measuredHeap.filter((r) => r.sale >= SALES - quarterSales);
      if (firstHeap.length > 0 && lastHeap.length > 0) {
        const firstMb = median(firstHeap.map((r) => r.liveMb));
        const lastMb = median(lastHeap.map((r) => r.liveMb));
        const middleOf = (readings: LiveHeapReading[]) => readings[Math.floor(readings.length / 2)] ?? readings[0];
        const spanMs = (middleOf(lastHeap)?.atMs ?? 0) - (middleOf(firstHeap)?.atMs ?? 0);
        report.figure(
          'counter day: host live heap growth (after full GCs), first vs last quarter',
          lastMb - firstMb,
          'MB',
          `${firstMb.toFixed(1)} → ${lastMb.toFixed(1)} MB, medians of ${firstHeap.length} and ${lastHeap.length} Mark-Compacts the host ran by itself; ` +
            `${(((lastMb - firstMb) * MIB) / (quarterSales * 3)).toFixed(0)} B/sale or ${(((lastMb - firstMb) / Math.max(1, spanMs)) * 3_600_000).toFixed(1)} MB/hour of this run`,
        );
      } else {
        report.note(`too few full collections to compare the live heap (${measuredHeap.length})`);
      }
      report.note(`trend (sales → host RSS, host CPU per sale over the last ${RSS_TREND_EVERY_SALES.toLocaleString('en')}): ${trend.join(', ')}`);
      report.figure('counter day: journal size at start', start.journal.logicalBytes, 'bytes', `${start.journal.totalRows.toLocaleString('en')} rows; page_count × page_size of a checkpointed copy`);
      report.figure('counter day: journal size at end', end.journal.logicalBytes, 'bytes', `${end.journal.totalRows.toLocaleString('en')} rows; ${(end.journal.freeBytes / KIB).toFixed(0)} KiB free pages`);
      const journalGrowth = end.journal.logicalBytes - start.journal.logicalBytes;
      const rowGrowth = end.journal.totalRows - start.journal.totalRows;
      report.figure('counter day: journal bytes per sale', Math.round(journalGrowth / measuredSales), 'B/sale', `${(rowGrowth / measuredSales).toFixed(2)} rows/sale, ${Math.round(journalGrowth / Math.max(1, rowGrowth))} B/row`);
      const perTable = Object.keys(end.journal.tableBytes)
        .map((table) => ({ table, bytes: (end.journal.tableBytes[table] ?? 0) - (start.journal.tableBytes[table] ?? 0), rows: (end.journal.rows[table] ?? 0) - (start.journal.rows[table] ?? 0) }))
        .filter((t) => t.bytes !== 0 || t.rows !== 0)
        .sort((a, b) => b.bytes - a.bytes);
      report.note(`journal growth by table (with its indexes): ${perTable.map((t) => `${t.table} +${t.rows.toLocaleString('en')} rows +${(t.bytes / MIB).toFixed(2)} MiB (${Math.round(t.bytes / measuredSales)} B/sale)`).join('; ')}`);
      report.figure('counter day: sales per second through the host', Math.round(measuredSales / (measuredMs / 1000)), 'sales/s', `a note, not a target: each sale is 4 host calls (3 customer display + pay), ${offlineSales.toLocaleString('en')} offline`);
      report.note(`host CPU: ${((end.memory.cpuMs - start.memory.cpuMs) / measuredSales).toFixed(1)} ms per sale (user + system, the host process alone)`);
      if (syncMs.length > 0) {
        report.note(`${syncMs.length} offline stretches of ${OFFLINE_STRETCH_SALES}: restore → all synced in ${Math.round(Math.min(...syncMs))}–${Math.round(Math.max(...syncMs))} ms`);
      }
      report.note(`event stream: ${events.events.toLocaleString('en')} events, ${(events.bytes / MIB).toFixed(1)} MiB read; slips printed ${events.printed.toLocaleString('en')}, print jobs failed ${events.printFailed.toLocaleString('en')}`);
      report.note(`host log: ${hostLog.warnings} warnings, ${hostLog.errors} errors${hostLog.lastProblem ? ` (last: ${hostLog.lastProblem.slice(0, 200)})` : ''}`);
    } finally {
      await events.close();
    }
    await host.stop();
    host = null;
    // The copies against the real file, now that the host has let go of it.
    const final = readJournal(journalFile);
    report.note(`journal after the host stopped: ${final.logicalBytes.toLocaleString('en')} B, ${final.totalRows.toLocaleString('en')} rows (after 精算)`);
  } finally {
    await host?.stop();
    await proxy?.close();
    await backend.stop();
    killAllChildren();
    rmSync(dir, { recursive: true, force: true });
  }
}

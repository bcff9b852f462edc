/**
 * The cashier's wait: a QR scanned on the (simulated HID POS) scanner → the green approved panel
 * on screen, in the browser host with the backend on loopback. Target: p99 < 100 ms.
 *
 * Measured inside the page, on one clock: the page itself posts the scan to `/api/sim/scan`
 * (as the simulator panel does) and a MutationObserver notes when 確認中… and then the approved
 * panel are inserted; the end is the next animation frame after the approved panel appears (the
 * frame that paints it). The path covered: host → simulated HID reports → device manager → core
 * `scan` event → SSE → renderer → `pay` command → core → backend (SQLite, fsync) → renderer.
 *
 * Also: the renderer bundle (dist/renderer), raw and gzip, split into what the first load
 * fetches and what loads on demand (camera decoder, demo pages).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import type { BenchReport } from './run';
import { seedDemo } from '../scripts/demo-seed';
import { E2eBackend } from '../test/e2e/lib/backend';
import { launchChromium, newCounterPage } from '../test/e2e/lib/browser';
import { E2eHost } from '../test/e2e/lib/host';
import { PaymentScreen, TerminalPage } from '../test/e2e/lib/pages';
import { killAllChildren } from '../scripts/lib/processes';
import { ensureRendererBuilt, RENDERER_DIST } from '../test/e2e/lib/renderer-build';

/** Not measured: the first payments warm the JIT, the SQLite page cache and React's paths. */
const WARMUP_PAYMENTS = 5;
/** With 100 samples the p99 is the slowest but one; the max is reported too. */
const MEASURED_PAYMENTS = 100;
/** 105 × ¥90 = ¥9,450 fits the demo wallet's ¥10,000. */
const PAYMENT_YEN = 90;
const TARGET_P99_MS = 100;
/** One payment on loopback takes milliseconds; 10 s means it is stuck, not slow. */
const PAYMENT_TIMEOUT_MS = 10_000;

/** Nearest rank: of 100 samples the p99 is the 99th, not the maximum. */
function percentile(sortedMs: number[], p: number): number {
  return sortedMs[Math.max(0, Math.ceil((p / 100) * sortedMs.length) - 1)] ?? Number.NaN;
}

interface ScanTiming {
  /** Scan posted → 確認中… inserted: the scan's trip through host, drivers, core and SSE. */
  toCheckingMs: number;
  /** Scan posted → the approved panel's first painted frame. */
  toApprovedMs: number;
}

/** Runs in the page: post the scan, watch the DOM, resolve with the two intervals. */
async function timedScan(page: Page, token: string): Promise<ScanTiming> {
  return page.evaluate(
    ({ text, timeoutMs }) =>
      new Promise<ScanTiming>((resolve, reject) => {
        const secret = document.querySelector('meta[name="kumapay-secret"]')?.getAttribute('content');
        if (!secret) {
          reject(new Error('no kumapay-secret meta tag'));
          return;
        }
        let checkingAt: number | null = null;
        let done = false;
        const startedAt = performance.now();
        const finish = (error: Error | null, timing?: ScanTiming) => {
          if (done) return;
          done = true;
          observer.disconnect();
          clearTimeout(timer);
          if (error) reject(error);
          else if (timing) resolve(timing);
        };
        const observer = new MutationObserver(() => {
          if (checkingAt === null && document.querySelector('[data-testid="payment-checking"]')) checkingAt = performance.now();
          if (document.querySelector('[data-testid="payment-approved"]')) {
            observer.disconnect();
            requestAnimationFrame(() => {
              const approvedAt = performance.now();
              finish(null, { toCheckingMs: (checkingAt ?? approvedAt) - startedAt, toApprovedMs: approvedAt - startedAt });
            });
          } else if (document.querySelector('[data-testid="payment-declined"]')) {
            finish(new Error(`declined: ${document.querySelector('[data-testid="decline-reason"]')?.textContent ?? ''}`));
          }
        });
        observer.observe(document.body, { childList: true, subtree: true });
        const timer = setTimeout(() => finish(new Error(`no approved panel within ${timeoutMs} ms`)), timeoutMs);
        fetch('/api/sim/scan', { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-KumaPAY-Secret': secret }, body: JSON.stringify({ text }) }).then(
          (response) => {
            if (!response.ok) finish(new Error(`sim scan: HTTP ${response.status}`));
          },
          (error: unknown) => finish(error instanceof Error ? error : new Error(String(error))),
        );
      }),
    { text: token, timeoutMs: PAYMENT_TIMEOUT_MS },
  );
}

async function scanToApproved(report: BenchReport): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'kumapay-bench-ui-'));
  const stops: Array<() => Promise<void>> = [];
  try {
    const backend = await E2eBackend.start(dir);
    stops.push(() => backend.stop());
    const demo = await seedDemo(backend.url, backend.adminToken);
    const host = await E2eHost.start({ dataDir: path.join(dir, 'terminal'), backendUrl: backend.url });
    stops.push(() => host.stop());
    const browser = await launchChromium();
    stops.push(() => browser.close());
    const { page } = await newCounterPage(browser);
    const terminal = new TerminalPage(page, host.url);
    await terminal.open();
    await terminal.enroll(demo.enrollmentCode);
    const cashier = demo.staff.find((s) => s.role === 'cashier');
    if (!cashier) throw new Error('demo data has no cashier');
    await terminal.login(cashier.staffCode, cashier.pin);
    await terminal.openMenu('pay');
    const pay = new PaymentScreen(terminal);

    const timings: ScanTiming[] = [];
    for (let i = 0; i < WARMUP_PAYMENTS + MEASURED_PAYMENTS; i += 1) {
      await pay.startSale(PAYMENT_YEN);
      // Minted before the clock starts: the customer's phone has its QR up already.
      const { token } = await backend.cpmToken(demo.hanako.customerToken);
      const timing = await timedScan(page, token);
      if (i >= WARMUP_PAYMENTS) timings.push(timing);
      await pay.nextSale();
    }
    const approved = timings.map((t) => t.toApprovedMs).sort((a, b) => a - b);
    const checking = timings.map((t) => t.toCheckingMs).sort((a, b) => a - b);
    const p99 = percentile(approved, 99);
    report.figure('scan → approved on screen p50', percentile(approved, 50), 'ms', `${MEASURED_PAYMENTS} payments, backend on loopback`);
    report.figure('scan → approved on screen p99', p99, 'ms', `target < ${TARGET_P99_MS} ms: ${p99 < TARGET_P99_MS ? 'met' : 'NOT met'}`);
    report.figure('scan → approved on screen max', approved[approved.length - 1] ?? Number.NaN, 'ms');
    report.figure('scan → 確認中… shown p50', percentile(checking, 50), 'ms', 'scan delivery: host, drivers, core, SSE, render');
    report.figure('scan → 確認中… shown p99', percentile(checking, 99), 'ms');
    const wallet = await backend.wallet(demo.hanako.customerToken);
    const expectedYen = 10_000 - (WARMUP_PAYMENTS + MEASURED_PAYMENTS) * PAYMENT_YEN;
    if (wallet.totalYen !== expectedYen) throw new Error(`wallet holds ¥${wallet.totalYen}, expected ¥${expectedYen}: a payment was lost or doubled`);
  } finally {
    for (const stop of stops.reverse()) await stop();
    killAllChildren();
    rmSync(dir, { recursive: true, force: true });
  }
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? filesUnder(path.join(dir, entry.name)) : [path.join(dir, entry.name)]));
}

function bundleSize(report: BenchReport): void {
  const html = readFileSync(path.join(RENDERER_DIST, 'index.html'), 'utf8');
  // What the first load fetches: the entry script, its modulepreloads and the stylesheet.
  const initial = new Set([...html.matchAll(/(?:src|href)="\.\/(assets\/[^"]+)"/g)].map((m) => path.join(RENDERER_DIST, m[1]!)));
  const assets = filesUnder(RENDERER_DIST).filter((file) => /\.(js|css)$/.test(file));
  const sum = (files: string[]) => files.reduce((acc, file) => {
    const bytes = readFileSync(file);
    return { raw: acc.raw + statSync(file).size, gzip: acc.gzip + gzipSync(bytes).length };
  }, { raw: 0, gzip: 0 });
  const initialJs = sum(assets.filter((f) => f.endsWith('.js') && initial.has(f)));
  const lazyJs = sum(assets.filter((f) => f.endsWith('.js') && !initial.has(f)));
  const css = sum(assets.filter((f) => f.endsWith('.css')));
  const all = sum(assets);
  report.figure('renderer JS, first load', initialJs.raw, 'bytes', `gzip ${initialJs.gzip} bytes`);
  report.figure('renderer JS, on demand (camera decoder, demo pages)', lazyJs.raw, 'bytes', `gzip ${lazyJs.gzip} bytes`);
  report.figure('renderer CSS', css.raw, 'bytes', `gzip ${css.gzip} bytes`);
  report.figure('renderer JS+CSS total', all.raw, 'bytes', `gzip ${all.gzip} bytes; source maps not counted`);
}

export default async function uiBench(report: BenchReport): Promise<void> {
  await ensureRendererBuilt((line) => report.note(line));
  bundleSize(report);
  await scanToApproved(report);
}

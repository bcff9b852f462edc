/**
 * Terminal core: durable offline enqueue latency (verify the CPM token, check the R20 limits,
 * commit with synchronous=FULL) and sync throughput of 10,000 queued payments to the real
 * backend process. Target: all 10,000 reconciled in under 20 s.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BenchReport } from './run';
import { openHttpCore, RealBackend, TcpProxy } from '../electron/core/testing/index';

const QUEUED_PAYMENTS = 10_000;
const CUSTOMERS = 20;
const MINT_CONCURRENCY = 8;
const SYNC_TARGET_MS = 20_000;

function percentile(sortedMs: number[], p: number): number {
  return sortedMs[Math.min(sortedMs.length - 1, Math.floor((p / 100) * sortedMs.length))] ?? Number.NaN;
}

export default async function terminalBench(report: BenchReport): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'kumapay-bench-terminal-'));
  const backend = new RealBackend(path.join(dir, 'backend.sqlite'));
  await backend.start();
  const target = new URL(backend.url);
  const proxy = new TcpProxy(target.hostname, Number(target.port));
  await proxy.start();
  try {
    // Room for 10,000 small offline payments under the per-terminal limit (R20).
    await backend.setSettings({ offlineTerminalUnsyncedMaxYen: 10_000_000 });
    const seeded = await backend.seedShop({ staff: [{ code: 'c1', pin: '1234', role: 'cashier' }] });
    const customers = await Promise.all(Array.from({ length: CUSTOMERS }, () => backend.customer(1_000_000)));
    const tokens: string[] = [];
    const mintStartMs = performance.now();
    for (let i = 0; i < QUEUED_PAYMENTS; i += MINT_CONCURRENCY) {
      const batch = Array.from({ length: Math.min(MINT_CONCURRENCY, QUEUED_PAYMENTS - i) }, (_, j) => {
        const customer = customers[(i + j) % CUSTOMERS];
        if (!customer) throw new Error('no customer');
        return backend.cpmToken(customer.customerToken);
      });
      tokens.push(...(await Promise.all(batch)));
    }
    report.note(`minted ${tokens.length} CPM tokens in ${((performance.now() - mintStartMs) / 1000).toFixed(1)} s (setup, not measured)`);

    const t = await openHttpCore({ dir: path.join(dir, 'terminal'), backendUrl: proxy.url });
    try {
      const enrolled = await t.core.call('enroll', { enrollmentCode: seeded.enrollmentCode });
      if (!enrolled.ok) throw new Error(enrolled.message);
      const login = await t.core.call('login', { staffCode: 'c1', pin: '1234' });
      if (!login.ok) throw new Error(login.message);
      await proxy.cut();
      await t.core.connectivity.probeNow();

      const latenciesMs: number[] = [];
      const enqueueStartMs = performance.now();
      for (const token of tokens) {
        const startMs = performance.now();
        const result = await t.core.call('pay', { amountYen: 1 + (latenciesMs.length % 9), credential: { type: 'cpm', token } });
        latenciesMs.push(performance.now() - startMs);
        if (!result.ok || !result.payment.offline) throw new Error(`offline payment ${latenciesMs.length} not approved: ${JSON.stringify(result)}`);
      }
      const enqueueTotalMs = performance.now() - enqueueStartMs;
      latenciesMs.sort((a, b) => a - b);
      report.figure('offline enqueue p50', percentile(latenciesMs, 50), 'ms', 'pay() offline: Ed25519 verify + limits + fsync commit');
      report.figure('offline enqueue p99', percentile(latenciesMs, 99), 'ms');
      report.figure('offline enqueue rate', Math.round(QUEUED_PAYMENTS / (enqueueTotalMs / 1000)), 'payments/s', 'one at a time, as at a counter');

      await proxy.restore();
      await t.core.connectivity.probeNow();
      const syncStartMs = performance.now();
      let sent = 0;
      while (t.core.status().queue.pendingCount > 0) {
        const summary = await t.core.sync.runOnce();
        if (summary.stoppedBy) throw new Error(`sync stopped: ${summary.stoppedBy}`);
        sent += summary.sent;
      }
      const syncMs = performance.now() - syncStartMs;
      const stats = t.journal.txns.stats();
      report.figure('sync 10,000 queued payments', syncMs / 1000, 's', `target < ${SYNC_TARGET_MS / 1000} s; ${sent} sent, rejected ${stats.rejectedCount}`);
      report.figure('sync throughput', Math.round(sent / (syncMs / 1000)), 'payments/s', '200 per batch, applied by the backend in seq order');
      if (syncMs > SYNC_TARGET_MS) report.note(`MISSED TARGET: sync took ${(syncMs / 1000).toFixed(1)} s`);
    } finally {
      await t.close();
    }
  } finally {
    await proxy.close();
    await backend.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

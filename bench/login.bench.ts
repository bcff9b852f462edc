/**
 * Staff login timing (issue 9.1): an unknown staff code must cost what a known code with a
 * wrong PIN costs, or the time answers "does this code exist". Figures only: p50 and p90 of
 * each over the same backend, interleaved so drift hits both alike.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startBackend } from '../backend/src/server';
import { ApiClient, testConfig } from '../backend/src/testing/harness';
import type { BenchReport } from './run';

const ROUNDS = 40;
/** Wrong PINs before the lock: reset by a good login each time round. */
const PER_ROUND = 3;

const quantile = (values: number[], q: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(q * values.length))]!;

export default async function (report: BenchReport): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'kumapay-bench-login-'));
  const backend = await startBackend(testConfig(path.join(dir, 'k.sqlite')));
  try {
    const api = new ApiClient([backend.url], backend.adminToken);
    const shop = await api.merchant('Bench shop');
    const till = await api.terminal(shop);
    const member = await api.staff(shop, 'cashier');
    const login = async (staffCode: string, pin: string) => {
      const started = performance.now();
      const r = await api.call('POST', '/v1/staff/sessions', { token: till.token, body: { staffCode, pin } });
      return { ms: performance.now() - started, status: r.status };
    };
    const known: number[] = [];
    const unknown: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      for (let i = 0; i < PER_ROUND; i++) {
        known.push((await login(member.staffCode, '0000')).ms);
        unknown.push((await login(`ghost-${randomUUID().slice(0, 6)}`, '0000')).ms);
      }
      await login(member.staffCode, '2468');
    }
    report.figure('wrong PIN, known code p50', quantile(known, 0.5), 'ms');
    report.figure('wrong PIN, unknown code p50', quantile(unknown, 0.5), 'ms');
    report.figure('wrong PIN, known code p90', quantile(known, 0.9), 'ms');
    report.figure('wrong PIN, unknown code p90', quantile(unknown, 0.9), 'ms');
    report.figure('unknown / known (p50)', quantile(unknown, 0.5) / quantile(known, 0.5), '×', 'target ≈ 1: the time does not tell whether a code exists');
  } finally {
    await backend.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

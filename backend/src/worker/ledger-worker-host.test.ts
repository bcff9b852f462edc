import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config';
import { LedgerWorkerHost } from './ledger-worker-host';

const dir = mkdtempSync(path.join(tmpdir(), 'kumapay-worker-host-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the ledger worker host (issue 16, "Two threads")', () => {
  it('When stop is called twice at once, then both calls wait for one clean stop and the worker is not reported lost', async () => {
    const config = loadConfig({ KUMAPAY_DB: path.join(dir, 'ledger.sqlite'), KUMAPAY_DATA_DIR: dir, KUMAPAY_ADMIN_TOKEN: 'worker-host-admin-token-0123', KUMAPAY_LOG_LEVEL: 'silent' });
    const lost: Error[] = [];
    const host = await LedgerWorkerHost.start(config, pino({ level: 'silent' }), (error) => lost.push(error));
    const stops = await Promise.allSettled([host.stop(), host.stop()]);
    expect(stops.map((s) => (s.status === 'rejected' ? String(s.reason) : s.status))).toEqual(['fulfilled', 'fulfilled']);
    await expect(host.stop()).resolves.toBeUndefined();
    expect(lost).toEqual([]);
  }, 60_000);
});

import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { TestBackend } from '../testing/harness';
import { STORE_KINDS } from '../testing/stores';

const TOOL = path.resolve(import.meta.dirname, 'sweep.ts');
const runTool = (db: string) => spawnSync(process.execPath, ['--import', 'tsx', TOOL], { env: { ...process.env, KUMAPAY_DB: db, KUMAPAY_LOG_LEVEL: 'silent' }, encoding: 'utf8' });

describe.each(STORE_KINDS)('npm run sweep on %s', (kind) => {
  it('R27: When an operator runs the sweep tool beside a running backend, then it writes the lapsed lots off once, prints the figures in one line, and a second run finds nothing', async () => {
    const t = await TestBackend.start(kind);
    try {
      const c = await t.customer();
      // The tool reads the system clock: these lots lapsed years ago, the last one never does.
      await t.seedLot(c.walletId, { kind: 'charge', amountYen: 1200, expiresAt: '2020-03-31T23:59:59.999+09:00' });
      await t.seedLot(c.walletId, { kind: 'charge', amountYen: 300, expiresAt: '2021-03-31T23:59:59.999+09:00' });
      await t.seedLot(c.walletId, { kind: 'charge', amountYen: 5000, expiresAt: '2099-12-31T23:59:59.999+09:00' });

      const first = runTool(t.databaseUrl);
      expect(first.stderr).toBe('');
      expect(first.status).toBe(0);
      expect(first.stdout.trim().split('\n')).toHaveLength(1);
      expect(first.stdout).toMatch(/: 2 lots written off, 1500 yen, 1 wallets, 1 batches; 0 lapsed lots left; 0 KumaPo points written off from 0 wallets$/m);
      expect(first.stdout).not.toContain('postgres://postgres@');

      const second = runTool(t.databaseUrl);
      expect(second.status).toBe(0);
      expect(second.stdout).toMatch(/: 0 lots written off, 0 yen, 0 wallets, 0 batches; 0 lapsed lots left; 0 KumaPo points written off from 0 wallets$/m);
      expect((await c.wallet()).totalYen).toBe(5000);
      expect(await t.ledgerDifferences()).toEqual([]);
    } finally {
      await t.stop();
    }
  });
});

describe('npm run sweep without a store', () => {
  it('When the store cannot be opened, then it exits 2 with one line and no password', () => {
    const run = runTool('postgres://kumapay:secret@127.0.0.1:1/none');
    expect(run.status).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('sweep: cannot open postgres://***@127.0.0.1:1/none');
    expect(run.stderr).not.toContain('secret');
  });
});

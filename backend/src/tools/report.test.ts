import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { TestBackend } from '../testing/harness';

const tool = path.resolve(import.meta.dirname, 'report.ts');
const run = (db: string, args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', tool, ...args], { env: { ...process.env, KUMAPAY_DB: db }, encoding: 'utf8' });

describe('npm run report (R27)', () => {
  it('When an operator runs a report from the shell, then it reads the store and writes Excel CSV or JSON; a bad argument says how to call it', async () => {
    const t = await TestBackend.start('sqlite');
    await t.setClock('2024-09-30T10:00:00+09:00');
    const shop = await t.merchant('駅前パン');
    const till = await t.terminal(shop);
    const c = await t.customer();
    await t.seedLot(c.walletId, { kind: 'charge', amountYen: 5_000, expiresAt: '2026-09-30T23:59:59.999+09:00' });
    expect((await till.pay('cashier', 1_200, await c.cpm())).status).toBe(201);
    await t.backend.stop();

    const csv = run(t.databaseUrl, ['merchant-settlement', '--from', '2024-09-01', '--to', '2024-09-30']);
    expect(csv.status).toBe(0);
    expect(csv.stdout.startsWith('\uFEFF加盟店ID,加盟店名,')).toBe(true);
    expect(csv.stdout).toContain(`${shop},駅前パン,CPM（店舗読取）,チャージ,,チャージマネー,1,1200,0,0,1200,0,1200,,,,,\r\n`);

    // Issue 13: the KumaPo points report (R27) from the shell too; this store holds no points.
    const points = run(t.databaseUrl, ['points', '--from', '2024-09-01', '--to', '2024-09-30']);
    expect(points.status).toBe(0);
    expect(points.stdout.startsWith('\uFEFF期間開始,期間終了,区分,内訳,ID,件数,ポイント\r\n')).toBe(true);
    expect(points.stdout).toContain('2024-09-01,2024-09-30,期末残高,期間終了時点の保有ポイント（有効）,,0,0\r\n');

    const out = path.join(mkdtempSync(path.join(tmpdir(), 'kumapay-report-')), 'unused.json');
    const json = run(t.databaseUrl, ['unused-balance', '--at', '2024-09-30T23:59:59.999+09:00', '--format', 'json', '--out', out]);
    expect(json.status).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toMatchObject({ totalYen: 3_800, lines: [{ valueKind: 'charge', unusedYen: 3_800, walletCount: 1 }] });
    expect(statSync(out).mode & 0o777).toBe(0o600);

    const backwards = run(t.databaseUrl, ['breakage', '--from', '2024-09-30', '--to', '2024-09-01']);
    expect(backwards.status).toBe(2);
    expect(backwards.stderr).toContain('from not after to');
    const unknown = run(t.databaseUrl, ['profit']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('usage: npm run report --');
    await t.stop();
  }, 60_000);
});

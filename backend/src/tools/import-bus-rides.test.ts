import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS } from '../../../common/limits';
import { asShiftJis, asUtf8, busCsv, pointsOf } from '../testing/bus-rides';
import { TestBackend } from '../testing/harness';
import { STORE_KINDS } from '../testing/stores';

const TOOL = path.resolve(import.meta.dirname, 'import-bus-rides.ts');
/** Each run starts a Node process with tsx: seconds apiece on a busy machine, three per test. */
const TOOL_TESTS_TIMEOUT_MS = 120_000;
const runTool = (db: string, ...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', TOOL, ...args], { env: { ...process.env, KUMAPAY_DB: db, KUMAPAY_LOG_LEVEL: 'silent' }, encoding: 'utf8' });

describe.each(STORE_KINDS)('npm run import:bus-rides on %s', (kind) => {
  let t: TestBackend;
  let dir: string;
  beforeAll(async () => {
    t = await TestBackend.start(kind);
    dir = mkdtempSync(path.join(tmpdir(), 'kumapay-bus-'));
  });
  afterAll(async () => {
    expect(await t.ledgerDifferences()).toEqual([]);
    await t.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  const file = (name: string, bytes: Uint8Array) => {
    const at = path.join(dir, name);
    writeFileSync(at, bytes);
    return at;
  };

  it('R24: When an operator imports a Shift_JIS ride file beside a running backend, then the rides are credited, the counts print as JSON (exit 0), and the same file again credits nothing new', async () => {
    const a = await t.customer();
    const rides = file('rides.csv', asShiftJis(busCsv([
      { rideId: `cli-${a.walletId}-1`, customerId: a.walletId },
      { rideId: `cli-${a.walletId}-2`, customerId: a.walletId, alightingStop: null },
      { rideId: `cli-${a.walletId}-3`, customerId: 'somebody-else' },
    ])));
    const first = runTool(t.databaseUrl, rides);
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ applied: true, encoding: 'shift_jis', rows: 3, credited: 1, unanswered: 1, unknownCustomer: 1 });
    expect(await pointsOf(t, a.walletId)).toBe(LIMITS.busRidePoints);

    const again = runTool(t.databaseUrl, rides);
    expect(again.status).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ credited: 0, alreadyImported: 1 });
    expect(await pointsOf(t, a.walletId)).toBe(LIMITS.busRidePoints);
  }, TOOL_TESTS_TIMEOUT_MS);

  it('R24: When the file has a malformed line, then nothing is applied, the counts name the line, and it exits 1; an unreadable table exits 1 with one line; a missing file exits 2', async () => {
    const a = await t.customer();
    const broken = file('broken.csv', asUtf8(`${busCsv([{ rideId: `cli-${a.walletId}-b1`, customerId: a.walletId }])}cli-${a.walletId}-b2,${a.walletId},not a time,b,s,t\r\n`));
    const run = runTool(t.databaseUrl, broken);
    expect(run.status).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ applied: false, malformed: 1, malformedLines: [{ line: 3, code: 'bad_used_at', field: 'usedAt', value: 'not a time' }] });
    expect(await pointsOf(t, a.walletId)).toBe(0);

    const noColumn = runTool(t.databaseUrl, file('no-column.csv', asUtf8('rideId,customerId\r\nx,y\r\n')));
    expect(noColumn.status).toBe(1);
    expect(noColumn.stderr.trim().split('\n')).toHaveLength(1);
    expect(noColumn.stderr).toContain('usedAt');
    expect(noColumn.stderr).toContain('[missing_columns]');

    const missing = runTool(t.databaseUrl, path.join(dir, 'nothing-here.csv'));
    expect(missing.status).toBe(2);
  }, TOOL_TESTS_TIMEOUT_MS);
});

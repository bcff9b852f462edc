import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { measureInProcessCeiling, type CeilingOptions } from '../../bench/lib/ceiling';
import { openSqliteStore } from '../../backend/src/store/sqlite';
import { checkLedger } from '../../backend/src/usecases/ledger-check';

/**
 * `npm run bench` is how issue 16's figures are read, and it runs no test of its own: a change to
 * the payment path once made the in-process ceiling stop with an assertion (its till was a name,
 * not a row, and every money path now holds its terminal's row, R30). This runs the ceiling with
 * a few payments, as the bench does with thousands.
 */
describe('the bench’s in-process ceiling (issue 16)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'kumapay-ceiling-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each<[string, CeilingOptions]>([
    ['one transaction per payment', {}],
    ['group commit, 8 at a time', { concurrency: 8, groupCommit: true }],
  ])('R30: When the bench measures the ceiling (%s), then every payment is approved at a real till and the ledger balances', async (_label, options) => {
    const file = path.join(dir, `${options.groupCommit ? 'grouped' : 'one'}.sqlite`);
    const run = await measureInProcessCeiling(file, 24, options);
    const store = await openSqliteStore(file);
    try {
      const paid = await store.read.selectFrom('payments').select(['staff_id']).where('terminal_id', '=', run.terminalId).execute();
      expect(paid).toHaveLength(24);
      const staff = await store.read.selectFrom('staff').select('id').where('id', 'in', [...new Set(paid.map((p) => p.staff_id ?? ''))]).execute();
      expect(staff, 'every payment names a cashier who exists').toHaveLength(1);
      expect((await checkLedger(store)).differences).toEqual([]);
    } finally {
      await store.close();
    }
  });
});

import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { TestBackend } from '../testing/harness';
import { checkLedger } from '../usecases/ledger-check';

describe('ledger:check', () => {
  it('When a balance is edited without a journal entry, then the check names it and the command exits non-zero', async () => {
    const t = await TestBackend.start('sqlite');
    const shop = await t.merchant('Shop');
    const till = await t.terminal(shop);
    const c = await t.customer();
    const lotId = await t.seedLot(c.walletId, { kind: 'charge', amountYen: 5000, expiresAt: '2099-12-31T23:59:59.999+09:00' });
    expect((await till.pay('cashier', 1200, await c.cpm())).status).toBe(201);
    const store = t.backend.deps.store;
    expect((await checkLedger(store)).differences).toEqual([]);

    await t.writeBehind((tx) => tx.updateTable('lots').set({ balance_yen: 9999 }).where('id', '=', lotId).execute());
    expect((await checkLedger(store)).differences).toEqual([{ kind: 'lot_balance', id: lotId, expectedYen: 3800, actualYen: 9999 }]);
    // R30: a terminal's row that names a close it never had is named too.
    await t.writeBehind((tx) => tx.updateTable('terminals').set({ last_closed_at_ms: 42 }).where('id', '=', till.terminalId).execute());
    expect((await checkLedger(store)).differences).toContainEqual({ kind: 'terminal_last_close', id: till.terminalId, expectedAtMs: null, actualAtMs: 42 });
    await t.backend.stop();

    const tool = path.resolve(import.meta.dirname, 'ledger-check.ts');
    const run = spawnSync(process.execPath, ['--import', 'tsx', tool], { env: { ...process.env, KUMAPAY_DB: t.databaseUrl }, encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stdout).toContain(`DIFFERENCE lot_balance ${lotId}: journal says 3800, stored 9999`);
    expect(run.stdout).toContain(`DIFFERENCE terminal_last_close ${till.terminalId}: its closes say none, stored 42`);
  });
});

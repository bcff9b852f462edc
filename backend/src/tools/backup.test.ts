import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { TestBackend } from '../testing/harness';
import { backupSqlite } from './backup';
import { openStore } from '../store/open-store';

describe('db:backup', () => {
  it('When the backend is running and taking payments, then the online backup is consistent and holds every payment', async () => {
    const t = await TestBackend.start('sqlite');
    const shop = await t.merchant('Shop');
    const till = await t.terminal(shop);
    const c = await t.customer();
    await t.seedLot(c.walletId, { kind: 'charge', amountYen: 50_000, expiresAt: '2099-12-31T23:59:59.999+09:00' });
    for (let i = 0; i < 5; i++) expect((await till.pay('cashier', 1000, await c.cpm())).status).toBe(201);
    const target = path.join(path.dirname(t.databaseUrl), 'backup.sqlite');
    const r = await backupSqlite(t.databaseUrl, target);
    expect(r.differences).toBe(0);
    const copy = await openStore(target);
    const payments = await copy.read.selectFrom('payments').select('amount_yen').execute();
    expect(payments).toHaveLength(5);
    await copy.close();
    await t.stop();
  });
});

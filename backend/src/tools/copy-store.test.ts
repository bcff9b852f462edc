import { describe, expect, it } from 'vitest';
import { TestBackend, seedR6Wallet } from '../testing/harness';
import { freshDatabase, PG_URL } from '../testing/stores';
import { COPIED_TABLES, copyStore, TABLES_NOT_COPIED } from './copy-store';
import { sql } from 'kysely';
import { openStore } from '../store/open-store';

describe('db:copy (issue 3: moving a pilot from SQLite)', () => {
  it.each(PG_URL ? (['postgres', 'sqlite'] as const) : (['sqlite'] as const))('When a pilot SQLite ledger is copied to %s, then every yen arrives and the ledger check is clean', async (target) => {
    const t = await TestBackend.start('sqlite');
    await t.setClock('2024-06-01T10:00:00+09:00');
    const shop = await t.merchant('Shop');
    const till = await t.terminal(shop);
    const c = await t.customer();
    await seedR6Wallet(t, c.walletId, 'all');
    expect((await till.pay('cashier', 7000, await c.cpm())).status).toBe(201);
    const dest = await freshDatabase(target);
    const lines: string[] = [];
    const dbPath = t.databaseUrl;
    const ok = await copyStore(dbPath, dest.url, (l) => lines.push(l));
    expect(lines.join('\n')).toContain('value held in lots: source ¥3000, target ¥3000');
    expect(ok).toBe(true);
    const again = await copyStore(dbPath, dest.url, (l) => lines.push(l));
    expect(again).toBe(false);
    const store = await openStore(dest.url);
    const payments = await store.read.selectFrom('payments').selectAll().execute();
    expect(payments.map((p) => p.amount_yen)).toEqual([7000]);
    await store.close();
    await dest.drop();
    await t.stop();
  });

  it('When the schema gains a table, then db:copy copies it or says why not (a forgotten table would silently drop data)', async () => {
    const db = await freshDatabase('sqlite');
    const store = await openStore(db.url);
    const tables = await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like 'kumapay_migrations%'`.execute(store.read);
    expect(tables.rows.map((r) => r.name).sort()).toEqual([...COPIED_TABLES, ...TABLES_NOT_COPIED].sort());
    await store.close();
    await db.drop();
  });
});

/**
 * The HTTP thread's store beside the ledger worker (server.ts) is opened read-only: the worker owns
 * every write and the migrations, and a write from the HTTP thread is a wiring mistake that must
 * fail loudly, refused by the store and, below it, by the database itself.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '../../../common/errors';
import { freshDatabase, PG_URL, STORE_KINDS, type TestDatabase } from '../testing/stores';
import { openStore } from './open-store';
import { StoreOpenError } from './store-guard';
import type { Store } from './store';

const KEY = 'read-only-test';

async function storedValue(store: Store): Promise<string | undefined> {
  return (await store.read.selectFrom('settings').select('value_json').where('key', '=', KEY).executeTakeFirst())?.value_json;
}

function codeOf(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : undefined;
}

describe.each(STORE_KINDS)('a read-only store on %s', (kind) => {
  let db: TestDatabase;
  let writer: Store;
  let readOnly: Store;
  beforeAll(async () => {
    db = await freshDatabase(kind);
    writer = await openStore(db.url);
    await writer.write((tx) => tx.insertInto('settings').values({ key: KEY, value_json: '"written"' }).execute());
    readOnly = await openStore(db.url, { readOnly: true });
  });
  afterAll(async () => {
    await readOnly?.close();
    await writer?.close();
    await db?.drop();
  });

  it('When the writer has committed a row, then the read-only store reads it, and its write is refused up front as a programming error: the work never runs and nothing changes', async () => {
    expect(await storedValue(readOnly)).toBe('"written"');
    let ran = false;
    const refused = await readOnly
      .write(async (tx) => {
        ran = true;
        await tx.updateTable('settings').set({ value_json: '"changed"' }).where('key', '=', KEY).execute();
      })
      .then(
        () => null,
        (error: unknown) => error,
      );
    expect(refused).toBeInstanceOf(Error);
    expect(refused).not.toBeInstanceOf(DomainError);
    expect((refused as Error).message).toMatch(/opened for reads only/);
    expect(ran).toBe(false);
    expect(readOnly.stats()).toEqual({ batches: 0, writes: 0, retries: 0 });
    expect(await storedValue(writer)).toBe('"written"');
  });

  it('When a write is sent as raw SQL through its read connection, alone or in a transaction, then the database itself refuses it (PostgreSQL 25006, SQLite SQLITE_READONLY)', async () => {
    const expected = kind === 'postgres' ? '25006' : 'SQLITE_READONLY';
    const update = await sql`update settings set value_json = '"raw"' where key = ${KEY}`.execute(readOnly.read).then(() => null, codeOf);
    expect(update).toBe(expected);
    const insert = await readOnly.read
      .transaction()
      .execute((tx) => sql`insert into settings (key, value_json) values ('read-only-raw', '"raw"')`.execute(tx))
      .then(() => null, codeOf);
    expect(insert).toBe(expected);
    expect(await storedValue(writer)).toBe('"written"');
    expect(await writer.read.selectFrom('settings').select('key').where('key', '=', 'read-only-raw').executeTakeFirst()).toBeUndefined();
  });

  it('When the writer commits after the read-only store opened, then the read-only store sees it (committed data, no snapshot held)', async () => {
    await writer.write((tx) => tx.updateTable('settings').set({ value_json: '"rewritten"' }).where('key', '=', KEY).execute());
    expect(await storedValue(readOnly)).toBe('"rewritten"');
  });
});

describe('opening read-only a ledger its writer has not created and migrated yet', () => {
  it('When the SQLite file does not exist, then the open is refused with a one-line reason and no file is created', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kumapay-read-only-'));
    try {
      const file = path.join(dir, 'ledger.sqlite');
      await expect(openStore(file, { readOnly: true })).rejects.toThrow(StoreOpenError);
      expect(existsSync(file)).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.skipIf(!PG_URL)('When the PostgreSQL database is empty, then the open is refused with a one-line reason and no table is created (no migration ran)', async () => {
    const db = await freshDatabase('postgres');
    try {
      await expect(openStore(db.url, { readOnly: true })).rejects.toThrow(StoreOpenError);
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      const tables = await client.query<{ n: string | number }>('select count(*) as n from information_schema.tables where table_schema = current_schema()').finally(() => client.end());
      expect(Number(tables.rows[0]?.n)).toBe(0);
    } finally {
      await db.drop();
    }
  });

  it.skipIf(!PG_URL)('When the PostgreSQL URL carries its own "options" parameter (which replaces the read-only one), then the open is refused rather than opening sessions that could write', async () => {
    const db = await freshDatabase('postgres');
    try {
      await (await openStore(db.url)).close();
      const url = new URL(db.url);
      url.searchParams.set('options', '-c search_path=public');
      await expect(openStore(url.toString(), { readOnly: true })).rejects.toThrow(/not read-only/);
    } finally {
      await db.drop();
    }
  });
});

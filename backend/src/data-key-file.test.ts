/**
 * Issue 9.3: the data key that seals signing keys lives outside the database, 0600; an
 * instance without the right key refuses to start; the key can be rotated.
 */
import { describe, expect, it } from 'vitest';
import { chmodSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { formatDataKeyFile, loadDataKeys, parseDataKeyFile } from './data-key-file';
import { DataKeyError, DataKeys, newDataKey } from './usecases/data-keys';
import { startBackend } from './server';
import { ApiClient, testConfig } from './testing/harness';
import { rotateDataKey } from './tools/data-key-rotate';

const fresh = () => mkdtempSync(path.join(tmpdir(), 'kumapay-dk-'));

describe('data key', () => {
  it('When no key file is configured, then one is generated in the data folder (0600, folder 0700) and read back the same next time', () => {
    const dataDir = path.join(fresh(), 'data');
    const first = loadDataKeys({ keyFile: undefined, dataDir });
    expect(first.created).toBe(true);
    expect(statSync(first.file).mode & 0o777).toBe(0o600);
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    const second = loadDataKeys({ keyFile: undefined, dataDir });
    expect(second.created).toBe(false);
    expect(second.keys.activeId).toBe(first.keys.activeId);
  });

  it('When KUMAPAY_KEY_FILE is readable by others, then it is refused; when missing, refused', () => {
    const file = path.join(fresh(), 'key');
    writeFileSync(file, formatDataKeyFile([newDataKey()]), { mode: 0o644 });
    chmodSync(file, 0o644);
    expect(() => loadDataKeys({ keyFile: file, dataDir: fresh() })).toThrow(/chmod 600/);
    expect(() => loadDataKeys({ keyFile: `${file}.missing`, dataDir: fresh() })).toThrow(DataKeyError);
  });

  it('When a sealed value is moved to another row or altered, then it does not open', () => {
    const keys = new DataKeys([newDataKey()]);
    const sealed = keys.seal(Buffer.from('secret'), 'signing_key:a');
    expect(keys.open(sealed, 'signing_key:a').toString()).toBe('secret');
    expect(() => keys.open(sealed, 'signing_key:b')).toThrow(DataKeyError);
    expect(() => keys.open(sealed.slice(0, -2) + (sealed.endsWith('A') ? 'BB' : 'AA'), 'signing_key:a')).toThrow(DataKeyError);
    expect(() => new DataKeys([newDataKey()]).open(sealed, 'signing_key:a')).toThrow(/does not hold/);
  });

  it('When an instance starts with another data key than the ledger\'s, then it refuses with a reason naming KUMAPAY_KEY_FILE', async () => {
    const dir = fresh();
    const db = path.join(dir, 'k.sqlite');
    const first = await startBackend(testConfig(db, path.join(dir, 'a')));
    await first.stop();
    const otherKey = path.join(dir, 'other-key');
    writeFileSync(otherKey, formatDataKeyFile([newDataKey()]), { mode: 0o600 });
    await expect(startBackend({ ...testConfig(db, path.join(dir, 'b')), keyFile: otherKey })).rejects.toThrow(/KUMAPAY_KEY_FILE/);
  });

  it('When the data key is rotated (and the old one dropped), then the ledger\'s signing keys open with the new file and tokens issued before still pay', async () => {
    const dir = fresh();
    const db = path.join(dir, 'k.sqlite');
    const dataDir = path.join(dir, 'data');
    const a = await startBackend(testConfig(db, dataDir));
    const api = new ApiClient([a.url], a.adminToken);
    const shop = await api.merchant('Shop');
    const customer = await api.customer();
    await api.seedLot(customer.walletId, { kind: 'charge', amountYen: 1_000, expiresAt: '2099-12-31T23:59:59.999+09:00' });
    const token = await customer.cpm();
    await a.stop();
    const before = parseDataKeyFile(readFileSync(a.dataKeyFile, 'utf8'), 'before');

    const lines: string[] = [];
    await rotateDataKey({ db, keyFile: a.dataKeyFile, dropOld: false, log: (l) => lines.push(l) });
    const rotated = parseDataKeyFile(readFileSync(a.dataKeyFile, 'utf8'), 'rotated');
    expect(rotated).toHaveLength(2);
    expect(rotated[1]!.id).toBe(before[0]!.id);
    await rotateDataKey({ db, keyFile: a.dataKeyFile, dropOld: true, log: (l) => lines.push(l) });
    const dropped = parseDataKeyFile(readFileSync(a.dataKeyFile, 'utf8'), 'dropped');
    expect(dropped.map((k) => k.id)).toEqual([rotated[0]!.id]);
    expect(statSync(a.dataKeyFile).mode & 0o777).toBe(0o600);

    const b = await startBackend(testConfig(db, dataDir));
    try {
      const client = new ApiClient([b.url], b.adminToken);
      const till = await client.terminal(shop);
      expect((await till.pay('cashier', 300, token)).status).toBe(201);
    } finally {
      await b.stop();
    }
  });

  it('When a ledger from before sealing holds a plain private key, then the first start seals it and it still signs', async () => {
    const dir = fresh();
    const db = path.join(dir, 'k.sqlite');
    const dataDir = path.join(dir, 'data');
    const a = await startBackend(testConfig(db, dataDir));
    await a.stop();
    const keys = loadDataKeys({ keyFile: a.dataKeyFile, dataDir }).keys;
    const raw = new Database(db);
    const rows = raw.prepare('select kid, private_key from signing_keys').all() as { kid: string; private_key: string }[];
    for (const r of rows) raw.prepare('update signing_keys set private_key = ? where kid = ?').run(keys.open(r.private_key, `signing_key:${r.kid}`).toString('base64'), r.kid);
    raw.close();

    const b = await startBackend(testConfig(db, dataDir));
    try {
      const after = new Database(db, { readonly: true });
      const stored = after.prepare('select private_key from signing_keys').all() as { private_key: string }[];
      after.close();
      expect(stored.every((r) => DataKeys.isSealed(r.private_key))).toBe(true);
      const api = new ApiClient([b.url], b.adminToken);
      const till = await api.terminal(await api.merchant('Shop'));
      const customer = await api.customer();
      await api.seedLot(customer.walletId, { kind: 'charge', amountYen: 500, expiresAt: '2099-12-31T23:59:59.999+09:00' });
      expect((await till.pay('cashier', 500, await customer.cpm())).status).toBe(201);
    } finally {
      await b.stop();
    }
  });
});

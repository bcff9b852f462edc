/**
 * Issue 9.3: whoever can read the database (a copied file, a backup, a read-only SQL login)
 * must not find a usable signing key or an unclaimed grant code in it, and the files the
 * backend writes are readable by its own user only.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createPrivateKey, webcrypto } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { newTokenId, signCpmToken } from '../../common/cpm-token';
import { backupSqlite } from '../../backend/src/tools/backup';
import { Cluster, TOPOLOGIES, topologyName, type Topology, ATTACK_TEST_TIMEOUT_MS } from './lib/cluster';

vi.setConfig({ testTimeout: ATTACK_TEST_TIMEOUT_MS, hookTimeout: ATTACK_TEST_TIMEOUT_MS });

const NOW = '2026-12-01T10:00:00+09:00';

async function signingKeyRows(c: Cluster): Promise<{ kid: string; private_key: string }[]> {
  if (!c.database.url.startsWith('postgres')) {
    const db = new Database(c.database.url, { readonly: true });
    try {
      return db.prepare('select kid, private_key from signing_keys').all() as { kid: string; private_key: string }[];
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: c.database.url });
  await client.connect();
  try {
    return (await client.query<{ kid: string; private_key: string }>('select kid, private_key from signing_keys')).rows;
  } finally {
    await client.end();
  }
}

/** Everything the database holds as text, the way an attacker with a dump would grep it. */
async function databaseText(c: Cluster): Promise<string> {
  if (!c.database.url.startsWith('postgres')) {
    const dir = path.dirname(c.database.url);
    return readdirSync(dir)
      .filter((f) => f.startsWith(path.basename(c.database.url)))
      .map((f) => readFileSync(path.join(dir, f)).toString('latin1'))
      .join('\n');
  }
  const client = new pg.Client({ connectionString: c.database.url });
  await client.connect();
  try {
    const grants = await client.query('select * from grant_codes');
    const keys = await client.query('select * from signing_keys');
    return JSON.stringify([grants.rows, keys.rows]);
  } finally {
    await client.end();
  }
}

describe.each(TOPOLOGIES.filter((t) => t.instances === 1).map((t) => [topologyName(t), t] as [string, Topology]))('secrets at rest on %s', (_name, topology) => {
  let c: Cluster;
  beforeAll(async () => {
    c = await Cluster.start(topology);
    await c.setClock(NOW);
  });
  afterAll(async () => {
    await c?.stop();
  });

  it('When someone reads the signing keys out of the database, then they cannot sign a token that pays (the wallet keeps its ¥8,000)', async () => {
    const shop = await c.merchant('Shop');
    const till = await c.terminal(shop);
    const victim = await c.customer('Victim');
    await c.seedLot(victim.walletId, { kind: 'charge', amountYen: 8_000, expiresAt: '2028-12-31T23:59:59.999+09:00' });
    const rows = await signingKeyRows(c);
    expect(rows.length).toBeGreaterThan(0);
    let forgedPayments = 0;
    for (const row of rows) {
      let privateKey: CryptoKey;
      try {
        const der = createPrivateKey({ key: Buffer.from(row.private_key, 'base64'), format: 'der', type: 'pkcs8' }).export({ format: 'der', type: 'pkcs8' });
        privateKey = await webcrypto.subtle.importKey('pkcs8', der, { name: 'Ed25519' }, false, ['sign']);
      } catch {
        continue; // not a key: what encryption at rest should leave an attacker with
      }
      const nowMs = Date.parse(NOW);
      const token = await signCpmToken({ kid: row.kid, walletId: victim.walletId, tokenId: newTokenId(), issuedAtMs: nowMs, expiresAtMs: nowMs + 60_000, offlineLimitYen: 0 }, privateKey);
      const r = await till.pay('cashier', 8_000, { type: 'cpm', token });
      if (r.status === 201) forgedPayments += 1;
    }
    expect(forgedPayments).toBe(0);
    expect((await victim.wallet()).totalYen).toBe(8_000);
  });

  it('When grant codes are minted, then no unclaimed code appears in the database, and a customer can still claim one', async () => {
    const campaign = await c.campaign('限定マネー①', 'all');
    const minted = await c.admin<{ codes: string[] }>(`/v1/admin/campaigns/${campaign}/codes`, { amountYen: 1_000, count: 5 });
    expect(minted.status).toBe(201);
    const text = await databaseText(c);
    for (const code of minted.body.codes) expect(text.includes(code)).toBe(false);
    const customer = await c.customer('Claimer');
    const claim = await c.call('POST', '/v1/customer/grants/claim', { token: customer.customerToken, body: { code: minted.body.codes[0] } });
    expect(claim.status).toBe(201);
    const again = await c.call('POST', '/v1/customer/grants/claim', { token: customer.customerToken, body: { code: minted.body.codes[0] } });
    expect(again.body).toMatchObject({ error: { code: 'grant_code_used' } });
  });

  it('When the backend has run, then the database files, the data key and a backup are mode 0600 and the data folder 0700', async () => {
    const mode = (file: string) => statSync(file).mode & 0o777;
    expect(mode(c.dataDir)).toBe(0o700);
    const keyFiles = readdirSync(c.dataDir).filter((f) => f.startsWith('data-key'));
    expect(keyFiles.length).toBe(1);
    for (const f of keyFiles) expect(mode(path.join(c.dataDir, f))).toBe(0o600);
    if (topology.store === 'sqlite') {
      const db = c.database.url;
      for (const suffix of ['', '-wal', '-shm']) if (existsSync(db + suffix)) expect(mode(db + suffix), db + suffix).toBe(0o600);
      const target = path.join(path.dirname(db), 'backup.sqlite');
      await backupSqlite(db, target);
      expect(mode(target)).toBe(0o600);
    }
  });
});

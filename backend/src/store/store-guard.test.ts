/**
 * Issue 9.7: a zero-byte or foreign database file must not silently become a fresh ledger,
 * and the backend and ledger:check say why in one line.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { openSqliteStore } from './sqlite';
import { StoreOpenError } from './store-guard';
import { TestBackend } from '../testing/harness';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const dir = () => mkdtempSync(path.join(tmpdir(), 'kumapay-guard-'));

function runTool(script: string, db: string, extraEnv: Record<string, string> = {}) {
  return spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, script)], {
    env: { ...process.env, KUMAPAY_DB: db, KUMAPAY_PORT: '0', KUMAPAY_LOG_LEVEL: 'silent', ...extraEnv },
    encoding: 'utf8',
    timeout: 30_000,
  });
}

describe('opening a ledger file', () => {
  it('When the file is empty (0 bytes), then the store refuses and leaves it empty', async () => {
    const file = path.join(dir(), 'k.sqlite');
    writeFileSync(file, '');
    await expect(openSqliteStore(file)).rejects.toThrow(StoreOpenError);
    expect(statSync(file).size).toBe(0);
  });

  it('When the file is another program\'s SQLite database, then the store refuses and adds no table to it', async () => {
    const file = path.join(dir(), 'other.sqlite');
    const db = new Database(file);
    db.exec('create table recipes (name text)');
    db.close();
    await expect(openSqliteStore(file)).rejects.toThrow(/not a KumaPAY ledger/);
    const check = new Database(file, { readonly: true });
    expect((check.prepare("select name from sqlite_master where type = 'table'").all() as { name: string }[]).map((r) => r.name)).toEqual(['recipes']);
    check.close();
  });

  it('When the file is not a database at all, then the backend exits non-zero with one line saying so', () => {
    const file = path.join(dir(), 'notes.sqlite');
    writeFileSync(file, 'these are my shopping notes, not a ledger\n'.repeat(200));
    const run = runTool('backend/src/main.ts', file);
    expect(run.status).not.toBe(0);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('not a readable SQLite database');
    const empty = path.join(dir(), 'empty.sqlite');
    writeFileSync(empty, '');
    const second = runTool('backend/src/main.ts', empty);
    expect(second.status).not.toBe(0);
    expect(second.stderr.trim().split('\n')).toHaveLength(1);
    expect(second.stderr).toContain('empty file');
  });

  it('When ledger:check meets a damaged ledger, then it gives a one-line reason and exits 2, not a stack trace', async () => {
    const t = await TestBackend.start('sqlite');
    const shop = await t.merchant('Shop');
    for (let i = 0; i < 30; i++) await t.customer(`c${i}`);
    await t.merchant(shop.slice(0, 4));
    await t.backend.stop();
    const bytes = readFileSync(t.databaseUrl);
    // Keep the header (still "a SQLite file"), scramble every page after the first.
    for (let i = 4096; i < bytes.length; i++) bytes[i] = (i * 31) & 0xff;
    writeFileSync(t.databaseUrl, bytes);
    const run = runTool('backend/src/tools/ledger-check.ts', t.databaseUrl);
    expect(run.status).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/^ledger:check: cannot (open|read) /);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});

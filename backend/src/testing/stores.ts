import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * The stores every backend suite runs on: SQLite always, PostgreSQL when
 * KUMAPAY_TEST_PG_URL names a server (CI sets it). Each suite gets a fresh database.
 */
export const PG_URL = process.env.KUMAPAY_TEST_PG_URL ?? '';
export const STORE_KINDS: ('sqlite' | 'postgres')[] = PG_URL ? ['sqlite', 'postgres'] : ['sqlite'];
/** 55006 (database in use) retried for up to ~5 s while closed pools finish closing. */
const DROP_ATTEMPTS_MAX = 100;

export const PG_SKIP_REASON = 'PostgreSQL suite skipped: KUMAPAY_TEST_PG_URL is not set';

if (!PG_URL && !process.env.KUMAPAY_PG_SKIP_NOTED) {
  process.env.KUMAPAY_PG_SKIP_NOTED = '1';
  process.stdout.write(`note: ${PG_SKIP_REASON} (SQLite suites run)\n`);
}

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

export async function freshDatabase(kind: 'sqlite' | 'postgres'): Promise<TestDatabase> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(path.join(tmpdir(), 'kumapay-test-'));
    return { url: path.join(dir, 'kumapay.sqlite'), drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `kumapay_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      try {
        // A closed pool has sent its goodbyes but its sessions may still be closing; forcing
        // the drop would kill them mid-close and surface as errors in whoever owned them.
        for (let attempt = 0; ; attempt++) {
          try {
            await c.query(`drop database if exists ${name}`);
            return;
          } catch (error) {
            if ((error as { code?: string }).code !== '55006' || attempt >= DROP_ATTEMPTS_MAX) throw error;
            await new Promise((r) => setTimeout(r, 50));
          }
        }
      } finally {
        await c.end();
      }
    },
  };
}

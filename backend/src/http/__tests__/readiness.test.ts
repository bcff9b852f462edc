/**
 * Issue 9.7: `/healthz` is readiness. Before the fix it answered OK while every payment
 * failed, because it only read.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import pg from 'pg';
import { TestBackend } from '../../testing/harness';
import { PG_URL, STORE_KINDS } from '../../testing/stores';

/** A pooled connection killed under it fails a request or two; a load balancer polls again. */
const HEALTH_ATTEMPTS_MAX = 20;

describe.each(STORE_KINDS)('readiness on %s', (kind) => {
  let t: TestBackend;
  beforeAll(async () => {
    t = await TestBackend.start(kind);
  });
  afterAll(async () => {
    await t.stop();
  });

  async function health(expected: number): Promise<{ status: number; body: unknown }> {
    let answer = { status: 0, body: null as unknown };
    for (let attempt = 0; attempt < HEALTH_ATTEMPTS_MAX && answer.status !== expected; attempt++) {
      const res = await fetch(`${t.url}/healthz`);
      answer = { status: res.status, body: await res.json() };
    }
    return answer;
  }

  let holder: Database.Database | null = null;

  /**
   * The store stops taking writes as production would see it. SQLite: another process holds
   * the file's write lock (the backend's write waits its busy timeout, then fails).
   * PostgreSQL: the database turns read-only (a failover to a standby, an operator's switch).
   */
  async function setReadOnly(readOnly: boolean): Promise<void> {
    if (kind === 'sqlite') {
      if (readOnly) {
        holder = new Database(t.databaseUrl);
        holder.exec('begin exclusive');
      } else {
        holder?.exec('commit');
        holder?.close();
        holder = null;
      }
      return;
    }
    const name = new URL(t.databaseUrl).pathname.slice(1);
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    try {
      await admin.query(`alter database ${name} set default_transaction_read_only = ${readOnly ? 'on' : 'off'}`);
      await admin.query(`select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and application_name = 'kumapay-backend'`, [name]);
    } finally {
      await admin.end();
    }
  }

  it('When the store cannot be written, then /healthz answers 503 (and 200 again once it can)', async () => {
    expect(await health(200)).toEqual({ status: 200, body: { ok: true } });
    await setReadOnly(true);
    expect(await health(503)).toMatchObject({ status: 503, body: { ok: false } });
    await setReadOnly(false);
    expect((await health(200)).status).toBe(200);
  });
});

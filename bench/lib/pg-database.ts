import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { BenchReport } from '../run';

/** What a bench does with its own PostgreSQL database: its URL, and a way to ask its size. */
export interface BenchPgDatabase {
  url: string;
  name: string;
  sizeBytes(): Promise<number>;
}

/**
 * A fresh PostgreSQL database for one bench, dropped afterwards whatever happens; or a note and
 * nothing when no server is configured (`KUMAPAY_BENCH_PG_URL`, else `KUMAPAY_TEST_PG_URL`), so
 * `npm run bench` works on a machine without one. Answers whether it ran.
 */
export async function withBenchPgDatabase(report: BenchReport, run: (db: BenchPgDatabase) => Promise<void>): Promise<boolean> {
  const baseUrl = process.env.KUMAPAY_BENCH_PG_URL ?? process.env.KUMAPAY_TEST_PG_URL;
  if (!baseUrl) {
    report.note('PostgreSQL skipped: set KUMAPAY_BENCH_PG_URL (or KUMAPAY_TEST_PG_URL) to measure it');
    return false;
  }
  const name = `kumapay_bench_${randomUUID().slice(0, 8)}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  try {
    const url = Object.assign(new URL(baseUrl), { pathname: `/${name}` }).toString();
    await run({
      url,
      name,
      sizeBytes: async () => Number((await admin.query<{ bytes: string }>('select pg_database_size($1) as bytes', [name])).rows[0]!.bytes),
    });
  } finally {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
  return true;
}

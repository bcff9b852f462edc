/**
 * Where the synthetic ledger (ledger-seed.ts) is written: raw prepared statements on a
 * better-sqlite3 handle, one transaction per chunk; or PostgreSQL bulk inserts (one
 * `insert … select from unnest(…)` per table per chunk). Either holds at most one chunk.
 */
import type Database from 'better-sqlite3';
import type pg from 'pg';
import { SEED_TABLES, type SeedSink, type SeedTable, type SeedValue } from './ledger-seed';

const TABLES = Object.keys(SEED_TABLES) as SeedTable[];
const columnsOf = (table: SeedTable) => Object.keys(SEED_TABLES[table]);

export function sqliteSeedSink(db: Database.Database): SeedSink {
  const inserts = new Map(TABLES.map((t) => [t, db.prepare(`insert into ${t} (${columnsOf(t).join(', ')}) values (${columnsOf(t).map(() => '?').join(', ')})`)]));
  const cancelled = db.prepare('update payments set cancelled_at_ms = ? where id = ?');
  const begin = () => {
    if (!db.inTransaction) db.exec('begin');
  };
  return {
    insert(table, row) {
      begin();
      inserts.get(table)!.run(row);
    },
    markPaymentCancelled(paymentId, atMs) {
      begin();
      cancelled.run(atMs, paymentId);
    },
    async flush() {
      if (db.inTransaction) db.exec('commit');
      // A chunk's WAL frames go into the database now, so the WAL stays one chunk long.
      db.pragma('wal_checkpoint(TRUNCATE)');
    },
  };
}

export function postgresSeedSink(client: pg.Client): SeedSink {
  const buffered = new Map<SeedTable, SeedValue[][]>();
  let cancels: { ids: string[]; atMs: number[] } = { ids: [], atMs: [] };
  return {
    insert(table, row) {
      let columns = buffered.get(table);
      if (!columns) {
        columns = columnsOf(table).map(() => []);
        buffered.set(table, columns);
      }
      row.forEach((v, i) => columns[i]!.push(v));
    },
    markPaymentCancelled(paymentId, atMs) {
      cancels.ids.push(paymentId);
      cancels.atMs.push(atMs);
    },
    async flush() {
      await client.query('begin');
      // Table order puts merchants before terminals (the one foreign key among these tables).
      for (const table of TABLES) {
        const columns = buffered.get(table);
        if (!columns || columns[0]!.length === 0) continue;
        const types = Object.values(SEED_TABLES[table]);
        await client.query(`insert into ${table} (${columnsOf(table).join(', ')}) select * from unnest(${types.map((t, i) => `$${i + 1}::${t}[]`).join(', ')})`, columns);
      }
      if (cancels.ids.length > 0) {
        await client.query('update payments p set cancelled_at_ms = c.at_ms from unnest($1::text[], $2::bigint[]) as c(id, at_ms) where p.id = c.id', [cancels.ids, cancels.atMs]);
      }
      await client.query('commit');
      buffered.clear();
      cancels = { ids: [], atMs: [] };
    },
  };
}

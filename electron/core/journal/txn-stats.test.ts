/**
 * The queue figures every status carries (each sale's status event, getStatus, the deadline
 * check) read only the open rows: a day's settled rows must not make each sale cost more.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { openJournalDatabase, type JournalDatabase } from './database';
import { NotificationStore } from './notification-store';
import { QUEUE_STATS_SQL, TxnStore } from './txn-store';

const DAY = '2026-12-01';
const AT_MS = Date.parse('2026-12-01T10:00:00+09:00');

let db: JournalDatabase | null = null;
afterEach(() => {
  db?.close();
  db = null;
});

function insert(target: JournalDatabase, row: { id: string; state: string; offlineSeq: number | null; amountYen: number; atMs?: number }): void {
  target
    .prepare(
      `INSERT INTO txn (client_txn_id, kind, mode, state, offline_seq, amount_yen, occurred_at_ms, business_day, request_json)
       VALUES (?, 'payment', ?, ?, ?, ?, ?, ?, '{}')`,
    )
    .run(row.id, row.offlineSeq === null ? 'online' : 'offline', row.state, row.offlineSeq, row.amountYen, row.atMs ?? AT_MS, DAY);
}

describe('journal queue stats', () => {
  it('When a day of settled rows surrounds a few open ones, then the figures count exactly the open ones', () => {
    db = openJournalDatabase(':memory:');
    const txns = new TxnStore(db, new NotificationStore(db));
    let offlineSeq = 0;
    for (let i = 0; i < 300; i++) {
      const state = ['approved', 'declined', 'synced'][i % 3] ?? 'approved';
      insert(db, { id: `settled-${i}`, state, offlineSeq: state === 'synced' ? ++offlineSeq : null, amountYen: 100 });
    }
    insert(db, { id: 'pending-1', state: 'pending', offlineSeq: ++offlineSeq, amountYen: 700, atMs: AT_MS + 2_000 });
    insert(db, { id: 'pending-2', state: 'pending', offlineSeq: ++offlineSeq, amountYen: 300, atMs: AT_MS + 1_000 });
    insert(db, { id: 'rejected-1', state: 'rejected', offlineSeq: offlineSeq + 1, amountYen: 50 });
    insert(db, { id: 'unknown-1', state: 'unknown', offlineSeq: null, amountYen: 80 });

    expect(txns.stats()).toEqual({ pendingCount: 2, pendingYen: 1_000, oldestPendingAtMs: AT_MS + 1_000, rejectedCount: 1, unknownCount: 1 });
  });

  it('When nothing is open, then the figures are zero and no oldest item', () => {
    db = openJournalDatabase(':memory:');
    const txns = new TxnStore(db, new NotificationStore(db));
    insert(db, { id: 'settled', state: 'approved', offlineSeq: null, amountYen: 100 });
    expect(txns.stats()).toEqual({ pendingCount: 0, pendingYen: 0, oldestPendingAtMs: null, rejectedCount: 0, unknownCount: 0 });
  });

  it('When SQLite plans the query, then it searches txn_state for the open states instead of scanning every row of the journal', () => {
    db = openJournalDatabase(':memory:');
    const plan = (db.prepare(`EXPLAIN QUERY PLAN ${QUEUE_STATS_SQL}`).all() as { detail: string }[]).map((step) => step.detail);
    expect(plan.some((detail) => /^SCAN txn\b/.test(detail))).toBe(false);
    expect(plan.some((detail) => detail.includes('USING INDEX txn_state'))).toBe(true);
  });
});

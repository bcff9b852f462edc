import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { Journal } from './journal';
import { JOURNAL_MIGRATIONS } from './schema';

const AT_MS = Date.parse('2024-06-01T10:00:00+09:00');

describe('journal migration (issue 13: point spends and MPM)', () => {
  it('R23/R28: When a journal of the previous version is opened, then every row keeps its seq and short number, and the next row never reuses a seq', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kumapay-migrate-v5-'));
    try {
      const file = path.join(dir, 'journal.sqlite');
      const old = new Database(file);
      for (const sql of JOURNAL_MIGRATIONS.slice(0, 4)) old.exec(sql);
      old.pragma('user_version = 4');
      const insert = old.prepare(
        `INSERT INTO txn (client_txn_id, kind, mode, state, amount_yen, occurred_at_ms, business_day, request_json, short_no, method)
         VALUES (?, 'payment', 'online', 'approved', ?, ?, '2024-06-01', '{}', ?, 'qr')`,
      );
      insert.run('old-1', 1_000, AT_MS, '0001-000001');
      insert.run('old-2', 2_000, AT_MS + 1, '0001-000002');
      insert.run('old-3', 3_000, AT_MS + 2, '0001-000003');
      // The newest row was the last one: the sequence stands at 3.
      old.close();

      const journal = Journal.open(file);
      expect(journal.txns.get('old-2')).toMatchObject({ seq: 2, amountYen: 2_000, shortNo: '0001-000002', method: 'qr', points: null, mpmSource: null });
      const next = journal.txns.recordIntent({
        clientTxnId: 'new-1',
        kind: 'point_spend',
        amountYen: 0,
        points: 500,
        occurredAtMs: AT_MS + 3,
        staffId: 's1',
        requestJson: JSON.stringify({ clientTxnId: 'new-1', points: 500 }),
        terminalNo: 1,
      });
      expect(next).toMatchObject({ seq: 4, kind: 'point_spend', points: 500, shortNo: '0001-000004' });
      expect(journal.txns.dayRows('2024-06-01').map((r) => r.clientTxnId)).toEqual(['old-1', 'old-2', 'old-3', 'new-1']);
      journal.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

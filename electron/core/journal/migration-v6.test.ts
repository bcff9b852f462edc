import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { exampleSlip } from '../../../common/receipts/slip-examples';
import type { Slip } from '../../../common/receipts/slip';
import { Journal } from './journal';
import { JOURNAL_MIGRATIONS } from './schema';

const AT_MS = Date.parse('2024-06-01T10:00:00+09:00');
const SUBJECT = '7f1c2a9e-4d3b-4c59-9a51-2f6d3e8b1c00';

function asKept(slip: Slip, slipId: string, subjectKey: string): Slip {
  return { ...slip, slipId, subjectKey };
}

describe('journal migration (issue 13: KumaPo slips)', () => {
  it('R29/R23: When a journal of the previous version is opened, then its slips read back in the same order with their print marks, and a KumaPo spend slip and its 取消 can be kept', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kumapay-migrate-v6-'));
    try {
      const file = path.join(dir, 'journal.sqlite');
      const old = new Database(file);
      for (const sql of JOURNAL_MIGRATIONS.slice(0, 5)) old.exec(sql);
      old.pragma('user_version = 5');
      const insert = old.prepare('INSERT INTO slip (slip_id, subject_key, kind, created_at_ms, slip_json, customer_queued_at_ms) VALUES (?, ?, ?, ?, ?, ?)');
      // Same instant: only the rowid says the payment's slip came before its cancel's.
      insert.run('s-pay', SUBJECT, 'payment', AT_MS, JSON.stringify(asKept(exampleSlip('payment'), 's-pay', SUBJECT)), AT_MS);
      insert.run('s-cancel', SUBJECT, 'cancel', AT_MS, JSON.stringify(asKept(exampleSlip('cancel'), 's-cancel', SUBJECT)), null);
      insert.run('s-close', 'report:close:2026-12-01', 'report', AT_MS, JSON.stringify(asKept(exampleSlip('report'), 's-close', 'report:close:2026-12-01')), null);
      // Before this version a points slip could not be kept at all.
      expect(() => insert.run('s-points', 'x', 'point_spend', AT_MS, '{}', null)).toThrow(/CHECK/);
      old.close();

      const journal = Journal.open(file);
      expect(journal.slips.refsFor(SUBJECT).map((ref) => [ref.slipId, ref.kind])).toEqual([
        ['s-pay', 'payment'],
        ['s-cancel', 'cancel'],
      ]);
      expect(journal.slips.read('s-pay')).toMatchObject({ ok: true, kept: { slip: { body: { kind: 'payment', amountYen: 1_234_567 } }, queued: { customer: true, shop: false } } });
      // The 精算 slip is still stored once per day.
      expect(journal.slips.addReportOnce(asKept(exampleSlip('report'), 's-close-2', 'report:close:2026-12-01'), AT_MS + 1)).toBe(false);

      const spendKey = 'spend-txn-1';
      journal.slips.add(asKept(exampleSlip('point_spend'), 's-spend', spendKey), AT_MS + 2);
      journal.slips.add(asKept(exampleSlip('point_spend_cancel'), 's-spend-cancel', spendKey), AT_MS + 3);
      expect(journal.slips.refsFor(spendKey).map((ref) => ref.kind)).toEqual(['point_spend', 'point_spend_cancel']);
      expect(journal.slips.read('s-spend')).toMatchObject({ ok: true, kept: { slip: { body: { kind: 'point_spend', points: 1_234 } } } });
      journal.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/**
 * R29 slips as the journal keeps them: the data of every slip made here, read back (and
 * validated) for a reprint or a preview. A slip is never edited; the day's 点検 snapshot is
 * replaced by a newer one, a 精算 slip is stored once.
 */
import { slip as slipSchema, type Slip, type SlipCopy, type SlipKind } from '../../../common/receipts/slip';
import type { SlipRef } from '../../../common/terminal-api';
import { toIso } from '../../../common/time';
import type { JournalDatabase } from './database';

export interface KeptSlip {
  slip: Slip;
  createdAtMs: number;
  /** Whether a print of each copy was queued before (a later print of it is 再印刷). */
  queued: Record<SlipCopy, boolean>;
}

export type SlipRead = { ok: true; kept: KeptSlip } | { ok: false; reason: 'not_found' | 'corrupt'; message: string };

interface SlipRow {
  slip_id: string;
  subject_key: string;
  kind: string;
  created_at_ms: number;
  slip_json: string;
  customer_queued_at_ms: number | null;
  shop_queued_at_ms: number | null;
}

interface RefRow {
  slip_id: string;
  kind: string;
  created_at_ms: number;
}

export class SlipStore {
  private readonly insertStatement;
  private readonly insertReportOnceStatement;
  private readonly deleteSubjectStatement;
  private readonly getStatement;
  private readonly refsStatement;
  private readonly queueCustomerStatement;
  private readonly queueShopStatement;
  private readonly replace;

  constructor(db: JournalDatabase) {
    const insert = 'INSERT INTO slip (slip_id, subject_key, kind, created_at_ms, slip_json) VALUES (@slipId, @subjectKey, @kind, @createdAtMs, @json)';
    this.insertStatement = db.prepare(insert);
    this.insertReportOnceStatement = db.prepare(`${insert} ON CONFLICT (subject_key) WHERE kind = 'report' DO NOTHING`);
    this.deleteSubjectStatement = db.prepare<[string]>("DELETE FROM slip WHERE subject_key = ? AND kind = 'report'");
    this.getStatement = db.prepare<[string], SlipRow>('SELECT * FROM slip WHERE slip_id = ?');
    this.refsStatement = db.prepare<[string], RefRow>('SELECT slip_id, kind, created_at_ms FROM slip WHERE subject_key = ? ORDER BY created_at_ms, rowid');
    this.queueCustomerStatement = db.prepare<[number, string]>('UPDATE slip SET customer_queued_at_ms = ? WHERE slip_id = ? AND customer_queued_at_ms IS NULL');
    this.queueShopStatement = db.prepare<[number, string]>('UPDATE slip SET shop_queued_at_ms = ? WHERE slip_id = ? AND shop_queued_at_ms IS NULL');
    this.replace = db.transaction((params: ReturnType<typeof rowParams>) => {
      this.deleteSubjectStatement.run(params.subjectKey);
      this.insertStatement.run(params);
    });
  }

  /** A transaction's slip (payment, charge, cancel, migration). */
  add(slip: Slip, createdAtMs: number): void {
    this.insertStatement.run(rowParams(slip, createdAtMs));
  }

  /** The day's 点検 snapshot: the newest replaces the one before (a new slip id). */
  replaceReport(slip: Slip, createdAtMs: number): void {
    this.replace(rowParams(slip, createdAtMs));
  }

  /** A 精算 slip: stored once; false when the subject already has one (that one stays). */
  addReportOnce(slip: Slip, createdAtMs: number): boolean {
    return this.insertReportOnceStatement.run(rowParams(slip, createdAtMs)).changes === 1;
  }

  read(slipId: string): SlipRead {
    const row = this.getStatement.get(slipId);
    if (!row) return { ok: false, reason: 'not_found', message: `No slip ${slipId} in the journal.` };
    let json: unknown;
    try {
      json = JSON.parse(row.slip_json);
    } catch (error) {
      return { ok: false, reason: 'corrupt', message: `slip ${slipId} is not JSON: ${String(error)}` };
    }
    const parsed = slipSchema.safeParse(json);
    if (!parsed.success) return { ok: false, reason: 'corrupt', message: `slip ${slipId} does not match the slip schema: ${parsed.error.message}` };
    return {
      ok: true,
      kept: {
        slip: parsed.data,
        createdAtMs: row.created_at_ms,
        queued: { customer: row.customer_queued_at_ms !== null, shop: row.shop_queued_at_ms !== null },
      },
    };
  }

  /** Slips about a subject (a transaction's clientTxnId, a report key), oldest first. */
  refsFor(subjectKey: string): SlipRef[] {
    return this.refsStatement.all(subjectKey).map((row) => ({ slipId: row.slip_id, kind: row.kind as SlipKind, createdAt: toIso(row.created_at_ms) }));
  }

  /**
   * Records that a print of `copy` is queued now; true when one was queued before, i.e. this
   * print is a 再印刷. Unknown slips answer false.
   */
  noteCopyQueued(slipId: string, copy: SlipCopy, atMs: number): boolean {
    if (!this.getStatement.get(slipId)) return false;
    // The conditional update itself says whether this is the copy's first print.
    const statement = copy === 'customer' ? this.queueCustomerStatement : this.queueShopStatement;
    return statement.run(atMs, slipId).changes === 0;
  }
}

function rowParams(slip: Slip, createdAtMs: number) {
  return { slipId: slip.slipId, subjectKey: slip.subjectKey, kind: slip.body.kind, createdAtMs, json: JSON.stringify(slip) };
}

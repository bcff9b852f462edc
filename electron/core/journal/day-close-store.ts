/** R26/R30: closed business days (精算), each with the report as it was shown. */
import type { DayClose } from '../../../common/business-day';
import type { JournalDatabase } from './database';

export class DayCloseStore {
  private readonly getStatement;
  private readonly insertStatement;
  private readonly allStatement;

  constructor(db: JournalDatabase) {
    this.getStatement = db.prepare<[string], { report_json: string }>('SELECT report_json FROM day_close WHERE business_day = ?');
    this.insertStatement = db.prepare<[string, number, string, string | null]>(
      `INSERT INTO day_close (business_day, closed_at_ms, report_json, closed_by_name) VALUES (?, ?, ?, ?)
       ON CONFLICT (business_day) DO NOTHING`,
    );
    this.allStatement = db.prepare<[], { business_day: string; closed_at_ms: number }>(
      'SELECT business_day, closed_at_ms FROM day_close ORDER BY closed_at_ms',
    );
  }

  reportJson(businessDay: string): string | null {
    return this.getStatement.get(businessDay)?.report_json ?? null;
  }

  /** R30: every close, oldest first — what decides the business day of an instant. */
  all(): DayClose[] {
    return this.allStatement.all().map((row) => ({ businessDay: row.business_day, closedAtMs: row.closed_at_ms }));
  }

  /** A day closes once; closing again keeps the first report. */
  record(businessDay: string, closedAtMs: number, reportJson: string, closedByName: string | null = null): void {
    this.insertStatement.run(businessDay, closedAtMs, reportJson, closedByName);
  }
}

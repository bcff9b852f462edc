/** R26: closed business days (精算), each with the report as it was shown. */
import type { JournalDatabase } from './database';

export class DayCloseStore {
  private readonly getStatement;
  private readonly insertStatement;

  constructor(db: JournalDatabase) {
    this.getStatement = db.prepare<[string], { report_json: string }>('SELECT report_json FROM day_close WHERE business_day = ?');
    this.insertStatement = db.prepare<[string, number, string]>(
      'INSERT INTO day_close (business_day, closed_at_ms, report_json) VALUES (?, ?, ?) ON CONFLICT (business_day) DO NOTHING',
    );
  }

  reportJson(businessDay: string): string | null {
    return this.getStatement.get(businessDay)?.report_json ?? null;
  }

  /** A day closes once; closing again keeps the first report. */
  record(businessDay: string, closedAtMs: number, reportJson: string): void {
    this.insertStatement.run(businessDay, closedAtMs, reportJson);
  }
}

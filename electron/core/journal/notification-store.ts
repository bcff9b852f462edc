/** Notifications that stay until someone at the shop acknowledges them (R20). */
import { toIso } from '../../../common/time';
import type { NotificationView } from '../../../common/terminal-api';
import { CORE_LIMITS } from '../limits';
import type { JournalDatabase } from './database';

export type NotificationKind = NotificationView['kind'];

export interface NewNotification {
  id: string;
  kind: NotificationKind;
  createdAtMs: number;
  clientTxnId: string | null;
  amountYen: number | null;
  message: string;
  /** When the payment a notice is about was made (rejected items, shortfalls). */
  occurredAtMs?: number | null;
  /** Why the backend refused it (its error code), for the renderer to word. */
  reasonCode?: string | null;
}

interface NotificationRow {
  id: string;
  kind: string;
  created_at_ms: number;
  client_txn_id: string | null;
  amount_yen: number | null;
  message: string;
  acknowledged_at_ms: number | null;
  occurred_at_ms: number | null;
  reason_code: string | null;
}

export class NotificationStore {
  private readonly insertStatement;
  private readonly openStatement;
  private readonly acknowledgeStatement;
  private readonly countOpenStatement;

  constructor(db: JournalDatabase) {
    // Ids are deterministic per cause (e.g. `rejected:<clientTxnId>`): recording the same cause
    // twice (a re-sent batch after a crash) must not show the shop two notifications.
    this.insertStatement = db.prepare(
      `INSERT INTO notification (id, kind, created_at_ms, client_txn_id, amount_yen, message, occurred_at_ms, reason_code)
       VALUES (@id, @kind, @createdAtMs, @clientTxnId, @amountYen, @message, @occurredAtMs, @reasonCode) ON CONFLICT (id) DO NOTHING`,
    );
    this.openStatement = db.prepare<[number], NotificationRow>(
      'SELECT * FROM notification WHERE acknowledged_at_ms IS NULL ORDER BY created_at_ms, id LIMIT ?',
    );
    this.acknowledgeStatement = db.prepare<[number, string]>(
      'UPDATE notification SET acknowledged_at_ms = ? WHERE id = ? AND acknowledged_at_ms IS NULL',
    );
    this.countOpenStatement = db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM notification WHERE acknowledged_at_ms IS NULL');
  }

  add(notification: NewNotification): boolean {
    return this.insertStatement.run({ occurredAtMs: null, reasonCode: null, ...notification }).changes === 1;
  }

  open(): NotificationView[] {
    return this.openStatement.all(CORE_LIMITS.notificationsShownMax).map(toView);
  }

  openCount(): number {
    return this.countOpenStatement.get()?.n ?? 0;
  }

  /** False when there is no such open notification. */
  acknowledge(id: string, nowMs: number): boolean {
    return this.acknowledgeStatement.run(nowMs, id).changes === 1;
  }
}

function toView(row: NotificationRow): NotificationView {
  return {
    id: row.id,
    kind: row.kind as NotificationKind,
    createdAt: toIso(row.created_at_ms),
    clientTxnId: row.client_txn_id,
    amountYen: row.amount_yen,
    message: row.message,
    acknowledged: row.acknowledged_at_ms !== null,
    occurredAt: row.occurred_at_ms === null ? null : toIso(row.occurred_at_ms),
    reasonCode: row.reason_code,
  };
}

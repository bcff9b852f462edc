/**
 * Money attempts, one row each. Online: `sending` (intent on disk before the request leaves)
 * → `approved` | `declined` | `unknown` (ambiguous; resolved later by retrying the same
 * clientTxnId) → `approved` | `declined`. Offline: `pending` (approved offline, on disk before
 * the cashier sees it) → `synced` | `rejected`. Every transition is one SQLite transaction.
 */
import { assert } from '../../../common/assert';
import { terminalBusinessDayAt, terminalBusinessDayRangeMs, type DayClose } from '../../../common/business-day';
import { formatShortNo } from '../../../common/short-no';
import type { JournalDatabase } from './database';
import type { NewNotification, NotificationStore } from './notification-store';

/** Issue 13: `point_spend` and its cancel (R23), `mpm_request` (R28, moves nothing by itself). */
export type TxnKind = 'payment' | 'charge' | 'payment_cancel' | 'charge_cancel' | 'migration' | 'point_spend' | 'point_spend_cancel' | 'mpm_request';
export type TxnState = 'sending' | 'unknown' | 'approved' | 'declined' | 'pending' | 'synced' | 'rejected';

export interface TxnRow {
  seq: number;
  clientTxnId: string;
  kind: TxnKind;
  mode: 'online' | 'offline';
  state: TxnState;
  offlineSeq: number | null;
  amountYen: number;
  occurredAtMs: number;
  businessDay: string;
  staffId: string | null;
  requestJson: string;
  targetId: string | null;
  credentialKey: string | null;
  tokenId: string | null;
  tokenExpiresAtMs: number | null;
  cashReceivedYen: number | null;
  resultId: string | null;
  resultJson: string | null;
  errorCode: string | null;
  bonusYen: number | null;
  shortfallYen: number | null;
  attempts: number;
  decidedAtMs: number | null;
  /** R32: payments, the cash part of a split sale; cancels, the cash handed back. */
  cashYen: number | null;
  /** NNNN-SSSSSS; null while the terminal's number was unknown. */
  shortNo: string | null;
  method: 'qr' | 'card' | 'mpm' | null;
  staffName: string | null;
  /** R31: the manager who approved a cancel (staff code). */
  approvedByCode: string | null;
  /** R23: a point spend's points, a spend cancel's points restored, a points MPM request's points. */
  points: number | null;
  /** R28: an MPM payment's way in (a request of this register, or its store QR). */
  mpmSource: 'static' | 'dynamic' | null;
}

export interface NewIntent {
  clientTxnId: string;
  kind: TxnKind;
  amountYen: number;
  occurredAtMs: number;
  staffId: string | null;
  requestJson: string;
  targetId?: string | null;
  credentialKey?: string | null;
  tokenId?: string | null;
  tokenExpiresAtMs?: number | null;
  cashReceivedYen?: number | null;
  /**
   * The terminal's number within its shop: when known, the row gets `shortNo =
   * formatShortNo(terminalNo, seq)` and the stored request body gains `shortNo` — in the same
   * transaction, so the body on disk is exactly what is sent and resent.
   */
  terminalNo?: number | null;
  cashYen?: number | null;
  method?: 'qr' | 'card' | 'mpm' | null;
  staffName?: string | null;
  approvedByCode?: string | null;
  points?: number | null;
  mpmSource?: 'static' | 'dynamic' | null;
}

/**
 * R28: a payment (or points spend) that reached this register's day without a request of its
 * own: an MPM request paid, or a store-QR payment heard from the notices. It arrives settled.
 */
export interface SettledEntry {
  /** Deterministic per backend record (`mpm:<paymentId>`), so hearing it twice writes one row. */
  clientTxnId: string;
  kind: 'payment' | 'point_spend';
  amountYen: number;
  points: number | null;
  occurredAtMs: number;
  resultId: string;
  resultJson: string;
  shortNo: string | null;
  staffId: string | null;
  staffName: string | null;
  mpmSource: 'static' | 'dynamic';
  decidedAtMs: number;
}

/** What the offline policy sees, read inside the same transaction that writes the approval. */
export interface OfflineLedgerState {
  unsyncedYen: number;
  /** R20a: offline value the backend applied (or may have) since the last online contact. */
  windowSyncedYen: number;
  oldestPendingAtMs: number | null;
  tokenAlreadyUsed: boolean;
}

export interface SyncOutcome {
  clientTxnId: string;
  status: 'applied' | 'duplicate' | 'rejected';
  paymentId: string | null;
  shortfallYen: number;
  errorCode: string | null;
  resultJson: string;
}

export interface QueueStats {
  pendingCount: number;
  pendingYen: number;
  oldestPendingAtMs: number | null;
  rejectedCount: number;
  unknownCount: number;
}

interface RawRow {
  seq: number;
  client_txn_id: string;
  kind: string;
  mode: string;
  state: string;
  offline_seq: number | null;
  amount_yen: number;
  occurred_at_ms: number;
  business_day: string;
  staff_id: string | null;
  request_json: string;
  target_id: string | null;
  credential_key: string | null;
  token_id: string | null;
  token_expires_at_ms: number | null;
  cash_received_yen: number | null;
  result_id: string | null;
  result_json: string | null;
  error_code: string | null;
  bonus_yen: number | null;
  shortfall_yen: number | null;
  attempts: number;
  decided_at_ms: number | null;
  cash_yen: number | null;
  short_no: string | null;
  method: string | null;
  staff_name: string | null;
  approved_by_code: string | null;
  points: number | null;
  mpm_source: string | null;
}

/**
 * The queue figures of every status (each sale's status event, getStatus, the deadline check).
 * Only the rows counted are read, through txn_state: a whole-table scan costs each sale more
 * as the journal's rows pile up (2 ms a call at 10,000 rows, 19 ms at 20,000 once the table
 * outgrows SQLite's page cache; bench/counter-day.bench.ts).
 */
export const QUEUE_STATS_SQL = `SELECT
   COALESCE(SUM(state = 'pending'), 0) AS pendingCount,
   COALESCE(SUM(CASE WHEN state = 'pending' THEN amount_yen ELSE 0 END), 0) AS pendingYen,
   MIN(CASE WHEN state = 'pending' THEN occurred_at_ms END) AS oldest,
   COALESCE(SUM(state = 'rejected'), 0) AS rejectedCount,
   COALESCE(SUM(state = 'unknown'), 0) AS unknownCount
 FROM txn WHERE state IN ('pending', 'rejected', 'unknown')`;

export class TxnStore {
  private readonly statements;

  constructor(
    private readonly db: JournalDatabase,
    private readonly notifications: NotificationStore,
  ) {
    this.statements = {
      insert: db.prepare(
        `INSERT INTO txn (client_txn_id, kind, mode, state, offline_seq, amount_yen, occurred_at_ms, business_day, staff_id,
           request_json, target_id, credential_key, token_id, token_expires_at_ms, cash_received_yen, error_code, decided_at_ms,
           cash_yen, method, staff_name, approved_by_code, points, mpm_source)
         VALUES (@clientTxnId, @kind, @mode, @state, @offlineSeq, @amountYen, @occurredAtMs, @businessDay, @staffId,
           @requestJson, @targetId, @credentialKey, @tokenId, @tokenExpiresAtMs, @cashReceivedYen, @errorCode, @decidedAtMs,
           @cashYen, @method, @staffName, @approvedByCode, @points, @mpmSource)`,
      ),
      insertSettled: db.prepare(
        `INSERT INTO txn (client_txn_id, kind, mode, state, amount_yen, occurred_at_ms, business_day, staff_id, request_json,
           result_id, result_json, attempts, decided_at_ms, short_no, method, staff_name, points, mpm_source)
         VALUES (@clientTxnId, @kind, 'online', 'approved', @amountYen, @occurredAtMs, @businessDay, @staffId, '{}',
           @resultId, @resultJson, 0, @decidedAtMs, @shortNo, 'mpm', @staffName, @points, @mpmSource)
         ON CONFLICT (client_txn_id) DO NOTHING`,
      ),
      setShortNo: db.prepare<[string, string, number]>('UPDATE txn SET short_no = ?, request_json = ? WHERE seq = ?'),
      closes: db.prepare<[], { business_day: string; closed_at_ms: number }>('SELECT business_day, closed_at_ms FROM day_close'),
      // The close that decides the day at an instant: the latest day closed by then (one row,
      // read backwards along the primary key, however many days the journal has closed).
      latestCloseBy: db.prepare<[number], { business_day: string; closed_at_ms: number }>(
        'SELECT business_day, closed_at_ms FROM day_close WHERE closed_at_ms <= ? ORDER BY business_day DESC LIMIT 1',
      ),
      range: db.prepare<[number, number], RawRow>('SELECT * FROM txn WHERE occurred_at_ms >= ? AND occurred_at_ms < ? ORDER BY seq'),
      since: db.prepare<[number], RawRow>(
        `SELECT * FROM txn WHERE occurred_at_ms >= ? AND kind IN ('payment', 'charge') ORDER BY occurred_at_ms DESC, seq DESC`,
      ),
      byClientTxnId: db.prepare<[string], RawRow>('SELECT * FROM txn WHERE client_txn_id = ?'),
      byResultId: db.prepare<[string, string], RawRow>('SELECT * FROM txn WHERE result_id = ? AND kind = ?'),
      approve: db.prepare(
        `UPDATE txn SET state = 'approved', result_id = @resultId, result_json = @resultJson, bonus_yen = @bonusYen,
           attempts = attempts + @attempts, decided_at_ms = @decidedAtMs, cash_yen = COALESCE(@cashYen, cash_yen),
           amount_yen = COALESCE(@amountYen, amount_yen), points = COALESCE(@points, points)
         WHERE client_txn_id = @clientTxnId AND mode = 'online' AND state IN ('sending', 'unknown')`,
      ),
      decline: db.prepare(
        `UPDATE txn SET state = 'declined', error_code = @errorCode, result_json = @resultJson,
           attempts = attempts + @attempts, decided_at_ms = @decidedAtMs
         WHERE client_txn_id = @clientTxnId AND mode = 'online' AND state IN ('sending', 'unknown')`,
      ),
      markUnknown: db.prepare(
        `UPDATE txn SET state = 'unknown', attempts = attempts + @attempts
         WHERE client_txn_id = @clientTxnId AND mode = 'online' AND state IN ('sending', 'unknown')`,
      ),
      toOffline: db.prepare(
        `UPDATE txn SET mode = 'offline', state = @state, offline_seq = @offlineSeq, error_code = @errorCode,
           decided_at_ms = @decidedAtMs, token_id = @tokenId, token_expires_at_ms = @tokenExpiresAtMs
         WHERE client_txn_id = @clientTxnId AND mode = 'online' AND state = 'sending'`,
      ),
      nextOfflineSeq: db.prepare<[], { next: number }>('SELECT COALESCE(MAX(offline_seq), 0) + 1 AS next FROM txn'),
      unsynced: db.prepare<[], { yen: number; oldest: number | null }>(
        `SELECT COALESCE(SUM(amount_yen), 0) AS yen, MIN(occurred_at_ms) AS oldest FROM txn WHERE state = 'pending'`,
      ),
      tokenUsed: db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM used_token WHERE token_id = ?'),
      useToken: db.prepare<[string, string, number]>(
        'INSERT INTO used_token (token_id, client_txn_id, expires_at_ms) VALUES (?, ?, ?) ON CONFLICT (token_id) DO NOTHING',
      ),
      pruneTokens: db.prepare<[number]>('DELETE FROM used_token WHERE expires_at_ms < ?'),
      pending: db.prepare<[number], RawRow>(`SELECT * FROM txn WHERE state = 'pending' ORDER BY offline_seq LIMIT ?`),
      syncApplied: db.prepare(
        `UPDATE txn SET state = 'synced', result_id = @paymentId, result_json = @resultJson, shortfall_yen = @shortfallYen,
           decided_at_ms = @decidedAtMs
         WHERE client_txn_id = @clientTxnId AND state = 'pending'`,
      ),
      syncRejected: db.prepare(
        `UPDATE txn SET state = 'rejected', error_code = @errorCode, result_json = @resultJson, decided_at_ms = @decidedAtMs
         WHERE client_txn_id = @clientTxnId AND state = 'pending'`,
      ),
      unknownFor: db.prepare<[string], { n: number }>(
        `SELECT COUNT(*) AS n FROM txn WHERE credential_key = ? AND state IN ('unknown', 'sending')`,
      ),
      unresolved: db.prepare<[number], RawRow>(`SELECT * FROM txn WHERE state = 'unknown' ORDER BY seq LIMIT ?`),
      windowSynced: db.prepare<[], { yen: number }>('SELECT synced_yen AS yen FROM offline_window WHERE id = 1'),
      windowAdd: db.prepare<[number]>('UPDATE offline_window SET synced_yen = synced_yen + ? WHERE id = 1'),
      // MAX: a window never goes below empty, whatever order contacts and answers land in.
      windowForget: db.prepare<[number]>('UPDATE offline_window SET synced_yen = MAX(0, synced_yen - ?) WHERE id = 1'),
      recoverSending: db.prepare(`UPDATE txn SET state = 'unknown' WHERE state = 'sending'`),
      stats: db.prepare<
        [],
        { pendingCount: number; pendingYen: number; oldest: number | null; rejectedCount: number; unknownCount: number }
      >(QUEUE_STATS_SQL),
      cancelsOf: db.prepare<[string], RawRow>(
        `SELECT * FROM txn WHERE target_id = ? AND kind IN ('payment_cancel', 'charge_cancel', 'point_spend_cancel') ORDER BY seq`,
      ),
      all: db.prepare<[number, number], RawRow>('SELECT * FROM txn WHERE seq > ? ORDER BY seq LIMIT ?'),
    };
  }

  /**
   * A power cut between "request sent" and "outcome written" leaves `sending` rows: their
   * requests may have reached the backend, so they are `unknown` until a retry says.
   */
  recoverAfterRestart(): number {
    return this.statements.recoverSending.run().changes;
  }

  recordIntent(intent: NewIntent): TxnRow {
    this.db.transaction(() => {
      const { lastInsertRowid } = this.statements.insert.run({
        clientTxnId: intent.clientTxnId,
        kind: intent.kind,
        mode: 'online',
        state: 'sending',
        offlineSeq: null,
        amountYen: intent.amountYen,
        occurredAtMs: intent.occurredAtMs,
        businessDay: this.businessDayAt(intent.occurredAtMs),
        staffId: intent.staffId,
        requestJson: intent.requestJson,
        targetId: intent.targetId ?? null,
        credentialKey: intent.credentialKey ?? null,
        tokenId: intent.tokenId ?? null,
        tokenExpiresAtMs: intent.tokenExpiresAtMs ?? null,
        cashReceivedYen: intent.cashReceivedYen ?? null,
        errorCode: null,
        decidedAtMs: null,
        ...extras(intent),
      });
      this.assignShortNo(Number(lastInsertRowid), intent);
    })();
    return this.mustGet(intent.clientTxnId);
  }

  /** R30: the terminal's closes, oldest first (common/business-day.ts). */
  closes(): DayClose[] {
    return this.statements.closes.all().map((c) => ({ businessDay: c.business_day, closedAtMs: c.closed_at_ms }));
  }

  /**
   * R30: the business day a transaction at `atMs` belongs to. Only the latest day closed by then
   * matters (common/business-day.ts takes the greatest such day), so every new row and status
   * reads one close, not all of them.
   */
  businessDayAt(atMs: number): string {
    const latest = this.statements.latestCloseBy.get(atMs);
    return terminalBusinessDayAt(atMs, latest ? [{ businessDay: latest.business_day, closedAtMs: latest.closed_at_ms }] : []);
  }

  /** Short number and body in the insert's transaction: what is on disk is what is sent. */
  private assignShortNo(seq: number, intent: NewIntent): void {
    const terminalNo = intent.terminalNo ?? null;
    if (terminalNo === null) return;
    const shortNo = formatShortNo(terminalNo, seq);
    const body = JSON.parse(intent.requestJson) as Record<string, unknown>;
    this.statements.setShortNo.run(shortNo, JSON.stringify({ ...body, shortNo }), seq);
  }

  get(clientTxnId: string): TxnRow | null {
    const row = this.statements.byClientTxnId.get(clientTxnId);
    return row ? toRow(row) : null;
  }

  findByResultId(resultId: string, kind: TxnKind): TxnRow | null {
    const row = this.statements.byResultId.get(resultId, kind);
    return row ? toRow(row) : null;
  }

  cancelsOf(targetId: string): TxnRow[] {
    return this.statements.cancelsOf.all(targetId).map(toRow);
  }

  /**
   * R28: an MPM payment (or points spend) in this register's day, written settled; hearing the
   * same one again (the request's long poll, then the notices) writes nothing more.
   */
  recordSettled(entry: SettledEntry): { row: TxnRow; created: boolean } {
    return this.db.transaction(() => {
      const created =
        this.statements.insertSettled.run({ ...entry, businessDay: this.businessDayAt(entry.occurredAtMs) }).changes === 1;
      return { row: this.mustGet(entry.clientTxnId), created };
    })();
  }

  /** A payment or charge made here that a cancel from here has undone (R17). */
  isCancelled(row: TxnRow): boolean {
    return row.resultId !== null && this.cancelsOf(row.resultId).some((c) => c.state === 'approved');
  }

  recordApproved(
    clientTxnId: string,
    outcome: {
      resultId: string;
      resultJson: string;
      bonusYen: number | null;
      decidedAtMs: number;
      attempts: number;
      cashYen?: number | null;
      amountYen?: number | null;
      points?: number | null;
    },
  ): TxnRow {
    this.db.transaction(() => {
      const changed = this.statements.approve.run({
        clientTxnId,
        ...outcome,
        cashYen: outcome.cashYen ?? null,
        amountYen: outcome.amountYen ?? null,
        points: outcome.points ?? null,
      }).changes;
      assert(changed === 1, `approve ${clientTxnId}: not an open online attempt`);
      const row = this.mustGet(clientTxnId);
      // R22: a token that paid online must not pay again offline on this terminal.
      if (row.tokenId !== null && row.tokenExpiresAtMs !== null) {
        this.statements.useToken.run(row.tokenId, clientTxnId, row.tokenExpiresAtMs);
      }
    })();
    return this.mustGet(clientTxnId);
  }

  recordDeclined(
    clientTxnId: string,
    outcome: { errorCode: string; resultJson: string; decidedAtMs: number; attempts: number },
  ): TxnRow {
    const changed = this.statements.decline.run({ clientTxnId, ...outcome }).changes;
    assert(changed === 1, `decline ${clientTxnId}: not an open online attempt`);
    return this.mustGet(clientTxnId);
  }

  recordUnknown(clientTxnId: string, attempts: number): TxnRow {
    const changed = this.statements.markUnknown.run({ clientTxnId, attempts }).changes;
    assert(changed === 1, `unknown ${clientTxnId}: not an open online attempt`);
    return this.mustGet(clientTxnId);
  }

  /**
   * Offline approval (R20) in one transaction: read the unsynced total, the oldest pending
   * item and the token's use, let `decide` apply the limits, then write either the approved
   * item (with the next contiguous offline seq and the token marked used) or the refusal.
   * Reading and writing in the same transaction means two quick payments cannot both fit
   * under a limit that has room for one.
   */
  decideOffline<R extends { code: string }>(
    intent: NewIntent & { tokenId: string | null; tokenExpiresAtMs: number | null },
    decide: (state: OfflineLedgerState) => R | null,
    decidedAtMs: number,
  ): { approved: true; row: TxnRow } | { approved: false; refusal: R; row: TxnRow } {
    return this.db.transaction(() => {
      const unsynced = this.statements.unsynced.get();
      const tokenAlreadyUsed = intent.tokenId !== null && (this.statements.tokenUsed.get(intent.tokenId)?.n ?? 0) > 0;
      const refusal = decide({
        unsyncedYen: unsynced?.yen ?? 0,
        windowSyncedYen: this.windowSyncedYen(),
        oldestPendingAtMs: unsynced?.oldest ?? null,
        tokenAlreadyUsed,
      });
      const offlineSeq = refusal === null ? (this.statements.nextOfflineSeq.get()?.next ?? 1) : null;
      const fields = {
        clientTxnId: intent.clientTxnId,
        state: refusal === null ? 'pending' : 'declined',
        offlineSeq,
        errorCode: refusal === null ? null : refusal.code,
        decidedAtMs,
        tokenId: intent.tokenId,
        tokenExpiresAtMs: intent.tokenExpiresAtMs,
      };
      const existing = this.get(intent.clientTxnId);
      if (existing) {
        // The online attempt never left (connection refused): the same row becomes offline.
        const changed = this.statements.toOffline.run(fields).changes;
        assert(changed === 1, `offline ${intent.clientTxnId}: row is not a fresh online attempt`);
      } else {
        const { lastInsertRowid } = this.statements.insert.run({
          ...fields,
          kind: intent.kind,
          mode: 'offline',
          amountYen: intent.amountYen,
          occurredAtMs: intent.occurredAtMs,
          businessDay: this.businessDayAt(intent.occurredAtMs),
          staffId: intent.staffId,
          requestJson: intent.requestJson,
          targetId: null,
          credentialKey: intent.credentialKey ?? null,
          cashReceivedYen: null,
          ...extras(intent),
        });
        this.assignShortNo(Number(lastInsertRowid), intent);
      }
      if (refusal === null && intent.tokenId !== null && intent.tokenExpiresAtMs !== null) {
        this.statements.useToken.run(intent.tokenId, intent.clientTxnId, intent.tokenExpiresAtMs);
      }
      const row = this.mustGet(intent.clientTxnId);
      return refusal === null ? { approved: true as const, row } : { approved: false as const, refusal, row };
    })();
  }

  /** The oldest pending offline items, in the order the backend must apply them. */
  pendingOffline(limit: number): TxnRow[] {
    return this.statements.pending.all(limit).map(toRow);
  }

  /**
   * One batch's answers in one transaction, with their notifications: after a crash either
   * all of a batch's results are on disk or none are (and the re-sent batch is answered).
   */
  recordSyncResults(outcomes: readonly SyncOutcome[], decidedAtMs: number, notify: (row: TxnRow, outcome: SyncOutcome) => NewNotification | null): number {
    return this.db.transaction(() => {
      let recorded = 0;
      for (const outcome of outcomes) {
        const params = {
          clientTxnId: outcome.clientTxnId,
          paymentId: outcome.paymentId,
          resultJson: outcome.resultJson,
          shortfallYen: outcome.shortfallYen,
          errorCode: outcome.errorCode,
          decidedAtMs,
        };
        const changed =
          outcome.status === 'rejected'
            ? this.statements.syncRejected.run(params).changes
            : this.statements.syncApplied.run(params).changes;
        if (changed === 0) continue; // already recorded by an earlier run
        recorded += 1;
        // R20a: applied items fill the backend's offline window until the next contact.
        // Duplicates count too: the backend may have applied them in this window (an answer
        // lost earlier), and counting one it did not makes the terminal stricter, never looser.
        if (outcome.status !== 'rejected') this.statements.windowAdd.run(this.mustGet(outcome.clientTxnId).amountYen);
        const notification = notify(this.mustGet(outcome.clientTxnId), outcome);
        if (notification) this.notifications.add(notification);
      }
      return recorded;
    })();
  }

  /** R20a: offline value answered applied or duplicate since the last successful online contact. */
  windowSyncedYen(): number {
    return this.statements.windowSynced.get()?.yen ?? 0;
  }

  /**
   * An online contact succeeded: the backend's window started again at ¥0. Only what was
   * counted when the contact left (`countedBeforeYen`) is forgotten: answers recorded while it
   * was in flight may belong to the new window, so they stay (stricter, never looser).
   */
  forgetOfflineWindow(countedBeforeYen: number): void {
    this.statements.windowForget.run(countedBeforeYen);
  }

  /** An unresolved online attempt for this wallet or card (a second try could charge twice). */
  hasUnresolvedFor(credentialKey: string): boolean {
    return (this.statements.unknownFor.get(credentialKey)?.n ?? 0) > 0;
  }

  unresolved(limit: number): TxnRow[] {
    return this.statements.unresolved.all(limit).map(toRow);
  }

  stats(): QueueStats {
    const s = this.statements.stats.get();
    assert(s !== undefined, 'aggregate query returns one row');
    return {
      pendingCount: s.pendingCount,
      pendingYen: s.pendingYen,
      oldestPendingAtMs: s.oldest,
      rejectedCount: s.rejectedCount,
      unknownCount: s.unknownCount,
    };
  }

  /** R30: every row of the business day's interval of time (the terminal's closes decide it). */
  dayRows(businessDay: string): TxnRow[] {
    const { startMs, endMs } = terminalBusinessDayRangeMs(businessDay, this.closes());
    return this.statements.range.all(startMs, endMs).map(toRow);
  }

  /** Payments and charges made at or after `sinceMs`, newest first (R31 offline search). */
  paymentsAndChargesSince(sinceMs: number): TxnRow[] {
    return this.statements.since.all(sinceMs).map(toRow);
  }

  /** Paged walk over the whole journal (crash-test checker, exports). */
  page(afterSeq: number, limit: number): TxnRow[] {
    return this.statements.all.all(afterSeq, limit).map(toRow);
  }

  pruneUsedTokens(nowMs: number, retentionMs: number): number {
    return this.statements.pruneTokens.run(nowMs - retentionMs).changes;
  }

  private mustGet(clientTxnId: string): TxnRow {
    const row = this.get(clientTxnId);
    assert(row !== null, `journal row ${clientTxnId} just written is missing`);
    return row;
  }
}

function toRow(raw: RawRow): TxnRow {
  return {
    seq: raw.seq,
    clientTxnId: raw.client_txn_id,
    kind: raw.kind as TxnKind,
    mode: raw.mode as 'online' | 'offline',
    state: raw.state as TxnState,
    offlineSeq: raw.offline_seq,
    amountYen: raw.amount_yen,
    occurredAtMs: raw.occurred_at_ms,
    businessDay: raw.business_day,
    staffId: raw.staff_id,
    requestJson: raw.request_json,
    targetId: raw.target_id,
    credentialKey: raw.credential_key,
    tokenId: raw.token_id,
    tokenExpiresAtMs: raw.token_expires_at_ms,
    cashReceivedYen: raw.cash_received_yen,
    resultId: raw.result_id,
    resultJson: raw.result_json,
    errorCode: raw.error_code,
    bonusYen: raw.bonus_yen,
    shortfallYen: raw.shortfall_yen,
    attempts: raw.attempts,
    decidedAtMs: raw.decided_at_ms,
    cashYen: raw.cash_yen,
    shortNo: raw.short_no,
    method: raw.method as TxnRow['method'],
    staffName: raw.staff_name,
    approvedByCode: raw.approved_by_code,
    points: raw.points,
    mpmSource: raw.mpm_source === 'static' || raw.mpm_source === 'dynamic' ? raw.mpm_source : null,
  };
}

function extras(intent: NewIntent) {
  return {
    cashYen: intent.cashYen ?? null,
    method: intent.method ?? null,
    staffName: intent.staffName ?? null,
    approvedByCode: intent.approvedByCode ?? null,
    points: intent.points ?? null,
    mpmSource: intent.mpmSource ?? null,
  };
}

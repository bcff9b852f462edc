/**
 * Sync agent (R20): uploads pending offline items to POST /v1/sync/batches in offline-seq order,
 * in batches of at most 200, records every answer (applied / duplicate / rejected, shortfall)
 * in one transaction per batch, and turns rejections and shortfalls into notifications that
 * stay until acknowledged. Then it retries `unknown` online steps with their own clientTxnId.
 *
 * Nothing is marked before the answer is on disk: a crash anywhere leaves the items pending,
 * and the re-sent batch is answered by the backend from its record, never applied twice.
 *
 * R20a: the backend caps the offline value it applies between two online contacts
 * (`GET /v1/terminal/keys`). A run with items to send contacts it first, so an honest
 * terminal's items land in a fresh window, and again after items were applied, so the next
 * offline period starts with the whole cap on both sides. Contacts also run every 10 minutes
 * while online, and never two at once (contact.ts).
 */
import { assert, drop } from '../../common/assert';
import { LIMITS } from '../../common/limits';
import { formatYen } from '../../common/money';
import type { CommandOutputs } from '../../common/terminal-api';
import { toIso } from '../../common/time';
import type { SyncItem } from '../../common/wire/terminal';
import { credential as credentialSchema } from '../../common/wire/primitives';
import { contactBackend } from './contact';
import { SETTING } from './context';
import { noteDeadline } from './deadline';
import { failure } from './failure';
import type { NewNotification } from './journal/notification-store';
import type { SyncOutcome, TxnRow } from './journal/txn-store';
import { CORE_LIMITS } from './limits';
import type { BackendAuth, SyncBatchResponse } from './ports';
import { resolveUnknown } from './resolve-unknown';
import type { CoreServices } from './services';

export interface SyncRunSummary {
  sent: number;
  applied: number;
  rejected: number;
  resolved: number;
  /** Why the run stopped before the queue was empty, if it did. */
  stoppedBy: string | null;
}

export class SyncAgent {
  private running: Promise<SyncRunSummary> | null = null;
  private contacting: Promise<boolean> | null = null;
  private timer: unknown = null;
  private started = false;
  private delayMs: number = CORE_LIMITS.syncIntervalMs;
  private lastKeysRefreshMs = Number.NEGATIVE_INFINITY;

  constructor(private readonly s: CoreServices) {}

  start(): void {
    this.started = true;
    this.schedule(0);
  }

  stop(): void {
    this.started = false;
    if (this.timer !== null) this.s.timers.clearTimeout(this.timer);
    this.timer = null;
  }

  /** The link came back: sync at once rather than at the next tick. */
  wake(): void {
    if (!this.started) return;
    if (this.timer !== null) this.s.timers.clearTimeout(this.timer);
    this.delayMs = CORE_LIMITS.syncIntervalMs;
    this.schedule(0);
  }

  /** One run; concurrent callers share the run in progress (one sync at a time). */
  runOnce(): Promise<SyncRunSummary> {
    this.running ??= this.run().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** Resolves when no run is in progress (for an orderly stop). */
  async idle(): Promise<void> {
    if (this.running) await this.running.then(
      () => undefined,
      () => undefined,
    );
  }

  async syncNow(): Promise<CommandOutputs['syncNow']> {
    if (!this.s.ctx.enrolled) return failure('forbidden', 'This terminal is not enrolled yet.');
    const summary = await this.runOnce();
    if (summary.stoppedBy !== null && summary.sent === 0 && this.s.journal.txns.stats().pendingCount > 0) {
      return failure('network', 'Offline items could not be sent now; they stay queued and are retried automatically.', {
        reason: summary.stoppedBy,
      });
    }
    return { ok: true, sent: summary.sent, applied: summary.applied, rejected: summary.rejected };
  }

  private schedule(delayMs: number): void {
    this.timer = this.s.timers.setTimeout(() => {
      this.timer = null;
      drop(this.tick(), (error) => this.s.logger.error({ error: String(error) }, 'sync tick failed unexpectedly'));
    }, delayMs);
  }

  private async tick(): Promise<void> {
    if (!this.started) return;
    let summary: SyncRunSummary | null = null;
    try {
      if (this.s.connectivity.state !== 'offline') {
        await this.maybeRefreshKeys();
        summary = await this.runOnce();
      }
      noteDeadline(this.s);
    } finally {
      // Failed runs back off (bounded); a clean run resets to the normal interval.
      this.delayMs =
        summary?.stoppedBy ? Math.min(this.delayMs * 2, CORE_LIMITS.syncBackoffMsMax) : CORE_LIMITS.syncIntervalMs;
      if (this.started && this.timer === null) this.schedule(this.delayMs);
    }
  }

  /**
   * One online contact now (keys, limits, offline window, token rotation, blocked cards);
   * callers during one in flight share it. True when the backend answered.
   */
  contact(): Promise<boolean> {
    this.contacting ??= this.contactOnce().finally(() => {
      this.contacting = null;
    });
    return this.contacting;
  }

  private async contactOnce(): Promise<boolean> {
    const nowMs = this.s.clock.nowMs();
    const answered = await contactBackend(this.s);
    if (answered) this.lastKeysRefreshMs = nowMs;
    return answered;
  }

  private async maybeRefreshKeys(): Promise<void> {
    const nowMs = this.s.clock.nowMs();
    if (nowMs - this.lastKeysRefreshMs < CORE_LIMITS.keysRefreshMs) return;
    await this.contact();
  }

  private async run(): Promise<SyncRunSummary> {
    const summary: SyncRunSummary = { sent: 0, applied: 0, rejected: 0, resolved: 0, stoppedBy: null };
    if (!this.s.ctx.enrolled) return summary;
    // A failed contact does not stop the run: the terminal approved these items within the
    // window it counted since its last successful contact, which is what the backend counts.
    if (this.s.journal.txns.pendingOffline(1).length > 0) await this.contact();
    // Read after the contact: it may have rotated the token.
    const enrolled = this.s.ctx.enrolled;
    if (!enrolled) return summary;
    for (let batch = 0; batch < CORE_LIMITS.syncBatchesPerRunMax; batch++) {
      const rows = this.s.journal.txns.pendingOffline(LIMITS.syncBatchItemsMax);
      if (rows.length === 0) break;
      const stoppedBy = await this.sendBatch(enrolled.terminalToken, rows, summary);
      if (stoppedBy !== null) {
        summary.stoppedBy = stoppedBy;
        break;
      }
    }
    // Applied items filled the window: a contact now empties it on both sides.
    if (summary.applied > 0) await this.contact();
    if (summary.stoppedBy === null) summary.resolved = await this.resolveUnknowns(this.s.ctx.enrolled?.terminalToken ?? enrolled.terminalToken);
    this.s.journal.txns.pruneUsedTokens(this.s.clock.nowMs(), CORE_LIMITS.usedTokenRetentionMs);
    if (summary.sent > 0 || summary.resolved > 0) this.s.statusChanged();
    return summary;
  }

  /** One batch; returns why syncing must stop, or null to go on. */
  private async sendBatch(terminalToken: string, rows: TxnRow[], summary: SyncRunSummary): Promise<string | null> {
    const items = rows.map(toSyncItem);
    const outcome = await this.s.backend.syncBatch(terminalToken, { items });
    this.s.connectivity.observe(outcome);
    if (outcome.kind === 'refused') {
      this.s.logger.error({ code: outcome.code, message: outcome.message, first: items[0]?.seq }, 'sync batch refused as a whole');
      return `refused:${outcome.code}`;
    }
    if (outcome.kind !== 'ok') return outcome.reason;
    const outcomes = matchResults(rows, outcome.value);
    const nowMs = this.s.clock.nowMs();
    this.s.journal.txns.recordSyncResults(outcomes, nowMs, (row, result) => notificationFor(row, result, nowMs));
    this.s.journal.settings.set(SETTING.lastSyncAtMs, nowMs);
    summary.sent += rows.length;
    summary.applied += outcomes.filter((o) => o.status !== 'rejected').length;
    summary.rejected += outcomes.filter((o) => o.status === 'rejected').length;
    if (outcomes.length < rows.length) {
      // Only a prefix was answered: the rest are re-sent next run, still in seq order.
      this.s.logger.error({ sent: rows.length, answered: outcomes.length }, 'sync answer is missing items');
      return 'incomplete_answer';
    }
    return null;
  }

  private async resolveUnknowns(terminalToken: string): Promise<number> {
    const staff = this.s.ctx.currentStaff(this.s.clock.nowMs());
    const rows = this.s.journal.txns.unresolved(CORE_LIMITS.unknownResolvesPerRunMax);
    if (rows.length === 0) return 0;
    if (!staff?.staffSession) {
      // The contract wants a staff session for money calls: wait until someone logs in online.
      this.s.logger.info({ unknown: rows.length }, 'unknown items wait for an online staff login to be checked');
      return 0;
    }
    const auth: BackendAuth = { terminalToken, staffSession: staff.staffSession };
    let resolved = 0;
    for (const row of rows) {
      if (await resolveUnknown(this.s, auth, row)) resolved += 1;
      if (this.s.connectivity.state === 'offline') break;
    }
    return resolved;
  }
}

function toSyncItem(row: TxnRow): SyncItem {
  const request = JSON.parse(row.requestJson) as { credential: unknown };
  const credential = credentialSchema.parse(request.credential);
  assert(row.offlineSeq !== null, `pending row ${row.clientTxnId} has no offline seq`);
  return {
    seq: row.offlineSeq,
    clientTxnId: row.clientTxnId,
    type: 'payment',
    occurredAt: toIso(row.occurredAtMs),
    amountYen: row.amountYen,
    credential,
    // The slip printed at the counter carries this number (R29); R32's cash part is recorded too.
    ...(row.shortNo === null ? {} : { shortNo: row.shortNo }),
    ...(row.cashYen === null || row.cashYen === 0 ? {} : { cashYen: row.cashYen }),
  };
}

/**
 * The answers for a batch, in seq order, up to the first item the backend did not answer:
 * recording a later item's answer while an earlier one is still open would let the journal's
 * view run ahead of the order the backend applies them in.
 */
function matchResults(rows: readonly TxnRow[], answer: SyncBatchResponse): SyncOutcome[] {
  const byId = new Map(answer.results.map((r) => [r.clientTxnId, r]));
  const outcomes: SyncOutcome[] = [];
  for (const row of rows) {
    const result = byId.get(row.clientTxnId);
    if (!result || result.seq !== row.offlineSeq) break;
    outcomes.push({
      clientTxnId: row.clientTxnId,
      status: result.status,
      paymentId: result.paymentId ?? null,
      shortfallYen: result.shortfallYen ?? 0,
      errorCode: result.error?.code ?? null,
      resultJson: JSON.stringify(result),
    });
  }
  return outcomes;
}

/**
 * The shop's notice for one answer. The renderer words it in the cashier's language from the
 * structured fields (when the payment was made, the amount, the reason code); `message` is
 * the English record for logs and support.
 */
function notificationFor(row: TxnRow, result: SyncOutcome, nowMs: number): NewNotification | null {
  if (result.status === 'rejected') {
    const reason = result.errorCode ?? 'rejected';
    return {
      id: `offline_rejected:${row.clientTxnId}`,
      kind: 'offline_rejected',
      createdAtMs: nowMs,
      clientTxnId: row.clientTxnId,
      amountYen: row.amountYen,
      occurredAtMs: row.occurredAtMs,
      reasonCode: result.errorCode,
      message: `Offline payment of ${formatYen(row.amountYen)} at ${toIso(row.occurredAtMs)} was rejected by the backend (${reason}). The shop was not paid for it: collect the amount from the customer, or call support.`,
    };
  }
  if (result.shortfallYen > 0) {
    return {
      id: `offline_shortfall:${row.clientTxnId}`,
      kind: 'offline_shortfall',
      createdAtMs: nowMs,
      clientTxnId: row.clientTxnId,
      amountYen: result.shortfallYen,
      occurredAtMs: row.occurredAtMs,
      reasonCode: null,
      message: `Offline payment of ${formatYen(row.amountYen)}: the wallet could not cover ${formatYen(result.shortfallYen)}. That part is recorded as the customer's debt (R20).`,
    };
  }
  return null;
}

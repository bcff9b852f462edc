/**
 * One online money step with its journal: the intent (with clientTxnId) is on disk before the
 * request leaves; the outcome is on disk before anyone is told. An ambiguous outcome is
 * retried with the same clientTxnId (bounded), the cashier hearing `payment_checking`
 * meanwhile; still unclear after that, the row stays `unknown` for the sync agent.
 */
import type { TerminalEvent } from '../../common/terminal-api';
import type { Clock } from '../../common/time';
import type { ConnectivityMonitor } from './connectivity';
import type { NewIntent, TxnRow } from './journal/txn-store';
import type { Journal } from './journal/journal';
import { CORE_LIMITS } from './limits';
import type { BackendOutcome, Timers } from './ports';
import { sleep } from './sleep';

export type OnlineStepResult<T> =
  | { kind: 'approved'; row: TxnRow; value: T }
  | { kind: 'declined'; row: TxnRow; code: string; message: string; details: Record<string, unknown> }
  | { kind: 'unknown'; row: TxnRow; reason: string }
  /** The request never reached the backend; the row is still `sending` for the caller to settle. */
  | { kind: 'not_sent'; row: TxnRow; reason: string };

export interface OnlineStep<T> {
  intent: NewIntent;
  /** Sends the body the journal holds (`row.requestJson`, with its short number): what is on disk is what is sent. */
  send: (row: TxnRow) => Promise<BackendOutcome<T>>;
  /** `cashYen`/`amountYen`: what the answer says the row should hold when the intent could not know. */
  approved: (value: T) => { resultId: string; bonusYen: number | null; cashYen?: number | null; amountYen?: number | null; points?: number | null };
  /** Payments only: an unsent request is returned open so it may be approved offline (R20). */
  offlineFallback?: boolean;
}

/**
 * Refusals that say nothing about the first attempt when they answer a retry: the retry was
 * turned away before the backend looked up the clientTxnId.
 */
const INCONCLUSIVE_ON_RETRY: ReadonlySet<string> = new Set(['unauthorized', 'forbidden', 'overloaded', 'idempotency_conflict']);

export class OnlineRunner {
  constructor(
    private readonly journal: Journal,
    private readonly connectivity: ConnectivityMonitor,
    private readonly clock: Clock,
    private readonly timers: Timers,
    private readonly emit: (event: TerminalEvent) => void,
  ) {}

  async run<T>(step: OnlineStep<T>): Promise<OnlineStepResult<T>> {
    const row = this.journal.txns.recordIntent(step.intent);
    const first = await step.send(row);
    this.connectivity.observe(first);
    if (first.kind === 'not_sent') {
      if (step.offlineFallback) return { kind: 'not_sent', row, reason: first.reason };
      // Never reached the backend, so nothing happened there: a plain refusal.
      return this.settle(row.clientTxnId, step, unsentRefusal(first.reason), 1);
    }
    if (first.kind !== 'ambiguous') return this.settle(row.clientTxnId, step, first, 1);

    this.emit({ type: 'payment_checking', clientTxnId: row.clientTxnId });
    let attempts = 1;
    let lastReason = first.reason;
    // One delay per retry (limits.test.ts holds the list to ambiguousRetriesMax).
    for (const delayMs of CORE_LIMITS.ambiguousRetryDelaysMs) {
      await sleep(this.timers, delayMs);
      const outcome = await step.send(row);
      attempts += 1;
      this.connectivity.observe(outcome);
      if (outcome.kind === 'ok') return this.settle(row.clientTxnId, step, outcome, attempts);
      if (outcome.kind === 'refused' && !INCONCLUSIVE_ON_RETRY.has(outcome.code)) {
        return this.settle(row.clientTxnId, step, outcome, attempts);
      }
      lastReason = outcome.kind === 'refused' ? outcome.code : outcome.reason;
    }
    return { kind: 'unknown', row: this.journal.txns.recordUnknown(row.clientTxnId, attempts), reason: lastReason };
  }

  /**
   * Retry of an `unknown` row (sync agent): the same clientTxnId and body as the first time.
   * Only a conclusive answer changes the row.
   */
  async resolve<T>(row: TxnRow, step: Omit<OnlineStep<T>, 'intent'>): Promise<OnlineStepResult<T>> {
    const outcome = await step.send(row);
    this.connectivity.observe(outcome);
    if (outcome.kind === 'ok') return this.settle(row.clientTxnId, step, outcome, 1);
    if (outcome.kind === 'refused' && !INCONCLUSIVE_ON_RETRY.has(outcome.code)) {
      return this.settle(row.clientTxnId, step, outcome, 1);
    }
    const reason = outcome.kind === 'refused' ? outcome.code : outcome.reason;
    return { kind: 'unknown', row: this.journal.txns.recordUnknown(row.clientTxnId, 1), reason };
  }

  private settle<T>(
    clientTxnId: string,
    step: Pick<OnlineStep<T>, 'approved'>,
    outcome: Extract<BackendOutcome<T>, { kind: 'ok' | 'refused' }>,
    attempts: number,
  ): OnlineStepResult<T> {
    const decidedAtMs = this.clock.nowMs();
    if (outcome.kind === 'ok') {
      const { resultId, bonusYen, cashYen, amountYen, points } = step.approved(outcome.value);
      const row = this.journal.txns.recordApproved(clientTxnId, {
        resultId,
        bonusYen,
        cashYen: cashYen ?? null,
        amountYen: amountYen ?? null,
        points: points ?? null,
        resultJson: JSON.stringify(outcome.value),
        decidedAtMs,
        attempts,
      });
      return { kind: 'approved', row, value: outcome.value };
    }
    const row = this.journal.txns.recordDeclined(clientTxnId, {
      errorCode: outcome.code,
      resultJson: JSON.stringify({ code: outcome.code, message: outcome.message, ...outcome.details }),
      decidedAtMs,
      attempts,
    });
    return { kind: 'declined', row, code: outcome.code, message: outcome.message, details: outcome.details };
  }
}

function unsentRefusal(reason: string): Extract<BackendOutcome<never>, { kind: 'refused' }> {
  return {
    kind: 'refused',
    status: 0,
    code: 'network',
    message: 'The backend cannot be reached. Nothing was charged; try again when online.',
    details: { reason },
  };
}

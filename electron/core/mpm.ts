/**
 * QRを表示 (R28, dynamic MPM): the register asks the backend for a payment request (yen, or
 * KumaPo points at a KumaPo store), the screens show its QR, and the core watches it by long
 * poll until it is paid, withdrawn or expired — or the cashier leaves (withdraw) — within a
 * stated bound (CORE_LIMITS.mpmPollsMax). A paid request is on disk (mpm-journal.ts) before any
 * screen hears of it. Online only: nothing about a request is queued.
 *
 * One request at a time: one counter shows one QR. The request row itself (`mpm_request`) is
 * journaled like any online step, so its short number goes to the backend and onto the slip.
 */
import type { SlipBody } from '../../common/receipts/slip';
import type { CommandInput, CommandOutputs, Failure, MpmRequestView, PaymentApproved, PointSpendDone } from '../../common/terminal-api';
import { toIso } from '../../common/time';
import { mpmRequestCreate } from '../../common/wire/mpm';
import { paymentResponse } from '../../common/wire/terminal';
import { backendFailure, failure } from './failure';
import { onlineAuth, requireOnlineAuth, requireStaff } from './guards';
import type { TxnRow } from './journal/txn-store';
import { CORE_LIMITS } from './limits';
import { journalMpmReceipt } from './mpm-journal';
import { onlineApproval } from './payments';
import type { BackendAuth, MpmRequestStatus, MpmWithdrawAnswer } from './ports';
import { paymentBody, pointSpendBody, slipMethodOf } from './printing/slip-drafts';
import type { CoreServices } from './services';
import { sleep } from './sleep';

interface Watch {
  view: MpmRequestView;
  auth: BackendAuth;
  row: TxnRow;
  /** Bumped to stop a running loop (withdraw, a new request, the core stopping). */
  epoch: number;
  done: Promise<void>;
}

type Settled = Pick<MpmRequestStatus, 'status'> & Partial<MpmRequestStatus>;

export class MpmDesk {
  private watch: Watch | null = null;
  /** Requests whose outcome a screen here was told (no 入金通知 banner for them), oldest first. */
  private readonly shown: string[] = [];

  constructor(private readonly s: CoreServices) {}

  current(): CommandOutputs['mpmCurrent'] {
    return { ok: true, request: this.watch?.view ?? null };
  }

  /** True when a screen here shows (or showed) this request's outcome itself. */
  showsOutcomeOf(requestId: string): boolean {
    return this.shown.includes(requestId) || (this.watch?.view.requestId === requestId && this.watch.view.watching);
  }

  /** Resolves when the running watch (if any) has ended. */
  async idle(): Promise<void> {
    await this.watch?.done;
  }

  stop(): void {
    if (this.watch) this.watch.epoch += 1;
  }

  async create(input: CommandInput<'mpmCreate'>): Promise<CommandOutputs['mpmCreate']> {
    const s = this.s;
    const guard = requireStaff(s, 'pay');
    if (!guard.ok) return guard.failure;
    const { enrolled, staff } = guard.value;
    const points = 'points' in input ? input.points : null;
    const amountYen = 'amountYen' in input ? input.amountYen : null;
    if (points !== null && enrolled.identity.kumapoStore !== true) {
      return failure('not_kumapo_store', 'This shop is not a KumaPo store: a points QR cannot be shown (R23).');
    }
    const open = this.watch;
    if (open && open.view.status === 'pending' && open.view.watching) {
      return failure('invalid_request', 'A payment QR is still shown: withdraw it before showing another.', { reason: 'mpm_request_open', requestId: open.view.requestId });
    }
    const auth = await requireOnlineAuth(s, enrolled, staff, 'Showing a payment QR (MPM)');
    if (!auth.ok) return auth.failure;
    const clientTxnId = s.newId();
    const body = points !== null ? { clientTxnId, points } : { clientTxnId, amountYen };
    const result = await s.runner.run({
      intent: {
        clientTxnId,
        kind: 'mpm_request',
        amountYen: amountYen ?? 0,
        points,
        occurredAtMs: s.clock.nowMs(),
        staffId: staff.staffId,
        requestJson: JSON.stringify(body),
        terminalNo: s.ctx.terminalNo,
        method: 'mpm',
        staffName: staff.name,
      },
      send: (row) => s.backend.createMpmRequest(auth.value, mpmRequestCreate.parse(JSON.parse(row.requestJson))),
      approved: (value) => ({ resultId: value.requestId, bonusYen: null }),
    });
    if (result.kind === 'declined') return backendFailure(result.code, result.message, result.details);
    if (result.kind !== 'approved') {
      return failure('network', 'The payment QR could not be made: the backend did not answer. Try again.', { reason: 'outcome_unknown', clientTxnId });
    }
    const created = result.value;
    const view: MpmRequestView = {
      requestId: created.requestId,
      clientTxnId,
      shortNo: result.row.shortNo,
      qr: created.qr,
      expiresAt: created.expiresAt,
      amountYen: points !== null ? null : (created.amountYen ?? amountYen),
      points: points !== null ? (created.points ?? points) : null,
      status: 'pending',
      payment: null,
      spend: null,
      watching: true,
    };
    if (this.watch) this.watch.epoch += 1;
    const watch: Watch = { view, auth: auth.value, row: result.row, epoch: 0, done: Promise.resolve() };
    this.watch = watch;
    watch.done = this.run(watch, watch.epoch);
    s.logger.info({ requestId: view.requestId, amountYen: view.amountYen, points: view.points }, 'MPM request shown');
    return { ok: true, request: view };
  }

  /**
   * 取り下げ: the cashier takes the QR back. The backend may have been paid first (409
   * `mpm_request_closed`): then the payment is what the cashier is told, journaled as usual.
   */
  async withdraw(requestId: string): Promise<CommandOutputs['mpmWithdraw']> {
    const s = this.s;
    const guard = requireStaff(s, 'pay');
    if (!guard.ok) return guard.failure;
    const w = this.watch;
    if (!w || w.view.requestId !== requestId) return failure('not_found', 'This register is not showing that payment QR.', { requestId });
    if (w.view.status !== 'pending') return { ok: true, request: w.view };
    const auth = onlineAuth(guard.value.enrolled, guard.value.staff);
    const using = auth.ok ? auth.value : w.auth;
    w.epoch += 1;
    const outcome = await s.backend.withdrawMpmRequest(using, requestId);
    s.connectivity.observe(outcome);
    if (outcome.kind === 'ok') {
      this.settle(w, withdrawn(outcome.value));
      return { ok: true, request: w.view };
    }
    if (outcome.kind === 'refused' && (outcome.status === 409 || outcome.status === 410)) {
      // Closed before the withdraw arrived: paid (tell it) or expired.
      const status = await s.backend.mpmRequest(using, requestId, 0);
      s.connectivity.observe(status);
      if (status.kind === 'ok' && status.value.status !== 'pending') this.settle(w, status.value);
      else this.settle(w, { status: outcome.code === 'mpm_request_expired' ? 'expired' : 'withdrawn' });
      return { ok: true, request: w.view };
    }
    // Not known whether it was withdrawn: keep watching, so a payment is still seen.
    w.done = this.run(w, w.epoch);
    const refusal: Failure =
      outcome.kind === 'refused'
        ? backendFailure(outcome.code, outcome.message, outcome.details)
        : failure('network', 'The QR could not be withdrawn now (no answer). It stays valid until it expires; try again.', { reason: outcome.reason });
    return refusal;
  }

  private async run(w: Watch, epoch: number): Promise<void> {
    const s = this.s;
    let failures = 0;
    try {
      for (let poll = 0; poll < CORE_LIMITS.mpmPollsMax; poll++) {
        if (w.epoch !== epoch) return;
        const nowMs = s.clock.nowMs();
        const expiresAtMs = Date.parse(w.view.expiresAt);
        if (nowMs > expiresAtMs + CORE_LIMITS.mpmExpiryGraceMs) {
          // The backend never said; by now no payment is accepted (R28). The notices would bring a late one.
          this.settle(w, { status: 'expired' });
          return;
        }
        const waitMs = Math.max(0, Math.min(CORE_LIMITS.mpmLongPollWaitMs, expiresAtMs - nowMs));
        const outcome = await s.backend.mpmRequest(w.auth, w.view.requestId, waitMs);
        if (w.epoch !== epoch) return;
        s.connectivity.observe(outcome);
        if (outcome.kind === 'ok') {
          failures = 0;
          if (outcome.value.status !== 'pending') {
            this.settle(w, outcome.value);
            return;
          }
          await sleep(s.timers, waitMs === 0 ? CORE_LIMITS.mpmPollFailureDelayMs : CORE_LIMITS.mpmPollGapMs);
          continue;
        }
        // Refused for good (no such request, no longer allowed): asking again will not change it.
        if (outcome.kind === 'refused' && outcome.status >= 400 && outcome.status < 500 && outcome.status !== 408 && outcome.status !== 429) break;
        failures += 1;
        if (failures >= CORE_LIMITS.mpmPollFailuresMax) break;
        await sleep(s.timers, CORE_LIMITS.mpmPollFailureDelayMs);
      }
    } catch (error) {
      s.logger.error({ requestId: w.view.requestId, error: String(error) }, 'MPM watch failed');
    }
    if (w.epoch !== epoch || w.view.status !== 'pending') return;
    // Still unknown: the screen says so; the notices journal a payment that comes after all.
    w.view = { ...w.view, watching: false };
    s.logger.warn({ requestId: w.view.requestId }, 'MPM request no longer watched before its outcome was known');
    s.emit({ type: 'mpm_request', request: w.view });
  }

  /** The outcome, on disk first (a payment), then told. Settles once. */
  private settle(w: Watch, answer: Settled): void {
    if (w.view.status !== 'pending' || answer.status === 'pending') return;
    const s = this.s;
    let payment: PaymentApproved | null = null;
    let spend: PointSpendDone | null = null;
    if (answer.status === 'paid') {
      const paid = this.journalPaid(w, answer);
      payment = paid.payment;
      spend = paid.spend;
    }
    w.epoch += 1;
    w.view = { ...w.view, status: answer.status, payment, spend, watching: false };
    this.shown.push(w.view.requestId);
    if (this.shown.length > CORE_LIMITS.mpmShownKeptMax) this.shown.shift();
    s.logger.info({ requestId: w.view.requestId, status: answer.status }, 'MPM request ended');
    s.statusChanged();
    s.emit({ type: 'mpm_request', request: w.view });
  }

  private journalPaid(w: Watch, answer: Settled): { payment: PaymentApproved | null; spend: PointSpendDone | null } {
    const s = this.s;
    const view = w.view;
    const parsedPayment = paymentResponse.safeParse(answer.payment);
    const occurredAtMs = Date.parse(answer.paidAt ?? (parsedPayment.success ? parsedPayment.data.occurredAt : '')) || s.clock.nowMs();
    const isPoints = view.points !== null;
    const journaled = journalMpmReceipt(s, {
      source: 'dynamic',
      requestId: view.requestId,
      paymentId: answer.paymentId ?? (parsedPayment.success ? parsedPayment.data.paymentId : null),
      spendId: answer.spendId ?? null,
      amountYen: isPoints ? null : (answer.amountYen ?? view.amountYen),
      points: isPoints ? (answer.points ?? view.points) : null,
      pointsAfter: answer.pointsAfter ?? null,
      occurredAtMs,
      payment: answer.payment ?? null,
      shortNo: view.shortNo,
      staffId: w.row.staffId,
      staffName: w.row.staffName,
    });
    if (!journaled) return { payment: null, spend: null };
    const { row } = journaled;
    if (isPoints) {
      const spend: PointSpendDone = {
        clientTxnId: row.clientTxnId,
        spendId: row.resultId ?? '',
        shortNo: row.shortNo,
        points: row.points ?? 0,
        pointsAfter: answer.pointsAfter ?? null,
        pointsExpiresAt: null,
        occurredAt: toIso(row.occurredAtMs),
      };
      // R29/R23: the customer is at the counter: the ご利用明細 prints as for a クマポ利用 by their QR.
      return { payment: null, spend: { ...spend, slipId: this.keepSlip(row, journaled.created, () => pointSpendBody(row, spend)) } };
    }
    const approved: PaymentApproved = parsedPayment.success
      ? { ...onlineApproval(row, parsedPayment.data), clientTxnId: row.clientTxnId }
      : {
          shortNo: row.shortNo,
          cashYen: 0,
          clientTxnId: row.clientTxnId,
          paymentId: row.resultId,
          amountYen: row.amountYen,
          offline: false,
          allocations: [],
          balanceAfter: null,
          occurredAt: toIso(row.occurredAtMs),
        };
    // R29: the customer is at the counter: their slip prints as for a CPM payment.
    return { payment: { ...approved, slipId: this.keepSlip(row, journaled.created, () => paymentBody(approved, slipMethodOf(row))) }, spend: null };
  }

  /**
   * The payment's slip, printed now: the customer is at the counter. Heard before (a notice
   * came first), the slip it already has, if any.
   */
  private keepSlip(row: TxnRow, created: boolean, body: () => SlipBody): string | null {
    const s = this.s;
    const kept = created ? null : (s.receipts.refsFor(row.clientTxnId)[0]?.slipId ?? null);
    if (kept !== null) return kept;
    const slipId = s.receipts.keepForTransaction(row, row.clientTxnId, body);
    s.receipts.printNew(slipId);
    return slipId;
  }
}

function withdrawn(answer: MpmWithdrawAnswer): Settled {
  return { ...answer, status: answer.status === undefined || answer.status === 'pending' ? 'withdrawn' : answer.status };
}

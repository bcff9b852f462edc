/**
 * Settling an `unknown` online step: the same request (same clientTxnId, same body, read back
 * from the journal) is sent again, and the backend's idempotency answers with what happened
 * the first time — or does it now, once. The shop is told either way, because the cashier was
 * told "not confirmed" at the counter.
 */
import { formatYen } from '../../common/money';
import { cancelRequest, chargeRequest, chargeResponse, migrationRequest, migrationResponse, paymentRequest, paymentResponse } from '../../common/wire/terminal';
import { assert } from '../../common/assert';
import { noteMigratedCard } from './blocked-cards-sync';
import type { TxnRow } from './journal/txn-store';
import type { OnlineStepResult } from './online-runner';
import type { BackendAuth, BackendOutcome, CancelRequest } from './ports';
import type { CoreServices } from './services';
import { onlineApproval } from './payments';
import { pointSpendRequest, pointSpendResponse } from '../../common/wire/points';
import { mpmRequestCreate } from '../../common/wire/mpm';
import { chargeBody, paymentBody, pointSpendBody, slipMethodOf } from './printing/slip-drafts';

const KIND_NAME: Record<TxnRow['kind'], string> = {
  payment: 'Payment',
  charge: 'Charge',
  payment_cancel: 'Payment cancellation',
  charge_cancel: 'Charge cancellation',
  migration: 'Balance migration',
  point_spend: 'KumaPo spend',
  point_spend_cancel: 'KumaPo spend cancellation',
  mpm_request: 'MPM payment request',
};

/**
 * Stands for the PIN when an approved cancel is resent after a restart (the PIN was never on
 * disk). The backend checks no PIN for a clientTxnId it has answered — it replays the answer,
 * its request hash covering the approver's code, never the PIN — so this is only ever sent
 * after the backend said it has an answer (`idempotency_conflict` to the body without approval).
 */
const REPLAY_PIN = '0000';

/**
 * A cancel resent by the sync agent: the stored body (clientTxnId, shortNo) with the manager's
 * approval while it is still in memory. After a restart it is not: the body goes without it —
 * a first attempt that never arrived is then refused `approval_required` (settled: it did not
 * happen) — and if the backend answered the first attempt (`idempotency_conflict`, its hash
 * covers the approver's code), again with the approver's code for the backend to replay it.
 */
async function sendCancel<T>(s: CoreServices, row: TxnRow, body: unknown, call: (request: CancelRequest) => Promise<BackendOutcome<T>>): Promise<BackendOutcome<T>> {
  const stored = cancelRequest.parse(body);
  const approval = s.ctx.approvals.get(row.clientTxnId);
  if (approval) return call({ ...stored, approval });
  const first = await call(stored);
  if (row.approvedByCode === null || first.kind !== 'refused' || first.code !== 'idempotency_conflict') return first;
  return call({ ...stored, approval: { staffCode: row.approvedByCode, pin: REPLAY_PIN } });
}

/** True when the row is settled now (approved or declined). */
export async function resolveUnknown(s: CoreServices, auth: BackendAuth, row: TxnRow): Promise<boolean> {
  const result = await resend(s, auth, row);
  if (result.kind !== 'approved' && result.kind !== 'declined') return false;
  s.ctx.approvals.delete(row.clientTxnId);
  if (result.kind === 'approved' && row.kind === 'migration') {
    // R19: the card was retired after all; refuse it offline from now on.
    const answered = migrationResponse.safeParse(result.value);
    noteMigratedCard(s, migrationRequest.parse(JSON.parse(row.requestJson)).card, answered.success ? answered.data.card : undefined, s.clock.nowMs());
  }
  if (result.kind === 'approved') keepSettledSlip(s, row, result.value);
  // R28: a request nobody is showing any more moves nothing: settled quietly.
  if (row.kind === 'mpm_request') return true;
  const what = KIND_NAME[row.kind];
  const amount = row.amountYen > 0 ? ` of ${formatYen(row.amountYen)}` : row.points !== null ? ` of ${row.points} points` : '';
  s.journal.notifications.add({
    id: `unknown_resolved:${row.clientTxnId}`,
    kind: 'unknown_resolved',
    createdAtMs: s.clock.nowMs(),
    clientTxnId: row.clientTxnId,
    amountYen: row.amountYen,
    message:
      result.kind === 'approved'
        ? `${what}${amount} that could not be confirmed at the counter DID go through. If the customer left without it, cancel it.`
        : `${what}${amount} that could not be confirmed at the counter did NOT go through (${result.code}). Nothing was charged.`,
  });
  s.statusChanged();
  return true;
}

/**
 * R29: a payment, charge or KumaPo spend that went through after all gets its slip kept, so
 * 再印刷 from history can hand the customer one; nothing prints by itself (the customer may have left).
 */
function keepSettledSlip(s: CoreServices, row: TxnRow, value: unknown): void {
  if (row.kind === 'payment') {
    const answer = paymentResponse.safeParse(value);
    if (answer.success) s.receipts.keepForTransaction(row, row.clientTxnId, () => paymentBody(onlineApproval(row, answer.data), slipMethodOf(row)));
  } else if (row.kind === 'charge') {
    const answer = chargeResponse.safeParse(value);
    if (answer.success) s.receipts.keepForTransaction(row, row.clientTxnId, () => chargeBody(answer.data, row.cashReceivedYen ?? answer.data.amountYen));
  } else if (row.kind === 'point_spend') {
    const answer = pointSpendResponse.safeParse(value);
    if (answer.success) s.receipts.keepForTransaction(row, row.clientTxnId, () => pointSpendBody(row, answer.data));
  }
}

function resend(s: CoreServices, auth: BackendAuth, row: TxnRow): Promise<OnlineStepResult<unknown>> {
  const body: unknown = JSON.parse(row.requestJson);
  switch (row.kind) {
    case 'payment':
      return s.runner.resolve(row, {
        send: () => s.backend.pay(auth, paymentRequest.parse(body)),
        approved: (value) => ({ resultId: value.paymentId, bonusYen: null }),
      });
    case 'charge':
      return s.runner.resolve(row, {
        send: () => s.backend.charge(auth, chargeRequest.parse(body)),
        approved: (value) => ({ resultId: value.chargeId, bonusYen: value.bonusYen }),
      });
    case 'payment_cancel':
      assert(row.targetId !== null, `cancel ${row.clientTxnId} without target`);
      return s.runner.resolve(row, {
        send: () => sendCancel(s, row, body, (request) => s.backend.cancelPayment(auth, row.targetId as string, request)),
        approved: (value) => ({ resultId: value.cancellationId, bonusYen: null }),
      });
    case 'charge_cancel':
      assert(row.targetId !== null, `cancel ${row.clientTxnId} without target`);
      return s.runner.resolve(row, {
        send: () => sendCancel(s, row, body, (request) => s.backend.cancelCharge(auth, row.targetId as string, request)),
        approved: (value) => ({ resultId: value.cancellationId, bonusYen: null }),
      });
    case 'migration':
      return s.runner.resolve(row, {
        send: () => s.backend.migrate(auth, migrationRequest.parse(body)),
        approved: (value) => ({ resultId: value.migrationId, bonusYen: null }),
      });
    case 'point_spend':
      return s.runner.resolve(row, {
        send: () => s.backend.spendPoints(auth, pointSpendRequest.parse(body)),
        approved: (value) => ({ resultId: value.spendId, bonusYen: null, points: value.points }),
      });
    case 'point_spend_cancel':
      assert(row.targetId !== null, `cancel ${row.clientTxnId} without target`);
      return s.runner.resolve(row, {
        send: () => sendCancel(s, row, body, (request) => s.backend.cancelPointSpend(auth, row.targetId as string, request)),
        approved: (value) => ({ resultId: value.cancellationId, bonusYen: null, points: value.points }),
      });
    case 'mpm_request':
      return s.runner.resolve(row, {
        send: () => s.backend.createMpmRequest(auth, mpmRequestCreate.parse(body)),
        approved: (value) => ({ resultId: value.requestId, bonusYen: null }),
      });
  }
}

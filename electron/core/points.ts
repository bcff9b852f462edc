/**
 * クマポ利用 (R23): a customer spends KumaPo points at a KumaPo store by the same CPM QR that
 * pays yen; the cashier chooses the points. Online only (no offline points: the balance lives
 * on the backend and nothing at the counter could check it), never queued. The journal
 * discipline of payments holds: the intent is on disk before the request leaves and the
 * approval before the cashier is told; an ambiguous answer is retried with the same clientTxnId.
 *
 * A spend is cancelled like a payment (R14, R31): a manager alone, a cashier or charger with
 * a manager's approval, within 8 days, once; the points go back to the wallet.
 */
import { parseCpmToken } from '../../common/cpm-token';
import type { CommandInput, CommandOutputs, Failure, PointSpendDone } from '../../common/terminal-api';
import { pointSpendCancelRequest, pointSpendRequest } from '../../common/wire/points';
import { credentialKey } from './credential-key';
import { backendFailure, failure } from './failure';
import { requireCancelAuth, requireOnlineAuth, requireStaff } from './guards';
import type { TxnRow } from './journal/txn-store';
import type { OnlineStepResult } from './online-runner';
import type { PointSpendCancelResponse, PointSpendResponse } from './ports';
import { pointSpendBody, pointSpendCancelBody } from './printing/slip-drafts';
import type { CoreServices } from './services';

/** Unknown spends hold back the next spend of the same wallet, not its yen payments. */
export function pointsCredentialKey(key: string): string {
  return `points:${key}`;
}

function unsettled(result: Extract<OnlineStepResult<unknown>, { kind: 'unknown' | 'not_sent' | 'declined' }>): Failure {
  if (result.kind === 'declined') return backendFailure(result.code, result.message, result.details);
  return failure('network', 'The backend did not confirm this step. It is checked again automatically; tell the customer before trying again.', {
    reason: 'outcome_unknown',
    clientTxnId: result.row.clientTxnId,
  });
}

/** A spend as the counter shows it, from the backend's answer and its journal row. */
export function spendDone(row: TxnRow, answer: PointSpendResponse): PointSpendDone {
  return {
    clientTxnId: row.clientTxnId,
    spendId: answer.spendId,
    shortNo: answer.shortNo ?? row.shortNo,
    points: answer.points,
    pointsAfter: answer.pointsAfter,
    pointsExpiresAt: answer.pointsExpiresAt,
    occurredAt: answer.occurredAt,
  };
}

export async function pointSpend(s: CoreServices, input: CommandInput<'pointSpend'>): Promise<CommandOutputs['pointSpend']> {
  const guard = requireStaff(s, 'pay');
  if (!guard.ok) return guard.failure;
  const { enrolled, staff } = guard.value;
  if (enrolled.identity.kumapoStore !== true) return failure('not_kumapo_store', 'This shop is not a KumaPo store: points cannot be spent here (R23).');
  const { credential } = input;
  // R23: cards have no points; asking the backend would only say so.
  if (credential.type !== 'cpm') return failure('wallet_not_app', 'A card has no KumaPo points: read the customer’s app QR.', { reason: 'card' });
  const key = pointsCredentialKey(credentialKey(credential));
  if (s.journal.txns.hasUnresolvedFor(key)) {
    return failure('network', 'An earlier KumaPo spend of this customer is still being checked. Wait for the check before trying again.', {
      reason: 'unresolved_spend',
    });
  }
  const auth = await requireOnlineAuth(s, enrolled, staff, 'A KumaPo spend');
  if (!auth.ok) return auth.failure;
  const clientTxnId = s.newId();
  const parsed = parseCpmToken(credential.token);
  const result = await s.runner.run({
    intent: {
      clientTxnId,
      kind: 'point_spend',
      amountYen: 0,
      points: input.points,
      occurredAtMs: s.clock.nowMs(),
      staffId: staff.staffId,
      requestJson: JSON.stringify({ clientTxnId, points: input.points, credential }),
      credentialKey: key,
      tokenId: parsed?.claims.tokenId ?? null,
      tokenExpiresAtMs: parsed?.claims.expiresAtMs ?? null,
      terminalNo: s.ctx.terminalNo,
      method: 'qr',
      staffName: staff.name,
    },
    send: (row) => s.backend.spendPoints(auth.value, pointSpendRequest.parse(JSON.parse(row.requestJson))),
    approved: (value) => ({ resultId: value.spendId, bonusYen: null, points: value.points }),
  });
  s.statusChanged();
  if (result.kind !== 'approved') return unsettled(result);
  s.logger.info({ clientTxnId, spendId: result.value.spendId, points: result.value.points }, 'KumaPo spend approved');
  const spend = spendDone(result.row, result.value);
  // R29: the ご利用明細, kept once the approval is on disk and printed after this answer, as a payment's.
  const slipId = s.receipts.keepForTransaction(result.row, clientTxnId, () => pointSpendBody(result.row, spend));
  s.receipts.printNew(slipId);
  return { ok: true, spend: { ...spend, slipId } };
}

/** R23 with R14/R31: the cancel of a spend made at this shop (here, or by points MPM). */
export async function cancelPointSpend(s: CoreServices, input: CommandInput<'cancel'>): Promise<CommandOutputs['cancel']> {
  const guard = await requireCancelAuth(s, 'cancel_payment', input);
  if (!guard.ok) return guard.failure;
  const { staff, auth } = guard.value;
  const clientTxnId = s.newId();
  const original = s.journal.txns.findByResultId(input.id, 'point_spend');
  const approval = input.approval;
  // The manager's PIN stays in memory only (as for payment cancels): a resend needs it.
  if (approval) s.ctx.approvals.set(clientTxnId, approval);
  const result = await s.runner.run({
    intent: {
      clientTxnId,
      kind: 'point_spend_cancel',
      amountYen: 0,
      points: original?.points ?? null,
      occurredAtMs: s.clock.nowMs(),
      staffId: staff.staffId,
      requestJson: JSON.stringify({ clientTxnId }),
      targetId: input.id,
      terminalNo: s.ctx.terminalNo,
      staffName: staff.name,
      approvedByCode: approval?.staffCode ?? null,
    },
    send: (row) => s.backend.cancelPointSpend(auth, input.id, { ...pointSpendCancelRequest.parse(JSON.parse(row.requestJson)), ...(approval ? { approval } : {}) }),
    approved: (value) => ({ resultId: value.cancellationId, bonusYen: null, points: value.points }),
  });
  if (result.kind !== 'unknown') s.ctx.approvals.delete(clientTxnId);
  s.statusChanged();
  if (result.kind !== 'approved') return unsettled(result);
  const slipId = keepCancelSlip(s, result.row, input, original, result.value);
  return {
    ok: true,
    cancellationId: result.value.cancellationId,
    writtenOffYen: 0,
    refundYen: 0,
    pointsRestored: result.value.points,
    pointsAfter: result.value.pointsAfter,
    slipId,
  };
}

/**
 * R29/R31: the spend's 取消 slip (customer's and shop's), about the spend: kept under the
 * spend's clientTxnId so its history line lists both slips. A spend of another register (found
 * by search) is named by what the search said of it. The approver is printed by name when this
 * terminal knows the manager.
 */
function keepCancelSlip(s: CoreServices, row: TxnRow, input: CommandInput<'cancel'>, original: TxnRow | null, answer: PointSpendCancelResponse): string | null {
  const searched = s.ctx.searched.get(input.id);
  const fromSearch = searched?.type === 'point_spend' ? searched : undefined;
  const subjectKey = original?.clientTxnId ?? fromSearch?.clientTxnId ?? `point_spend:${input.id}`;
  const slipId = s.receipts.keepForTransaction(row, subjectKey, () =>
    pointSpendCancelBody({
      originalShortNo: original?.shortNo ?? fromSearch?.shortNo ?? null,
      originalOccurredAtMs: original?.occurredAtMs ?? fromSearch?.occurredAtMs ?? null,
      pointsReturned: answer.points,
      pointsAfter: answer.pointsAfter,
      approvedByName: input.approval ? (s.journal.staff.get(input.approval.staffCode)?.name ?? null) : null,
    }),
  );
  s.receipts.printNew(slipId);
  return slipId;
}

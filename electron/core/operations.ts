/**
 * Online-only steps (R21): charge, cancel, migrate, and the wallet lookup. Cash never changes
 * hands for a step the backend has not confirmed, so none of these has an offline path.
 */
import { LIMITS } from '../../common/limits';
import type { CommandInput, CommandOutputs, Failure } from '../../common/terminal-api';
import type { Credential } from '../../common/wire/primitives';
import { sumYen } from '../../common/money';
import { credentialKey } from './credential-key';
import { noteMigratedCard } from './blocked-cards-sync';
import { backendFailure, failure } from './failure';
import { requireCancelAuth, requireOnlineAuth, requireStaff } from './guards';
import type { TxnRow } from './journal/txn-store';
import { cancelRequest, chargeRequest, migrationRequest, paymentMethodOf } from '../../common/wire/terminal';
import type { OnlineStepResult } from './online-runner';
import type { CoreServices } from './services';
import { cancelBody, chargeBody, migrationBody, type CancelFacts } from './printing/slip-drafts';
import { learnLabels } from './balance-labels';
import { cancelPointSpend } from './points';

/** A cancel of yen: a payment or a charge (a point spend is points.ts's). */
type YenCancelInput = CommandInput<'cancel'> & { type: 'payment' | 'charge' };

function unsettled(result: Extract<OnlineStepResult<unknown>, { kind: 'unknown' | 'not_sent' | 'declined' }>): Failure {
  if (result.kind === 'declined') return backendFailure(result.code, result.message, result.details);
  return failure('network', 'The backend did not confirm this step. It is checked again automatically; do not hand over or take back cash until it is.', {
    reason: 'outcome_unknown',
    clientTxnId: result.row.clientTxnId,
  });
}

export async function charge(s: CoreServices, input: CommandInput<'charge'>): Promise<CommandOutputs['charge']> {
  const guard = requireStaff(s, 'charge');
  if (!guard.ok) return guard.failure;
  const { enrolled, staff } = guard.value;
  if (!enrolled.identity.chargePoint) {
    return failure('not_charge_point', 'This shop is not a charge point (R10).');
  }
  if (input.cashReceivedYen < input.amountYen) {
    return failure('invalid_request', 'The cash received is less than the charge amount.', {
      amountYen: input.amountYen,
      cashReceivedYen: input.cashReceivedYen,
    });
  }
  const auth = await requireOnlineAuth(s, enrolled, staff, 'A charge');
  if (!auth.ok) return auth.failure;
  const clientTxnId = s.newId();
  const request = { clientTxnId, amountYen: input.amountYen, credential: input.credential };
  const result = await s.runner.run({
    intent: {
      clientTxnId,
      kind: 'charge',
      amountYen: input.amountYen,
      occurredAtMs: s.clock.nowMs(),
      staffId: staff.staffId,
      requestJson: JSON.stringify(request),
      credentialKey: credentialKey(input.credential),
      cashReceivedYen: input.cashReceivedYen,
      terminalNo: s.ctx.terminalNo,
      method: paymentMethodOf(input.credential),
      staffName: staff.name,
    },
    send: (row) => s.backend.charge(auth.value, chargeRequest.parse(JSON.parse(row.requestJson))),
    approved: (value) => ({ resultId: value.chargeId, bonusYen: value.bonusYen }),
  });
  s.statusChanged();
  if (result.kind !== 'approved') return unsettled(result);
  const value = result.value;
  learnLabels(s, value.balanceAfter.lots);
  // R29: the customer's slip and the drawer's (cash taken), printed after this answer.
  const slipId = s.receipts.keepForTransaction(result.row, clientTxnId, () => chargeBody(value, input.cashReceivedYen));
  s.receipts.printNew(slipId);
  return {
    ok: true,
    charge: {
      slipId,
      shortNo: result.row.shortNo,
      clientTxnId,
      chargeId: value.chargeId,
      amountYen: value.amountYen,
      bonusYen: value.bonusYen,
      debtRepaidYen: value.debtRepaidYen,
      cashReceivedYen: input.cashReceivedYen,
      changeYen: input.cashReceivedYen - value.amountYen,
      balanceAfter: value.balanceAfter,
    },
  };
}

/**
 * R14/R15/R16/R31: cancel a payment or charge of this shop, made here or at another register
 * (the id comes from history or from `searchTransactions`). Online only (R21).
 *
 * Roles (R31): a manager cancels alone; a cashier or charger cancels a payment, and a charger a
 * charge, only with a manager's `approval` (code + PIN, checked by the backend, never stored).
 * Without one the terminal answers `approval_required` itself and sends nothing.
 *
 * The cancel row is journaled with the target id and the amount as far as it is known: from
 * the journal (made here), from the last search (another register), else from the answer.
 */
export async function cancel(s: CoreServices, request: CommandInput<'cancel'>): Promise<CommandOutputs['cancel']> {
  // R23: a KumaPo spend cancels like a payment, in points.
  if (request.type === 'point_spend') return cancelPointSpend(s, request);
  const input: YenCancelInput = { ...request, type: request.type };
  const guard = await requireCancelAuth(s, input.type === 'payment' ? 'cancel_payment' : 'cancel_charge', input);
  if (!guard.ok) return guard.failure;
  const { staff, auth } = guard.value;
  const clientTxnId = s.newId();
  const original = s.journal.txns.findByResultId(input.id, input.type);
  const searched = s.ctx.searched.get(input.id);
  const knownAmountYen = original?.amountYen ?? (searched?.type === input.type ? searched.amountYen : null);
  // R32: the split sale's cash part, as far as this terminal knows it before the answer.
  const knownCashYen = input.type === 'payment' ? (original?.cashYen ?? searched?.cashYen ?? 0) : null;
  const approval = input.approval;
  const intent = {
    clientTxnId,
    kind: input.type === 'payment' ? ('payment_cancel' as const) : ('charge_cancel' as const),
    amountYen: knownAmountYen ?? 0,
    occurredAtMs: s.clock.nowMs(),
    staffId: staff.staffId,
    // The manager's PIN is never written to disk: the journal holds the body without it.
    requestJson: JSON.stringify({ clientTxnId }),
    targetId: input.id,
    terminalNo: s.ctx.terminalNo,
    staffName: staff.name,
    cashYen: knownCashYen,
    approvedByCode: approval?.staffCode ?? null,
  };
  const body = (row: TxnRow) => ({ ...cancelRequest.parse(JSON.parse(row.requestJson)), ...(approval ? { approval } : {}) });
  // Kept in memory until the outcome is known: a resend by the sync agent needs it.
  if (approval) s.ctx.approvals.set(clientTxnId, approval);
  const settled = (kind: string) => {
    if (kind !== 'unknown') s.ctx.approvals.delete(clientTxnId);
  };
  if (input.type === 'payment') {
    const result = await s.runner.run({
      intent,
      send: (row) => s.backend.cancelPayment(auth, input.id, body(row)),
      approved: (value) => ({
        resultId: value.cancellationId,
        bonusYen: null,
        cashYen: value.cashToReturnYen ?? null,
        amountYen: knownAmountYen === null ? sumYen(value.restored.map((a) => a.amountYen)) : null,
      }),
    });
    settled(result.kind);
    s.statusChanged();
    if (result.kind !== 'approved') return unsettled(result);
    const restoredYen = sumYen(result.value.restored.map((a) => a.amountYen));
    // R32: the cash part of a split sale goes back over the counter.
    const cashToReturnYen = result.value.cashToReturnYen ?? knownCashYen ?? 0;
    const writtenOffYen = result.value.writtenOffYen;
    const slipId = keepCancelSlip(s, result.row, input, original, {
      amountYen: knownAmountYen ?? restoredYen,
      writtenOffYen,
      refundYen: 0,
      cashToReturnYen,
    });
    return {
      ok: true,
      cancellationId: result.value.cancellationId,
      writtenOffYen,
      // Value back in the wallet, net of what expired meanwhile (R15).
      refundYen: restoredYen - writtenOffYen,
      cashToReturnYen,
      slipId,
    };
  }
  const result = await s.runner.run({
    intent,
    send: (row) => s.backend.cancelCharge(auth, input.id, body(row)),
    approved: (value) => ({ resultId: value.cancellationId, bonusYen: null, amountYen: knownAmountYen === null ? value.refundYen : null }),
  });
  settled(result.kind);
  s.statusChanged();
  if (result.kind !== 'approved') return unsettled(result);
  // R16: the charged cash goes back over the counter.
  const refundYen = result.value.refundYen;
  const slipId = keepCancelSlip(s, result.row, input, original, { amountYen: knownAmountYen ?? refundYen, writtenOffYen: 0, refundYen, cashToReturnYen: 0 });
  return { ok: true, cancellationId: result.value.cancellationId, writtenOffYen: 0, refundYen, slipId };
}

/**
 * R29/R31: the 取消 slip (customer's and drawer's), about the cancelled transaction: made here
 * (the journal knows it) or at another register (what the search said of it). A manager's
 * approval is printed by name when this terminal knows the manager, else not at all.
 */
function keepCancelSlip(
  s: CoreServices,
  row: TxnRow,
  input: YenCancelInput,
  original: TxnRow | null,
  figures: Pick<CancelFacts, 'amountYen' | 'writtenOffYen' | 'refundYen' | 'cashToReturnYen'>,
): string | null {
  const searched = s.ctx.searched.get(input.id);
  const subjectKey = original?.clientTxnId ?? searched?.clientTxnId ?? `${input.type}:${input.id}`;
  const slipId = s.receipts.keepForTransaction(row, subjectKey, () =>
    cancelBody({
      of: input.type,
      originalShortNo: original?.shortNo ?? (searched?.type === input.type ? searched.shortNo : null),
      originalOccurredAtMs: original?.occurredAtMs ?? searched?.occurredAtMs ?? null,
      ...figures,
      approvedByName: input.approval ? (s.journal.staff.get(input.approval.staffCode)?.name ?? null) : null,
    }),
  );
  s.receipts.printNew(slipId);
  return slipId;
}

export async function migrate(s: CoreServices, input: CommandInput<'migrate'>): Promise<CommandOutputs['migrate']> {
  const guard = requireStaff(s, 'migrate');
  if (!guard.ok) return guard.failure;
  const { enrolled, staff } = guard.value;
  const auth = await requireOnlineAuth(s, enrolled, staff, 'A balance migration');
  if (!auth.ok) return auth.failure;
  const clientTxnId = s.newId();
  const request = { clientTxnId, card: input.card, to: input.to };
  const cardCredential: Credential =
    'cardNumber' in input.card ? { type: 'card', cardNumber: input.card.cardNumber } : { type: 'card', nfcUid: input.card.nfcUid };
  const result = await s.runner.run({
    intent: {
      clientTxnId,
      kind: 'migration',
      amountYen: 0,
      occurredAtMs: s.clock.nowMs(),
      staffId: staff.staffId,
      requestJson: JSON.stringify(request),
      credentialKey: credentialKey(cardCredential),
      terminalNo: s.ctx.terminalNo,
      staffName: staff.name,
    },
    send: (row) => s.backend.migrate(auth.value, migrationRequest.parse(JSON.parse(row.requestJson))),
    // What moved is only known from the answer: the row (history, reports) holds it from then.
    approved: (value) => ({ resultId: value.migrationId, bonusYen: null, amountYen: value.movedYen }),
  });
  s.statusChanged();
  if (result.kind !== 'approved') return unsettled(result);
  // R19: the card is retired now; this terminal refuses it offline without waiting for the
  // backend's list (the customer may walk to the next counter with it).
  noteMigratedCard(s, input.card, result.value.card, s.clock.nowMs());
  const answer = result.value;
  learnLabels(s, [...answer.lots, ...(answer.balanceAfter?.lots ?? [])]);
  const slipId = s.receipts.keepForTransaction(result.row, clientTxnId, () => migrationBody(answer, 'cardNumber' in input.card ? input.card.cardNumber : null));
  s.receipts.printNew(slipId);
  return { ok: true, migrationId: answer.migrationId, movedYen: answer.movedYen, lots: answer.lots, slipId };
}

export async function lookup(s: CoreServices, credential: Credential): Promise<CommandOutputs['lookup']> {
  const guard = requireStaff(s, 'lookup');
  if (!guard.ok) return guard.failure;
  const { enrolled, staff } = guard.value;
  const auth = await requireOnlineAuth(s, enrolled, staff, 'A balance lookup');
  if (!auth.ok) return auth.failure;
  const outcome = await s.backend.lookup(auth.value, { credential });
  s.connectivity.observe(outcome);
  if (outcome.kind === 'refused') return backendFailure(outcome.code, outcome.message, outcome.details);
  if (outcome.kind !== 'ok') return failure('network', 'The backend did not answer the lookup.', { reason: outcome.reason });
  const w = outcome.value;
  learnLabels(s, w.lots);
  return {
    ok: true,
    wallet: {
      walletId: w.walletId,
      kind: w.kind,
      status: w.status,
      totalYen: w.totalYen,
      eligibleYen: w.eligibleYen,
      debtYen: w.debtYen,
      maxChargeYen: Math.min(w.maxChargeYen, LIMITS.chargeYenMax),
      lots: w.lots,
    },
  };
}

/**
 * お支払い: online first; offline (R20) when the link is down or the request could not even be
 * sent. An ambiguous online outcome never falls back to offline: only a retry with the same
 * clientTxnId may settle it (no second charge).
 */
import { parseCpmToken, verifyCpmToken } from '../../common/cpm-token';
import type { CommandOutputs, PaymentApproved } from '../../common/terminal-api';
import { toIso } from '../../common/time';
import { paymentMethodOf, paymentRequest } from '../../common/wire/terminal';
import type { Credential } from '../../common/wire/primitives';
import { credentialKey } from './credential-key';
import { backendFailure, failure } from './failure';
import { onlineAuth, requireStaff } from './guards';
import type { NewIntent, TxnRow } from './journal/txn-store';
import { checkOfflinePayment, type OfflineCredential, type OfflineRefusal } from './offline-policy';
import type { CoreServices } from './services';
import type { PaymentResponse } from './ports';
import { noteDeadline } from './deadline';
import { labelled } from './history';
import { learnLabels } from './balance-labels';
import { paymentBody, slipMethodOf } from './printing/slip-drafts';

type PayOutput = CommandOutputs['pay'];

/**
 * `amountYen` is the KumaPAY part; `cashYen` (R32) the part the customer pays in cash beside it.
 * The cash part moves no e-money: offline limits apply to `amountYen` alone, and the journal
 * and the backend record the cash part for 点検/精算 and for a cancel to hand it back.
 */
export async function pay(s: CoreServices, amountYen: number, credential: Credential, cashYen?: number): Promise<PayOutput> {
  const guard = requireStaff(s, 'pay');
  if (!guard.ok) return guard.failure;
  const { enrolled, staff } = guard.value;
  const key = credentialKey(credential);
  if (s.journal.txns.hasUnresolvedFor(key)) {
    return failure('network', 'An earlier payment from this customer is still being checked. Take another payment method or wait for the check.', {
      reason: 'unresolved_payment',
    });
  }
  const clientTxnId = s.newId();
  const parsed = credential.type === 'cpm' ? parseCpmToken(credential.token) : null;
  const intent: NewIntent = {
    clientTxnId,
    kind: 'payment',
    amountYen,
    occurredAtMs: s.clock.nowMs(),
    staffId: staff.staffId,
    requestJson: JSON.stringify({ clientTxnId, amountYen, credential, ...(cashYen === undefined ? {} : { cashYen }) }),
    credentialKey: key,
    tokenId: parsed?.claims.tokenId ?? null,
    tokenExpiresAtMs: parsed?.claims.expiresAtMs ?? null,
    terminalNo: s.ctx.terminalNo,
    cashYen: cashYen ?? null,
    method: paymentMethodOf(credential),
    staffName: staff.name,
  };

  // An offline session has no backend session; while the link is down that is fine.
  if (s.connectivity.state === 'offline' || (staff.offline && s.connectivity.state !== 'online')) {
    return payOffline(s, intent, credential);
  }
  const auth = onlineAuth(enrolled, staff);
  if (!auth.ok) return auth.failure;
  const result = await s.runner.run({
    intent,
    // The body as the journal holds it (with its short number), first try and retries alike.
    send: (row) => s.backend.pay(auth.value, paymentRequest.parse(JSON.parse(row.requestJson))),
    approved: (value) => ({ resultId: value.paymentId, bonusYen: null }),
    offlineFallback: true,
  });
  s.statusChanged();
  switch (result.kind) {
    case 'approved':
      learnLabels(s, [...result.value.allocations, ...result.value.balanceAfter.lots]);
      return approvedWithSlip(s, result.row, onlineApproval(result.row, result.value));
    case 'declined':
      return backendFailure(result.code, result.message, result.details);
    case 'unknown':
      return failure('network', 'The payment could not be confirmed. Do not hand over the goods yet: it is checked again automatically.', {
        reason: 'outcome_unknown',
        clientTxnId,
      });
    case 'not_sent':
      // The backend never saw it: the same row may be approved offline within the limits.
      return payOffline(s, intent, credential);
  }
}

async function payOffline(s: CoreServices, intent: NewIntent, credential: Credential): Promise<PayOutput> {
  const nowMs = s.clock.nowMs();
  const verified = await verifyOffline(s, credential, nowMs);
  const decision = s.journal.txns.decideOffline(
    {
      ...intent,
      // Only a verified token's id is trusted to mark "used".
      tokenId: verified.ok && verified.credential.kind === 'cpm' ? verified.credential.claims.tokenId : null,
      tokenExpiresAtMs: verified.ok && verified.credential.kind === 'cpm' ? verified.credential.claims.expiresAtMs : null,
    },
    (ledger) =>
      verified.ok
        ? checkOfflinePayment({
            amountYen: intent.amountYen,
            nowMs,
            limits: s.ctx.offlineLimits,
            credential: verified.credential,
            ledger,
            accessLost: s.ctx.accessLost?.reason ?? null,
          })
        : verified.refusal,
    nowMs,
  );
  s.statusChanged();
  noteDeadline(s);
  if (!decision.approved) {
    s.logger.info({ clientTxnId: intent.clientTxnId, code: decision.refusal.code }, 'offline payment refused');
    return failure(decision.refusal.code, decision.refusal.message, decision.refusal.details);
  }
  s.logger.info({ clientTxnId: intent.clientTxnId, offlineSeq: decision.row.offlineSeq, amountYen: intent.amountYen }, 'offline payment approved');
  return approvedWithSlip(s, decision.row, offlineApproval(decision.row));
}

/** An online payment as the counter shows it, from the backend's answer and the journal row. */
export function onlineApproval(row: TxnRow, value: PaymentResponse): PaymentApproved {
  return {
    shortNo: row.shortNo,
    cashYen: row.cashYen ?? 0,
    clientTxnId: row.clientTxnId,
    paymentId: value.paymentId,
    amountYen: value.amountYen,
    offline: false,
    allocations: labelled(value),
    balanceAfter: value.balanceAfter,
    occurredAt: value.occurredAt,
  };
}

/**
 * R29: the slip of an approved payment, kept from what the core was told (the backend's answer
 * or the offline approval) and printed after this answer; a slip that fails leaves `slipId` null.
 */
function approvedWithSlip(s: CoreServices, row: TxnRow, payment: PaymentApproved): PayOutput {
  const slipId = s.receipts.keepForTransaction(row, row.clientTxnId, () => paymentBody(payment, slipMethodOf(row)));
  s.receipts.printNew(slipId);
  return { ok: true, payment: { ...payment, slipId } };
}

type OfflineVerification = { ok: true; credential: OfflineCredential } | { ok: false; refusal: OfflineRefusal };

/**
 * R20/R22: signature against cached backend keys and expiry at the scan; a card with what the
 * retired/blocked list says of it (R19, R20a).
 */
async function verifyOffline(s: CoreServices, credential: Credential, nowMs: number): Promise<OfflineVerification> {
  if (credential.type === 'card') return { ok: true, credential: { kind: 'card', listed: s.journal.blockedCards.statusOf(credentialKey(credential)) } };
  const keys = s.ctx.keys.validAt(nowMs);
  if (keys.size === 0) {
    return { ok: false, refusal: { code: 'offline_refused', message: 'No verification keys are cached yet: offline payments are not possible.', details: { reason: 'no_keys' } } };
  }
  const verdict = await verifyCpmToken(credential.token, keys, nowMs);
  if (verdict.ok) return { ok: true, credential: { kind: 'cpm', claims: verdict.claims } };
  const message =
    verdict.code === 'token_expired'
      ? 'This QR code has expired. Ask the customer to refresh it.'
      : 'This QR code is not a valid KumaPAY code.';
  return { ok: false, refusal: { code: verdict.code, message, details: {} } };
}

export function offlineApproval(row: TxnRow): PaymentApproved {
  return {
    shortNo: row.shortNo,
    cashYen: row.cashYen ?? 0,
    clientTxnId: row.clientTxnId,
    paymentId: row.resultId,
    amountYen: row.amountYen,
    offline: true,
    allocations: [],
    balanceAfter: null,
    occurredAt: toIso(row.occurredAtMs),
  };
}

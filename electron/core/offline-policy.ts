/**
 * R20 offline approval, as a pure decision: given what the journal says (read in the same
 * transaction that will write the approval) and the cached backend limits, approve or refuse
 * with the limit that was hit. Signature and expiry are checked before, by verifyCpmToken; a
 * card's place on the retired/blocked list is looked up before too.
 */
import type { OfflineLimits } from '../../common/wire/terminal';
import type { CpmClaims } from '../../common/cpm-token';
import { formatYen } from '../../common/money';
import type { BlockedStatus } from './journal/blocked-card-store';
import type { OfflineLedgerState } from './journal/txn-store';
import type { FailureCode } from './failure';
import type { AccessLostReason } from './access-lost';

export type OfflineLimitName = 'payment' | 'token' | 'terminal' | 'deadline';

export interface OfflineRefusal {
  code: FailureCode;
  message: string;
  details: Record<string, unknown>;
}

/** A card carries what the terminal's list says of it (R19: retired, or blocked by an operator). */
export type OfflineCredential = { kind: 'cpm'; claims: CpmClaims } | { kind: 'card'; listed: BlockedStatus | null };

export interface OfflinePaymentCheck {
  amountYen: number;
  nowMs: number;
  limits: OfflineLimits;
  credential: OfflineCredential;
  ledger: OfflineLedgerState;
  /** The backend said this terminal may no longer act (revoked, token expired). */
  accessLost: AccessLostReason | null;
}

function overLimit(limit: OfflineLimitName, message: string, details: Record<string, unknown>): OfflineRefusal {
  return { code: 'offline_limit', message, details: { limit, ...details } };
}

export function offlineDeadlineMs(oldestPendingAtMs: number | null, limits: OfflineLimits): number | null {
  return oldestPendingAtMs === null ? null : oldestPendingAtMs + limits.deadlineMs;
}

export function checkOfflinePayment(check: OfflinePaymentCheck): OfflineRefusal | null {
  const { amountYen, nowMs, limits, credential, ledger } = check;
  if (check.accessLost !== null) {
    // An operator revoked this terminal (or its token ran out): whatever it approves now, the
    // backend will not apply, and the revocation had a reason.
    return {
      code: 'offline_refused',
      message: 'This terminal has been stopped by the KumaPAY office: it cannot approve payments. Call support.',
      details: { reason: check.accessLost },
    };
  }
  if (credential.kind === 'card' && !limits.offlineCardPayments) {
    return {
      code: 'offline_refused',
      message: 'This shop does not accept cards while offline. Ask for the app QR code or another payment method.',
      details: { reason: 'offline_card_not_allowed' },
    };
  }
  if (credential.kind === 'card' && credential.listed === 'retired') {
    return { code: 'card_migrated', message: "This card's balance has moved to the KumaPAY app: the card can no longer pay. Ask for the app's QR code.", details: {} };
  }
  if (credential.kind === 'card' && credential.listed === 'blocked') {
    return { code: 'card_blocked', message: 'This card has been blocked and cannot pay. Ask for another payment method.', details: {} };
  }
  const deadlineAtMs = offlineDeadlineMs(ledger.oldestPendingAtMs, limits);
  if (deadlineAtMs !== null && nowMs >= deadlineAtMs) {
    return overLimit('deadline', 'Offline items were not sent in time: no more offline payments until the terminal is back online.', {
      deadlineAt: new Date(deadlineAtMs).toISOString(),
    });
  }
  if (ledger.tokenAlreadyUsed) {
    return { code: 'token_used', message: 'This QR code has already paid. Ask the customer to refresh it.', details: {} };
  }
  if (amountYen > limits.paymentMaxYen) {
    return overLimit('payment', `Offline, one payment may be at most ${formatYen(limits.paymentMaxYen)}.`, {
      maxYen: limits.paymentMaxYen,
    });
  }
  if (credential.kind === 'cpm') {
    const tokenMaxYen = Math.min(credential.claims.offlineLimitYen, limits.tokenMaxYen);
    if (amountYen > tokenMaxYen) {
      return overLimit('token', `Offline, this customer's QR code may pay at most ${formatYen(tokenMaxYen)}.`, {
        maxYen: tokenMaxYen,
      });
    }
  }
  // R20a: the backend caps what it applies through sync between two online contacts, so the
  // items it already applied since the last contact use up the same room as unsent ones.
  const roomYen = Math.max(0, limits.terminalUnsyncedMaxYen - ledger.windowSyncedYen - ledger.unsyncedYen);
  if (amountYen > roomYen) {
    return overLimit('terminal', `Offline payments since the last online contact are at their limit: at most ${formatYen(roomYen)} more.`, {
      maxYen: roomYen,
      unsyncedYen: ledger.unsyncedYen,
      windowSyncedYen: ledger.windowSyncedYen,
    });
  }
  return null;
}

/**
 * R20 offline approval, as a pure decision: given what the journal says (read in the same
 * transaction that will write the approval) and the cached backend limits, approve or refuse
 * with the limit that was hit. Signature and expiry are checked before, by verifyCpmToken.
 */
import type { OfflineLimits } from '../../common/wire/terminal';
import type { CpmClaims } from '../../common/cpm-token';
import { formatYen } from '../../common/money';
import type { OfflineLedgerState } from './journal/txn-store';
import type { FailureCode } from './failure';

export type OfflineLimitName = 'payment' | 'token' | 'terminal' | 'deadline';

export interface OfflineRefusal {
  code: FailureCode;
  message: string;
  details: Record<string, unknown>;
}

export type OfflineCredential = { kind: 'cpm'; claims: CpmClaims } | { kind: 'card' };

export interface OfflinePaymentCheck {
  amountYen: number;
  nowMs: number;
  limits: OfflineLimits;
  credential: OfflineCredential;
  ledger: OfflineLedgerState;
}

function overLimit(limit: OfflineLimitName, message: string, details: Record<string, unknown>): OfflineRefusal {
  return { code: 'offline_limit', message, details: { limit, ...details } };
}

export function offlineDeadlineMs(oldestPendingAtMs: number | null, limits: OfflineLimits): number | null {
  return oldestPendingAtMs === null ? null : oldestPendingAtMs + limits.deadlineMs;
}

export function checkOfflinePayment(check: OfflinePaymentCheck): OfflineRefusal | null {
  const { amountYen, nowMs, limits, credential, ledger } = check;
  if (credential.kind === 'card' && !limits.offlineCardPayments) {
    return {
      code: 'offline_refused',
      message: 'This shop does not accept cards while offline. Ask for the app QR code or another payment method.',
      details: { reason: 'offline_card_not_allowed' },
    };
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
  const roomYen = Math.max(0, limits.terminalUnsyncedMaxYen - ledger.unsyncedYen);
  if (amountYen > roomYen) {
    return overLimit('terminal', `Offline payments waiting to be sent are at their limit: at most ${formatYen(roomYen)} more.`, {
      maxYen: roomYen,
      unsyncedYen: ledger.unsyncedYen,
    });
  }
  return null;
}

import { DomainError } from '../../../common/errors';
import { formatYen } from '../../../common/money';
import { LIMITS } from '../../../common/limits';

/**
 * R20a: what the backend itself checks before it applies an offline item, whatever the
 * terminal says. Pure: the caller passes the time, the limits in force, and how much of the
 * terminal's offline window is already used. The credential's own checks (signature, card
 * known and active, token unused) are the caller's, in the unit of work.
 */
export interface OfflineItemFacts {
  amountYen: number;
  occurredAtMs: number;
  nowMs: number;
  credential: { type: 'cpm'; issuedAtMs: number; expiresAtMs: number; offlineLimitYen: number } | { type: 'card' };
  limits: { paymentMaxYen: number; tokenMaxYen: number; terminalWindowMaxYen: number; deadlineMs: number };
  merchantTakesCardsOffline: boolean;
  /** Offline value applied for this terminal since its last online contact. */
  windowUsedYen: number;
}

const reject = (code: 'offline_time_invalid' | 'offline_deadline_passed' | 'offline_limit_exceeded', message: string, details: Record<string, unknown> = {}) =>
  new DomainError(code, message, details);

/** Null when the item may be applied; otherwise the refusal to record and report. */
export function checkOfflineItem(f: OfflineItemFacts): DomainError | null {
  const { occurredAtMs, nowMs, amountYen, limits } = f;
  if (occurredAtMs > nowMs + LIMITS.offlineFutureSkewMs) {
    return reject('offline_time_invalid', 'the item is dated in the future', { occurredAt: new Date(occurredAtMs).toISOString() });
  }
  if (f.credential.type === 'cpm') {
    const skew = LIMITS.offlineTokenTimeSkewMs;
    if (occurredAtMs < f.credential.issuedAtMs - skew || occurredAtMs > f.credential.expiresAtMs + skew) {
      return reject('offline_time_invalid', 'the item is dated outside its QR code’s validity', { occurredAt: new Date(occurredAtMs).toISOString() });
    }
  }
  if (occurredAtMs < nowMs - limits.deadlineMs) {
    return reject('offline_deadline_passed', 'the item arrived after the offline deadline', { deadlineHours: limits.deadlineMs / 3_600_000 });
  }
  if (f.credential.type === 'card' && !f.merchantTakesCardsOffline) {
    return reject('offline_limit_exceeded', 'this shop does not take cards offline', { limitYen: 0 });
  }
  if (amountYen > limits.paymentMaxYen) {
    return reject('offline_limit_exceeded', `the amount is above the offline per-payment limit (${formatYen(limits.paymentMaxYen)})`, { limitYen: limits.paymentMaxYen });
  }
  if (f.credential.type === 'cpm') {
    const tokenLimitYen = Math.min(f.credential.offlineLimitYen, limits.tokenMaxYen);
    if (amountYen > tokenLimitYen) {
      return reject('offline_limit_exceeded', `the amount is above the QR code’s offline limit (${formatYen(tokenLimitYen)})`, { limitYen: tokenLimitYen });
    }
  }
  if (f.windowUsedYen + amountYen > limits.terminalWindowMaxYen) {
    return reject('offline_limit_exceeded', `the terminal's offline items since its last online contact would pass ${formatYen(limits.terminalWindowMaxYen)}`, {
      limitYen: limits.terminalWindowMaxYen,
      usedYen: f.windowUsedYen,
    });
  }
  return null;
}

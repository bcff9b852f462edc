/**
 * Why the backend refused an offline item, as the shop should hear it: a reason in plain words
 * (sync.reason.* in the resources) and what to do. Reasons on the customer's side (their QR
 * code, card or balance) ask the shop to collect the amount another way; reasons on the
 * terminal's side (limits, deadline, clock, numbering) need support first. A code this
 * renderer does not know gets the general reason and the support step.
 */
export const REJECTION_CODES = [
  'offline_limit_exceeded',
  'offline_deadline_passed',
  'offline_time_invalid',
  'token_invalid',
  'token_expired',
  'token_used',
  'card_unknown',
  'card_migrated',
  'card_blocked',
  'idempotency_conflict',
  'insufficient_funds',
] as const;

export type RejectionCode = (typeof REJECTION_CODES)[number];
export type RejectionAction = 'collect' | 'support';

const TERMINAL_SIDE: ReadonlySet<RejectionCode> = new Set([
  'offline_limit_exceeded',
  'offline_deadline_passed',
  'offline_time_invalid',
  'idempotency_conflict',
]);

function isRejectionCode(code: string): code is RejectionCode {
  return (REJECTION_CODES as readonly string[]).includes(code);
}

export function rejectionReason(code: string | null | undefined): {
  reason: RejectionCode | 'other';
  action: RejectionAction;
} {
  if (code === null || code === undefined || !isRejectionCode(code))
    return { reason: 'other', action: 'support' };
  return { reason: code, action: TERMINAL_SIDE.has(code) ? 'support' : 'collect' };
}

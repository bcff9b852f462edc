/**
 * Every refusal the backend can give, as in the contract (docs/api.md "Errors").
 * Extensions are added at the end; a code is never renamed or dropped.
 */
export const ERROR_CODES = [
  'invalid_request',
  'unauthorized',
  'forbidden',
  'not_found',
  'insufficient_funds',
  'token_invalid',
  'token_expired',
  'token_used',
  'charge_unit',
  'charge_amount_range',
  'balance_cap_exceeded',
  'not_charge_point',
  'cancel_window_closed',
  'already_cancelled',
  'charge_already_spent',
  'card_unknown',
  'card_migrated',
  'idempotency_conflict',
  // Extensions beyond the contract's list.
  'staff_locked',
  'enrollment_code_used',
  'grant_code_used',
  'grant_code_unknown',
  'wallet_not_app',
  'offline_item_rejected',
  'seq_gap',
  'overloaded',
  // R20a: why the backend refused an offline item (sync results), and R31.
  'offline_limit_exceeded',
  'offline_deadline_passed',
  'offline_time_invalid',
  'approval_required',
  // A card an operator blocked (lost or stolen): refused online and offline.
  'card_blocked',
  // R30: a business day already closed (精算) cannot be closed again.
  'day_closed',
  // R23/R28, KumaPo points and MPM (named in the contract).
  'points_insufficient',
  'points_cap_exceeded',
  'points_already_claimed',
  'not_kumapo_store',
  'mpm_request_expired',
  'mpm_request_closed',
  // R23: an event code read outside its period (before `from` or after `to`).
  'points_event_inactive',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export const HTTP_STATUS_BY_CODE: Record<ErrorCode, number> = {
  invalid_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  insufficient_funds: 402,
  token_invalid: 400,
  token_expired: 400,
  token_used: 409,
  charge_unit: 400,
  charge_amount_range: 400,
  balance_cap_exceeded: 400,
  not_charge_point: 403,
  cancel_window_closed: 409,
  already_cancelled: 409,
  charge_already_spent: 409,
  card_unknown: 404,
  card_migrated: 410,
  idempotency_conflict: 409,
  staff_locked: 423,
  enrollment_code_used: 409,
  grant_code_used: 409,
  grant_code_unknown: 404,
  wallet_not_app: 400,
  offline_item_rejected: 422,
  seq_gap: 409,
  overloaded: 429,
  offline_limit_exceeded: 422,
  offline_deadline_passed: 422,
  offline_time_invalid: 422,
  approval_required: 403,
  card_blocked: 403,
  day_closed: 409,
  points_insufficient: 402,
  points_cap_exceeded: 409,
  points_already_claimed: 409,
  not_kumapo_store: 403,
  mpm_request_expired: 410,
  mpm_request_closed: 409,
  points_event_inactive: 409,
};

export type ErrorDetails = Record<string, unknown>;

/** An operating error: expected, typed, mapped to the contract's shape at the edge. */
export class DomainError extends Error {
  override name = 'DomainError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: ErrorDetails = {},
  ) {
    super(message);
  }
}

export function isDomainError(e: unknown): e is DomainError {
  return e instanceof DomainError;
}

export interface ApiErrorBody {
  error: { code: string; message: string; [detail: string]: unknown };
}

export function toApiErrorBody(e: DomainError): ApiErrorBody {
  return { error: { ...e.details, code: e.code, message: e.message } };
}

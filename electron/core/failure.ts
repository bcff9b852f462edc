/** Refusals as values: the `Failure` shape of common/terminal-api.ts, built in one place. */
import { ERROR_CODES, type ErrorCode } from '../../common/errors';
import type { Failure } from '../../common/terminal-api';

export type FailureCode = Failure['code'];

export function failure(code: FailureCode, message: string, details: Record<string, unknown> = {}): Failure {
  return { ok: false, code, message, details };
}

const KNOWN_CODES: ReadonlySet<string> = new Set(ERROR_CODES);

/**
 * A backend refusal as the cashier sees it. Codes beyond the contract's list (a newer
 * backend) keep their text in `details.backendCode` rather than being dropped.
 */
export function backendFailure(code: string, message: string, details: Record<string, unknown>): Failure {
  if (KNOWN_CODES.has(code)) return failure(code as ErrorCode, message, details);
  if (code === 'network') return failure('network', message, details);
  return failure('invalid_request', message, { ...details, backendCode: code });
}

/**
 * Which network failures mean "the backend never saw it" and which leave the outcome open.
 * Only a failure before the connection was made is `not_sent`; anything after (reset,
 * timeout, a half-read response) is `ambiguous`, because the backend may have applied it.
 */
import { isAxiosError } from 'axios';
import type { BackendOutcome } from '../ports';

// Connect-time failures: no byte of the request reached a server.
const NOT_SENT_CODES: ReadonlySet<string> = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ERR_INVALID_URL']);

export function classifyNetworkError(error: unknown): BackendOutcome<never> {
  if (isAxiosError(error)) {
    const code = error.code ?? 'unknown';
    if (NOT_SENT_CODES.has(code)) return { kind: 'not_sent', reason: code };
    return { kind: 'ambiguous', reason: code };
  }
  // Not a transport error (a bug in a transform, an abort we did not ask for): we cannot tell
  // whether the request left, so it is ambiguous, and the reason keeps the message.
  return { kind: 'ambiguous', reason: error instanceof Error ? error.message : String(error) };
}

/** 5xx and "try again later" statuses: the backend may or may not have applied it. */
export function isAmbiguousStatus(status: number): boolean {
  return status >= 500 || status === 408 || status === 429;
}

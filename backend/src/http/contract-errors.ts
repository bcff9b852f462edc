import { z } from 'zod';
import { DomainError, isDomainError } from '../../../common/errors';
import { LIMITS } from '../../../common/limits';

/** How many zod issues a refusal lists: enough to fix a request, never a body-sized answer. */
const ISSUES_LISTED_MAX = 10;

export function invalid(message: string, details: Record<string, unknown> = {}): DomainError {
  return new DomainError('invalid_request', message, details);
}

export function zodIssues(error: z.ZodError) {
  return error.issues.slice(0, ISSUES_LISTED_MAX).map((i) => ({ path: i.path.join('.'), message: i.message }));
}

/** The contract's error for anything a client caused (a typed error, a schema miss, an unreadable body); null for our own failures. */
export function toDomainError(error: unknown): DomainError | null {
  if (isDomainError(error)) return error;
  if (error instanceof z.ZodError) return invalid('the request does not match the contract', { issues: zodIssues(error) });
  if (typeof error === 'object' && error !== null) {
    const type = 'type' in error ? (error as { type: unknown }).type : undefined;
    if (type === 'entity.parse.failed') return invalid('the body is not valid JSON');
    if (type === 'entity.too.large') {
      const limit = 'limit' in error ? Number((error as { limit: unknown }).limit) : LIMITS.requestBodyBytesMax;
      return invalid(`the body is larger than ${limit} bytes`, { bytesMax: limit });
    }
    if (type === 'encoding.unsupported' || type === 'charset.unsupported') return invalid('the body must be UTF-8 JSON, uncompressed or gzip/deflate/br');
    // Anything else the body reader refused as the client's fault (a body labelled gzip that
    // is not, a stream cut short): zlib's errors carry no type, only a 4xx status.
    const status = 'status' in error ? Number((error as { status: unknown }).status) : NaN;
    if (status >= 400 && status < 500) return invalid('the body could not be read as sent (its Content-Encoding or length is wrong)');
  }
  return null;
}

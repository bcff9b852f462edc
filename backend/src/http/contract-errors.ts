import type { z } from 'zod';
import { DomainError } from '../../../common/errors';

/** How many zod issues a refusal lists: enough to fix a request, never a body-sized answer. */
const ISSUES_LISTED_MAX = 10;

export function invalid(message: string, details: Record<string, unknown> = {}): DomainError {
  return new DomainError('invalid_request', message, details);
}

export function zodIssues(error: z.ZodError) {
  return error.issues.slice(0, ISSUES_LISTED_MAX).map((i) => ({ path: i.path.join('.'), message: i.message }));
}

/**
 * The stored "this terminal may no longer act" fact (see terminal-access.ts): its own file so
 * that context.ts can hold it without importing terminal-access.ts, which imports context.ts.
 */
import { z } from 'zod';

export const ACCESS_LOST_REASONS = ['terminal_revoked', 'terminal_token_expired'] as const;
export type AccessLostReason = (typeof ACCESS_LOST_REASONS)[number];

export const accessLost = z.object({
  reason: z.enum(ACCESS_LOST_REASONS),
  sinceMs: z.number().int(),
});
export type AccessLost = z.infer<typeof accessLost>;

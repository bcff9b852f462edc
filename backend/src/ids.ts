import { randomUUID } from 'node:crypto';
import { timeOrderedUuid } from '../../common/time-ordered-uuid';

/**
 * New row ids: time-ordered UUIDs (version 7, common/time-ordered-uuid.ts), so primary-key and
 * foreign-key indexes grow at their right-hand end instead of taking inserts on random pages.
 */
export function newRowId(nowMs: number = Date.now()): string {
  return timeOrderedUuid(nowMs, randomUUID());
}

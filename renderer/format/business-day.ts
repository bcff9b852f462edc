/** Business days (JST, `YYYY-MM-DD`) for the history and report screens. */
import { businessDayOf } from '../../common/time';

const DAY_MS = 24 * 60 * 60 * 1000;

export function todayBusinessDay(nowMs: number = Date.now()): string {
  return businessDayOf(nowMs);
}

export function shiftBusinessDay(day: string, days: number): string {
  const ms = Date.parse(`${day}T00:00:00Z`) + days * DAY_MS;
  return new Date(ms).toISOString().slice(0, 10);
}

/**
 * R30 business day of a terminal. A terminal's business day is the JST date until its 精算:
 * once day D is closed, every later transaction (cancels included) belongs to D+1 or later.
 *
 *   day(t) = max(JST date of t, 1 + the latest day closed at or before t)
 *
 * day(t) never goes down as t grows, so the transactions of one business day are one
 * interval of time, computed from the terminal's closes alone: nothing is stamped at write
 * time, the backend and the terminal journal agree by construction, and a close never
 * rewrites a row. Pure: no clock reads, callers pass instants.
 */
import { businessDayOf, businessDayRangeMs } from './time';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface DayClose {
  businessDay: string;
  closedAtMs: number;
}

export function nextBusinessDay(day: string): string {
  return businessDayOf(businessDayRangeMs(day).startMs + DAY_MS);
}

/** The business day a transaction at `atMs` belongs to. */
export function terminalBusinessDayAt(atMs: number, closes: readonly DayClose[]): string {
  let day = businessDayOf(atMs);
  for (const close of closes) {
    if (close.closedAtMs > atMs) continue;
    const after = nextBusinessDay(close.businessDay);
    if (after > day) day = after;
  }
  return day;
}

/** [startMs, endMs) of the instants whose transactions belong to business day `day`. */
export function terminalBusinessDayRangeMs(day: string, closes: readonly DayClose[]): { startMs: number; endMs: number } {
  return { startMs: firstInstantOnOrAfter(day, closes), endMs: firstInstantOnOrAfter(nextBusinessDay(day), closes) };
}

/** The first instant t with day(t) >= `day`: the JST midnight, or the close of the day before (or later). */
function firstInstantOnOrAfter(day: string, closes: readonly DayClose[]): number {
  let startMs = businessDayRangeMs(day).startMs;
  for (const close of closes) {
    if (nextBusinessDay(close.businessDay) >= day && close.closedAtMs < startMs) startMs = close.closedAtMs;
  }
  return startMs;
}

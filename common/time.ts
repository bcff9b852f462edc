/**
 * Calendar rules run on Japan time (Asia/Tokyo, UTC+9, no DST), whatever the host's zone.
 * Pure arithmetic on epoch milliseconds: no clock reads here, callers pass `now`.
 */
export const JST_OFFSET_MS = 9 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface Clock {
  nowMs(): number;
}

export const systemClock: Clock = { nowMs: () => Date.now() };

interface JstDate {
  year: number;
  month: number; // 1-12
  day: number;
}

export function jstDateOf(epochMs: number): JstDate {
  const d = new Date(epochMs + JST_OFFSET_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** `YYYY-MM-DD` of the JST business day containing the instant. */
export function businessDayOf(epochMs: number): string {
  const { year, month, day } = jstDateOf(epochMs);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export function isBusinessDay(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const ms = Date.parse(`${text}T00:00:00Z`);
  return Number.isFinite(ms) && new Date(ms).toISOString().startsWith(text);
}

/** [start, end) of a JST business day in epoch ms. */
export function businessDayRangeMs(businessDay: string): { startMs: number; endMs: number } {
  const startMs = Date.parse(`${businessDay}T00:00:00Z`) - JST_OFFSET_MS;
  return { startMs, endMs: startMs + DAY_MS };
}

export interface Validity {
  years?: number | undefined;
  months?: number | undefined;
  days?: number | undefined;
}

/**
 * The last millisecond of the JST day that is `validity` after the instant's JST date
 * (R3, R4: "end of day (JST) of date + validity"). Month overflow clamps to the month's end,
 * so Aug 31 + 6 months is Feb 28/29, not Mar 3.
 */
export function endOfJstDayAfter(epochMs: number, validity: Validity): number {
  const { year, month, day } = jstDateOf(epochMs);
  const totalMonths = year * 12 + (month - 1) + (validity.years ?? 0) * 12 + (validity.months ?? 0);
  const y = Math.floor(totalMonths / 12);
  const m = totalMonths % 12;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  const baseMs = Date.UTC(y, m, Math.min(day, lastDay)) + (validity.days ?? 0) * DAY_MS;
  return baseMs + DAY_MS - 1 - JST_OFFSET_MS;
}

/**
 * ISO texts of instants seen lately, reused: a payment's answer writes the expiry of each of its
 * wallet's lots, the same few instants payment after payment, and building the text was ~3 % of
 * an in-process payment's CPU (issue 16, docs/performance.md "Twenty-third session"). Bounded:
 * emptied when full.
 */
const ISO_TEXTS_MAX = 4096;
const isoTextByMs = new Map<number, string>();

export function toIso(epochMs: number): string {
  let iso = isoTextByMs.get(epochMs);
  if (iso === undefined) {
    // Throws (RangeError) for an instant no Date can hold, as it always did: nothing is kept then.
    iso = new Date(epochMs).toISOString();
    if (isoTextByMs.size >= ISO_TEXTS_MAX) isoTextByMs.clear();
    isoTextByMs.set(epochMs, iso);
  }
  return iso;
}

const pad2 = (n: number): string => String(n).padStart(2, '0');
const BUSINESS_DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * `2026/12/01 14:05` in JST whatever zone the machine is set to: the one way a slip, a notice
 * or a screen names a moment, in both languages.
 */
export function jstStamp(iso: string): string {
  const d = new Date(Date.parse(iso) + JST_OFFSET_MS);
  return `${jstDaySlashed(d)} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}`;
}

/** `2026/12/01`: the JST date of an instant, or a business day (`2026-12-01`, already JST). */
export function jstDay(isoOrDay: string): string {
  const day = BUSINESS_DAY_PATTERN.exec(isoOrDay);
  if (day) return `${day[1]}/${day[2]}/${day[3]}`;
  return jstDaySlashed(new Date(Date.parse(isoOrDay) + JST_OFFSET_MS));
}

function jstDaySlashed(shifted: Date): string {
  return `${shifted.getUTCFullYear()}/${pad2(shifted.getUTCMonth() + 1)}/${pad2(shifted.getUTCDate())}`;
}


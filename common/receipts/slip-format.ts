/**
 * Amounts, points and times as a slip prints them: `¥1,234` / `-¥1,200` with the half-width yen sign
 * (U+00A5, one column on the printer) and JST wall-clock time, whatever the terminal's own
 * time zone is.
 */
import { formatYen } from '../money';
import { jstDay, jstStamp } from '../time';

/** `¥1,234` / `-¥1,200`: the counter's own yen format (half-width ¥, which Shift_JIS prints as 0x5C). */
export function slipYen(amountYen: number): string {
  return formatYen(amountYen);
}

/** A deduction (取消, 返却): printed negative so a column of figures reads as a sum. */
export function slipYenDeducted(amountYen: number): string {
  return amountYen === 0 ? slipYen(0) : slipYen(-Math.abs(amountYen));
}

const POINTS_FORMAT = new Intl.NumberFormat('ja-JP', { maximumFractionDigits: 0 });

/**
 * R23: `1,234 pt`. KumaPo points are their own unit: no yen sign, never the yen formatter, so
 * a points line can never be read (or added up) as money.
 */
export function slipPoints(points: number): string {
  return `${POINTS_FORMAT.format(points)} pt`;
}

/** Points taken back (取消 in a report): negative, as `slipYenDeducted`; nothing is `0 pt`. */
export function slipPointsDeducted(points: number): string {
  return points === 0 ? slipPoints(0) : slipPoints(-Math.abs(points));
}

/** `2026/12/01 13:30` (JST). */
export function slipDateTime(iso: string): string {
  return jstStamp(iso);
}

/** `2027/12/01` (JST): a balance's expiry is the end of that JST day (R3, R4). */
export function slipDate(iso: string): string {
  return jstDay(iso);
}

/** A business day `2026-12-01` as `2026/12/01` (already a JST date; no time zone involved). */
export function slipBusinessDay(day: string): string {
  return jstDay(day);
}

/** `0001`: terminal numbers print with four digits, as in the short number's prefix. */
export function slipTerminalNo(terminalNo: number): string {
  return String(terminalNo).padStart(4, '0');
}

/** Only the last four digits of a card number are printed. */
export function slipMaskedCard(last4: string): string {
  return `****${last4.slice(-4)}`;
}

/** Small pure helpers for history and search lines (R25, R31, R32). */
import type { HistoryLine, SearchLine } from '../../../common/terminal-api';

/** `notice`: R28 入金通知, the payments that came by this register's store QR. */
export type TypeFilter = 'all' | HistoryLine['type'] | 'notice';
export const TYPE_FILTERS: readonly TypeFilter[] = ['all', 'payment', 'charge', 'migration', 'point_spend', 'notice'];

export function isSearchLine(line: HistoryLine | SearchLine): line is SearchLine {
  return 'own' in line;
}

/** The yen a typed filter means: digits only (`¥1,200`, `1200` → 1200); null when none. */
export function typedYen(text: string): number | null {
  const digits = text.normalize('NFKC').replace(/[¥,\s円]/g, '');
  if (!/^\d{1,9}$/.test(digits)) return null;
  return Number(digits);
}

/** A line matches a typed amount by its KumaPAY part, its cash part or the whole sale (a point spend: its points). */
export function matchesAmount(line: HistoryLine, yen: number): boolean {
  if (line.type === 'point_spend') return line.points === yen;
  const cash = line.cashYen ?? 0;
  return line.amountYen === yen || (cash > 0 && (cash === yen || line.amountYen + cash === yen));
}

export function filterLines<T extends HistoryLine>(lines: readonly T[], type: TypeFilter, amountText: string): T[] {
  const yen = typedYen(amountText);
  const ofType = (line: T) => type === 'all' || (type === 'notice' ? line.mpmSource === 'static' : line.type === type);
  return lines.filter((line) => ofType(line) && (yen === null || matchesAmount(line, yen)));
}

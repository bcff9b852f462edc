/**
 * R31: what a cashier types to find a transaction of the shop's last 8 days — one reading for
 * the backend (which turns it into SQL) and the terminal (which searches its own journal when
 * offline), so the same text finds the same transactions on both.
 *
 * Forms (full-width digits, ￥ and ： are read as their ASCII forms; spaces are ignored):
 * - `0001-000123`: that short number exactly;
 * - digits: an amount in yen, or (up to 6 digits) the sequence half of a short number
 *   (`123` → `…-000123`);
 * - `¥1,000`, `1,000`, `1000円`: an amount;
 * - `14:05`: that JST minute on any of the days.
 * Anything else is `invalid` (the backend answers 400). `nothing`: well formed, but no
 * transaction can match (an amount beyond the payment cap).
 */
import { LIMITS } from './limits';
import { SHORT_NO_PATTERN } from './short-no';
import { JST_OFFSET_MS } from './time';

const DAY_MS = 24 * 60 * 60 * 1000;
const MINUTE_MS = 60 * 1000;

export type TransactionQuery =
  | { kind: 'short_no'; shortNo: string }
  /** Bare digits: the amount (null beyond the payment range) or the sequence half (null past 6 digits). */
  | { kind: 'digits'; amountYen: number | null; seq: string | null }
  | { kind: 'amount'; amountYen: number }
  /** `minuteMs`: the minute's start, in ms since JST midnight. */
  | { kind: 'time'; minuteMs: number }
  | { kind: 'nothing' }
  | { kind: 'invalid' };

const AMOUNT_FORMS = [/^¥?(\d{1,3}(?:,\d{3})+)円?$/, /^¥(\d+)円?$/, /^(\d+)円$/];

export function parseTransactionQuery(raw: string): TransactionQuery {
  const q = raw.normalize('NFKC').trim().replace(/\s+/g, '');
  if (SHORT_NO_PATTERN.test(q)) return { kind: 'short_no', shortNo: q };
  if (/^\d+$/.test(q)) {
    const amount = Number(q);
    const amountYen = amount >= 1 && amount <= LIMITS.paymentYenMax ? amount : null;
    const seq = q.length <= 6 ? q.padStart(6, '0') : null;
    return amountYen === null && seq === null ? { kind: 'nothing' } : { kind: 'digits', amountYen, seq };
  }
  for (const form of AMOUNT_FORMS) {
    const match = form.exec(q);
    if (!match) continue;
    const amountYen = Number(match[1]!.replace(/,/g, ''));
    if (amountYen < 1) return { kind: 'invalid' };
    return amountYen > LIMITS.paymentYenMax ? { kind: 'nothing' } : { kind: 'amount', amountYen };
  }
  const time = /^(\d{1,2}):(\d{2})$/.exec(q);
  if (time) {
    const hour = Number(time[1]);
    const minute = Number(time[2]);
    if (hour > 23 || minute > 59) return { kind: 'invalid' };
    return { kind: 'time', minuteMs: (hour * 60 + minute) * MINUTE_MS };
  }
  return { kind: 'invalid' };
}

/** Whether a transaction matches (the terminal's journal search; the backend's SQL says the same). */
export function matchesTransactionQuery(query: TransactionQuery, line: { shortNo: string | null; amountYen: number; occurredAtMs: number }): boolean {
  switch (query.kind) {
    case 'short_no':
      return line.shortNo === query.shortNo;
    case 'digits':
      return (query.amountYen !== null && line.amountYen === query.amountYen) || (query.seq !== null && line.shortNo?.split('-')[1] === query.seq);
    case 'amount':
      return line.amountYen === query.amountYen;
    case 'time':
      return minuteOfJstDayMs(line.occurredAtMs) === query.minuteMs;
    case 'nothing':
    case 'invalid':
      return false;
  }
}

/** The start of the instant's minute, in ms since JST midnight (instants after 1970). */
export function minuteOfJstDayMs(atMs: number): number {
  const ofDayMs = (atMs + JST_OFFSET_MS) % DAY_MS;
  return ofDayMs - (ofDayMs % MINUTE_MS);
}

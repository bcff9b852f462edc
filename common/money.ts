import { assert } from './assert';

/** Whole yen. JPY has no minor unit, so every amount is a safe integer. */
export type Yen = number;

export function isYen(value: unknown): value is Yen {
  return typeof value === 'number' && Number.isSafeInteger(value);
}

export function assertYen(value: number, what: string): asserts value is Yen {
  assert(Number.isSafeInteger(value), `${what} must be whole yen, got ${value}`);
}

export function sumYen(values: readonly Yen[]): Yen {
  let total = 0;
  for (const v of values) total += v;
  assertYen(total, 'sum');
  return total;
}

const formatters = new Map<string, Intl.NumberFormat>();

/** `¥1,234` in both languages: the cashier reads yen the same way in ja and en. */
export function formatYen(amountYen: Yen, locale: 'ja' | 'en' = 'ja'): string {
  let f = formatters.get(locale);
  if (!f) {
    f = new Intl.NumberFormat(locale === 'ja' ? 'ja-JP' : 'en-US', {
      style: 'currency',
      currency: 'JPY',
      currencyDisplay: 'symbol',
    });
    formatters.set(locale, f);
  }
  // ja-JP renders the full-width ￥ in some ICU versions; the counter display uses ¥.
  return f.format(amountYen).replace('￥', '¥');
}

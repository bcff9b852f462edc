/**
 * KumaPo points as the citizen reads them: `1,234 pt` in both languages (like ¥ amounts, one
 * way of writing them whichever language is on), signed in history (`+100 pt`, `-300 pt`).
 * Points are their own unit, never yen (R23).
 */
import type { Language } from '../../i18n/create-i18n';

const formatters = new Map<string, Intl.NumberFormat>();

export function formatPoints(
  points: number,
  language: Language,
  options: { signed?: boolean } = {},
): string {
  const key = `${language}:${options.signed === true}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.NumberFormat(language === 'ja' ? 'ja-JP' : 'en-US', {
      maximumFractionDigits: 0,
      signDisplay: options.signed ? 'exceptZero' : 'auto',
    });
    formatters.set(key, f);
  }
  return `${f.format(points)} pt`;
}

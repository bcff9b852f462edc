/**
 * KumaPo points (R23) as the cashier reads them: `1,234 pt` in both languages, the way yen is
 * `¥1,234` in both. Points are never yen: no currency sign, no yen formatter.
 */
const formatters = new Map<string, Intl.NumberFormat>();

export function formatPoints(points: number, language: 'ja' | 'en'): string {
  let f = formatters.get(language);
  if (!f) {
    f = new Intl.NumberFormat(language === 'ja' ? 'ja-JP' : 'en-US', { maximumFractionDigits: 0 });
    formatters.set(language, f);
  }
  return `${f.format(points)} pt`;
}

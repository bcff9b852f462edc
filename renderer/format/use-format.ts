/**
 * Amounts and times as the cashier reads them: yen through formatYen in the current language,
 * times and dates on Japan time whatever zone the PC is set to (calendar rules are JST).
 */
import { useTranslation } from 'react-i18next';
import { formatYen } from '../../common/money';
import { isBusinessDay, jstDay, jstStamp } from '../../common/time';
import { currentLanguage, type Language } from '../i18n/create-i18n';
import { formatPoints } from './points';

const TIME_ZONE = 'Asia/Tokyo';

function localeOf(language: Language): string {
  return language === 'ja' ? 'ja-JP' : 'en-GB';
}

export function formatJstTime(iso: string, language: Language): string {
  return new Intl.DateTimeFormat(localeOf(language), { timeZone: TIME_ZONE, hour: '2-digit', minute: '2-digit' }).format(new Date(iso));
}

export function formatJstDate(iso: string, language: Language): string {
  return new Intl.DateTimeFormat(localeOf(language), { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(iso));
}

export function formatJstDateTime(iso: string, language: Language): string {
  return `${formatJstDate(iso, language)} ${formatJstTime(iso, language)}`;
}

/**
 * `2026/12/01 14:05` in JST, the same in both languages: the one way notices about money
 * name a moment, so the shop and support read the same figures whichever language is on.
 */
export function formatJstStamp(iso: string): string {
  return jstStamp(iso);
}

/** A business day (`2026-12-01`, already JST) as `2026/12/01`; anything else is returned as it is. */
export function formatBusinessDay(day: string): string {
  return isBusinessDay(day) ? jstDay(day) : day;
}

/**
 * `2026/12/01`, the same in both languages: the date part of formatJstStamp for a moment
 * (expiry dates), or a business day (`YYYY-MM-DD`, a JST calendar day) written the same way.
 */
export function formatJstDay(isoOrDay: string): string {
  return jstDay(isoOrDay);
}

/** `h:mm:ss` for countdowns; negative durations show as 0:00:00. */
export function formatDuration(durationMs: number): string {
  const totalSeconds = Math.max(0, Math.floor(durationMs / 1000));
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  return `${hours}:${String(minutes).padStart(2, '0')}:${String(seconds).padStart(2, '0')}`;
}

export interface Formatters {
  language: Language;
  yen(amountYen: number): string;
  time(iso: string): string;
  date(iso: string): string;
  dateTime(iso: string): string;
  /** `2026/12/01 14:05` JST (formatJstStamp): the one way a screen names a moment. */
  stamp(iso: string): string;
  /**
   * `2026/12/01` JST (formatJstDay): dates without a time, e.g. a lot's expiry, and business
   * days (`2026-12-01` → `2026/12/01`) on the history and 点検・精算 screens.
   */
  day(isoOrDay: string): string;
  /** R23: KumaPo points, `1,234 pt` (never yen). */
  points(points: number): string;
}

export function useFormat(): Formatters {
  const { i18n } = useTranslation();
  const language = currentLanguage(i18n);
  return {
    language,
    yen: (amountYen) => formatYen(amountYen, language),
    time: (iso) => formatJstTime(iso, language),
    date: (iso) => formatJstDate(iso, language),
    dateTime: (iso) => formatJstDateTime(iso, language),
    stamp: (iso) => formatJstStamp(iso),
    day: (iso) => formatJstDay(iso),
    points: (points) => formatPoints(points, language),
  };
}

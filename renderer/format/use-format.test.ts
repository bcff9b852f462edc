import { describe, expect, it } from 'vitest';
import { formatBusinessDay, formatJstDay, formatJstStamp } from './use-format';

describe('one date format everywhere', () => {
  it('When a moment is shown, then it reads 2026/12/01 14:05 in JST, and its date alone 2026/12/01', () => {
    expect(formatJstStamp('2026-12-01T05:05:00.000Z')).toBe('2026/12/01 14:05');
    expect(formatJstDay('2026-12-01T05:05:00.000Z')).toBe('2026/12/01');
    // 15:00 UTC is already the next day in Japan.
    expect(formatJstDay('2026-11-30T15:00:00.000Z')).toBe('2026/12/01');
  });

  it('When a business day (YYYY-MM-DD, a JST calendar day) is shown, then it reads 2026/12/01, never 2026-12-01 or 12/01/2026', () => {
    expect(formatBusinessDay('2026-12-01')).toBe('2026/12/01');
    expect(formatJstDay('2026-12-01')).toBe('2026/12/01');
    expect(formatJstDay('2027-01-31')).toBe('2027/01/31');
    expect(formatBusinessDay('not a day')).toBe('not a day');
  });
});

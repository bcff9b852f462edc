import { describe, expect, it } from 'vitest';
import { slipDate, slipDateTime, slipMaskedCard, slipPoints, slipPointsDeducted, slipTerminalNo, slipYen, slipYenDeducted } from './slip-format';

describe('slip amounts and times (R29)', () => {
  it('R29: amounts print as ¥ (half-width U+00A5) and digits with commas; negatives as -¥', () => {
    expect(slipYen(1_234)).toBe('\u00a51,234');
    expect(slipYen(0)).toBe('¥0');
    expect(slipYen(1_234_567)).toBe('¥1,234,567');
    expect(slipYen(-1_200)).toBe('-¥1,200');
    expect(slipYen(1_234)).not.toContain('\uffe5');
  });

  it('R29: a deduction prints negative whatever sign it is kept with; nothing deducted is ¥0, not -¥0', () => {
    expect(slipYenDeducted(1_200)).toBe('-¥1,200');
    expect(slipYenDeducted(-1_200)).toBe('-¥1,200');
    expect(slipYenDeducted(0)).toBe('¥0');
  });

  it('R29: times are JST wall clock, 24-hour, across the UTC date line', () => {
    expect(slipDateTime('2026-12-01T04:30:00.000Z')).toBe('2026/12/01 13:30');
    expect(slipDateTime('2026-11-30T15:00:00.000Z')).toBe('2026/12/01 00:00');
    expect(slipDateTime('2026-12-01T14:59:00.000Z')).toBe('2026/12/01 23:59');
    expect(slipDateTime('2026-12-01T22:30:00+09:00')).toBe('2026/12/01 22:30');
  });

  it('R3: an expiry at the end of a JST day prints as that day', () => {
    expect(slipDate('2027-12-01T14:59:59.999Z')).toBe('2027/12/01');
    expect(slipDate('2027-12-01T15:00:00.000Z')).toBe('2027/12/02');
  });

  it('R29: terminal numbers have four digits; a card shows only its last four', () => {
    expect(slipTerminalNo(3)).toBe('0003');
    expect(slipTerminalNo(1234)).toBe('1234');
    expect(slipMaskedCard('1234')).toBe('****1234');
    expect(slipMaskedCard('98761234')).toBe('****1234');
  });

  it('R23: KumaPo points print as `1,234 pt` with Intl grouping, never with a yen sign', () => {
    expect(slipPoints(0)).toBe('0 pt');
    expect(slipPoints(300)).toBe('300 pt');
    expect(slipPoints(1_234)).toBe('1,234 pt');
    expect(slipPoints(9_999_999)).toBe('9,999,999 pt');
    for (const text of [slipPoints(1_234), slipPointsDeducted(1_234)]) expect(text).not.toMatch(/[¥\uffe5円]/);
  });

  it('R23: points taken back print negative; none taken back is 0 pt, not -0 pt', () => {
    expect(slipPointsDeducted(300)).toBe('-300 pt');
    expect(slipPointsDeducted(-1_200)).toBe('-1,200 pt');
    expect(slipPointsDeducted(0)).toBe('0 pt');
  });
});

import { describe, expect, it } from 'vitest';
import { cancelWindowOpen } from './cancel-window';

const HOUR_MS = 60 * 60 * 1000;
const MADE_MS = Date.parse('2024-06-01T10:00:00+09:00');

describe('R14 cancel window', () => {
  it('R14: When exactly 192 hours have passed, then the window is still open; one millisecond later it is closed', () => {
    expect(cancelWindowOpen(MADE_MS, MADE_MS + 192 * HOUR_MS)).toBe(true);
    expect(cancelWindowOpen(MADE_MS, MADE_MS + 192 * HOUR_MS + 1)).toBe(false);
  });

  it('R14: When the transaction was just made, then it may be cancelled', () => {
    expect(cancelWindowOpen(MADE_MS, MADE_MS)).toBe(true);
    expect(cancelWindowOpen(MADE_MS, MADE_MS + 7 * 24 * HOUR_MS)).toBe(true);
  });

  it('R14: When 9 days have passed, then the window is closed', () => {
    expect(cancelWindowOpen(MADE_MS, MADE_MS + 9 * 24 * HOUR_MS)).toBe(false);
  });
});

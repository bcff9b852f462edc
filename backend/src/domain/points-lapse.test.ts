import { describe, expect, it } from 'vitest';
import { pointsExpiryAfterActivity, pointsLapsed } from './points';
import { pointsGoodIfActiveFromMs } from './points-lapse';

const jst = (text: string) => Date.parse(`${text}+09:00`);

describe('R23/R27: which last activity still holds good points at a report instant', () => {
  it('At the end of a day, points whose last activity was that day one year before are still good; the day before, lapsed', () => {
    const at = jst('2026-06-10T23:59:59.999');
    expect(pointsGoodIfActiveFromMs(at)).toBe(jst('2025-06-10T00:00:00'));
    // One millisecond later the 6/10 points have lapsed too.
    expect(pointsGoodIfActiveFromMs(at + 1)).toBe(jst('2025-06-11T00:00:00'));
  });

  it('Around a leap day, the cut-off agrees with the expiry rule itself on every day of a stretch', () => {
    for (let day = Date.parse('2028-02-20T00:00:00+09:00'); day < Date.parse('2028-03-10T00:00:00+09:00'); day += 6 * 60 * 60 * 1000) {
      const at = day + 12 * 60 * 60 * 1000;
      const cutoff = pointsGoodIfActiveFromMs(at);
      // Activity at the cut-off keeps points good at the instant; activity a moment before does not.
      expect(pointsLapsed(pointsExpiryAfterActivity(cutoff), at)).toBe(false);
      expect(pointsLapsed(pointsExpiryAfterActivity(cutoff - 1), at)).toBe(true);
    }
  });
});

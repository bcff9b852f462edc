import { describe, expect, it } from 'vitest';
import { claimPeriodKey, pointsExpiryAfterActivity, pointsLapsed, pointsRoom } from './points';

const jst = (text: string) => Date.parse(`${text}+09:00`);

describe('KumaPo points rules (R23)', () => {
  it('An activity late on a JST day rolls the balance to the end of that JST day one year on', () => {
    // 23:30 JST on 3/1 is still 3/1 in Kumagaya (14:30 UTC): the points live through 2026-03-01 JST.
    expect(pointsExpiryAfterActivity(jst('2025-03-01T23:30:00'))).toBe(jst('2026-03-01T23:59:59.999'));
    // A leap day rolls to the last day of next February.
    expect(pointsExpiryAfterActivity(jst('2028-02-29T09:00:00'))).toBe(jst('2029-02-28T23:59:59.999'));
  });

  it('Points are good through their last millisecond and lapsed one after; a wallet with no activity never lapses', () => {
    const end = jst('2026-03-01T23:59:59.999');
    expect(pointsLapsed(end, end)).toBe(false);
    expect(pointsLapsed(end, end + 1)).toBe(true);
    expect(pointsLapsed(null, end)).toBe(false);
  });

  it('The cap leaves room for 9,999,999 points and never a negative room', () => {
    expect(pointsRoom(0)).toBe(9_999_999);
    expect(pointsRoom(9_999_990)).toBe(9);
    expect(pointsRoom(9_999_999)).toBe(0);
  });

  it('A once-rule event has one claim key for the whole period; a daily one a key per JST date', () => {
    expect(claimPeriodKey('once', '2025-05-01')).toBe(claimPeriodKey('once', '2025-05-02'));
    expect(claimPeriodKey('daily', '2025-05-01')).not.toBe(claimPeriodKey('daily', '2025-05-02'));
  });
});

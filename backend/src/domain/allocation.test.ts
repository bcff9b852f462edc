import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { allocate, allocateWithShortfall, eligibleTotalYen } from './allocation';
import type { Lot } from './lot';
import { DomainError } from '../../../common/errors';
import { endOfJstDayAfter } from '../../../common/time';

const jstEndOf = (y: number, m: number, d: number) => endOfJstDayAfter(Date.UTC(y, m - 1, d, 3), {}) ;
const shopAll = 'shop-all';
const shopNoB = 'shop-no-b';
const now = Date.parse('2024-06-01T10:00:00+09:00');

function seedWallet(): Lot[] {
  return [
    { id: 'A', kind: 'charge', campaignId: null, balanceYen: 5000, expiresAtMs: jstEndOf(2024, 12, 31), createdAtMs: 1, eligibleMerchantIds: null },
    { id: 'B', kind: 'limited', campaignId: 'c1', balanceYen: 3000, expiresAtMs: jstEndOf(2024, 8, 31), createdAtMs: 2, eligibleMerchantIds: new Set([shopAll]) },
    { id: 'C', kind: 'limited', campaignId: 'c2', balanceYen: 2000, expiresAtMs: jstEndOf(2024, 6, 30), createdAtMs: 3, eligibleMerchantIds: null },
  ];
}

describe('allocation (R5–R8)', () => {
  it('R6 seed example 1: all kinds eligible, pay 7,000 → C 2,000, B 3,000, A 2,000', () => {
    expect(allocate(seedWallet(), 7000, shopAll, now)).toEqual([
      { lotId: 'C', amountYen: 2000 },
      { lotId: 'B', amountYen: 3000 },
      { lotId: 'A', amountYen: 2000 },
    ]);
  });

  it('R7 seed example 2: B not eligible here, pay 7,000 → C 2,000, A 5,000, B untouched', () => {
    expect(allocate(seedWallet(), 7000, shopNoB, now)).toEqual([
      { lotId: 'C', amountYen: 2000 },
      { lotId: 'A', amountYen: 5000 },
    ]);
  });

  it('R8: When the eligible value is short, then insufficient_funds carries the eligible total', () => {
    try {
      allocate(seedWallet(), 7001, shopNoB, now);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(DomainError);
      expect((e as DomainError).code).toBe('insufficient_funds');
      expect((e as DomainError).details).toEqual({ eligibleYen: 7000 });
    }
  });

  it('R4: When a lot has expired, then it is never spent', () => {
    const afterC = Date.parse('2024-07-01T00:00:00+09:00');
    expect(allocate(seedWallet(), 3000, shopAll, afterC)).toEqual([{ lotId: 'B', amountYen: 3000 }]);
    expect(eligibleTotalYen(seedWallet(), shopAll, afterC)).toBe(8000);
  });

  it('R5: When expiries tie, then limited money goes before charge money, then the older lot', () => {
    const exp = jstEndOf(2025, 1, 1);
    const lots: Lot[] = [
      { id: 'charge', kind: 'charge', campaignId: null, balanceYen: 100, expiresAtMs: exp, createdAtMs: 1, eligibleMerchantIds: null },
      { id: 'newer', kind: 'limited', campaignId: 'x', balanceYen: 100, expiresAtMs: exp, createdAtMs: 5, eligibleMerchantIds: null },
      { id: 'older', kind: 'limited', campaignId: 'x', balanceYen: 100, expiresAtMs: exp, createdAtMs: 2, eligibleMerchantIds: null },
    ];
    expect(allocate(lots, 250, shopAll, now).map((l) => l.lotId)).toEqual(['older', 'newer', 'charge']);
  });

  it('R20: When an offline payment exceeds the eligible value, then the rest is the shortfall', () => {
    expect(allocateWithShortfall(seedWallet(), 8000, shopNoB, now)).toEqual({
      lines: [
        { lotId: 'C', amountYen: 2000 },
        { lotId: 'A', amountYen: 5000 },
      ],
      shortfallYen: 1000,
    });
  });
});

const merchants = ['m1', 'm2', 'm3'];
const lotArb = fc.record({
  id: fc.uuid(),
  kind: fc.constantFrom('charge' as const, 'limited' as const),
  campaignId: fc.constant(null),
  balanceYen: fc.integer({ min: 0, max: 50_000 }),
  expiresAtMs: fc.integer({ min: now - 10 * 86_400_000, max: now + 800 * 86_400_000 }),
  createdAtMs: fc.integer({ min: 0, max: now }),
  eligibleMerchantIds: fc.option(fc.subarray(merchants).map((a) => new Set(a)), { nil: null }),
});

describe('allocation properties (R5–R8)', () => {
  it('conserves yen, spends only eligible unexpired lots, never goes negative, earliest expiry first', () => {
    fc.assert(
      fc.property(fc.array(lotArb, { maxLength: 8 }), fc.integer({ min: 1, max: 200_000 }), fc.constantFrom(...merchants), (lots, amountYen, merchantId) => {
        const eligibleYen = eligibleTotalYen(lots, merchantId, now);
        let lines;
        try {
          lines = allocate(lots, amountYen, merchantId, now);
        } catch (e) {
          expect((e as DomainError).code).toBe('insufficient_funds');
          expect(eligibleYen).toBeLessThan(amountYen);
          return;
        }
        expect(lines.reduce((s, l) => s + l.amountYen, 0)).toBe(amountYen);
        const byId = new Map(lots.map((l) => [l.id, l]));
        for (const line of lines) {
          const lot = byId.get(line.lotId)!;
          expect(line.amountYen).toBeGreaterThan(0);
          expect(line.amountYen).toBeLessThanOrEqual(lot.balanceYen);
          expect(lot.expiresAtMs).toBeGreaterThanOrEqual(now);
          expect(lot.eligibleMerchantIds === null || lot.eligibleMerchantIds.has(merchantId)).toBe(true);
        }
        // Every lot before the last one used is drained: a later-expiring lot is touched only
        // once all earlier ones are empty.
        for (let i = 0; i < lines.length - 1; i++) {
          expect(lines[i]!.amountYen).toBe(byId.get(lines[i]!.lotId)!.balanceYen);
          expect(byId.get(lines[i]!.lotId)!.expiresAtMs).toBeLessThanOrEqual(byId.get(lines[i + 1]!.lotId)!.expiresAtMs);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('with shortfall, taken + shortfall always equals the amount', () => {
    fc.assert(
      fc.property(fc.array(lotArb, { maxLength: 8 }), fc.integer({ min: 1, max: 200_000 }), fc.constantFrom(...merchants), (lots, amountYen, merchantId) => {
        const { lines, shortfallYen } = allocateWithShortfall(lots, amountYen, merchantId, now);
        expect(lines.reduce((s, l) => s + l.amountYen, 0) + shortfallYen).toBe(amountYen);
        expect(shortfallYen).toBe(Math.max(0, amountYen - eligibleTotalYen(lots, merchantId, now)));
      }),
    );
  });
});

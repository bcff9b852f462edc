import type { LoadResult } from './http-load';

/**
 * Issue 16's ratio "that survives a noisy machine": HTTP@32 over the one-transaction ceiling.
 * Measured minutes apart, on a machine whose speed moves by ±15 % over tens of seconds
 * (docs/performance.md), the two figures compare two moments as much as two designs. Here they
 * alternate in short slices, the order turned round every pair (A B, B A, A B…) so a drift within
 * a pair favours neither, and each pair gives its own ratio. The figure is their geometric mean
 * (the mean of ratios that neither side's scale biases): with the order turned round, a steady
 * drift raises one pair's ratio about as much as it lowers the next one's, and the two cancel.
 */
export interface InterleavedRatio {
  /** One ratio per pair, in the order measured. */
  ratios: number[];
  geometricMean: number;
  numeratorPerSecond: number[];
  denominatorPerSecond: number[];
}

export async function interleavedRatio(pairs: number, numerator: () => Promise<LoadResult>, denominator: () => Promise<LoadResult>): Promise<InterleavedRatio> {
  if (!Number.isInteger(pairs) || pairs < 1) throw new RangeError(`pairs must be a whole number ≥ 1, not ${pairs}`);
  const numeratorPerSecond: number[] = [];
  const denominatorPerSecond: number[] = [];
  for (let pair = 0; pair < pairs; pair++) {
    if (pair % 2 === 0) {
      numeratorPerSecond.push((await numerator()).perSecond);
      denominatorPerSecond.push((await denominator()).perSecond);
    } else {
      denominatorPerSecond.push((await denominator()).perSecond);
      numeratorPerSecond.push((await numerator()).perSecond);
    }
  }
  const ratios = numeratorPerSecond.map((n, i) => n / denominatorPerSecond[i]!);
  return { ratios, geometricMean: geometricMean(ratios), numeratorPerSecond, denominatorPerSecond };
}

/** The mean of rates or ratios that no single large one dominates. */
export function geometricMean(values: readonly number[]): number {
  if (values.length === 0 || values.some((v) => !(v > 0))) throw new RangeError(`a geometric mean needs positive values, not [${values.join(', ')}]`);
  return Math.exp(values.reduce((sum, v) => sum + Math.log(v), 0) / values.length);
}

/** R9: the merchant fee of a payment, floor(amount × rate); the rate in basis points (0 by default). */
export function feeYenFor(amountYen: number, feeRateBp: number): number {
  return Math.floor((amountYen * feeRateBp) / 10_000);
}

/**
 * R27: a payment's fee split over its lines (one per value kind drawn), so the city can charge
 * each campaign's budget its share. Each line bears floor(fee × line / amount); what rounding
 * leaves goes to the first line (the value drawn first, R6), so the parts always sum to the fee.
 * The issuer-report SQL computes exactly this; tests recompute figures with this function.
 */
export function splitFeeYen(feeYen: number, linesYen: readonly number[]): number[] {
  const amountYen = linesYen.reduce((s, y) => s + y, 0);
  if (linesYen.length === 0 || amountYen === 0) return linesYen.map(() => 0);
  const parts = linesYen.map((y) => Math.floor((feeYen * y) / amountYen));
  parts[0]! += feeYen - parts.reduce((s, y) => s + y, 0);
  return parts;
}

/** R9: the merchant fee of a payment, floor(amount × rate); the rate in basis points (0 by default). */
export function feeYenFor(amountYen: number, feeRateBp: number): number {
  return Math.floor((amountYen * feeRateBp) / 10_000);
}

import { assert } from '../../../common/assert';
import { DomainError } from '../../../common/errors';
import { isEligibleAt, isExpired, type Lot } from './lot';

export interface AllocationLine {
  lotId: string;
  amountYen: number;
}

/**
 * R5: the spend order among a wallet's lots: earliest expiry first; on a tie limited money
 * before charge money, then the older lot, then the id so the order is total.
 */
export function spendOrder(a: Lot, b: Lot): number {
  if (a.expiresAtMs !== b.expiresAtMs) return a.expiresAtMs - b.expiresAtMs;
  if (a.kind !== b.kind) return a.kind === 'limited' ? -1 : 1;
  if (a.createdAtMs !== b.createdAtMs) return a.createdAtMs - b.createdAtMs;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export function spendableLots(lots: readonly Lot[], merchantId: string, nowMs: number): Lot[] {
  return lots
    .filter((l) => l.balanceYen > 0 && !isExpired(l, nowMs) && isEligibleAt(l, merchantId))
    .sort(spendOrder);
}

export function eligibleTotalYen(lots: readonly Lot[], merchantId: string, nowMs: number): number {
  return spendableLots(lots, merchantId, nowMs).reduce((s, l) => s + l.balanceYen, 0);
}

/**
 * R5–R8: which lots pay `amountYen` at `merchantId`. Never touches an ineligible or expired
 * lot, never takes a lot below zero. Not enough eligible value → `insufficient_funds` with the
 * eligible total (R8), so the cashier can split the tender.
 */
export function allocate(lots: readonly Lot[], amountYen: number, merchantId: string, nowMs: number): AllocationLine[] {
  assert(Number.isSafeInteger(amountYen) && amountYen > 0, 'amount must be positive whole yen');
  const ordered = spendableLots(lots, merchantId, nowMs);
  const eligibleYen = ordered.reduce((s, l) => s + l.balanceYen, 0);
  if (eligibleYen < amountYen) {
    throw new DomainError('insufficient_funds', 'the eligible balance does not cover the amount', { eligibleYen });
  }
  return takeInOrder(ordered, amountYen);
}

/**
 * R20: an offline payment already told "approved" is recorded even when the wallet can no
 * longer cover it: the eligible value is taken and the rest becomes debt.
 */
export function allocateWithShortfall(
  lots: readonly Lot[],
  amountYen: number,
  merchantId: string,
  nowMs: number,
): { lines: AllocationLine[]; shortfallYen: number } {
  const ordered = spendableLots(lots, merchantId, nowMs);
  const eligibleYen = ordered.reduce((s, l) => s + l.balanceYen, 0);
  const takenYen = Math.min(eligibleYen, amountYen);
  return { lines: takenYen > 0 ? takeInOrder(ordered, takenYen) : [], shortfallYen: amountYen - takenYen };
}

function takeInOrder(ordered: readonly Lot[], amountYen: number): AllocationLine[] {
  const lines: AllocationLine[] = [];
  let remainingYen = amountYen;
  for (const lot of ordered) {
    if (remainingYen === 0) break;
    const takeYen = Math.min(lot.balanceYen, remainingYen);
    lines.push({ lotId: lot.id, amountYen: takeYen });
    remainingYen -= takeYen;
  }
  assert(remainingYen === 0, 'allocation must cover the amount it was asked for');
  return lines;
}

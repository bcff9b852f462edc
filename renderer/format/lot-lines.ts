/**
 * Receipt lines per lot (R2, R6): which balance paid how much, by the lot's display name.
 * Names are configuration (R2), so they come from the core; a kind-based name is the last resort.
 */
import type { AllocationView } from '../../common/terminal-api';
import type { BalanceView, LotKind, LotView } from '../../common/wire/primitives';

export interface LotLine {
  lotId: string;
  label: string;
  amountYen: number;
  expiresAt: string;
  expired: boolean;
  eligible: boolean | undefined;
}

export function allocationLines(allocations: readonly AllocationView[], balanceAfter: BalanceView | null, kindLabel: (kind: LotKind) => string): LotLine[] {
  return allocations.map((allocation) => ({
    lotId: allocation.lotId,
    label: allocation.label ?? balanceAfter?.lots.find((lot) => lot.lotId === allocation.lotId)?.label ?? kindLabel(allocation.kind),
    amountYen: allocation.amountYen,
    expiresAt: allocation.expiresAt,
    expired: false,
    eligible: undefined,
  }));
}

/** Balance lines: a lot worth ¥0 (spent, or moved away) is not shown (issue 10: no ¥0 lines). */
export function lotLines(lots: readonly LotView[]): LotLine[] {
  return lots.filter((lot) => lot.amountYen > 0).map((lot) => ({
    lotId: lot.lotId,
    label: lot.label,
    amountYen: lot.amountYen,
    expiresAt: lot.expiresAt,
    expired: lot.expired,
    eligible: lot.eligible,
  }));
}

/** What the wallet can spend at this shop now: its unexpired, eligible lots (R7). */
export function usableHereYen(lots: readonly LotView[]): number {
  return lots.filter((lot) => !lot.expired && lot.eligible).reduce((sum, lot) => sum + lot.amountYen, 0);
}

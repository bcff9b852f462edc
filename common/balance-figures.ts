/**
 * R26: a day's payments per balance — charge money, and each campaign's money on its own line
 * (R2: campaigns are data, so a fourth campaign is a fourth line with no release). One rule for
 * the backend's settlement and the terminal's 点検/精算, so both list the same lines in the
 * same order.
 */
import type { LotKind } from './wire/primitives';

export interface BalanceFigureLine {
  kind: LotKind;
  /** null: charge money (or a lot that belongs to no campaign). */
  campaignId: string | null;
  /** The display name (R2); absent where none is known. */
  label?: string;
  amountYen: number;
}

interface Spent {
  kind: LotKind;
  campaignId: string | null;
  label?: string | undefined;
  amountYen: number;
}

/** Which line a yen spent from this lot adds to. */
export function balanceKey(kind: LotKind, campaignId: string | null): string {
  return campaignId === null ? `kind:${kind}` : `campaign:${campaignId}`;
}

/**
 * Sums per balance: charge money first, then the campaigns by name in Japanese order (then id,
 * so the order is total) — the order the issuer reports use too. The first name seen for a
 * balance names its line.
 */
export function balanceFigures(spent: Iterable<Spent>): BalanceFigureLine[] {
  const lines = new Map<string, BalanceFigureLine>();
  for (const item of spent) {
    const key = balanceKey(item.kind, item.campaignId);
    const line = lines.get(key) ?? { kind: item.kind, campaignId: item.campaignId, amountYen: 0 };
    if (line.label === undefined && item.label !== undefined) line.label = item.label;
    line.amountYen += item.amountYen;
    lines.set(key, line);
  }
  return [...lines.values()].sort(byBalance);
}

function byBalance(a: BalanceFigureLine, b: BalanceFigureLine): number {
  if (a.kind !== b.kind) return a.kind === 'charge' ? -1 : 1;
  return byBalanceName(a, b);
}

/**
 * Balances of one kind in the order people read them: by name in Japanese order, then by
 * campaign id so the order is total. The terminal's 点検 and the issuer's reports (R27) both
 * sort with it, so their lines come in the same order.
 */
export function byBalanceName(a: { label?: string | undefined; campaignId: string | null }, b: { label?: string | undefined; campaignId: string | null }): number {
  return (a.label ?? '').localeCompare(b.label ?? '', 'ja') || (a.campaignId ?? '').localeCompare(b.campaignId ?? '');
}

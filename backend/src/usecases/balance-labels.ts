/**
 * R2: a balance's display name is configuration — a campaign's `label`, or the
 * `chargeMoneyLabel` setting for charge money — read when an answer is made, never copied at
 * payment time. So renaming a balance renames it in past history and day figures too.
 */
import type { Kysely } from 'kysely';
import type { LotKind } from '../../../common/wire/primitives';
import type { BalanceFigure } from '../../../common/wire/terminal';
import { BACKEND_LIMITS } from '../limits';
import type { DB } from '../store/schema';

/** The name of a balance, or undefined where none is configured (a limited lot of no campaign). */
export type LabelOf = (kind: LotKind, campaignId: string | null) => string | undefined;

/** Names of the given campaigns and of charge money as configured now. */
export async function labelsOf(db: Kysely<DB>, chargeMoneyLabel: string, campaignIds: Iterable<string | null>): Promise<LabelOf> {
  const ids = [...new Set([...campaignIds].filter((id): id is string => id !== null))];
  const rows = ids.length ? await db.selectFrom('campaigns').select(['id', 'label']).where('id', 'in', ids).execute() : [];
  const labels = new Map(rows.map((r) => [r.id, r.label]));
  return (kind, campaignId) => (kind === 'charge' ? chargeMoneyLabel : campaignId === null ? undefined : labels.get(campaignId));
}

/** Stored day figures (a closed day, R30) under today's names: the amounts stay as closed. */
export async function relabelFigures(db: Kysely<DB>, chargeMoneyLabel: string, figures: readonly BalanceFigure[]): Promise<BalanceFigure[]> {
  const labelOf = await labelsOf(db, chargeMoneyLabel, figures.map((f) => f.campaignId));
  return figures.map((f) => {
    const label = labelOf(f.kind, f.campaignId) ?? f.label;
    return { kind: f.kind, campaignId: f.campaignId, ...(label === undefined ? {} : { label }), amountYen: f.amountYen };
  });
}

/**
 * The names a terminal keeps for lines it cannot ask about (its journal's history, offline
 * reports): charge money and the newest campaigns, at most `BACKEND_LIMITS.balanceLabelsMax`.
 */
export async function configuredLabels(db: Kysely<DB>, chargeMoneyLabel: string): Promise<{ chargeMoney: string; campaigns: { campaignId: string; label: string }[] }> {
  const rows = await db.selectFrom('campaigns').select(['id', 'label']).orderBy('created_at_ms', 'desc').orderBy('id').limit(BACKEND_LIMITS.balanceLabelsMax).execute();
  return { chargeMoney: chargeMoneyLabel, campaigns: rows.map((r) => ({ campaignId: r.id, label: r.label })) };
}

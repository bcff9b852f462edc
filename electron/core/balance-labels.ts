/**
 * R2: balance names are configuration. The backend names a balance as configured when it
 * answers; the core learns every name it is told (payments, lookups, charges, migrations,
 * searches, the day's transactions, the online contact) and names what it shows from its own
 * journal — history lines, offline 点検, closed days — by the name learnt last, so a rename
 * reaches past lines too. A line's name, in order: the name learnt last for its campaign (or
 * for charge money), else the name stored with the answer, else none — and only then do the
 * renderer and the slips fall back to a neutral word for the kind.
 */
import type { KeysResponse } from './ports';
import type { LabelledBalance } from './journal/balance-label-store';
import type { CoreServices } from './services';

/** Remembers the names these balances carry. A failure to save is logged: names never stop a sale. */
export function learnLabels(s: CoreServices, balances: Iterable<LabelledBalance>): void {
  try {
    s.journal.balanceLabels.learn(balances);
  } catch (error) {
    s.logger.error({ error: error instanceof Error ? error.message : String(error) }, 'could not keep the balance names learnt from the backend');
  }
}

/** The names the online contact hands out (R2: configured now). */
export function learnContactLabels(s: CoreServices, labels: KeysResponse['balanceLabels']): void {
  if (!labels) return;
  learnLabels(s, [
    { kind: 'charge', campaignId: null, label: labels.chargeMoney },
    ...labels.campaigns.map((c) => ({ kind: 'limited' as const, campaignId: c.campaignId, label: c.label })),
  ]);
}

/** The item under the name learnt last for its balance, else as it came. */
export function relabelled<T extends LabelledBalance>(s: CoreServices, item: T): T {
  const learnt = s.journal.balanceLabels.get(item.kind, item.campaignId);
  return learnt === null || learnt === item.label ? item : { ...item, label: learnt };
}

export function relabelAll<T extends LabelledBalance>(s: CoreServices, items: readonly T[]): T[] {
  return items.map((item) => relabelled(s, item));
}

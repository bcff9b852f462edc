/**
 * R2: the last display name this terminal learnt for each balance (charge money, each
 * campaign), kept in the journal's settings so a line the terminal shows from its own journal
 * — history, an offline 点検 — is named as the backend names it now, even after a restart.
 * Bounded: past `keptMax` names the ones learnt longest ago are dropped.
 */
import { z } from 'zod';
import { balanceKey } from '../../../common/balance-figures';
import type { LotKind } from '../../../common/wire/primitives';
import type { SettingsStore } from './settings-store';

const SETTING_KEY = 'balance_labels';
/** [balance key, name] pairs, the one learnt longest ago first. */
const stored = z.array(z.tuple([z.string(), z.string()]));

export interface LabelledBalance {
  kind: LotKind;
  campaignId: string | null;
  label?: string | undefined;
}

export class BalanceLabelStore {
  private readonly labels: Map<string, string>;

  constructor(
    private readonly settings: SettingsStore,
    private readonly keptMax: number,
  ) {
    this.labels = new Map(settings.get(SETTING_KEY, stored) ?? []);
  }

  /** The name last learnt for this balance, or null when none was. */
  get(kind: LotKind, campaignId: string | null): string | null {
    return this.labels.get(balanceKey(kind, campaignId)) ?? null;
  }

  /** Remembers the names these balances carry; written to disk only when one changed. */
  learn(balances: Iterable<LabelledBalance>): void {
    let changed = false;
    for (const balance of balances) {
      if (balance.label === undefined || balance.label === '') continue;
      const key = balanceKey(balance.kind, balance.campaignId);
      if (this.labels.get(key) === balance.label) continue;
      // Learnt again: it moves to the newest end, the last to be dropped.
      this.labels.delete(key);
      this.labels.set(key, balance.label);
      changed = true;
    }
    if (!changed) return;
    for (const key of this.labels.keys()) {
      if (this.labels.size <= this.keptMax) break;
      this.labels.delete(key);
    }
    this.settings.set(SETTING_KEY, [...this.labels]);
  }
}

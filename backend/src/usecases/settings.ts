import { z } from 'zod';
import { LIMITS } from '../../../common/limits';
import type { Clock } from '../../../common/time';
import type { Store, Tx } from '../store/store';
import type { BonusWindow } from '../domain/charge';
import { BACKEND_LIMITS } from '../limits';

/**
 * Operator settings that are data, not code (R2 display names, R12 bonus windows, R20
 * offline limits). Kept in the store so every instance reads the same values; each instance
 * re-reads them at most every `BACKEND_LIMITS.settingsRefreshMs`.
 */
const fields = {
  chargeMoneyLabel: z.string().min(1).max(100),
  bonusDefaultRateBp: z.number().int().min(0).max(10_000),
  bonusWindows: z.array(z.object({ fromMs: z.number().int(), toMs: z.number().int().nullable(), rateBp: z.number().int().min(0).max(10_000) })).max(BACKEND_LIMITS.bonusWindowsMax),
  offlinePaymentMaxYen: z.number().int().min(0).max(LIMITS.paymentYenMax),
  offlineTerminalUnsyncedMaxYen: z.number().int().min(0).max(BACKEND_LIMITS.offlineTerminalUnsyncedYenMax),
  offlineTokenMaxYen: z.number().int().min(0).max(LIMITS.paymentYenMax),
  offlineDeadlineMs: z.number().int().positive().max(LIMITS.offlineDeadlineMsMax),
};

const DEFAULTS = {
  chargeMoneyLabel: 'チャージマネー',
  bonusDefaultRateBp: LIMITS.bonusRateBpDefault,
  bonusWindows: [] as BonusWindow[],
  offlinePaymentMaxYen: LIMITS.offlinePaymentMaxYen,
  offlineTerminalUnsyncedMaxYen: LIMITS.offlineTerminalUnsyncedMaxYen,
  offlineTokenMaxYen: LIMITS.offlineTokenMaxYen,
  offlineDeadlineMs: LIMITS.offlineDeadlineMs,
};

/** The values in force, as `GET /v1/admin/settings` answers them. */
export const settingsSchema = z.object(fields);
export type SettingsValues = z.infer<typeof settingsSchema>;

/**
 * A change names only the keys it changes; no defaults here (a default in a patch schema
 * would silently reset every setting the patch does not name). Unknown keys are refused.
 */
export const settingsPatch = z
  .object(fields)
  .partial()
  .strict()
  .refine((p) => Object.keys(p).length > 0, 'name at least one setting to change');
export type SettingsPatch = z.infer<typeof settingsPatch>;

export interface BonusSettings {
  windows: BonusWindow[];
  defaultRateBp: number;
}

export class Settings {
  private values: SettingsValues = { ...DEFAULTS };
  private loadedAtMs = -Infinity;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  async current(nowMs: number = this.clock.nowMs()): Promise<SettingsValues> {
    if (nowMs - this.loadedAtMs > BACKEND_LIMITS.settingsRefreshMs || nowMs < this.loadedAtMs) await this.reload(nowMs);
    return this.values;
  }

  /** The values as last loaded; use cases call `current()` before opening a unit of work. */
  cached(): SettingsValues {
    return this.values;
  }

  async reload(nowMs: number = this.clock.nowMs()): Promise<void> {
    const rows = await this.store.read.selectFrom('settings').selectAll().execute();
    this.values = parseStored(rows);
    this.loadedAtMs = nowMs;
  }

  /** Changes the named keys only, in the caller's unit of work; returns what each was before. */
  async apply(tx: Tx, patch: SettingsPatch): Promise<Record<string, { from: unknown; to: unknown }>> {
    const before = parseStored(await tx.selectFrom('settings').selectAll().execute());
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    for (const [key, value] of Object.entries(patch)) {
      if (value === undefined) continue;
      const json = JSON.stringify(value);
      const updated = await tx.updateTable('settings').set({ value_json: json }).where('key', '=', key).executeTakeFirst();
      if (Number(updated.numUpdatedRows) === 0) await tx.insertInto('settings').values({ key, value_json: json }).execute();
      changes[key] = { from: before[key as keyof SettingsValues], to: value };
    }
    return changes;
  }
}

/** Stored values over the defaults, key by key: a stored value that no longer passes keeps its default. */
function parseStored(rows: readonly { key: string; value_json: string }[]): SettingsValues {
  const out: Record<string, unknown> = { ...DEFAULTS };
  for (const row of rows) {
    if (!(row.key in fields)) continue;
    const parsed = fields[row.key as keyof typeof fields].safeParse(JSON.parse(row.value_json) as unknown);
    if (parsed.success) out[row.key] = parsed.data;
  }
  return settingsSchema.parse(out);
}

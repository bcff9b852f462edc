import { z } from 'zod';
import { LIMITS } from '../../../common/limits';
import type { Store } from '../store/store';
import type { BonusWindow } from '../domain/charge';

/**
 * Operator settings that are data, not code (R2 display names, R12 bonus windows, R20
 * offline limits). Kept in the store so every instance reads the same values; each instance
 * re-reads them at most every `SETTINGS_REFRESH_MS`.
 */
export const SETTINGS_REFRESH_MS = 10_000;

const settingsSchema = z.object({
  chargeMoneyLabel: z.string().default('チャージマネー'),
  bonusDefaultRateBp: z.number().int().min(0).max(10_000).default(LIMITS.defaultBonusRateBp),
  bonusWindows: z.array(z.object({ fromMs: z.number().int(), toMs: z.number().int().nullable(), rateBp: z.number().int().min(0).max(10_000) })).default([]),
  offlinePaymentMaxYen: z.number().int().min(0).default(LIMITS.offlinePaymentMaxYen),
  offlineTerminalUnsyncedMaxYen: z.number().int().min(0).default(LIMITS.offlineTerminalUnsyncedMaxYen),
  offlineTokenMaxYen: z.number().int().min(0).default(LIMITS.offlineTokenMaxYen),
  offlineDeadlineMs: z.number().int().positive().default(LIMITS.offlineDeadlineMs),
});
export type SettingsValues = z.infer<typeof settingsSchema>;
export const settingsPatch = settingsSchema.partial();

export interface BonusSettings {
  windows: BonusWindow[];
  defaultRateBp: number;
}

export class Settings {
  private values: SettingsValues = settingsSchema.parse({});
  private loadedAtMs = -Infinity;

  constructor(private readonly store: Store) {}

  async current(nowMs: number = Date.now()): Promise<SettingsValues> {
    if (nowMs - this.loadedAtMs > SETTINGS_REFRESH_MS) await this.reload(nowMs);
    return this.values;
  }

  /** The values as last loaded; use cases call `current()` before opening a unit of work. */
  cached(): SettingsValues {
    return this.values;
  }

  async reload(nowMs: number = Date.now()): Promise<void> {
    const rows = await this.store.read.selectFrom('settings').selectAll().execute();
    const raw: Record<string, unknown> = {};
    for (const row of rows) raw[row.key] = JSON.parse(row.value_json) as unknown;
    this.values = settingsSchema.parse(raw);
    this.loadedAtMs = nowMs;
  }

  async update(patch: z.infer<typeof settingsPatch>): Promise<SettingsValues> {
    await this.store.write(async (tx) => {
      for (const [key, value] of Object.entries(patch)) {
        if (value === undefined) continue;
        const json = JSON.stringify(value);
        const updated = await tx.updateTable('settings').set({ value_json: json }).where('key', '=', key).executeTakeFirst();
        if (Number(updated.numUpdatedRows) === 0) await tx.insertInto('settings').values({ key, value_json: json }).execute();
      }
    });
    await this.reload();
    return this.values;
  }
}

/** Small JSON settings (terminal identity, cached keys and limits, backend URL). */
import type { z } from 'zod';
import type { JournalDatabase } from './database';

export class SettingsStore {
  private readonly selectStatement;
  private readonly upsertStatement;

  constructor(private readonly db: JournalDatabase) {
    this.selectStatement = db.prepare<[string], { value_json: string }>('SELECT value_json FROM setting WHERE key = ?');
    this.upsertStatement = db.prepare<[string, string]>(
      'INSERT INTO setting (key, value_json) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value_json = excluded.value_json',
    );
  }

  /** A stored value that no longer parses is an error to report, never a silent default. */
  get<T>(key: string, schema: z.ZodType<T>): T | null {
    const row = this.selectStatement.get(key);
    if (!row) return null;
    const parsed = schema.safeParse(JSON.parse(row.value_json));
    if (!parsed.success) throw new Error(`journal setting ${key} is corrupt: ${parsed.error.message}`);
    return parsed.data;
  }

  set(key: string, value: unknown): void {
    this.upsertStatement.run(key, JSON.stringify(value));
  }
}

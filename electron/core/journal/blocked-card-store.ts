/**
 * Cards the terminal refuses offline (R19, R20a): retired by a migration or blocked by an
 * operator, from the backend's list and from this terminal's own migrations. Bounded: past
 * `keptMax` cards the oldest changes are dropped (the newest are the likeliest to be shown at
 * a counter before the backend would catch them).
 */
import { LIMITS } from '../../../common/limits';
import type { JournalDatabase } from './database';

export type BlockedStatus = 'retired' | 'blocked';

export interface BlockedCardEntry {
  /** credentialKey of the card number (`card:…`). */
  cardKey: string;
  /** credentialKey of the normalized chip UID (`nfc:…`), when known. */
  nfcKey: string | null;
  status: BlockedStatus;
  changedAtMs: number;
}

export class BlockedCardStore {
  private readonly upsertStatement;
  private readonly statusStatement;
  private readonly countStatement;
  private readonly pruneStatement;

  constructor(
    private readonly db: JournalDatabase,
    private readonly keptMax: number = LIMITS.blockedCardsKeptMax,
  ) {
    // A later change of the same card wins (blocked, then migrated); an older one re-sent by
    // the overlap of the next page changes nothing. A chip UID once known stays known.
    this.upsertStatement = db.prepare(
      `INSERT INTO blocked_card (card_key, nfc_key, status, changed_at_ms) VALUES (@cardKey, @nfcKey, @status, @changedAtMs)
       ON CONFLICT (card_key) DO UPDATE SET
         nfc_key = COALESCE(excluded.nfc_key, blocked_card.nfc_key),
         status = CASE WHEN excluded.changed_at_ms >= blocked_card.changed_at_ms THEN excluded.status ELSE blocked_card.status END,
         changed_at_ms = MAX(excluded.changed_at_ms, blocked_card.changed_at_ms)`,
    );
    this.statusStatement = db.prepare<{ key: string }, { status: BlockedStatus }>(
      'SELECT status FROM blocked_card WHERE card_key = @key OR nfc_key = @key ORDER BY changed_at_ms DESC LIMIT 1',
    );
    this.countStatement = db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM blocked_card');
    this.pruneStatement = db.prepare<[number]>(
      `DELETE FROM blocked_card WHERE card_key IN (
         SELECT card_key FROM blocked_card ORDER BY changed_at_ms DESC, card_key DESC LIMIT -1 OFFSET ?)`,
    );
  }

  /** One page (or one migration) in one transaction, then back under the bound. */
  add(entries: readonly BlockedCardEntry[]): void {
    if (entries.length === 0) return;
    this.db.transaction(() => {
      for (const entry of entries) this.upsertStatement.run(entry);
      this.pruneStatement.run(this.keptMax);
    })();
  }

  /** The status of a card by its credential key (number or chip), or null when not listed. */
  statusOf(credentialKey: string): BlockedStatus | null {
    return this.statusStatement.get({ key: credentialKey })?.status ?? null;
  }

  count(): number {
    return this.countStatement.get()?.n ?? 0;
  }
}

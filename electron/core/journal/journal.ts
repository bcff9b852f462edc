/**
 * The Storage port: the terminal's journal. One SQLite file (WAL, synchronous=FULL) holding
 * money attempts, used tokens, notifications, the staff cache, settings, day closes, the
 * offline window (R20a), the cards refused offline and the slips (R29).
 * Hosts pass a file path; tests pass a temporary file or `:memory:`.
 */
import { BlockedCardStore } from './blocked-card-store';
import { openJournalDatabase, type JournalDatabase } from './database';
import { NotificationStore } from './notification-store';
import { SettingsStore } from './settings-store';
import { StaffStore } from './staff-store';
import { TxnStore } from './txn-store';
import { DayCloseStore } from './day-close-store';
import { SlipStore } from './slip-store';

export class Journal {
  readonly txns: TxnStore;
  readonly notifications: NotificationStore;
  readonly staff: StaffStore;
  readonly settings: SettingsStore;
  readonly dayCloses: DayCloseStore;
  readonly blockedCards: BlockedCardStore;
  readonly slips: SlipStore;
  /** `sending` rows found at open: requests a power cut interrupted, now `unknown`. */
  readonly recoveredCount: number;

  private constructor(private readonly db: JournalDatabase) {
    this.notifications = new NotificationStore(db);
    this.txns = new TxnStore(db, this.notifications);
    this.staff = new StaffStore(db);
    this.settings = new SettingsStore(db);
    this.dayCloses = new DayCloseStore(db);
    this.blockedCards = new BlockedCardStore(db);
    this.slips = new SlipStore(db);
    this.recoveredCount = this.txns.recoverAfterRestart();
  }

  static open(path: string): Journal {
    return new Journal(openJournalDatabase(path));
  }

  close(): void {
    this.db.close();
  }
}

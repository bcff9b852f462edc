/**
 * The Storage port: the terminal's journal. One SQLite file (WAL, synchronous=FULL) holding
 * money attempts, used tokens, notifications, the staff cache, settings, day closes, the
 * offline window (R20a), the cards refused offline, the slips (R29) and the balance names (R2).
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
import { BalanceLabelStore } from './balance-label-store';
import { CORE_LIMITS } from '../limits';

export class Journal {
  readonly txns: TxnStore;
  readonly notifications: NotificationStore;
  readonly staff: StaffStore;
  readonly settings: SettingsStore;
  readonly dayCloses: DayCloseStore;
  readonly blockedCards: BlockedCardStore;
  readonly slips: SlipStore;
  /** R2: the balance names last learnt from the backend. */
  readonly balanceLabels: BalanceLabelStore;
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
    this.balanceLabels = new BalanceLabelStore(this.settings, CORE_LIMITS.balanceLabelsKeptMax);
    this.recoveredCount = this.txns.recoverAfterRestart();
  }

  static open(path: string): Journal {
    return new Journal(openJournalDatabase(path));
  }

  /** Several stores' writes as one SQLite transaction (e.g. MPM notices with their cursor). */
  transaction<T>(work: () => T): T {
    return this.db.transaction(work)();
  }

  close(): void {
    this.db.close();
  }
}

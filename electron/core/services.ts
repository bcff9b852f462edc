/** The shared pieces every command handler uses, wired once by TerminalCore. */
import type { TerminalEvent } from '../../common/terminal-api';
import type { Clock } from '../../common/time';
import type { ConnectivityMonitor } from './connectivity';
import type { TerminalContext } from './context';
import type { Journal } from './journal/journal';
import type { OnlineRunner } from './online-runner';
import type { Backend, Logger, SecretStore, Timers } from './ports';
import type { Receipts } from './printing/receipts';

export interface CoreServices {
  journal: Journal;
  backend: Backend;
  secrets: SecretStore;
  clock: Clock;
  timers: Timers;
  logger: Logger;
  ctx: TerminalContext;
  connectivity: ConnectivityMonitor;
  runner: OnlineRunner;
  /** R29: slips kept in the journal, print jobs, the printer's settings and status. */
  receipts: Receipts;
  emit(event: TerminalEvent): void;
  /** Something the status shows changed: hosts get a fresh `status` event (coalesced). */
  statusChanged(): void;
  /** A new clientTxnId or row id: a time-ordered UUID (v7, common/time-ordered-uuid.ts). */
  newId(): string;
  /** The hosts' development flag: plain http:// to another machine is allowed (backend-url.ts). */
  allowInsecureBackend: boolean;
}

import type { Logger } from 'pino';
import type { ApiErrorBody } from '../../../common/errors';
import type { Clock } from '../../../common/time';
import type { Role } from '../../../common/wire/admin';
import type { Store } from '../store/store';
import type { TtlCache } from './auth-cache';
import type { KeyRing } from './keyring';
import type { Settings } from './settings';
import type { SweepControl } from './sweep-control';

export interface TerminalAuth {
  terminalId: string;
  merchantId: string;
  /** SHA-256 of the bearer token the request came with. */
  tokenHash: string;
  /** The terminal's current token, or the previous one still in its grace period. */
  via: 'current' | 'previous';
  expiresAtMs: number;
  /** The terminal's number within its merchant (short numbers); it never changes once given. */
  terminalNo: number | null;
}

export interface SessionAuth {
  staffId: string;
  role: Role;
  terminalId: string;
  expiresAtMs: number;
}

/** A merchant as the use cases read it (usecases/merchants.ts caches it per instance). */
export interface MerchantInfo {
  id: string;
  name: string;
  chargePoint: boolean;
  offlineCardPayments: boolean;
  feeRateBp: number;
  /** R23: KumaPo points may be spent here. */
  kumapoStore: boolean;
}

/** Per instance, so two instances in one process (tests) behave as two machines would. */
export interface Caches {
  terminals: TtlCache<TerminalAuth>;
  sessions: TtlCache<SessionAuth>;
  customers: TtlCache<string>;
  merchants: TtlCache<MerchantInfo>;
}

export interface Deps {
  store: Store;
  clock: Clock;
  keys: KeyRing;
  settings: Settings;
  log: Logger;
  caches: Caches;
  /** This instance's expiry sweep (R27): its schedule, hand-started runs and figures. */
  sweep: SweepControl;
  newId(): string;
  /**
   * Authentication's one write (auth.ts forgetPreviousToken): on this thread's store, or, in the
   * HTTP thread beside a ledger worker, in the worker, so that on SQLite this thread never waits
   * synchronously for the writer's lock.
   */
  forgetPreviousToken(terminalId: string, tokenHash: string): Promise<void>;
}

export interface StaffActor {
  staffId: string;
  role: Role;
}

/** Who is asking, once authentication has run: a terminal of a merchant, maybe a staff member. */
export interface TerminalActor {
  terminalId: string;
  merchantId: string;
  /** The first half of every short number this terminal may send (issue 10). */
  terminalNo: number | null;
  staff: StaffActor | null;
  /** How the terminal authenticated (token rotation needs it); absent in internal calls. */
  auth?: Pick<TerminalAuth, 'tokenHash' | 'via'>;
  /** The staff session's hash, for log-out. */
  sessionHash?: string;
}

export interface Answer<T> {
  status: number;
  body: T;
  /**
   * `body` as JSON text, when the unit already wrote it (an idempotent route's stored answer):
   * sent as it is, so neither thread serialises the body again (issue 16). Whoever builds a new
   * answer from this one builds a new object without it.
   */
  json?: string;
}

/** An idempotent route's answer: its response, or a refusal stored to be replayed as it was. */
export type Replayable<T> = Answer<T | ApiErrorBody>;

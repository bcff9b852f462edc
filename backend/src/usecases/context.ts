import type { Logger } from 'pino';
import type { Clock } from '../../../common/time';
import type { Role } from '../../../common/wire/admin';
import type { Store } from '../store/store';
import type { KeyRing } from './keyring';
import type { Settings } from './settings';

export interface Deps {
  store: Store;
  clock: Clock;
  keys: KeyRing;
  settings: Settings;
  log: Logger;
  newId(): string;
}

export interface StaffActor {
  staffId: string;
  role: Role;
}

/** Who is asking, once authentication has run: a terminal of a merchant, maybe a staff member. */
export interface TerminalActor {
  terminalId: string;
  merchantId: string;
  staff: StaffActor | null;
}

export interface Answer<T> {
  status: number;
  body: T;
}

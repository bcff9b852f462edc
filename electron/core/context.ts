/**
 * What the core knows about itself at run time: identity (from the journal), the terminal
 * token (from the SecretStore), cached keys and offline limits, the logged-in staff member.
 */
import { z } from 'zod';
import { LIMITS } from '../../common/limits';
import type { Role } from '../../common/wire/admin';
import { offlineLimits, type ManagerApproval, type OfflineLimits } from '../../common/wire/terminal';
import type { AccessLost } from './access-lost';
import { TokenKeyCache } from './token-keys';

export const terminalIdentity = z.object({
  terminalId: z.string(),
  merchantId: z.string(),
  merchantName: z.string(),
  chargePoint: z.boolean(),
  /** R23: KumaPo points may be spent here. Absent in identities stored before issue 13. */
  kumapoStore: z.boolean().optional(),
});
export type TerminalIdentity = z.infer<typeof terminalIdentity>;

export const SETTING = {
  identity: 'identity',
  keys: 'tokenPublicKeys',
  offlineLimits: 'offlineLimits',
  backendUrl: 'backendUrl',
  lastSyncAtMs: 'lastSyncAtMs',
  /** The backend said this terminal may no longer act (terminal-access.ts). */
  accessLost: 'accessLost',
  /** Where the next blocked-cards contact resumes (blocked-cards-sync.ts). */
  blockedCardsCursor: 'blockedCardsCursor',
  /** The terminal's number within its shop (short numbers), from enrollment or a contact. */
  terminalNo: 'terminalNo',
  /** R28: the merchant notice number heard last (notices.ts); the next poll asks after it. */
  noticesCursor: 'noticesCursor',
} as const;

export const SECRET_TERMINAL_TOKEN = 'terminal-token';

export const storedOfflineLimits = offlineLimits;

/** Until the backend says otherwise (R20 defaults from common/limits.ts). */
export const DEFAULT_OFFLINE_LIMITS: OfflineLimits = {
  paymentMaxYen: LIMITS.offlinePaymentMaxYen,
  terminalUnsyncedMaxYen: LIMITS.offlineTerminalUnsyncedMaxYen,
  tokenMaxYen: LIMITS.offlineTokenMaxYen,
  deadlineMs: LIMITS.offlineDeadlineMs,
  offlineCardPayments: false,
};

export interface StaffSession {
  staffId: string;
  staffCode: string;
  name: string;
  role: Role;
  /** Opened offline from a recent online login: no backend session to act with. */
  offline: boolean;
  expiresAtMs: number;
  /** The backend's session token; null for an offline session. */
  staffSession: string | null;
}

export interface SearchedTransaction {
  type: 'payment' | 'charge' | 'migration' | 'point_spend';
  amountYen: number;
  cashYen: number;
  shortNo: string | null;
  /** R29: the 取消 slip is kept beside the original's slips (its clientTxnId) and names its time. */
  clientTxnId: string | null;
  occurredAtMs: number | null;
}

export interface Enrolled {
  identity: TerminalIdentity;
  terminalToken: string;
}

export class TerminalContext {
  enrolled: Enrolled | null = null;
  offlineLimits: OfflineLimits = DEFAULT_OFFLINE_LIMITS;
  readonly keys = new TokenKeyCache();
  staff: StaffSession | null = null;
  /** Set while the backend refuses this terminal (revoked, token expired). */
  accessLost: AccessLost | null = null;
  /** The first part of every short number; null until the backend has said (older backends). */
  terminalNo: number | null = null;
  /**
   * R31: what the last searches said of transactions of other registers (id → figures), so a
   * cancel of one journals its amount, knows the cash part to hand back, and prints a 取消 slip
   * naming the original. Memory only, at most `searchedKeptMax` entries.
   */
  readonly searched = new Map<string, SearchedTransaction>();
  /**
   * R31: a manager's approval of a cancel whose outcome is not known yet, by clientTxnId, so the
   * sync agent's resend carries it. Memory only: the PIN is never written to disk.
   */
  readonly approvals = new Map<string, ManagerApproval>();

  constructor(public backendUrl: string) {}

  /** The logged-in staff member, if the session has not run out. */
  currentStaff(nowMs: number): StaffSession | null {
    if (this.staff && nowMs >= this.staff.expiresAtMs) this.staff = null;
    return this.staff;
  }
}

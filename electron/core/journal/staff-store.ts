/** Staff who logged in online recently: what the bounded offline login checks against. */
import type { Role } from '../../../common/wire/admin';
import type { JournalDatabase } from './database';

export interface CachedStaff {
  staffCode: string;
  staffId: string;
  name: string;
  role: Role;
  pinHashB64: string;
  pinSaltB64: string;
  onlineLoginAtMs: number;
  failedCount: number;
  lockedUntilMs: number | null;
}

interface StaffRow {
  staff_code: string;
  staff_id: string;
  name: string;
  role: string;
  pin_hash_b64: string;
  pin_salt_b64: string;
  online_login_at_ms: number;
  failed_count: number;
  locked_until_ms: number | null;
}

/**
 * One offline PIN attempt, counted before the PIN is checked: `reserved` (attempt `attempt`
 * of the allowed ones; `lockedUntilMs` is set when it is the last one, so anything arriving
 * meanwhile is already locked out) or `locked` (no check at all).
 */
export type PinAttempt = { kind: 'reserved'; attempt: number; lockedUntilMs: number | null } | { kind: 'locked'; lockedUntilMs: number };

export class StaffStore {
  private readonly getStatement;
  private readonly upsertStatement;
  private readonly failureStatement;
  private readonly reserve;

  constructor(db: JournalDatabase) {
    this.getStatement = db.prepare<[string], StaffRow>('SELECT * FROM staff_cache WHERE staff_code = ?');
    this.upsertStatement = db.prepare(
      `INSERT INTO staff_cache (staff_code, staff_id, name, role, pin_hash_b64, pin_salt_b64, online_login_at_ms)
       VALUES (@staffCode, @staffId, @name, @role, @pinHashB64, @pinSaltB64, @onlineLoginAtMs)
       ON CONFLICT (staff_code) DO UPDATE SET staff_id = excluded.staff_id, name = excluded.name, role = excluded.role,
         pin_hash_b64 = excluded.pin_hash_b64, pin_salt_b64 = excluded.pin_salt_b64,
         online_login_at_ms = excluded.online_login_at_ms, failed_count = 0, locked_until_ms = NULL`,
    );
    this.failureStatement = db.prepare<[number, number | null, string]>(
      'UPDATE staff_cache SET failed_count = ?, locked_until_ms = ? WHERE staff_code = ?',
    );
    // Read and write in one synchronous transaction: no await can fall between them, so
    // parallel logins each take their own attempt and the count cannot be outrun.
    this.reserve = db.transaction((staffCode: string, nowMs: number, failuresMax: number, lockoutMs: number): PinAttempt | null => {
      const row = this.getStatement.get(staffCode);
      if (!row) return null;
      if (row.locked_until_ms !== null && nowMs < row.locked_until_ms) return { kind: 'locked', lockedUntilMs: row.locked_until_ms };
      // A lock-out that has run out starts the count again.
      const attempt = (row.locked_until_ms === null ? row.failed_count : 0) + 1;
      const lockedUntilMs = attempt >= failuresMax ? nowMs + lockoutMs : null;
      this.failureStatement.run(attempt, lockedUntilMs, staffCode);
      return { kind: 'reserved', attempt, lockedUntilMs };
    });
  }

  get(staffCode: string): CachedStaff | null {
    const row = this.getStatement.get(staffCode);
    if (!row) return null;
    return {
      staffCode: row.staff_code,
      staffId: row.staff_id,
      name: row.name,
      role: row.role as Role,
      pinHashB64: row.pin_hash_b64,
      pinSaltB64: row.pin_salt_b64,
      onlineLoginAtMs: row.online_login_at_ms,
      failedCount: row.failed_count,
      lockedUntilMs: row.locked_until_ms,
    };
  }

  /** An online login succeeded: remember the PIN's slow hash and reset failures. */
  rememberOnlineLogin(staff: Omit<CachedStaff, 'failedCount' | 'lockedUntilMs'>): void {
    this.upsertStatement.run(staff);
  }

  /**
   * Takes one PIN attempt before the (slow) check. The attempt that reaches `failuresMax`
   * locks at once; if its PIN turns out right, `clearFailures` lifts the lock again.
   * Null when the staff code is not cached.
   */
  reserveAttempt(staffCode: string, nowMs: number, failuresMax: number, lockoutMs: number): PinAttempt | null {
    return this.reserve(staffCode, nowMs, failuresMax, lockoutMs);
  }

  /** The right PIN: the count starts again. */
  clearFailures(staffCode: string): void {
    this.failureStatement.run(0, null, staffCode);
  }
}

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

export class StaffStore {
  private readonly getStatement;
  private readonly upsertStatement;
  private readonly failureStatement;

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

  setFailures(staffCode: string, failedCount: number, lockedUntilMs: number | null): void {
    this.failureStatement.run(failedCount, lockedUntilMs, staffCode);
  }
}

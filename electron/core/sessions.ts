/**
 * Staff login. Online first (POST /v1/staff/sessions); when the backend cannot be reached, a
 * bounded offline login for staff who logged in online within the last 12 hours, checked
 * against a slow local PIN hash, with the same lock-out as the backend (the 5th wrong PIN locks
 * for 15 min, however many attempts arrive at once).
 */
import { LIMITS } from '../../common/limits';
import type { CommandOutputs, StaffView } from '../../common/terminal-api';
import { toIso } from '../../common/time';
import type { StaffSession } from './context';
import { backendFailure, failure } from './failure';
import { requireEnrolled } from './guards';
import { CORE_LIMITS } from './limits';
import { hashPin, pinMatches } from './pin-hash';
import type { CoreServices } from './services';

export function staffView(staff: StaffSession): StaffView {
  return {
    staffId: staff.staffId,
    staffCode: staff.staffCode,
    name: staff.name,
    role: staff.role,
    offline: staff.offline,
    expiresAt: toIso(staff.expiresAtMs),
  };
}

export async function login(s: CoreServices, staffCode: string, pin: string): Promise<CommandOutputs['login']> {
  const enrolled = requireEnrolled(s);
  if (!enrolled.ok) return enrolled.failure;
  if (s.connectivity.state !== 'offline') {
    const outcome = await s.backend.openStaffSession(enrolled.value.terminalToken, { staffCode, pin });
    s.connectivity.observe(outcome);
    if (outcome.kind === 'refused') {
      logFailedLogin(s, staffCode, 'online', outcome.code);
      return backendFailure(outcome.code, outcome.message, outcome.details);
    }
    if (outcome.kind === 'ok') {
      const answer = outcome.value;
      const nowMs = s.clock.nowMs();
      const { hashB64, saltB64 } = await hashPin(pin);
      s.journal.staff.rememberOnlineLogin({
        staffCode,
        staffId: answer.staffId,
        name: answer.staffName,
        role: answer.role,
        pinHashB64: hashB64,
        pinSaltB64: saltB64,
        onlineLoginAtMs: nowMs,
      });
      return begin(s, {
        staffId: answer.staffId,
        staffCode,
        name: answer.staffName,
        role: answer.role,
        offline: false,
        expiresAtMs: Date.parse(answer.expiresAt),
        staffSession: answer.staffSession,
      });
    }
  }
  return offlineLogin(s, staffCode, pin);
}

async function offlineLogin(s: CoreServices, staffCode: string, pin: string): Promise<CommandOutputs['login']> {
  const nowMs = s.clock.nowMs();
  const cached = s.journal.staff.get(staffCode);
  const windowEndsAtMs = cached ? cached.onlineLoginAtMs + CORE_LIMITS.offlineLoginWindowMs : 0;
  if (!cached || nowMs >= windowEndsAtMs) {
    return failure('offline_refused', 'The backend cannot be reached, and offline login is only for staff who logged in online in the last 12 hours.', {
      reason: 'offline_login_not_available',
    });
  }
  // The attempt is counted before the slow hash, in one synchronous journal transaction:
  // reading the count, awaiting scrypt and then writing let 300 parallel guesses all see
  // "0 failures" and all be checked.
  const attempt = s.journal.staff.reserveAttempt(staffCode, nowMs, LIMITS.staffPinFailuresMax, LIMITS.staffLockoutMs);
  if (attempt === null) return failure('offline_refused', 'The staff member is no longer known here.', { reason: 'offline_login_not_available' });
  if (attempt.kind === 'locked') {
    logFailedLogin(s, staffCode, 'offline', 'staff_locked');
    return locked(attempt.lockedUntilMs, nowMs);
  }
  if (!(await pinMatches(pin, cached.pinHashB64, cached.pinSaltB64))) {
    logFailedLogin(s, staffCode, 'offline', 'unauthorized');
    // The 5th wrong PIN is the one that locks: say so now, with how long.
    if (attempt.lockedUntilMs !== null) return locked(attempt.lockedUntilMs, nowMs);
    return failure('unauthorized', 'Staff code or PIN is wrong.', { attemptsLeft: LIMITS.staffPinFailuresMax - attempt.attempt });
  }
  s.journal.staff.clearFailures(staffCode);
  return begin(s, {
    staffId: cached.staffId,
    staffCode,
    name: cached.name,
    role: cached.role,
    offline: true,
    expiresAtMs: Math.min(nowMs + LIMITS.staffSessionTtlMs, windowEndsAtMs),
    staffSession: null,
  });
}

function locked(lockedUntilMs: number, nowMs: number): CommandOutputs['login'] {
  return failure('staff_locked', 'Too many wrong PINs. Try again later.', {
    lockedUntil: toIso(lockedUntilMs),
    retryAfterSeconds: Math.ceil((lockedUntilMs - nowMs) / 1000),
  });
}

/** Failed logins are evidence (who tried which code, where, when); the PIN is never written. */
function logFailedLogin(s: CoreServices, staffCode: string, mode: 'online' | 'offline', code: string): void {
  s.logger.warn(
    { staffCode, terminalId: s.ctx.enrolled?.identity.terminalId ?? null, at: toIso(s.clock.nowMs()), mode, code },
    'staff login failed',
  );
}

function begin(s: CoreServices, staff: StaffSession): CommandOutputs['login'] {
  s.ctx.staff = staff;
  s.logger.info({ staffId: staff.staffId, role: staff.role, offline: staff.offline }, 'staff logged in');
  s.statusChanged();
  return { ok: true, staff: staffView(staff) };
}

export function logout(s: CoreServices): CommandOutputs['logout'] {
  s.ctx.staff = null;
  s.statusChanged();
  return { ok: true };
}

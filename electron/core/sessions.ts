/**
 * Staff login. Online first (POST /v1/staff/sessions); when the backend cannot be reached, a
 * bounded offline login for staff who logged in online within the last 12 hours, checked
 * against a slow local PIN hash, with the same lock-out as the backend (5 failures → 15 min).
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
    if (outcome.kind === 'refused') return backendFailure(outcome.code, outcome.message, outcome.details);
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
  if (cached.lockedUntilMs !== null && nowMs < cached.lockedUntilMs) {
    return failure('staff_locked', 'Too many wrong PINs. Try again later.', { lockedUntil: toIso(cached.lockedUntilMs) });
  }
  if (!(await pinMatches(pin, cached.pinHashB64, cached.pinSaltB64))) {
    const failedCount = cached.failedCount + 1;
    const locked = failedCount >= LIMITS.staffPinFailuresMax;
    s.journal.staff.setFailures(staffCode, locked ? 0 : failedCount, locked ? nowMs + LIMITS.staffLockoutMs : null);
    return failure('unauthorized', 'Staff code or PIN is wrong.');
  }
  s.journal.staff.setFailures(staffCode, 0, null);
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

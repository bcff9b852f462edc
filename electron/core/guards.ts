/** Preconditions of commands, answered as Failure values the cashier can read. */
import type { Failure } from '../../common/terminal-api';
import type { BackendAuth } from './ports';
import type { Enrolled, StaffSession } from './context';
import { failure } from './failure';
import { cancelNeedsApproval, roleMay, type Action } from './roles';
import type { CoreServices } from './services';

export type Guarded<T> = { ok: true; value: T } | { ok: false; failure: Failure };

export function requireEnrolled(s: CoreServices): Guarded<Enrolled> {
  if (!s.ctx.enrolled) return { ok: false, failure: failure('forbidden', 'This terminal is not enrolled yet: enter the enrollment code first.') };
  return { ok: true, value: s.ctx.enrolled };
}

export function requireStaff(s: CoreServices, action: Action): Guarded<{ enrolled: Enrolled; staff: StaffSession }> {
  const enrolled = requireEnrolled(s);
  if (!enrolled.ok) return enrolled;
  const staff = s.ctx.currentStaff(s.clock.nowMs());
  if (!staff) return { ok: false, failure: failure('unauthorized', 'Log in first.') };
  if (!roleMay(staff.role, action)) {
    return { ok: false, failure: failure('forbidden', `A ${staff.role} may not do this here.`, { role: staff.role, action }) };
  }
  return { ok: true, value: { enrolled: enrolled.value, staff } };
}

/**
 * R21: an online-only step while the link is down. One quick probe first, so a terminal that
 * has not noticed the backend is back does not refuse needlessly.
 */
export async function requireOnline(s: CoreServices, what: string): Promise<Failure | null> {
  if (s.connectivity.state !== 'offline') return null;
  if ((await s.connectivity.probeNow()) !== 'offline') return null;
  return failure('offline_refused', `${what} needs the backend, which cannot be reached now. Nothing was charged; try again when online.`, {
    reason: 'online_only',
  });
}

/** Backend credentials for a staff action; an offline session has none to offer. */
export function onlineAuth(enrolled: Enrolled, staff: StaffSession): Guarded<BackendAuth> {
  if (staff.staffSession === null) {
    return {
      ok: false,
      failure: failure('unauthorized', 'You were logged in while offline. The backend is reachable again: log in once more.', {
        reason: 'offline_session',
      }),
    };
  }
  return { ok: true, value: { terminalToken: enrolled.terminalToken, staffSession: staff.staffSession } };
}

/** The link (R21) and then a backend session: what every online-only staff step needs. */
export async function requireOnlineAuth(s: CoreServices, enrolled: Enrolled, staff: StaffSession, what: string): Promise<Guarded<BackendAuth>> {
  const offline = await requireOnline(s, what);
  if (offline) return { ok: false, failure: offline };
  return onlineAuth(enrolled, staff);
}

/**
 * R31 and R21, what every cancel needs before it is sent (payments, charges, point spends): a
 * role that may cancel, a manager's approval where the role needs one, the link and a backend
 * session.
 */
export async function requireCancelAuth(
  s: CoreServices,
  action: 'cancel_payment' | 'cancel_charge',
  input: { type: string; approval?: unknown },
): Promise<Guarded<{ enrolled: Enrolled; staff: StaffSession; auth: BackendAuth }>> {
  const guard = requireStaff(s, action);
  if (!guard.ok) return guard;
  const { enrolled, staff } = guard.value;
  if (cancelNeedsApproval(staff.role, action) && input.approval === undefined) {
    return {
      ok: false,
      failure: failure('approval_required', "A manager's approval is needed for this cancellation: enter the manager's staff code and PIN.", {
        reason: 'missing',
        type: input.type,
      }),
    };
  }
  const auth = await requireOnlineAuth(s, enrolled, staff, 'A cancellation');
  if (!auth.ok) return auth;
  return { ok: true, value: { enrolled, staff, auth: auth.value } };
}

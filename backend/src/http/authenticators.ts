import type { Request } from 'express';
import { DomainError } from '../../../common/errors';
import { authenticateCustomer, authenticateStaff, authenticateTerminal } from '../usecases/auth';
import type { Deps, TerminalActor } from '../usecases/context';
import { hashSecret, safeEqual } from '../usecases/secrets';
import type { Authenticators, RouteRequest, StaffedTerminal } from './route';

export function bearer(req: Pick<Request, 'headers'>): string | null {
  const h = req.headers.authorization;
  if (!h || !h.startsWith('Bearer ')) return null;
  return h.slice('Bearer '.length).trim() || null;
}

export function requireAdmin(req: Pick<Request, 'headers'>, adminToken: string): void {
  const token = bearer(req);
  if (!token || !safeEqual(token, adminToken)) throw new DomainError('unauthorized', 'the admin token is missing or wrong');
}

const OPERATOR_NAME_RE = /^[\p{L}\p{N} ._@-]{1,64}$/u;

/**
 * Who an admin request is, for the audit trail: the admin token's fingerprint (never the
 * token), and the operator's name from `X-Operator` when the tool sends one.
 */
function adminActor(req: RouteRequest): string {
  const fingerprint = hashSecret(bearer(req) ?? '').slice(0, 8);
  const name = operatorName(req.headers['x-operator']);
  const operator = name !== null && OPERATOR_NAME_RE.test(name) ? name : null;
  return operator ? `admin:${fingerprint}:${operator}` : `admin:${fingerprint}`;
}

/**
 * Header values are bytes a browser cannot fill with 山田 (fetch refuses non-Latin-1), so a
 * name may come percent-encoded as UTF-8 (the operator page sends it so); plain ASCII names
 * read the same either way, and `%` alone is no name character.
 */
function operatorName(header: string | string[] | undefined): string | null {
  if (typeof header !== 'string') return null;
  try {
    return decodeURIComponent(header);
  } catch {
    return null;
  }
}

async function terminalOf(deps: Deps, req: RouteRequest): Promise<TerminalActor> {
  const terminal = await authenticateTerminal(deps, bearer(req));
  const session = req.headers['x-staff-session'];
  return authenticateStaff(deps, terminal, typeof session === 'string' ? session : null);
}

function isStaffed(terminal: TerminalActor): terminal is StaffedTerminal {
  return terminal.staff !== null;
}

export function authenticators(deps: Deps, adminToken: string): Authenticators {
  return {
    none: async () => ({}),
    admin: async (req) => {
      requireAdmin(req, adminToken);
      return { actor: adminActor(req) };
    },
    terminal: async (req) => ({ terminal: await terminalOf(deps, req) }),
    staff: async (req) => {
      const terminal = await terminalOf(deps, req);
      // Roles are enforced again in the use cases; this only makes a missing session a clear 401.
      if (!isStaffed(terminal)) throw new DomainError('unauthorized', 'a staff session (X-Staff-Session) is required');
      // The same object, not a copy (`{ ...terminal, staff }`): V8 built a new hidden class for
      // every such spread, once a request (docs/performance.md "Twenty-fourth session").
      return { terminal };
    },
    customer: async (req) => ({ customerWalletId: await authenticateCustomer(deps, bearer(req)) }),
  };
}

/**
 * Minimal shape checks on what a host hands us. The host is our own code, so this is not a
 * schema: it only guarantees the fields the renderer dereferences, so a malformed message
 * becomes a visible failure instead of a crash deep inside a screen.
 */
import type { CommandName, CustomerView, Failure, MpmNoticeView, MpmRequestView, PrintJobView, TerminalEvent, TerminalStatus } from '../../common/terminal-api';
import { LIMITS } from '../../common/limits';


export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const CONNECTIVITY = new Set(['online', 'degraded', 'offline']);
const ROLES = new Set(['cashier', 'charger', 'support', 'manager']);

export function isTerminalStatus(value: unknown): value is TerminalStatus {
  if (!isRecord(value)) return false;
  if (typeof value.enrolled !== 'boolean' || typeof value.chargePoint !== 'boolean') return false;
  if (typeof value.connectivity !== 'string' || !CONNECTIVITY.has(value.connectivity)) return false;
  if (typeof value.backendUrl !== 'string') return false;
  if (value.staff !== null && !(isRecord(value.staff) && typeof value.staff.role === 'string' && ROLES.has(value.staff.role))) return false;
  const queue = value.queue;
  if (!isRecord(queue) || typeof queue.pendingCount !== 'number' || typeof queue.pendingYen !== 'number') return false;
  return Array.isArray(value.notifications) && Array.isArray(value.devices);
}

const CUSTOMER_SCREENS = new Set(['welcome', 'amount', 'approved', 'declined', 'charged', 'balance', 'mpm', 'mpm_paid', 'mpm_expired', 'points_spent']);
/** Amounts the customer display reads on each screen (the rest may be null or absent). */
const CUSTOMER_AMOUNTS: Record<string, readonly string[]> = {
  amount: ['amountYen'],
  approved: ['amountYen', 'cashYen'],
  declined: ['amountYen'],
  charged: ['amountYen', 'bonusYen', 'cashReceivedYen', 'changeYen', 'balanceAfterYen'],
  balance: ['totalYen', 'usableHereYen'],
  mpm: ['amountYen'],
  mpm_paid: ['amountYen'],
  points_spent: ['points'],
};

function isCustomerView(value: unknown): value is CustomerView {
  if (!isRecord(value) || typeof value.screen !== 'string' || !CUSTOMER_SCREENS.has(value.screen)) return false;
  return (CUSTOMER_AMOUNTS[value.screen] ?? []).every((field) => typeof value[field] === 'number');
}

const PRINT_JOB_STATES = new Set(['queued', 'printing', 'printed', 'failed']);
const SLIP_COPIES = new Set(['customer', 'shop']);

/**
 * R29: the fields a slip panel reads from a print job. Kind and failure codes newer than this
 * renderer pass (a panel words an unknown failure with the job's message), a state does not.
 */
export function isPrintJobView(value: unknown): value is PrintJobView {
  if (!isRecord(value)) return false;
  if (typeof value.jobId !== 'string' || typeof value.slipId !== 'string' || typeof value.slipKind !== 'string') return false;
  if (typeof value.state !== 'string' || !PRINT_JOB_STATES.has(value.state)) return false;
  if (typeof value.copy !== 'string' || !SLIP_COPIES.has(value.copy)) return false;
  if (value.failure !== null && typeof value.failure !== 'string') return false;
  if (value.message !== null && typeof value.message !== 'string') return false;
  return typeof value.reprint === 'boolean' && typeof value.updatedAt === 'string';
}

const MPM_STATUSES = new Set(['pending', 'paid', 'expired', 'withdrawn']);

/** R28: the fields the QR screens read from a request (the outcome's details are optional there). */
export function isMpmRequestView(value: unknown): value is MpmRequestView {
  if (!isRecord(value)) return false;
  if (typeof value.requestId !== 'string' || typeof value.qr !== 'string' || typeof value.expiresAt !== 'string') return false;
  if (typeof value.status !== 'string' || !MPM_STATUSES.has(value.status) || typeof value.watching !== 'boolean') return false;
  return (value.amountYen === null || typeof value.amountYen === 'number') && (value.points === null || typeof value.points === 'number');
}

function isMpmNoticeView(value: unknown): value is MpmNoticeView {
  if (!isRecord(value)) return false;
  if (typeof value.seq !== 'number' || (value.source !== 'static' && value.source !== 'dynamic') || typeof value.occurredAt !== 'string') return false;
  return (value.amountYen === null || typeof value.amountYen === 'number') && (value.points === null || typeof value.points === 'number');
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

export function parseTerminalEvent(value: unknown): TerminalEvent | null {
  if (!isRecord(value)) return null;
  switch (value.type) {
    case 'scan':
      if (typeof value.text !== 'string' || value.text.length === 0 || value.text.length > LIMITS.scanTextLengthMax) return null;
      return { type: 'scan', text: value.text, source: text(value.source), at: text(value.at) };
    case 'card': {
      if (typeof value.uid !== 'string' || value.uid.length === 0 || value.uid.length > LIMITS.cardUidLengthMax) return null;
      const technology = value.technology === 'iso14443a' || value.technology === 'felica' ? value.technology : 'unknown';
      return { type: 'card', uid: value.uid, technology, source: text(value.source), at: text(value.at) };
    }
    case 'status':
      return isTerminalStatus(value.status) ? { type: 'status', status: value.status } : null;
    case 'payment_checking':
      return typeof value.clientTxnId === 'string' ? { type: 'payment_checking', clientTxnId: value.clientTxnId } : null;
    case 'customer_display':
      return isCustomerView(value.view) ? { type: 'customer_display', view: value.view } : null;
    case 'print_job':
      return isPrintJobView(value.job) ? { type: 'print_job', job: value.job } : null;
    case 'mpm_request':
      return isMpmRequestView(value.request) ? { type: 'mpm_request', request: value.request } : null;
    case 'mpm_notices':
      return Array.isArray(value.notices) && value.notices.every(isMpmNoticeView) ? { type: 'mpm_notices', notices: value.notices } : null;
    default:
      return null;
  }
}

/** One SSE `data:` payload → an event, or null when it is not JSON or not an event we know. */
export function parseEventData(data: string): TerminalEvent | null {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    // Not JSON: the caller reports the raw text; there is nothing else to recover.
    return null;
  }
  return parseTerminalEvent(value);
}

export function normalizeFailure(value: Record<string, unknown>): Failure | null {
  if (value.ok !== false || typeof value.code !== 'string') return null;
  return {
    ok: false,
    code: value.code as Failure['code'],
    message: text(value.message),
    details: isRecord(value.details) ? value.details : {},
  };
}

/**
 * Whether a 200 body looks like the command's output: the status for getStatus, otherwise a
 * Result (`ok` true with fields, or a failure with a code).
 */
export function isCommandOutput(command: CommandName, body: unknown): boolean {
  if (command === 'getStatus') return isTerminalStatus(body);
  if (!isRecord(body)) return false;
  if (body.ok === true) return true;
  return normalizeFailure(body) !== null;
}

/**
 * 店頭QRコード (R28 static MPM): this register's printed store QR. The backend signs it, so it
 * is fetched online each time it is shown or printed — never kept on the terminal — and a
 * re-print after a key was revoked is the new one. Offline it is refused like any online-only
 * step (no queue: nothing about it can wait). A manager's step, as the rest of 設定.
 *
 * The QR must name this register: a payment by it counts in that register's day (R26/R30), so
 * a QR of another register posted here would put this counter's takings in another drawer.
 */
import { parseMpmQr } from '../../common/mpm-qr';
import type { CommandOutputs, Failure, StoreQrView } from '../../common/terminal-api';
import { toIso } from '../../common/time';
import { backendFailure, failure } from './failure';
import { requireOnline, requireStaff } from './guards';
import type { CoreServices } from './services';

type Fetched = { ok: true; view: StoreQrView } | { ok: false; failure: Failure };

async function fetchStoreQr(s: CoreServices, what: string): Promise<Fetched> {
  const guard = requireStaff(s, 'configure');
  if (!guard.ok) return guard;
  const { identity, terminalToken } = guard.value.enrolled;
  const offline = await requireOnline(s, what);
  if (offline) return { ok: false, failure: offline };
  const outcome = await s.backend.staticQr(terminalToken);
  s.connectivity.observe(outcome);
  if (outcome.kind === 'refused') return { ok: false, failure: backendFailure(outcome.code, outcome.message, outcome.details) };
  if (outcome.kind !== 'ok') {
    return { ok: false, failure: failure('network', `${what}: the backend did not answer. Try again.`, { reason: outcome.reason }) };
  }
  const parsed = parseMpmQr(outcome.value.qr);
  if (parsed?.qr.kind !== 'static' || parsed.qr.terminalId !== identity.terminalId) {
    s.logger.error({ terminalId: identity.terminalId }, 'the backend answered a store QR that is not this register’s');
    return { ok: false, failure: failure('invalid_request', 'The backend answered a store QR that is not this register’s: nothing is shown or printed.', { reason: 'store_qr_mismatch' }) };
  }
  return {
    ok: true,
    view: { qr: outcome.value.qr, merchantName: outcome.value.merchantName, terminalId: identity.terminalId, terminalNo: s.ctx.terminalNo },
  };
}

export async function storeQr(s: CoreServices): Promise<CommandOutputs['storeQr']> {
  const fetched = await fetchStoreQr(s, 'Showing the store QR');
  return fetched.ok ? { ok: true, storeQr: fetched.view } : fetched.failure;
}

/** Prints the QR as the backend signs it now, on the shop's receipt printer (no slip is kept). */
export async function printStoreQr(s: CoreServices): Promise<CommandOutputs['printStoreQr']> {
  const guard = requireStaff(s, 'configure');
  if (!guard.ok) return guard.failure;
  // No printer: say so before asking the backend for anything.
  if (!s.receipts.hasPrinter()) {
    return failure('invalid_request', 'This terminal has no receipt printer: set one up (設定 → プリンター) to print the store QR.', { reason: 'not_configured' });
  }
  const fetched = await fetchStoreQr(s, 'Printing the store QR');
  if (!fetched.ok) return fetched.failure;
  const { qr, merchantName, terminalId, terminalNo } = fetched.view;
  const job = s.receipts.printStoreQr({ qr, shopName: merchantName, terminalId, terminalNo, printedAt: toIso(s.clock.nowMs()) });
  if (!job.ok) return job.failure;
  s.logger.info({ jobId: job.value.jobId, by: guard.value.staff.staffId }, 'store QR queued for printing');
  return { ok: true, job: job.value };
}

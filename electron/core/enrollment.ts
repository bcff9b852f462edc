/**
 * Enrollment by code, and the keys/limits the backend hands to terminals. The terminal token
 * goes to the SecretStore (encrypted at rest), never into the journal.
 */
import { z } from 'zod';
import { LIMITS } from '../../common/limits';
import type { CommandOutputs } from '../../common/terminal-api';
import { offlineLimits, publicKey } from '../../common/wire/terminal';
import type { KeysResponse } from './ports';
import { SECRET_TERMINAL_TOKEN, SETTING, terminalIdentity, type TerminalIdentity } from './context';
import { checkBackendUrl } from './backend-url';
import { backendFailure, failure } from './failure';
import { roleMay } from './roles';
import type { CoreServices } from './services';
import { restoreAccess } from './terminal-access';

const storedKeys = z.array(publicKey);

/** Loads identity, token, keys and limits from disk at start. */
export async function restoreEnrollment(s: CoreServices): Promise<void> {
  const url = s.journal.settings.get(SETTING.backendUrl, z.string());
  if (url !== null) {
    // Stored by an older version that allowed any http:// URL: the host's default is used
    // instead until a manager sets an allowed one (the token must not cross a network in clear).
    const checked = checkBackendUrl(url, s.allowInsecureBackend);
    if (checked.ok) s.ctx.backendUrl = checked.url;
    else s.logger.error({ stored: url, using: s.ctx.backendUrl }, `stored backend URL refused: ${checked.message}`);
  }
  s.backend.setBaseUrl(s.ctx.backendUrl);
  s.ctx.terminalNo = s.journal.settings.get(SETTING.terminalNo, z.number().int().min(1));
  const limits = s.journal.settings.get(SETTING.offlineLimits, offlineLimits);
  if (limits) s.ctx.offlineLimits = limits;
  const keys = s.journal.settings.get(SETTING.keys, storedKeys);
  if (keys) await loadKeys(s, keys);
  const identity = s.journal.settings.get(SETTING.identity, terminalIdentity);
  restoreAccess(s);
  const token = await s.secrets.load(SECRET_TERMINAL_TOKEN);
  if (identity && token) {
    s.ctx.enrolled = { identity, terminalToken: token };
  } else if (identity || token) {
    // Half an enrollment (a power cut between the two writes): not usable, say so loudly.
    s.logger.error({ identity: identity !== null, token: token !== null }, 'enrollment is incomplete: enroll again with a new code');
  }
}

export async function enroll(s: CoreServices, enrollmentCode: string): Promise<CommandOutputs['enroll']> {
  if (s.ctx.enrolled) {
    return failure('forbidden', 'This terminal is already enrolled. Reset its journal to enroll it again.');
  }
  const outcome = await s.backend.enroll(enrollmentCode);
  s.connectivity.observe(outcome);
  if (outcome.kind === 'refused') return backendFailure(outcome.code, outcome.message, outcome.details);
  if (outcome.kind !== 'ok') return failure('network', 'The backend cannot be reached; enrollment needs it.', { reason: outcome.reason });
  const answer = outcome.value;
  const identity: TerminalIdentity = {
    terminalId: answer.terminalId,
    merchantId: answer.merchantId,
    merchantName: answer.merchantName,
    chargePoint: answer.chargePoint,
    kumapoStore: answer.kumapoStore ?? false,
  };
  // Token first: identity without a token is unusable, a token without identity is ignored.
  await s.secrets.save(SECRET_TERMINAL_TOKEN, answer.terminalToken);
  await storeKeys(s, { keys: answer.tokenPublicKeys, offlineLimits: answer.offlineLimits });
  s.journal.settings.set(SETTING.identity, identity);
  storeTerminalNo(s, answer.terminalNo);
  // Enrollment is the terminal's first online contact (R20a): its offline window is empty.
  s.journal.txns.forgetOfflineWindow(s.journal.txns.windowSyncedYen());
  s.ctx.enrolled = { identity, terminalToken: answer.terminalToken };
  s.logger.info({ terminalId: identity.terminalId, merchantId: identity.merchantId }, 'terminal enrolled');
  s.statusChanged();
  return { ok: true, terminalId: identity.terminalId, merchantName: identity.merchantName };
}

/** The terminal's number in its shop (short numbers), when the backend says it. */
export function storeTerminalNo(s: CoreServices, terminalNo: number | undefined): void {
  if (terminalNo === undefined || terminalNo > LIMITS.terminalNoMax || terminalNo === s.ctx.terminalNo) return;
  s.journal.settings.set(SETTING.terminalNo, terminalNo);
  s.ctx.terminalNo = terminalNo;
  s.logger.info({ terminalNo }, 'terminal number known');
}

/**
 * R23: an operator may make the shop a KumaPo store (or stop it) any time; the online contact
 * says so. An older backend says nothing: the terminal keeps what it knew.
 */
export function storeKumapoStore(s: CoreServices, kumapoStore: boolean | undefined): void {
  const enrolled = s.ctx.enrolled;
  if (kumapoStore === undefined || !enrolled || (enrolled.identity.kumapoStore ?? false) === kumapoStore) return;
  const identity: TerminalIdentity = { ...enrolled.identity, kumapoStore };
  s.journal.settings.set(SETTING.identity, identity);
  s.ctx.enrolled = { ...enrolled, identity };
  s.logger.info({ kumapoStore }, 'KumaPo store flag changed');
}

/** Keys (R22) and offline limits (R20) from enrollment or an online contact (contact.ts). */
export async function storeKeys(s: CoreServices, answer: Pick<KeysResponse, 'keys' | 'offlineLimits'>): Promise<void> {
  s.journal.settings.set(SETTING.keys, answer.keys);
  s.journal.settings.set(SETTING.offlineLimits, answer.offlineLimits);
  s.ctx.offlineLimits = answer.offlineLimits;
  await loadKeys(s, answer.keys);
}

async function loadKeys(s: CoreServices, keys: z.infer<typeof storedKeys>): Promise<void> {
  const { unreadable } = await s.ctx.keys.load(keys);
  if (unreadable.length > 0) s.logger.error({ kids: unreadable }, 'backend sent CPM keys that do not import; tokens signed with them are refused offline');
}

export function setBackendUrl(s: CoreServices, url: string): CommandOutputs['setBackendUrl'] {
  // An enrolled terminal's money goes where this URL says: only a manager may move it.
  const staff = s.ctx.currentStaff(s.clock.nowMs());
  if (s.ctx.enrolled && (staff === null || !roleMay(staff.role, 'configure'))) {
    return failure('forbidden', 'Only a manager may change the backend of an enrolled terminal.');
  }
  const checked = checkBackendUrl(url, s.allowInsecureBackend);
  if (!checked.ok) return failure('invalid_request', checked.message, { reason: 'insecure_backend_url' });
  const normalized = checked.url;
  s.journal.settings.set(SETTING.backendUrl, normalized);
  s.ctx.backendUrl = normalized;
  s.backend.setBaseUrl(normalized);
  s.statusChanged();
  return { ok: true, backendUrl: normalized };
}

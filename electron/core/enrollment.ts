/**
 * Enrollment by code, and the keys/limits the backend hands to terminals. The terminal token
 * goes to the SecretStore (encrypted at rest), never into the journal.
 */
import { z } from 'zod';
import type { CommandOutputs } from '../../common/terminal-api';
import { offlineLimits, publicKey } from '../../common/wire/terminal';
import type { KeysResponse } from './ports';
import { SECRET_TERMINAL_TOKEN, SETTING, terminalIdentity, type TerminalIdentity } from './context';
import { backendFailure, failure } from './failure';
import type { CoreServices } from './services';

const storedKeys = z.array(publicKey);

/** Loads identity, token, keys and limits from disk at start. */
export async function restoreEnrollment(s: CoreServices): Promise<void> {
  const url = s.journal.settings.get(SETTING.backendUrl, z.string());
  if (url !== null) s.ctx.backendUrl = url;
  s.backend.setBaseUrl(s.ctx.backendUrl);
  const limits = s.journal.settings.get(SETTING.offlineLimits, offlineLimits);
  if (limits) s.ctx.offlineLimits = limits;
  const keys = s.journal.settings.get(SETTING.keys, storedKeys);
  if (keys) await loadKeys(s, keys);
  const identity = s.journal.settings.get(SETTING.identity, terminalIdentity);
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
  };
  // Token first: identity without a token is unusable, a token without identity is ignored.
  await s.secrets.save(SECRET_TERMINAL_TOKEN, answer.terminalToken);
  await storeKeys(s, { keys: answer.tokenPublicKeys, offlineLimits: answer.offlineLimits });
  s.journal.settings.set(SETTING.identity, identity);
  s.ctx.enrolled = { identity, terminalToken: answer.terminalToken };
  s.logger.info({ terminalId: identity.terminalId, merchantId: identity.merchantId }, 'terminal enrolled');
  s.statusChanged();
  return { ok: true, terminalId: identity.terminalId, merchantName: identity.merchantName };
}

/** GET /v1/terminal/keys: key rotation (R22) and new offline limits (R20). */
export async function refreshKeys(s: CoreServices): Promise<boolean> {
  const enrolled = s.ctx.enrolled;
  if (!enrolled) return false;
  const outcome = await s.backend.keys(enrolled.terminalToken);
  s.connectivity.observe(outcome);
  if (outcome.kind !== 'ok') {
    s.logger.warn({ outcome: outcome.kind }, 'could not refresh CPM keys; keeping the cached ones');
    return false;
  }
  await storeKeys(s, outcome.value);
  return true;
}

async function storeKeys(s: CoreServices, answer: KeysResponse): Promise<void> {
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
  const parsed = new URL(url);
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    return failure('invalid_request', 'The backend URL must start with http:// or https://.');
  }
  // An enrolled terminal's money goes where this URL says: only a manager may move it.
  const staff = s.ctx.currentStaff(s.clock.nowMs());
  if (s.ctx.enrolled && staff?.role !== 'manager') {
    return failure('forbidden', 'Only a manager may change the backend of an enrolled terminal.');
  }
  const normalized = parsed.toString().replace(/\/+$/, '');
  s.journal.settings.set(SETTING.backendUrl, normalized);
  s.ctx.backendUrl = normalized;
  s.backend.setBaseUrl(normalized);
  s.statusChanged();
  return { ok: true, backendUrl: normalized };
}

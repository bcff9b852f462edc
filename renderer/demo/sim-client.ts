/**
 * The browser host's demo-only simulator endpoints (`POST /api/sim/<action>` with the secret
 * header), used by the simulator and customer pages, the demo and the end-to-end tests.
 */
import { SECRET_HEADER } from '../bridge/http-host';
import { describeError } from '../bridge/host-error';
import { isRecord } from '../bridge/validate';

export interface SimHost {
  origin: string;
  secret: string;
}

export interface SimBodies {
  scan: { text: string };
  /** `reader` defaults to the PN532 ('nfc'); 'pcsc' taps on the PC/SC reader (issue 12). */
  tap: { uid: string; technology: 'iso14443a' | 'felica' | 'unknown'; reader?: 'nfc' | 'pcsc' };
  unplug: { deviceId: string };
  replug: { deviceId: string };
  network: { online: boolean };
  'customer-token': Record<string, never>;
  /** R29: the printer simulator's real-time status (what DLE EOT answers). */
  'printer-state': PrinterSimState;
  /** R29: the last slip the printer simulator printed, decoded from its bytes. */
  'printer-last': Record<string, never>;
  // The citizen app's calls, passed to the backend as the demo customer (citizen-client.ts).
  'customer-points': Record<string, never>;
  'customer-history': Record<string, never>;
  'customer-points-history': Record<string, never>;
  'customer-points-claim': { code: string };
  'customer-receive-qr': Record<string, never>;
  'customer-points-transfer': { clientTxnId: string; to: string; points: number };
  'customer-mpm-preview': { qr: string };
  'customer-mpm-pay': { clientTxnId: string; qr: string; amountYen?: number };
  'partner-receive-qr': Record<string, never>;
  'demo-info': Record<string, never>;
  'shop-qr': Record<string, never>;
}

export interface PrinterSimState {
  paperOut: boolean;
  coverOpen: boolean;
  offline: boolean;
  paperNearEnd: boolean;
}

export interface PrinterLast {
  /** Jobs printed since the simulator started. */
  count: number;
  lines: string[] | null;
  svg: string | null;
  state: PrinterSimState;
}
export type SimAction = keyof SimBodies;

/** `code`: the refusal's code when the host or the backend gave one (the citizen page words it). */
export type SimAnswer = { ok: true; body: unknown } | { ok: false; message: string; code?: string };

export async function postSim<A extends SimAction>(host: SimHost, action: A, body: SimBodies[A], fetchImpl: typeof fetch = globalThis.fetch.bind(globalThis)): Promise<SimAnswer> {
  let response: Response;
  try {
    response = await fetchImpl(`${host.origin}/api/sim/${action}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', [SECRET_HEADER]: host.secret },
      body: JSON.stringify(body),
    });
  } catch (error) {
    return { ok: false, message: describeError(error), code: 'network' };
  }
  const text = await response.text();
  let parsed: unknown = null;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      // Not JSON: keep the raw text as the answer, it is only shown to the demo operator.
      parsed = text;
    }
  }
  if (!response.ok) {
    const error = isRecord(parsed) && isRecord(parsed.error) ? parsed.error : null;
    const message = error && typeof error.message === 'string' ? error.message : `HTTP ${response.status}`;
    return typeof error?.code === 'string' ? { ok: false, message, code: error.code } : { ok: false, message };
  }
  return { ok: true, body: parsed };
}

function isSimState(value: unknown): value is PrinterSimState {
  return isRecord(value) && ['paperOut', 'coverOpen', 'offline', 'paperNearEnd'].every((key) => typeof value[key] === 'boolean');
}

export function parsePrinterLast(body: unknown): PrinterLast | null {
  if (!isRecord(body) || typeof body.count !== 'number' || !isSimState(body.state)) return null;
  const lines = Array.isArray(body.lines) && body.lines.every((line) => typeof line === 'string') ? (body.lines as string[]) : null;
  const svg = typeof body.svg === 'string' ? body.svg : null;
  return { count: body.count, lines, svg, state: body.state };
}

export async function fetchPrinterLast(host: SimHost): Promise<{ ok: true; value: PrinterLast } | { ok: false; message: string }> {
  const answer = await postSim(host, 'printer-last', {});
  if (!answer.ok) return answer;
  const value = parsePrinterLast(answer.body);
  return value ? { ok: true, value } : { ok: false, message: 'malformed printer-last answer' };
}

export interface CustomerToken {
  token: string;
  expiresAt: string;
  walletId: string;
  totalYen: number;
}

export function parseCustomerToken(body: unknown): CustomerToken | null {
  if (!isRecord(body)) return null;
  const { token, expiresAt, walletId, totalYen } = body;
  if (typeof token !== 'string' || typeof expiresAt !== 'string' || typeof walletId !== 'string' || typeof totalYen !== 'number') return null;
  if (!Number.isFinite(Date.parse(expiresAt))) return null;
  return { token, expiresAt, walletId, totalYen };
}

export async function fetchCustomerToken(host: SimHost): Promise<{ ok: true; value: CustomerToken } | { ok: false; message: string }> {
  const answer = await postSim(host, 'customer-token', {});
  if (!answer.ok) return answer;
  const value = parseCustomerToken(answer.body);
  return value ? { ok: true, value } : { ok: false, message: 'malformed customer token answer' };
}

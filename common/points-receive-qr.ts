/**
 * KumaPo receive-QR (R23): what the receiving customer's app shows so another customer's app
 * can send points to it. Signed by the backend with the CPM keys (keyring `signText`), so a
 * sender cannot aim points at a wallet id typed by hand, and short-lived.
 *
 *   KPR1.<kid>.<walletId>.<qrId>.<issuedAtSec36>.<ttlSec36>.<signature>
 *
 * The signature covers the UTF-8 bytes of everything before the last dot. Parsing is strict
 * (one regex per field, a length bound, canonical base64url) so a forged or damaged text fails
 * closed before any key is asked; a parsed text is not yet trusted.
 */
import { LIMITS } from './limits';
import { decodeBase64Url } from './base64url';

export const RECEIVE_QR_PREFIX = 'KPR1';

export interface ReceiveQrClaims {
  kid: string;
  walletId: string;
  /** One transfer per QR: the backend's unique key on it. */
  qrId: string;
  issuedAtMs: number;
  expiresAtMs: number;
}

export interface ParsedReceiveQr {
  claims: ReceiveQrClaims;
  signedText: string;
  signature: Uint8Array<ArrayBuffer>;
}

const KID_RE = /^[A-Za-z0-9_-]{1,16}$/;
const WALLET_RE = /^[A-Za-z0-9-]{1,40}$/;
const QR_ID_RE = /^[A-Za-z0-9_-]{16,24}$/;
const NUM36_RE = /^[0-9a-z]{1,12}$/;
const SIGNATURE_BYTES = 64;

/** The text the signature covers (times in whole seconds, base 36). */
export function receiveQrSignedPart(claims: ReceiveQrClaims): string {
  const issuedAtSec = Math.floor(claims.issuedAtMs / 1000);
  const ttlSec = Math.floor((claims.expiresAtMs - claims.issuedAtMs) / 1000);
  return [RECEIVE_QR_PREFIX, claims.kid, claims.walletId, claims.qrId, issuedAtSec.toString(36), ttlSec.toString(36)].join('.');
}

/** Structure only: `null` for anything that is not a well-formed receive-QR. */
export function parseReceiveQr(text: string): ParsedReceiveQr | null {
  if (text.length > LIMITS.pointsReceiveQrLengthMax) return null;
  const parts = text.split('.');
  if (parts.length !== 7) return null;
  const [prefix, kid, walletId, qrId, iat36, ttl36, sig] = parts as [string, string, string, string, string, string, string];
  if (prefix !== RECEIVE_QR_PREFIX || !KID_RE.test(kid) || !WALLET_RE.test(walletId) || !QR_ID_RE.test(qrId)) return null;
  if (!NUM36_RE.test(iat36) || !NUM36_RE.test(ttl36)) return null;
  const signature = decodeBase64Url(sig);
  if (!signature || signature.length !== SIGNATURE_BYTES) return null;
  const issuedAtSec = parseInt(iat36, 36);
  const ttlSec = parseInt(ttl36, 36);
  if (!Number.isSafeInteger(issuedAtSec) || ttlSec <= 0 || ttlSec * 1000 > LIMITS.pointsReceiveQrTtlMs) return null;
  return {
    claims: { kid, walletId, qrId, issuedAtMs: issuedAtSec * 1000, expiresAtMs: (issuedAtSec + ttlSec) * 1000 },
    signedText: text.slice(0, text.lastIndexOf('.')),
    signature,
  };
}

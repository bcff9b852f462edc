/**
 * CPM token (R22): what the customer's QR code holds. Compact text so a scanner reads it at a
 * glance (≤ 200 characters), signed with Ed25519 by the backend, verifiable offline by a
 * terminal holding the backend's public keys. Several keys may be valid at once (`kid`), so
 * keys rotate without downtime.
 *
 *   KP1.<kid>.<walletId>.<tokenId>.<issuedAtSec36>.<ttlSec36>.<offlineLimitYen36>.<signature>
 *
 * The signature covers the UTF-8 bytes of everything before the last dot. Numbers are
 * base-36 to keep the text short. Verification uses WebCrypto, present in Node 20 and Chromium,
 * so backend and terminal share this one implementation.
 */
import { LIMITS } from './limits';
import { decodeBase64Url, encodeBase64Url } from './base64url';

export const CPM_PREFIX = 'KP1';

export interface CpmClaims {
  kid: string;
  walletId: string;
  tokenId: string;
  issuedAtMs: number;
  expiresAtMs: number;
  /** R20/R22: most this token may pay offline; 0 = never offline. */
  offlineLimitYen: number;
}

export type CpmParseError = 'token_invalid';

const KID_RE = /^[A-Za-z0-9_-]{1,16}$/;
const WALLET_RE = /^[A-Za-z0-9-]{1,40}$/;
const TOKEN_ID_RE = /^[A-Za-z0-9_-]{16,24}$/;
const NUM36_RE = /^[0-9a-z]{1,12}$/;

export function signedPart(claims: CpmClaims): string {
  const issuedAtSec = Math.floor(claims.issuedAtMs / 1000);
  const ttlSec = Math.floor((claims.expiresAtMs - claims.issuedAtMs) / 1000);
  return [
    CPM_PREFIX,
    claims.kid,
    claims.walletId,
    claims.tokenId,
    issuedAtSec.toString(36),
    ttlSec.toString(36),
    claims.offlineLimitYen.toString(36),
  ].join('.');
}

export interface ParsedCpmToken {
  claims: CpmClaims;
  signedText: string;
  signature: Uint8Array<ArrayBuffer>;
}

/** Structure only: a parsed token is not yet trusted. */
export function parseCpmToken(text: string): ParsedCpmToken | null {
  if (text.length > LIMITS.cpmTokenLengthMax) return null;
  const parts = text.trim().split('.');
  if (parts.length !== 8) return null;
  const [prefix, kid, walletId, tokenId, iat36, ttl36, limit36, sig] = parts as [
    string, string, string, string, string, string, string, string,
  ];
  if (prefix !== CPM_PREFIX || !KID_RE.test(kid) || !WALLET_RE.test(walletId)) return null;
  if (!TOKEN_ID_RE.test(tokenId) || !NUM36_RE.test(iat36) || !NUM36_RE.test(ttl36) || !NUM36_RE.test(limit36)) return null;
  const signature = decodeBase64Url(sig);
  if (!signature || signature.length !== 64) return null;
  const issuedAtSec = parseInt(iat36, 36);
  const ttlSec = parseInt(ttl36, 36);
  const offlineLimitYen = parseInt(limit36, 36);
  if (ttlSec <= 0 || ttlSec * 1000 > LIMITS.cpmTokenTtlMsMax) return null;
  if (!Number.isSafeInteger(issuedAtSec) || !Number.isSafeInteger(offlineLimitYen)) return null;
  return {
    claims: {
      kid,
      walletId,
      tokenId,
      issuedAtMs: issuedAtSec * 1000,
      expiresAtMs: (issuedAtSec + ttlSec) * 1000,
      offlineLimitYen,
    },
    signedText: text.slice(0, text.lastIndexOf('.')),
    signature,
  };
}

export function newTokenId(): string {
  return encodeBase64Url(globalThis.crypto.getRandomValues(new Uint8Array(16)));
}

const encoder = new TextEncoder();

export async function importEd25519PublicKey(rawBase64Url: string): Promise<CryptoKey | null> {
  const raw = decodeBase64Url(rawBase64Url);
  if (!raw || raw.length !== 32) return null;
  return globalThis.crypto.subtle.importKey('raw', raw, { name: 'Ed25519' }, false, ['verify']);
}

export async function signCpmToken(claims: CpmClaims, privateKey: CryptoKey): Promise<string> {
  const text = signedPart(claims);
  const sig = new Uint8Array(await globalThis.crypto.subtle.sign({ name: 'Ed25519' }, privateKey, encoder.encode(text)));
  return `${text}.${encodeBase64Url(sig)}`;
}

export type CpmVerdict =
  | { ok: true; claims: CpmClaims }
  | { ok: false; code: 'token_invalid' | 'token_expired' };

/** Checks an Ed25519 signature over the signed text's UTF-8 bytes with the token's key. */
export type Ed25519Check = (key: CryptoKey, signature: Uint8Array<ArrayBuffer>, signedBytes: Uint8Array<ArrayBuffer>) => boolean | Promise<boolean>;

const webCryptoCheck: Ed25519Check = (key, signature, signedBytes) => globalThis.crypto.subtle.verify({ name: 'Ed25519' }, key, signature, signedBytes);

/**
 * Signature only, against the keys the verifier trusts (by kid): the claims are authentic,
 * whatever the time. The backend judges offline items' times itself (R20a). `check`: WebCrypto
 * unless the caller has a faster way on its platform (the backend's HTTP thread: node:crypto).
 */
export async function verifyCpmSignature(
  text: string,
  keysByKid: ReadonlyMap<string, CryptoKey>,
  check: Ed25519Check = webCryptoCheck,
): Promise<{ ok: true; claims: CpmClaims } | { ok: false; code: 'token_invalid' }> {
  const parsed = parseCpmToken(text);
  if (!parsed) return { ok: false, code: 'token_invalid' };
  const key = keysByKid.get(parsed.claims.kid);
  if (!key) return { ok: false, code: 'token_invalid' };
  const valid = await check(key, parsed.signature, encoder.encode(parsed.signedText));
  if (!valid) return { ok: false, code: 'token_invalid' };
  return { ok: true, claims: parsed.claims };
}

/**
 * Signature, not-before and expiry at `nowMs`. A token issued further in the future than the
 * clock skew allows was not made by a backend on a working clock (R22): it is not valid yet.
 * One-time use is the caller's job: the backend's unique constraint, the terminal's own
 * used-token table.
 */
export async function verifyCpmToken(
  text: string,
  keysByKid: ReadonlyMap<string, CryptoKey>,
  nowMs: number,
): Promise<CpmVerdict> {
  const verdict = await verifyCpmSignature(text, keysByKid);
  return verdict.ok ? cpmTimesVerdict(verdict.claims, nowMs) : verdict;
}

/** Not-before and expiry at `nowMs`, of claims whose signature is already known good. */
export function cpmTimesVerdict(claims: CpmClaims, nowMs: number): CpmVerdict {
  if (nowMs < claims.issuedAtMs - LIMITS.cpmNotBeforeSkewMs) return { ok: false, code: 'token_invalid' };
  if (nowMs >= claims.expiresAtMs) return { ok: false, code: 'token_expired' };
  return { ok: true, claims };
}

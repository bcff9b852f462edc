/**
 * Merchant-presented QR texts (R28). The terminal shows (dynamic) or the shop prints (static)
 * one of these; the customer's app reads it and asks the backend, which alone verifies the
 * signature (Ed25519 over the UTF-8 bytes of everything before the last dot, keys as for CPM).
 *
 *   dynamic  KPM1.<kid>.d.<requestId>.<merchantId>.<y|p><amount36>.<expiresAtSec36>.<shopName>.<sig>
 *   static   KPM1.<kid>.s.<terminalId>.<merchantId>.-.0.<shopName>.<sig>
 *
 * `shopName` is base64url of the shop's UTF-8 name, cut to MPM_SHOP_NAME_BYTES_MAX at a
 * character boundary, so the whole text stays within LIMITS.mpmQrLengthMax whatever the name.
 * The name is inside the signed part: what the app shows before the customer confirms is what
 * the backend signed. Parsing is strict (one form per field, canonical base64url), so two
 * different texts never mean the same request.
 */
import { LIMITS } from './limits';
import { decodeBase64Url, encodeBase64Url } from './base64url';

export const MPM_PREFIX = 'KPM1';
/**
 * Worst case of every other field (kid 16, two 40-character ids, an 11-digit amount, an
 * 8-digit instant, the 86-character signature, dots) is 216 characters; 120 bytes of name are
 * 160 more, inside the 400 of LIMITS.mpmQrLengthMax. 120 bytes hold 40 kanji or 120 letters.
 */
export const MPM_SHOP_NAME_BYTES_MAX = 120;

export type MpmAmount = { unit: 'yen'; amountYen: number } | { unit: 'points'; points: number };

export interface DynamicMpmQr {
  kind: 'dynamic';
  kid: string;
  requestId: string;
  merchantId: string;
  amount: MpmAmount;
  /** Whole seconds: the request's expiry is stored rounded down to the second. */
  expiresAtMs: number;
  shopName: string;
}

export interface StaticMpmQr {
  kind: 'static';
  kid: string;
  /** The register whose day a payment by this QR counts in. */
  terminalId: string;
  merchantId: string;
  shopName: string;
}

export type MpmQr = DynamicMpmQr | StaticMpmQr;

export interface ParsedMpmQr {
  qr: MpmQr;
  signedText: string;
  signature: Uint8Array<ArrayBuffer>;
}

const KID_RE = /^[A-Za-z0-9_-]{1,16}$/;
const ID_RE = /^[A-Za-z0-9-]{1,40}$/;
const AMOUNT_RE = /^([yp])([1-9a-z][0-9a-z]{0,10})$/;
const NUM36_RE = /^[1-9a-z][0-9a-z]{0,7}$/;
const NAME_RE = /^[A-Za-z0-9_-]{2,160}$/;
const SIG_RE = /^[A-Za-z0-9_-]{86}$/;
// C0/C1 controls and bidi overrides: a name must read on screen as it is stored.
// eslint-disable-next-line no-control-regex
const UNSAFE_NAME_CHARS_RE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

const encoder = new TextEncoder();

/**
 * The shop's name as it goes into a QR: control characters dropped, and cut at a character
 * (grapheme) boundary with "…" when its UTF-8 is longer than the bound.
 */
export function shopNameForQr(name: string): string {
  const clean = name.replace(new RegExp(UNSAFE_NAME_CHARS_RE.source, 'g'), '').trim() || '?';
  if (encoder.encode(clean).length <= MPM_SHOP_NAME_BYTES_MAX) return clean;
  const ellipsis = '…';
  const budget = MPM_SHOP_NAME_BYTES_MAX - encoder.encode(ellipsis).length;
  let out = '';
  let bytes = 0;
  for (const { segment } of new Intl.Segmenter('ja', { granularity: 'grapheme' }).segment(clean)) {
    const size = encoder.encode(segment).length;
    if (bytes + size > budget) break;
    out += segment;
    bytes += size;
  }
  return out + ellipsis;
}

function amountField(amount: MpmAmount): string {
  return amount.unit === 'yen' ? `y${amount.amountYen.toString(36)}` : `p${amount.points.toString(36)}`;
}

/** The signed part (everything before the signature), given the signing key's id. */
export function mpmQrSignedText(qr: MpmQr): string {
  const name = encodeBase64Url(encoder.encode(shopNameForQr(qr.shopName)));
  const text =
    qr.kind === 'dynamic'
      ? [MPM_PREFIX, qr.kid, 'd', qr.requestId, qr.merchantId, amountField(qr.amount), Math.floor(qr.expiresAtMs / 1000).toString(36), name].join('.')
      : [MPM_PREFIX, qr.kid, 's', qr.terminalId, qr.merchantId, '-', '0', name].join('.');
  if (!parseFields(`${text}.${'A'.repeat(86)}`)) throw new RangeError('MPM QR fields out of range');
  return text;
}

/** Structure only: a parsed text is not trusted until the backend checked its signature. */
export function parseMpmQr(input: string): ParsedMpmQr | null {
  const text = input.trim();
  if (text.length > LIMITS.mpmQrLengthMax) return null;
  const qr = parseFields(text);
  if (!qr) return null;
  const dot = text.lastIndexOf('.');
  const signature = decodeBase64Url(text.slice(dot + 1));
  if (!signature || signature.length !== 64) return null;
  return { qr, signedText: text.slice(0, dot), signature };
}

function parseFields(text: string): MpmQr | null {
  if (text.length > LIMITS.mpmQrLengthMax) return null;
  const parts = text.split('.');
  if (parts.length !== 9) return null;
  const [prefix, kid, kind, ownerId, merchantId, amount36, expires36, name64, sig] = parts as [string, string, string, string, string, string, string, string, string];
  if (prefix !== MPM_PREFIX || !KID_RE.test(kid) || !ID_RE.test(ownerId) || !ID_RE.test(merchantId) || !SIG_RE.test(sig)) return null;
  const shopName = decodeName(name64);
  if (shopName === null) return null;
  if (kind === 's') {
    if (amount36 !== '-' || expires36 !== '0') return null;
    return { kind: 'static', kid, terminalId: ownerId, merchantId, shopName };
  }
  if (kind !== 'd') return null;
  const amountMatch = AMOUNT_RE.exec(amount36);
  if (!amountMatch || !NUM36_RE.test(expires36)) return null;
  const value = parseInt(amountMatch[2]!, 36);
  const unit = amountMatch[1] === 'y' ? 'yen' : 'points';
  const max = unit === 'yen' ? LIMITS.paymentYenMax : LIMITS.pointsWalletMax;
  if (!Number.isSafeInteger(value) || value < 1 || value > max) return null;
  const expiresAtSec = parseInt(expires36, 36);
  return {
    kind: 'dynamic',
    kid,
    requestId: ownerId,
    merchantId,
    amount: unit === 'yen' ? { unit, amountYen: value } : { unit, points: value },
    expiresAtMs: expiresAtSec * 1000,
    shopName,
  };
}

function decodeName(name64: string): string | null {
  if (!NAME_RE.test(name64)) return null;
  const bytes = decodeBase64Url(name64);
  if (!bytes || bytes.length === 0 || bytes.length > MPM_SHOP_NAME_BYTES_MAX) return null;
  let name: string;
  try {
    name = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return null;
  }
  if (UNSAFE_NAME_CHARS_RE.test(name) || name.trim() !== name || name === '') return null;
  return name;
}

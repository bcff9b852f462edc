/**
 * A UID as typed by a keyboard-emulating NFC reader → canonical UID: uppercase hex, no
 * separators, 4/7/10 bytes (ISO 14443) or 8 (FeliCa IDm), as the backend stores `nfcUid`.
 * Readers type hex or decimal, and some type the bytes least-significant first.
 */
import type { CardTechnology } from '../../events';

export const UID_FORMATS = ['hex', 'decimal'] as const;
export type UidFormat = (typeof UID_FORMATS)[number];
export const UID_BYTE_ORDERS = ['as_typed', 'reversed'] as const;
export type UidByteOrder = (typeof UID_BYTE_ORDERS)[number];
export const UID_LENGTHS_BYTES = [4, 7, 8, 10] as const;
export type UidLengthBytes = (typeof UID_LENGTHS_BYTES)[number];

export interface TypedUidOptions {
  format: UidFormat;
  byteOrder?: UidByteOrder;
  /** Decimal only: how many bytes the number stands for; the smallest that fits when absent. */
  lengthBytes?: UidLengthBytes;
}

const HEX_RE = /^[0-9A-Fa-f]{2}([:\- ]?[0-9A-Fa-f]{2})*$/;
// 10 bytes are at most 25 decimal digits.
const DECIMAL_RE = /^[0-9]{1,25}$/;

function isUidLength(length: number): length is UidLengthBytes {
  return (UID_LENGTHS_BYTES as readonly number[]).includes(length);
}

export function bytesToHex(bytes: Iterable<number>): string {
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out.toUpperCase();
}

function hexBytes(text: string): number[] | null {
  if (!HEX_RE.test(text)) return null;
  const digits = text.replace(/[:\- ]/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < digits.length; i += 2) bytes.push(Number.parseInt(digits.slice(i, i + 2), 16));
  return bytes;
}

function decimalWidth(lengthBytes: number): number {
  return Math.ceil((lengthBytes * 8 * Math.LN2) / Math.LN10);
}

/**
 * How many bytes a decimal UID stands for when the config does not say. The value decides
 * first: a number ≥ 2^56 needs 8 bytes, so it is a FeliCa IDm whatever its width. Readers type
 * an IDm unpadded, and an IDm starting 01 is 17 digits, the padded width of a 7-byte UID, so
 * width alone misreads it. Among the lengths the value fits, a zero-padded number says its
 * size by its width (10 digits = 4 bytes, 17 = 7, 20 = 8, 25 = 10); any other width takes the
 * smallest. A 17-digit number below 2^56 is therefore a 7-byte UID: an IDm that small starts
 * with a 00 byte, and the IDm in captures of real readers start 01 (a bet on that, not a fact
 * from a specification). A reader that only ever sees FeliCa can say `uidLengthBytes: 8` to
 * read such an IDm as one.
 */
function unconfiguredLength(width: number, needed: number): UidLengthBytes | undefined {
  const fitting = UID_LENGTHS_BYTES.filter((candidate) => candidate >= needed);
  return fitting.find((candidate) => decimalWidth(candidate) === width) ?? fitting[0];
}

function decimalBytes(text: string, lengthBytes: UidLengthBytes | undefined): number[] | null {
  if (!DECIMAL_RE.test(text)) return null;
  let value = BigInt(text);
  const needed = value === 0n ? 1 : Math.ceil(value.toString(16).length / 2);
  // A configured length is what the number stands for: a value too big for it is not a UID.
  const length = lengthBytes ?? unconfiguredLength(text.length, needed);
  if (length === undefined || needed > length) return null;
  const bytes = new Array<number>(length).fill(0);
  for (let i = length - 1; i >= 0; i--) {
    bytes[i] = Number(value & 0xffn);
    value >>= 8n;
  }
  return bytes;
}

/**
 * What a UID's length says about the card. 8 bytes is a FeliCa IDm (no ISO 14443 UID has 8);
 * 7 and 10 are the double- and triple-size UIDs only type A has; 4 is a type A single-size UID
 * or a type B PUPI, and a keyboard reader does not say which.
 */
export function technologyOfUidLength(length: UidLengthBytes): CardTechnology {
  if (length === 8) return 'felica';
  return length === 4 ? 'unknown' : 'iso14443a';
}

export interface TypedCard {
  uid: string;
  technology: CardTechnology;
}

/** Canonical UID and its technology, or null when the text is not a UID in the configured format. */
export function parseTypedCard(text: string, options: TypedUidOptions): TypedCard | null {
  const bytes = options.format === 'hex' ? hexBytes(text.trim()) : decimalBytes(text.trim(), options.lengthBytes);
  if (bytes === null || !isUidLength(bytes.length)) return null;
  if (options.byteOrder === 'reversed') bytes.reverse();
  return { uid: bytesToHex(bytes), technology: technologyOfUidLength(bytes.length) };
}

/** Canonical UID, or null when the text is not a UID in the configured format. */
export function parseTypedUid(text: string, options: TypedUidOptions): string | null {
  return parseTypedCard(text, options)?.uid ?? null;
}

/** Canonical UID → what a reader with these settings types. The inverse of parseTypedUid. */
export function formatTypedUid(uidHex: string, options: TypedUidOptions): string {
  const bytes = hexBytes(uidHex) ?? [];
  if (options.byteOrder === 'reversed') bytes.reverse();
  if (options.format === 'hex') return bytesToHex(bytes);
  let value = 0n;
  for (const b of bytes) value = (value << 8n) | BigInt(b);
  // Readers pad decimal to a fixed width (10 digits for 4 bytes).
  return value.toString().padStart(decimalWidth(bytes.length), '0');
}

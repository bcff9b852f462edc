/**
 * A UID as typed by a keyboard-emulating NFC reader → canonical UID: uppercase hex, no
 * separators, 4/7/10 bytes (ISO 14443A) or 8 (FeliCa IDm), as the backend stores `nfcUid`.
 * Readers type hex or decimal, and some type the bytes least-significant first.
 */
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

function decimalBytes(text: string, lengthBytes: UidLengthBytes | undefined): number[] | null {
  if (!DECIMAL_RE.test(text)) return null;
  let value = BigInt(text);
  const needed = value === 0n ? 1 : Math.ceil(value.toString(16).length / 2);
  // A zero-padded number says its size by its width (10 digits = 4 bytes, 17 = 7, ...).
  const byWidth = UID_LENGTHS_BYTES.find((candidate) => decimalWidth(candidate) === text.length);
  const length = lengthBytes ?? byWidth ?? UID_LENGTHS_BYTES.find((candidate) => candidate >= needed);
  if (length === undefined || needed > length) return null;
  const bytes = new Array<number>(length).fill(0);
  for (let i = length - 1; i >= 0; i--) {
    bytes[i] = Number(value & 0xffn);
    value >>= 8n;
  }
  return bytes;
}

/** Canonical UID, or null when the text is not a UID in the configured format. */
export function parseTypedUid(text: string, options: TypedUidOptions): string | null {
  const bytes = options.format === 'hex' ? hexBytes(text.trim()) : decimalBytes(text.trim(), options.lengthBytes);
  if (bytes === null || !isUidLength(bytes.length)) return null;
  if (options.byteOrder === 'reversed') bytes.reverse();
  return bytesToHex(bytes);
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

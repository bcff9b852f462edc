import iconv from 'iconv-lite';
import type { BusFileRefusalReason } from '../../../common/bus-import-codes';
import { DomainError } from '../../../common/errors';
import { BACKEND_LIMITS } from '../limits';

/**
 * R24: which encoding the bus system's file is in, and its text, a slice at a time so a big file
 * never holds the event loop (the caller's `pause` lets other requests run between slices).
 * A UTF-8 byte-order mark, or bytes that are valid UTF-8, mean UTF-8; anything else is read as
 * Shift_JIS (Windows-31J, what Excel in Japan saves as "CSV"). Bytes that are neither, UTF-16,
 * and UTF-8 with broken bytes that holds 【未選択】 refuse the file.
 */
export type BusFileEncoding = 'utf-8' | 'shift_jis';
export type Pause = () => Promise<void>;

/** What the bus system writes when the rider skipped the alighting-stop question (R24). */
export const UNANSWERED_STOP = '【未選択】';

const UTF8_BOM = [0xef, 0xbb, 0xbf];
const LF = 0x0a;

/** The whole file refused, `reason` the stable code clients word it from. */
const refuse = (reason: BusFileRefusalReason, message: string, details: Record<string, unknown> = {}) => new DomainError('invalid_request', message, { reason, ...details });

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((b, i) => bytes[i] === b);
}

function contains(bytes: Uint8Array, needle: Uint8Array): boolean {
  outer: for (let i = bytes.indexOf(needle[0]!); i !== -1 && i + needle.length <= bytes.length; i = bytes.indexOf(needle[0]!, i + 1)) {
    for (let j = 1; j < needle.length; j++) if (bytes[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

/** 1-based line of a character offset; CRLF, LF and CR each end a line. */
export function lineOfOffset(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a || (c === 0x0d && text.charCodeAt(i + 1) !== 0x0a)) line += 1;
  }
  return line;
}

async function asUtf8(bytes: Uint8Array, pause: Pause, sliceBytes: number): Promise<string[] | null> {
  // Streaming: a character split between two slices is joined again; the BOM is dropped.
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const pieces: string[] = [];
  try {
    for (let at = 0; at < bytes.length; at += sliceBytes) {
      pieces.push(decoder.decode(bytes.subarray(at, at + sliceBytes), { stream: at + sliceBytes < bytes.length }));
      await pause();
    }
  } catch {
    return null;
  }
  return pieces;
}

async function asShiftJis(bytes: Uint8Array, pause: Pause, sliceBytes: number): Promise<string[]> {
  const pieces: string[] = [];
  for (let at = 0; at < bytes.length; ) {
    // Cut just after a line feed: 0x0A is never half of a Shift_JIS character.
    let end = Math.min(bytes.length, at + sliceBytes);
    if (end < bytes.length) {
      const lf = bytes.indexOf(LF, end);
      end = lf === -1 ? bytes.length : lf + 1;
    }
    const piece = iconv.decode(bytes.subarray(at, end), 'shift_jis');
    const bad = piece.indexOf('\uFFFD');
    if (bad !== -1) {
      const before = pieces.join('');
      throw refuse('unknown_encoding', 'the file is neither UTF-8 nor Shift_JIS', { line: lineOfOffset(before + piece, before.length + bad) });
    }
    pieces.push(piece);
    at = end;
    await pause();
  }
  return pieces;
}

/** The file's text in pieces (to be read in order), and the encoding it was in. */
export async function decodeBusFile(bytes: Uint8Array, pause: Pause, sliceBytes: number = BACKEND_LIMITS.busImportSliceBytes): Promise<{ pieces: string[]; encoding: BusFileEncoding }> {
  if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) {
    throw refuse('utf16', 'the file is UTF-16; save it as UTF-8 (CSV UTF-8) or Shift_JIS (CSV)');
  }
  const utf8 = await asUtf8(bytes, pause, sliceBytes);
  if (utf8) return { pieces: utf8, encoding: 'utf-8' };
  if (startsWith(bytes, UTF8_BOM)) throw refuse('broken_utf8_bom', 'the file starts with a UTF-8 byte-order mark but holds bytes that are not UTF-8');
  if (contains(bytes, new TextEncoder().encode(UNANSWERED_STOP))) {
    // Read as Shift_JIS, 【未選択】 would turn into other characters and count as answered.
    throw refuse('broken_utf8', 'the file is UTF-8 with broken bytes (it holds 【未選択】 in UTF-8 but is not valid UTF-8)');
  }
  return { pieces: await asShiftJis(bytes, pause, sliceBytes), encoding: 'shift_jis' };
}

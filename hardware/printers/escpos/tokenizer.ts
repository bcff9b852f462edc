/**
 * ESC/POS byte stream → tokens, by each command's own parameter and data lengths, so that text
 * is told apart from parameters, raster images, barcodes and QR data (which may hold any byte,
 * 1C 2E and 10 04 included). Streaming: feed chunks as they arrive; a command cut by a chunk
 * boundary waits for the rest, bulk data is skipped by count without being buffered.
 *
 * Lengths follow Epson's ESC/POS command reference for TM thermal models, and cover everything
 * receiptline 4.0.4 emits for its ESC/POS family (escpos/epson, sii, citizen, fit, impact,
 * generic). Commands not listed (ESC &, FS q, GS Q, …) become `unknown` tokens of their prefix
 * and the next byte: their remaining bytes may then read as text, but nothing throws or loops.
 */

export const ESC = 0x1b;
export const GS = 0x1d;
export const FS = 0x1c;
export const DLE = 0x10;
export const EOT = 0x04;
export const LF = 0x0a;

export type EscPosToken =
  /** A command: `name` like 'ESC @', 'GS V', 'DLE EOT'; `params` are its fixed parameter bytes. */
  | { kind: 'command'; name: string; params: Uint8Array; bytes: Uint8Array }
  /** Bulk data following a command (raster, QR, barcode, downloaded glyphs): never text. */
  | { kind: 'data'; bytes: Uint8Array }
  /** Bytes 0x20–0xFF between commands, in the code system the printer has selected. */
  | { kind: 'text'; bytes: Uint8Array }
  /** One control byte the printer acts on by itself: LF, CR, HT, FF, CAN, NUL. */
  | { kind: 'control'; byte: number; bytes: Uint8Array }
  /** A byte or command this tokenizer does not know, or a command the stream ended inside. */
  | { kind: 'unknown'; bytes: Uint8Array };

/** How a command starting at some offset is laid out, or how many bytes are needed to know. */
export type Shape =
  | { need: number }
  | { name: string; header: number; data: number; prefix?: 3 }
  | { name: string; header: number; untilNul: number }
  | { unknown: number };

const KNOWN_CONTROLS = new Set([0x00, 0x09, LF, 0x0c, 0x0d, 0x18]);

/** Parameter byte counts after the two-byte command, for commands of a fixed shape. */
const ESC_FIXED: Record<number, number> = fixed({
  '@': 0, '2': 0, '<': 0, '\x0c': 0, i: 0, m: 0, L: 0, S: 0, v: 0,
  ' ': 1, '!': 1, '-': 1, '3': 1, '=': 1, '?': 1, E: 1, G: 1, J: 1, M: 1, R: 1, T: 1, U: 1, V: 1,
  a: 1, d: 1, e: 1, r: 1, t: 1, u: 1, '{': 1, '%': 1,
  $: 2, '\\': 2, c: 2,
  p: 3,
  W: 8,
});
const GS_FIXED: Record<number, number> = fixed({
  ':': 0,
  '!': 1, B: 1, H: 1, I: 1, a: 1, b: 1, f: 1, h: 1, r: 1, w: 1, E: 1, T: 1, j: 1, '/': 1,
  L: 2, P: 2, W: 2, '\\': 2, $: 2,
  '^': 3, z: 3,
  g: 4,
});
const FS_FIXED: Record<number, number> = fixed({
  '&': 0, '.': 0,
  '!': 1, '-': 1, C: 1, W: 1,
  S: 2, '?': 2, p: 2,
});

function fixed(table: Record<string, number>): Record<number, number> {
  const out: Record<number, number> = {};
  for (const [key, count] of Object.entries(table)) out[key.charCodeAt(0)] = count;
  return out;
}

const PREFIX_NAMES: Record<number, string> = { [ESC]: 'ESC', [GS]: 'GS', [FS]: 'FS', [DLE]: 'DLE', 0x1e: 'RS' };

const CONTROL_NAMES: Record<number, string> = { 0x03: 'ETX', 0x04: 'EOT', 0x05: 'ENQ', 0x0c: 'FF', 0x14: 'DC4', 0x1d: 'GS', 0x1e: 'RS', 0x20: 'SP' };

/** 'ESC @', 'GS V', 'DLE EOT', 'ESC SP', … as command references write them. */
export function nameOf(prefix: number, code: number): string {
  const c = CONTROL_NAMES[code] ?? (code >= 0x21 && code <= 0x7e ? String.fromCharCode(code) : `0x${code.toString(16).padStart(2, '0')}`);
  return `${PREFIX_NAMES[prefix] ?? '?'} ${c}`;
}

/** The shape of the ESC/POS command starting at `at`, or how many bytes are needed to know it. */
function shapeAt(buf: Uint8Array, at: number): Shape {
  const avail = buf.length - at;
  const byte = (offset: number): number => buf[at + offset] ?? 0;
  const prefix = byte(0);
  if (avail < 2) return { need: 2 };
  const code = byte(1);
  const name = nameOf(prefix, code);
  const needOr = (count: number, shape: () => Shape): Shape => (avail < count ? { need: count } : shape());
  // `GS ( k pL pH …`, `ESC ( A pL pH …`, `FS ( e pL pH …`: two length bytes, then that many.
  const lengthPrefixed = (): Shape => needOr(5, () => ({ name: `${name} ${String.fromCharCode(byte(2))}`, header: 5, data: byte(3) + byte(4) * 256, prefix: 3 }));

  if (prefix === ESC) {
    const count = ESC_FIXED[code];
    if (count !== undefined) return needOr(2 + count, () => ({ name, header: 2 + count, data: 0 }));
    // ESC * m nL nH: m 0/1 one byte per column, m 32/33 three.
    if (code === 0x2a) return needOr(5, () => ({ name, header: 5, data: (byte(2) >= 32 ? 3 : 1) * (byte(3) + byte(4) * 256) }));
    if (code === 0x28) return lengthPrefixed();
    // ESC D n1 … nk NUL: at most 32 tab positions.
    if (code === 0x44) return { name, header: 2, untilNul: 33 };
    return { unknown: 2 };
  }
  if (prefix === GS) {
    const count = GS_FIXED[code];
    if (count !== undefined) return needOr(2 + count, () => ({ name, header: 2 + count, data: 0 }));
    switch (code) {
      case 0x56: // GS V m [n]: functions B, C, D carry a feed amount.
        return needOr(3, () => (byte(2) >= 65 ? needOr(4, () => ({ name, header: 4, data: 0 })) : { name, header: 3, data: 0 }));
      case 0x6b: // GS k m: m 0–6 data until NUL; m 65–79 a length byte, then the data.
        return needOr(3, () => (byte(2) <= 6 ? { name, header: 3, untilNul: 256 } : needOr(4, () => ({ name, header: 4, data: byte(3) }))));
      case 0x76: // GS v 0 m xL xH yL yH: raster, x bytes by y dots.
        return needOr(8, () => ({ name: `${name} 0`, header: 8, data: (byte(4) + byte(5) * 256) * (byte(6) + byte(7) * 256), prefix: 3 }));
      case 0x2a: // GS * x y: downloaded image, x·y·8 bytes.
        return needOr(4, () => ({ name, header: 4, data: byte(2) * byte(3) * 8 }));
      case 0x28:
        return lengthPrefixed();
      case 0x38: // GS 8 L p1 p2 p3 p4: the four-byte length form of GS ( L.
        return needOr(3, () => (byte(2) === 0x4c ? needOr(7, () => ({ name: `${name} L`, header: 7, data: byte(3) + byte(4) * 0x100 + byte(5) * 0x1_0000 + byte(6) * 0x100_0000, prefix: 3 })) : { unknown: 2 }));
      default:
        return { unknown: 2 };
    }
  }
  if (prefix === FS) {
    const count = FS_FIXED[code];
    if (count !== undefined) return needOr(2 + count, () => ({ name, header: 2 + count, data: 0 }));
    // FS 2 c1 c2 d1…d72: a user-defined 24×24 kanji glyph.
    if (code === 0x32) return needOr(4, () => ({ name, header: 4, data: 72 }));
    if (code === 0x28) return lengthPrefixed();
    return { unknown: 2 };
  }
  // DLE: real-time commands.
  switch (code) {
    case EOT: // DLE EOT n; n 7 and 8 carry one more byte.
      return needOr(3, () => (byte(2) === 7 || byte(2) === 8 ? needOr(4, () => ({ name, header: 4, data: 0 })) : { name, header: 3, data: 0 }));
    case 0x05: // DLE ENQ n
      return needOr(3, () => ({ name, header: 3, data: 0 }));
    case 0x14: {
      // DLE DC4 fn …: pulse (1), power off (2), buzzer (3), status (7), clear buffer (8).
      const extra: Record<number, number> = { 1: 2, 2: 2, 3: 5, 7: 1, 8: 7 };
      return needOr(3, () => {
        const more = extra[byte(2)] ?? 0;
        return needOr(3 + more, () => ({ name, header: 3 + more, data: 0 }));
      });
    }
    default:
      return { unknown: 2 };
  }
}

export interface EscPosTokenizer {
  /** Tokens complete in the bytes so far; a command cut off at the end waits for the next chunk. */
  feed(chunk: Uint8Array): EscPosToken[];
  /** The end of the stream: a command left incomplete becomes an `unknown` token. */
  end(): EscPosToken[];
}

/** A command language: which bytes start a command, which controls it knows, and shapes. */
export interface CommandDialect {
  prefixes: ReadonlySet<number>;
  controls: ReadonlySet<number>;
  shapeAt(buf: Uint8Array, at: number): Shape;
}

const ESC_POS: CommandDialect = { prefixes: new Set([ESC, GS, FS, DLE]), controls: KNOWN_CONTROLS, shapeAt };

export function createEscPosTokenizer(): EscPosTokenizer {
  return createCommandTokenizer(ESC_POS);
}

export function createCommandTokenizer(dialect: CommandDialect): EscPosTokenizer {
  // An incomplete command header (at most 8 bytes; never bulk data).
  let pending: Uint8Array = new Uint8Array(0);
  let skipData = 0;
  // Inside a NUL-terminated run (GS k m 0–6 data, ESC D tabs): bytes left before giving up.
  let untilNul = 0;

  function feed(chunk: Uint8Array): EscPosToken[] {
    const tokens: EscPosToken[] = [];
    let buf = chunk;
    if (pending.length > 0) {
      buf = new Uint8Array(pending.length + chunk.length);
      buf.set(pending);
      buf.set(chunk, pending.length);
      pending = new Uint8Array(0);
    }
    let i = 0;
    while (i < buf.length) {
      if (skipData > 0) {
        const n = Math.min(skipData, buf.length - i);
        tokens.push({ kind: 'data', bytes: buf.subarray(i, i + n) });
        skipData -= n;
        i += n;
        continue;
      }
      if (untilNul > 0) {
        let j = i;
        while (j < buf.length && untilNul > 0) {
          untilNul--;
          if (buf[j++] === 0x00) untilNul = 0;
        }
        tokens.push({ kind: 'data', bytes: buf.subarray(i, j) });
        i = j;
        continue;
      }
      const b = buf[i]!;
      if (b >= 0x20) {
        let j = i + 1;
        while (j < buf.length && buf[j]! >= 0x20) j++;
        tokens.push({ kind: 'text', bytes: buf.subarray(i, j) });
        i = j;
        continue;
      }
      if (!dialect.prefixes.has(b)) {
        const bytes = buf.subarray(i, i + 1);
        tokens.push(dialect.controls.has(b) ? { kind: 'control', byte: b, bytes } : { kind: 'unknown', bytes });
        i++;
        continue;
      }
      const shape = dialect.shapeAt(buf, i);
      if ('need' in shape) {
        pending = buf.slice(i);
        break;
      }
      if ('unknown' in shape) {
        tokens.push({ kind: 'unknown', bytes: buf.subarray(i, i + shape.unknown) });
        i += shape.unknown;
        continue;
      }
      const bytes = buf.subarray(i, i + shape.header);
      const prefixLength = 'prefix' in shape && shape.prefix ? shape.prefix : 2;
      tokens.push({ kind: 'command', name: shape.name, params: bytes.subarray(prefixLength), bytes });
      i += shape.header;
      if ('untilNul' in shape) untilNul = shape.untilNul;
      else skipData = shape.data;
    }
    return tokens;
  }

  function end(): EscPosToken[] {
    const rest = pending;
    pending = new Uint8Array(0);
    skipData = 0;
    untilNul = 0;
    return rest.length > 0 ? [{ kind: 'unknown', bytes: rest }] : [];
  }

  return { feed, end };
}

/** All tokens of a complete stream. */
export function tokenizeEscPos(bytes: Uint8Array): EscPosToken[] {
  const tokenizer = createEscPosTokenizer();
  return [...tokenizer.feed(bytes), ...tokenizer.end()];
}

/**
 * Star line mode (Japanese) stream → printed text, for tests of the Star output: the same
 * DecodedPrint as the ESC/POS decoder. Covers what receiptline 4.0.4's `starlinembcs` emits
 * (Star line mode command specifications): ESC @; ESC RS a/F/R n; ESC SP n; ESC s n1 n2; ESC 0;
 * ESC z n; SI/DC2 (upside down on/off); ESC - n; ESC E/F; ESC 4/5; ESC i n1 n2 (n2 = width);
 * ESC l n / ESC Q n (margins, in characters); ESC GS a n; ESC GS A n1 n2 / ESC GS R n1 n2
 * (positions, in dots); ESC $ n (Shift_JIS kanji mode on/off); ESC p / ESC q (JIS kanji mode);
 * ESC R n; ESC GS t n; ESC b … RS (barcode); ESC k n1 n2 … (24-dot image rows);
 * ESC GS S … (raster); ESC d n (cut); ESC GS ETX s n1 n2 (document end); EOT; BEL (drawer).
 */
import { HARDWARE_LIMITS } from '../../limits';
import type { DecodedPrint, DecoderDialect, DecoderParts, PrinterDecoder, PrinterDecoderHooks } from '../escpos/decoder';
import { alignmentOf, createDecoder, signed16 } from '../escpos/decoder';
import { createCommandTokenizer, DLE, EOT, ESC, LF, nameOf } from '../escpos/tokenizer';
import type { Shape } from '../escpos/tokenizer';

const RS = 0x1e;
const GS = 0x1d;
const ETX = 0x03;

const ESC_FIXED: Record<number, number> = {};
for (const [key, count] of Object.entries({
  '@': 0, '0': 0, '2': 0, '4': 0, '5': 0, E: 0, F: 0, p: 0, q: 0, '6': 0, '7': 0,
  z: 1, '-': 1, l: 1, Q: 1, $: 1, R: 1, ' ': 1, d: 1, a: 1, J: 1, W: 1, h: 1, '_': 1, t: 1, '1': 1,
  i: 2, s: 2,
})) {
  ESC_FIXED[key.charCodeAt(0)] = count;
}

function starShapeAt(buf: Uint8Array, at: number): Shape {
  const avail = buf.length - at;
  const byte = (offset: number): number => buf[at + offset] ?? 0;
  const needOr = (count: number, shape: () => Shape): Shape => (avail < count ? { need: count } : shape());
  if (avail < 2) return { need: 2 };
  const code = byte(1);
  if (byte(0) === DLE) {
    // DLE EOT n: the ESC/POS real-time status request Star answers in compatibility mode.
    return code === EOT ? needOr(3, () => ({ name: 'DLE EOT', header: 3, data: 0 })) : { unknown: 2 };
  }
  const count = ESC_FIXED[code];
  if (count !== undefined) return needOr(2 + count, () => ({ name: nameOf(ESC, code), header: 2 + count, data: 0 }));
  switch (code) {
    case 0x6b: // ESC k n1 n2: one 24-dot row band of n1 + 256·n2 bytes per dot row.
      return needOr(4, () => ({ name: 'ESC k', header: 4, data: 24 * (byte(2) + byte(3) * 256) }));
    case 0x4b: // ESC K n NUL d1…dn (dot impact image)
      return needOr(4, () => ({ name: 'ESC K', header: 4, data: byte(2) }));
    case 0x62: // ESC b n1 n2 n3 n4 d… RS
      return needOr(6, () => ({ name: 'ESC b', header: 6, data: 0 }));
    case RS:
      return needOr(4, () => ({ name: `ESC RS ${String.fromCharCode(byte(2))}`, header: 4, data: 0, prefix: 3 }));
    case GS: {
      if (avail < 3) return { need: 3 };
      const sub = byte(2);
      const name = `ESC GS ${sub === ETX ? 'ETX' : String.fromCharCode(sub)}`;
      if (sub === 0x61 || sub === 0x74) return needOr(4, () => ({ name, header: 4, data: 0, prefix: 3 }));
      if (sub === 0x41 || sub === 0x52) return needOr(5, () => ({ name, header: 5, data: 0, prefix: 3 }));
      if (sub === ETX) return needOr(6, () => ({ name, header: 6, data: 0, prefix: 3 }));
      // ESC GS S m xL xH yL yH n: raster image of x bytes by y dots.
      if (sub === 0x53) return needOr(9, () => ({ name, header: 9, data: (byte(4) + byte(5) * 256) * (byte(6) + byte(7) * 256), prefix: 3 }));
      return { unknown: 3 };
    }
    default:
      return { unknown: 2 };
  }
}

/** Controls the Star decoder acts on or knows to ignore (drawer, document, upside down). */
const STAR_CONTROLS = new Set([0x00, 0x04, 0x05, 0x07, 0x09, LF, 0x0c, 0x0d, 0x0e, 0x0f, 0x12, 0x14, 0x18, RS]);

export function createStarLineDecoder(hooks: PrinterDecoderHooks = {}): PrinterDecoder {
  return createDecoder(hooks, starLineDialect);
}

function starLineDialect({ paper, statusRequest, shiftJisSelected }: DecoderParts): DecoderDialect {
  paper.resetModes(1);

  function command(name: string, params: Uint8Array): void {
    const p0 = params[0] ?? 0;
    const p1 = params[1] ?? 0;
    const line = paper.line;
    switch (name) {
      case 'ESC @':
        // Japanese models start in the katakana page.
        paper.resetModes(1);
        return;
      case 'ESC $': {
        const on = p0 === 1 || p0 === 0x31;
        paper.shiftJis = on;
        paper.kanjiOn = on;
        if (on) shiftJisSelected();
        return;
      }
      case 'ESC p':
        paper.shiftJis = false;
        paper.kanjiOn = true;
        return;
      case 'ESC q':
        paper.kanjiOn = false;
        return;
      case 'ESC R':
        paper.country = p0 >= 0x30 ? p0 - 0x30 : p0;
        return;
      case 'ESC GS t':
        // Star's code page numbers: 0 and 1 are the Japanese models' katakana page.
        paper.codePage = p0 <= 1 ? 1 : 2;
        return;
      case 'ESC i':
        paper.widthScale = Math.min(6, p1 + 1);
        return;
      case 'ESC W':
        paper.widthScale = Math.min(6, p0 >= 0x30 ? p0 - 0x30 + 1 : p0 + 1);
        return;
      case 'ESC l':
        line.leftColumns = Math.min(HARDWARE_LIMITS.printerLineColumnsMax, p0);
        return;
      case 'ESC GS a':
        line.alignment = alignmentOf(p0);
        return;
      case 'ESC GS A':
        paper.moveToDots(p0 + p1 * 256);
        return;
      case 'ESC GS R':
        paper.moveByDots(signed16(p0, p1));
        return;
      case 'ESC d':
        paper.cut();
        return;
      case 'ESC a':
        for (let i = 0; i < p0; i++) paper.printLine();
        return;
      case 'ESC b':
        // Barcode data runs to RS and arrives as text bytes: it is bars, not characters.
        paper.textSuppressed = true;
        return;
      case 'DLE EOT':
        statusRequest(p0);
        return;
      default:
        return;
    }
  }

  function control(byte: number): void {
    if (byte === RS) paper.textSuppressed = false;
    else if (byte === LF) paper.printLine();
    else if (byte === 0x09) paper.tab();
    else if (byte === 0x0e) paper.widthScale = 2;
    else if (byte === 0x14) paper.widthScale = 1;
  }

  return { tokenizer: createCommandTokenizer({ prefixes: new Set([ESC, DLE]), controls: STAR_CONTROLS, shapeAt: starShapeAt }), command, control };
}

export function decodeStarLine(bytes: Uint8Array): DecodedPrint {
  const decoder = createStarLineDecoder();
  decoder.feed(bytes);
  return decoder.finish();
}

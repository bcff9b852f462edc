/**
 * The paper side of a decoder, shared by the ESC/POS and Star line mode decoders: character
 * modes, text bytes → characters in columns, lines printed, cuts. Each decoder maps its own
 * commands onto these modes. Bounded by HARDWARE_LIMITS (lines, columns).
 */
import iconv from 'iconv-lite';
import { HARDWARE_LIMITS } from '../../limits';
import { LineBuilder } from './line-builder';
import { isShiftJisLead, isShiftJisTrail } from './shift-jis';

/** Dots per half-width column: font A is 12 × 24 on TM and TSP thermal models. */
export const DOTS_PER_COLUMN = 12;
/** Default horizontal tab stops: every 8 characters. */
const TAB_COLUMNS = 8;

/** Katakana page 0x80–0x9F as receiptline's rules use them: ─ │ and corners. */
function katakanaPageSymbol(byte: number): string {
  if (byte === 0x95) return '-';
  if (byte === 0x96) return '|';
  if (byte >= 0x8f && byte <= 0x9f) return '+';
  return '?';
}

export class Paper {
  readonly line = new LineBuilder();
  lines: string[] = [];
  cuts = 0;
  truncated = false;
  kanjiOnAtEveryDoubleByte = true;
  jisDoubleBytes = 0;
  private linesTotal = 0;

  /** Shift_JIS double-byte characters are recognised (ESC/POS `FS C 1`, Star `ESC $ 1`). */
  shiftJis = false;
  /** Kanji mode: ESC/POS `FS &`; in JIS mode, pairs of 0x21–0x7E are JIS X 0208. */
  kanjiOn = false;
  /** The single-byte page: 0 PC437, 1 katakana (ESC/POS `ESC t`). */
  codePage = 0;
  /** International character set: 8 is Japan (0x5C prints ¥). */
  country = 0;
  widthScale = 1;
  /** Text bytes that are not characters (Star barcode data up to RS). */
  textSuppressed = false;
  private pendingLead: number | null = null;

  constructor(private readonly onCut: () => void = () => undefined) {}

  resetModes(defaultCodePage: number): void {
    this.shiftJis = false;
    this.kanjiOn = false;
    this.codePage = defaultCodePage;
    this.country = 0;
    this.widthScale = 1;
    this.textSuppressed = false;
    this.pendingLead = null;
    this.line.take();
    this.line.leftColumns = 0;
    this.line.areaColumns = null;
    this.line.alignment = 'left';
  }

  printLine(): void {
    this.flushLead();
    const text = this.line.take();
    if (this.linesTotal >= HARDWARE_LIMITS.printerDecodedLinesMax) {
      this.truncated = true;
      return;
    }
    this.linesTotal++;
    this.lines.push(text);
  }

  cut(): void {
    this.flushLead();
    if (!this.line.isEmpty) this.printLine();
    this.cuts++;
    this.onCut();
  }

  tab(): void {
    this.flushLead();
    this.line.moveTo((Math.floor(this.line.position / TAB_COLUMNS) + 1) * TAB_COLUMNS);
  }

  moveToDots(dots: number): void {
    this.flushLead();
    this.line.moveTo(dots / DOTS_PER_COLUMN);
  }

  moveByDots(dots: number): void {
    this.flushLead();
    this.line.moveBy(dots / DOTS_PER_COLUMN);
  }

  /** A lead byte waits for its trail across text chunks, but not across a command. */
  flushLead(): void {
    if (this.pendingLead === null) return;
    const lead = this.pendingLead;
    this.pendingLead = null;
    this.single(lead);
  }

  text(bytes: Uint8Array): void {
    if (this.textSuppressed) return;
    for (const b of bytes) {
      if (this.pendingLead !== null) {
        const lead = this.pendingLead;
        this.pendingLead = null;
        if (this.shiftJis ? isShiftJisTrail(b) : b >= 0x21 && b <= 0x7e) {
          this.double(lead, b);
          continue;
        }
        this.single(lead);
      }
      if (this.shiftJis ? isShiftJisLead(b) : this.kanjiOn && b >= 0x21 && b <= 0x7e) this.pendingLead = b;
      else this.single(b);
    }
  }

  takePrinted(): { lines: string[]; cuts: number } {
    const printed = { lines: this.lines, cuts: this.cuts };
    this.lines = [];
    this.cuts = 0;
    return printed;
  }

  private put(char: string, widthColumns: number): void {
    const before = this.line.position;
    this.line.write(char, widthColumns, widthColumns * (this.widthScale - 1));
    if (this.line.position === before) this.truncated = true;
  }

  private single(byte: number): void {
    if (byte < 0x80) {
      if (byte === 0x5c && this.country === 8) this.put('¥', 1);
      else this.put(byte === 0x7f ? '?' : String.fromCharCode(byte), 1);
    } else if (byte >= 0xa1 && byte <= 0xdf && (this.shiftJis || this.codePage === 1)) {
      this.put(String.fromCharCode(0xff61 + byte - 0xa1), 1);
    } else if (this.codePage === 1) {
      this.put(katakanaPageSymbol(byte), 1);
    } else if (this.codePage === 0) {
      this.put(iconv.decode(Uint8Array.of(byte), 'cp437'), 1);
    } else {
      this.put('?', 1);
    }
  }

  private double(lead: number, trail: number): void {
    if (!this.kanjiOn) this.kanjiOnAtEveryDoubleByte = false;
    let char: string;
    if (this.shiftJis) {
      char = iconv.decode(Uint8Array.of(lead, trail), 'shift_jis');
    } else {
      this.jisDoubleBytes++;
      char = iconv.decode(Uint8Array.of(lead | 0x80, trail | 0x80), 'euc-jp');
    }
    this.put(char.length > 0 ? char : '?', 2);
  }
}

/**
 * R29: one receiptline markup becomes the printer's bytes, the preview and the plain text. The
 * bytes are decoded back (escpos/decoder.ts, star/decoder.ts) to check what the paper says.
 */
import iconv from 'iconv-lite';
import receiptline from 'receiptline';
import { describe, expect, it } from 'vitest';
import { CHARS_PER_LINE, PAPER_WIDTHS_MM } from '../../common/receipts/printer-settings';
import { hex } from '../testing/bytes';
import { decodeEscPos } from './escpos/decoder';
import { isShiftJisLead, isShiftJisTrail, selectsShiftJis } from './escpos/shift-jis';
import { tokenizeEscPos } from './escpos/tokenizer';
import { renderReceipt } from './render';
import { decodeStarLine } from './star/decoder';

const MARKUP = ['^^"熊谷書店"', 'お支払い | ¥1,200', '---', 'カード番号 | ****1234', '残高 | ¥8,800', '=', ''].join('\n');

function indexOf(haystack: Uint8Array, needle: Uint8Array, from = 0): number {
  outer: for (let i = from; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

function sjis(text: string): Uint8Array {
  return new Uint8Array(iconv.encode(text, 'shift_jis'));
}

/**
 * The test's own reading of the stream: the byte offsets of each Shift_JIS double-byte
 * character printed, and whether kanji mode (FS &) was on for it. Written from the ESC/POS
 * reference independently of kanji-mode.ts; only the command lengths come from the tokenizer.
 */
function doubleBytes(bytes: Uint8Array): Array<{ at: number; kanjiOn: boolean }> {
  const found: Array<{ at: number; kanjiOn: boolean }> = [];
  let shiftJis = false;
  let kanjiOn = false;
  let offset = 0;
  for (const t of tokenizeEscPos(bytes)) {
    if (t.kind === 'command') {
      if (t.name === 'FS C') shiftJis = selectsShiftJis(t.params[0] ?? -1) ?? shiftJis;
      if (t.name === 'FS &') kanjiOn = true;
      if (t.name === 'FS .' || t.name === 'ESC @') kanjiOn = false;
      if (t.name === 'ESC @') shiftJis = false;
    }
    if (t.kind === 'text' && shiftJis) {
      for (let i = 0; i < t.bytes.length; i++) {
        if (isShiftJisLead(t.bytes[i]!) && isShiftJisTrail(t.bytes[i + 1] ?? 0)) {
          found.push({ at: offset + i, kanjiOn });
          i++;
        }
      }
    }
    offset += t.bytes.length;
  }
  return found;
}

describe.each(PAPER_WIDTHS_MM)('R29: an Epson slip on %d mm paper', (paperWidthMm) => {
  const rendered = renderReceipt(MARKUP, { commandSet: 'epson', paperWidthMm });
  const { bytes } = rendered;
  const decoded = decodeEscPos(bytes);

  it('When the bytes are decoded, then the paper says the shop, the amount, the rule and the card in Japanese', () => {
    const cpl = CHARS_PER_LINE[paperWidthMm];
    expect(decoded.lines.map((l) => l.trim())).toEqual(['熊谷書店', 'お支払い' + ' '.repeat(cpl - 8 - 6) + '¥1,200', '-'.repeat(cpl), 'カード番号' + ' '.repeat(cpl - 10 - 8) + '****1234', '残高' + ' '.repeat(cpl - 4 - 6) + '¥8,800', '']);
    expect(decoded.shiftJis).toBe(true);
    expect(decoded.unknownCommands).toBe(0);
  });

  it('When the slip is printed, then Shift_JIS (FS C 1) and kanji mode (FS &) are selected before the first kanji', () => {
    const first = indexOf(bytes, sjis('熊'));
    expect(first).toBeGreaterThan(0);
    const fsC1 = indexOf(bytes, hex('1C 43 31'));
    const kanjiOn = indexOf(bytes, hex('1C 26'));
    expect(fsC1).toBeGreaterThanOrEqual(0);
    expect(kanjiOn).toBeGreaterThan(fsC1);
    expect(kanjiOn).toBeLessThan(first);
  });

  it('When a rule turns kanji mode off (FS .), then every double-byte character after it is printed with kanji mode on again', () => {
    const chars = doubleBytes(bytes);
    // 熊谷書店 お支払い カード番号 残高: 4 + 4 + 5 (カ ー ド 番 号) + 2.
    expect(chars).toHaveLength(15);
    expect(chars.filter((c) => !c.kanjiOn)).toEqual([]);
    // The rule really did turn it off in between, so FS & was needed twice at least.
    const kanjiOff = tokenizeEscPos(bytes).filter((t) => t.kind === 'command' && t.name === 'FS .').length;
    expect(kanjiOff).toBeGreaterThanOrEqual(2);
    expect(decoded.kanjiOnAtEveryDoubleByte).toBe(true);
  });

  it("When FS & is taken out again, then the rest is receiptline's own output byte for byte", () => {
    const raw = Buffer.from(receiptline.transform(MARKUP, { cpl: CHARS_PER_LINE[paperWidthMm], encoding: 'shiftjis', cutting: true, command: 'escpos' }), 'binary');
    const tokens = tokenizeEscPos(bytes).filter((t) => !(t.kind === 'command' && t.name === 'FS &'));
    expect(Buffer.concat(tokens.map((t) => t.bytes))).toEqual(raw);
    expect(raw.includes(Buffer.from(hex('1C 26')))).toBe(false);
  });

  it('When the stream ends, then it ends with a paper cut (GS V) and the cut count is the markup cut plus the closing one', () => {
    const commands = tokenizeEscPos(bytes).filter((t) => t.kind === 'command');
    const lastCut = commands.map((t) => (t.kind === 'command' ? t.name : '')).lastIndexOf('GS V');
    expect(lastCut).toBeGreaterThan(0);
    // Only GS r 1 (transmit status, so a host can wait for the end) may follow the cut.
    expect(commands.slice(lastCut + 1).map((t) => (t.kind === 'command' ? t.name : ''))).toEqual(['GS r']);
    expect(Buffer.from(commands[lastCut]!.bytes)).toEqual(Buffer.from(hex('1D 56 42 00')));
    expect(decoded.cuts).toBe(2);
  });

  it('When the slip holds Japanese and ¥, then no UTF-8 reaches the printer and ¥ is 0x5C under ESC R 8 (Japan)', () => {
    for (const char of ['熊', '谷', '書', '店', 'お', '¥']) {
      expect(indexOf(bytes, new Uint8Array(Buffer.from(char, 'utf8'))), char).toBe(-1);
    }
    const yen = indexOf(bytes, new Uint8Array(Buffer.from('\\1,200', 'latin1')));
    expect(yen).toBeGreaterThan(0);
    const japan = bytes.subarray(0, yen).lastIndexOf(0x52);
    expect(Buffer.from(bytes.subarray(japan - 1, japan + 2))).toEqual(Buffer.from(hex('1B 52 08')));
  });

  it('When the preview is drawn, then it has the same text and never asks the internet for a font', () => {
    expect(rendered.svg).toMatch(/^<svg /);
    expect(rendered.svg).not.toMatch(/@import|googleapis|https:/);
    const text = rendered.svg.replace(/<[^>]+>/g, '').replace(/&#xa0;/g, ' ');
    for (const part of ['熊谷書店', 'お支払い', '¥1,200', 'カード番号', '****1234']) expect(text).toContain(part);
  });

  it('R29 same source: the preview lines are exactly the lines decoded from the printed bytes', () => {
    expect(rendered.lines).toEqual(decoded.lines);
  });
});

describe.each(PAPER_WIDTHS_MM)('R29: a Star slip on %d mm paper', (paperWidthMm) => {
  const rendered = renderReceipt(MARKUP, { commandSet: 'star', paperWidthMm });
  const { bytes } = rendered;

  it('When the slip is rendered for Star line mode, then kanji is ESC $ 1, the cut is ESC d 3 and the job ends with ESC GS ETX and EOT', () => {
    const kanji = indexOf(bytes, hex('1B 24 31'));
    expect(kanji).toBeGreaterThan(0);
    expect(kanji).toBeLessThan(indexOf(bytes, sjis('熊')));
    expect(indexOf(bytes, hex('1B 52 38'))).toBeGreaterThan(0);
    expect(Buffer.from(bytes.subarray(-10))).toEqual(Buffer.from(hex('1B 64 33  1B 1D 03 01 00 00 04')));
    expect(indexOf(bytes, hex('1D 56'))).toBe(-1);
  });

  it('R29 same source: the Star bytes decode to the preview lines, every kanji in kanji mode', () => {
    const decoded = decodeStarLine(bytes);
    expect(decoded.lines).toEqual(rendered.lines);
    expect(decoded.lines[0]?.trim()).toBe('熊谷書店');
    expect(decoded.kanjiOnAtEveryDoubleByte).toBe(true);
    expect(decoded.cuts).toBe(2);
    expect(decoded.unknownCommands).toBe(0);
  });
});

describe('R29: rendering details', () => {
  it('When the paper is 58 or 80 mm, then the slip is laid out in 32 or 48 characters', () => {
    for (const [paperWidthMm, cpl] of [[58, 32], [80, 48]] as const) {
      const rendered = renderReceipt('---', { commandSet: 'epson', paperWidthMm });
      expect(rendered.lines).toEqual(['-'.repeat(cpl)]);
      expect(decodeEscPos(rendered.bytes).lines).toEqual(['-'.repeat(cpl)]);
    }
  });

  it('When a shop line holds XML and half-width kana, then the preview escapes it and the paper prints it', () => {
    const rendered = renderReceipt("ﾃｽﾄ <b>&'", { commandSet: 'epson', paperWidthMm: 80 });
    expect(rendered.svg).not.toContain('<b>');
    const text = rendered.svg
      .replace(/<[^>]+>/g, '')
      .replace(/&#xa0;/g, ' ')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');
    expect(text.trim()).toBe("ﾃｽﾄ <b>&'");
    expect(decodeEscPos(rendered.bytes).lines.map((l) => l.trim())).toEqual(["ﾃｽﾄ <b>&'"]);
    expect(rendered.lines).toEqual(decodeEscPos(rendered.bytes).lines);
  });
});

/**
 * Epson TM Japanese models print a Shift_JIS double-byte character as kanji only in kanji
 * mode (`FS &`, 1C 26); outside it the two bytes print as two katakana-page symbols
 * (docs/device-facts.md, "Receipt printers"). receiptline 4.0.4 selects Shift_JIS with `FS C 1`
 * before every text run but never sends `FS &`, and turns kanji mode off (`FS .`) for every
 * rule it draws. This pass walks the stream command by command (tokenizer.ts) and inserts
 * `FS &` just before a double-byte character that would otherwise print with kanji mode off.
 * Parameters and bulk data (rasters, QR, barcodes) are never looked into.
 */
import { isShiftJisLead, isShiftJisTrail, selectsShiftJis } from './shift-jis';
import { FS, tokenizeEscPos } from './tokenizer';

const KANJI_ON = Uint8Array.of(FS, 0x26);

export function ensureEpsonKanjiMode(bytes: Uint8Array): Uint8Array {
  const parts: Uint8Array[] = [];
  let shiftJis = false;
  let kanjiOn = false;

  for (const token of tokenizeEscPos(bytes)) {
    if (token.kind === 'command') {
      if (token.name === 'ESC @') {
        shiftJis = false;
        kanjiOn = false;
      } else if (token.name === 'FS C') {
        shiftJis = selectsShiftJis(token.params[0] ?? -1) ?? shiftJis;
      } else if (token.name === 'FS &') {
        kanjiOn = true;
      } else if (token.name === 'FS .') {
        kanjiOn = false;
      }
      parts.push(token.bytes);
      continue;
    }
    if (token.kind !== 'text' || !shiftJis || kanjiOn) {
      parts.push(token.bytes);
      continue;
    }
    const text = token.bytes;
    let from = 0;
    for (let i = 0; i < text.length; i++) {
      const b = text[i]!;
      if (!isShiftJisLead(b)) continue;
      const next = text[i + 1];
      if (next === undefined || !isShiftJisTrail(next)) continue;
      parts.push(text.subarray(from, i), KANJI_ON);
      from = i;
      kanjiOn = true;
      break;
    }
    parts.push(text.subarray(from));
  }

  return new Uint8Array(Buffer.concat(parts));
}

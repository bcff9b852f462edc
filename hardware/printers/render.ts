/**
 * One receiptline markup → the printer's bytes, the preview SVG and the slip's plain text: all
 * three from the same source by the same library, so what the screen shows is what prints.
 *
 * Command sets (receiptline 4.0.4):
 * - Epson → `escpos`. In 4.0.4 `epson` is only an alias of it (CHANGELOG 1.13.0: "epson" alias
 *   for escpos; both are `Object.assign({}, _base, _escpos, _thermal)`), so the bytes are the
 *   same; `escpos` is the name the README documents and uses throughout. The `_thermal` set is
 *   the TM-T88/T20/T70 family (`generic`/`sii`/`citizen`/`fit` are other makers, `impact` the
 *   TM-U220). Its Shift_JIS setup is `ESC t 1`, `FS C 1` (1C 43 31: Epson accepts n = 1 or 49
 *   for Shift_JIS), `ESC R 8`; kanji mode (`FS &`) is added by escpos/kanji-mode.ts.
 * - Star → `starlinembcs`: Star line mode, Japanese. Its text setup is `ESC $ 1` (Shift_JIS
 *   kanji mode) and `ESC R 8`; rules switch to `ESC $ 0`; the cut is `ESC d 3` (partial cut
 *   after feed), and the job ends with `ESC GS ETX 1 0 0` and EOT.
 */
import receiptline from 'receiptline';
import { CHARS_PER_LINE } from '../../common/receipts/printer-settings';
import type { PrinterCommandSet, SlipFormat } from '../../common/receipts/printer-settings';
import { ensureEpsonKanjiMode } from './escpos/kanji-mode';

export const RECEIPTLINE_COMMANDS: Record<PrinterCommandSet, 'escpos' | 'starlinembcs'> = { epson: 'escpos', star: 'starlinembcs' };

export interface RenderedReceipt {
  bytes: Uint8Array;
  svg: string;
  lines: string[];
}

function settings(format: SlipFormat) {
  return { cpl: CHARS_PER_LINE[format.paperWidthMm], encoding: 'shiftjis', cutting: true } as const;
}

/**
 * receiptline's SVG asks Google Fonts for BIZ UDGothic with an `@import`. The preview must never
 * reach the internet (the renderer's CSP forbids it as well): the font list that follows names
 * local fonts (MS Gothic, Osaka-Mono, monospace) and those are what the screen uses.
 */
export function withoutWebFonts(svg: string): string {
  return svg
    .replace(/@import\s+url\(\s*(["']?)[^)"']*\1\s*\)\s*;?/g, '')
    .replace(/<style type="text\/css"><!\[CDATA\[\s*\]\]><\/style>/g, '');
}

/** receiptline's plain-text output as lines: the final newline ends the last line. */
export function textLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines.map((l) => l.trimEnd());
}

export function renderReceipt(markup: string, format: SlipFormat): RenderedReceipt {
  const base = settings(format);
  // receiptline returns printer commands as a binary string: one char per byte.
  const raw = Buffer.from(receiptline.transform(markup, { ...base, command: RECEIPTLINE_COMMANDS[format.commandSet] }), 'binary');
  const bytes = format.commandSet === 'epson' ? ensureEpsonKanjiMode(raw) : new Uint8Array(raw);
  const svg = withoutWebFonts(receiptline.transform(markup, { ...base, command: 'svg' }));
  const lines = textLines(receiptline.transform(markup, { ...base, command: 'text' }));
  return { bytes, svg, lines };
}

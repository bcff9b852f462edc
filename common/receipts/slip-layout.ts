/**
 * A slip as rows before it becomes receiptline markup. Builders say what a row is (a heading,
 * a field, an amount); `layoutMarkup` alone decides receiptline's columns, widths and escapes,
 * so no builder can forget to escape a shop's text or leave a column width behind.
 */
import { CHARS_PER_LINE, type PaperWidthMm } from './printer-settings';
import { escapePropertyValue, escapeText } from './receiptline-text';

export type SlipRow =
  /** Centred on its own line; `large` is double height (the shop name), `title` double width. */
  | { type: 'center'; text: string; style?: 'large' | 'title' | 'bold' | 'inverted' }
  /** Left-aligned text on its own line (a section heading). */
  | { type: 'text'; text: string; indent?: Indent }
  /** Header field: a short label and a value (terminal, staff, time, number). */
  | { type: 'field'; label: string; value: string }
  /** A label and a right-aligned figure (an amount, a date, a count). */
  | { type: 'amount'; label: string; value: string; indent?: Indent; bold?: boolean }
  | { type: 'rule' }
  | { type: 'blank' }
  /** A QR code of `data`, centred, as large as the paper allows for the longest QR we print. */
  | { type: 'qr'; data: string };

/** Half-width columns of a field's label: 取引番号, 再印刷日時 and 元取引日時 (5 kanji) fit. */
export const FIELD_LABEL_COLUMNS = 10;
/** Narrowest figure column: a JST date `2027/12/01` and `¥1,234,567` (7 digits) fit. */
export const FIGURE_COLUMNS_MIN = 10;
/**
 * Two spaces a level: a row under a heading (a balance in a breakdown) reads as part of it,
 * and an expiry under its balance as part of that balance.
 */
export type Indent = 0 | 1 | 2;
const INDENT_PER_LEVEL = '~~';
const indentOf = (level: Indent = 0): string => INDENT_PER_LEVEL.repeat(level);

/** receiptline's decorations (README "Special characters in text"); each lasts to the line's end. */
const DECORATION = { large: '^^', title: '^', bold: '"', inverted: '`' } as const;

/**
 * A QR module in printer dots (receiptline allows 3–8). The longest text we print (an MPM QR,
 * LIMITS.mpmQrLengthMax = 400 bytes, level M) is version 15, 77 modules: 4 dots make 308 of the
 * 384 dots 58 mm paper prints, 6 dots 462 of 80 mm's 576. Shorter texts print smaller.
 */
const QR_CELL_DOTS: Record<PaperWidthMm, number> = { 58: 4, 80: 6 };
/** Level M (15 %): a printed QR taped to a counter survives a scuff and still fits the paper. */
const QR_ERROR_LEVEL = 'm';

type WidthMode = 'auto' | 'field' | 'figure';

/** Columns a text takes on the printer: receiptline and the printer count East Asian wide characters as two. */
export function columnsOf(text: string): number {
  let columns = 0;
  for (const char of text) columns += isWide(char) ? 2 : 1;
  return columns;
}

function isWide(char: string): boolean {
  const code = char.codePointAt(0) ?? 0;
  // Half-width katakana (U+FF61–FF9F) and ASCII/Latin-1 take one column; CJK, kana and full-width forms two.
  if (code < 0x1100) return false;
  if (code >= 0xff61 && code <= 0xff9f) return false;
  return true;
}

export function layoutMarkup(rows: readonly SlipRow[], paperWidthMm: PaperWidthMm): string {
  const figureColumns = Math.min(
    Math.max(FIGURE_COLUMNS_MIN, ...rows.map((row) => (row.type === 'amount' ? columnsOf(row.value) : 0))),
    // A pathological value must still leave the label half the paper.
    Math.floor(CHARS_PER_LINE[paperWidthMm] / 2),
  );
  const widthProperty: Record<WidthMode, string> = { auto: '{width:auto}', field: `{width:${FIELD_LABEL_COLUMNS},*}`, figure: `{width:*,${figureColumns}}` };
  const out: string[] = [];
  let mode: WidthMode | null = null;
  const use = (next: WidthMode): void => {
    if (mode !== next) out.push(widthProperty[next]);
    mode = next;
  };
  for (const row of rows) {
    switch (row.type) {
      case 'center':
        use('auto');
        out.push(`${row.style ? DECORATION[row.style] : ''}${escapeText(row.text)}`);
        break;
      case 'text':
        use('auto');
        out.push(`|${indentOf(row.indent)}${escapeText(row.text)}`);
        break;
      case 'field':
        use('field');
        out.push(`${escapeText(row.label)} | ${escapeText(row.value)}`);
        break;
      case 'amount': {
        use('figure');
        const bold = row.bold ? '"' : '';
        out.push(`${indentOf(row.indent)}${bold}${escapeText(row.label)} | ${bold}${escapeText(row.value)}`);
        break;
      }
      case 'rule':
        use('auto');
        out.push('-');
        break;
      case 'blank':
        use('auto');
        out.push('');
        break;
      case 'qr':
        use('auto');
        out.push(`{code:${escapePropertyValue(row.data)}; option:qrcode,${QR_CELL_DOTS[paperWidthMm]},${QR_ERROR_LEVEL}}`);
        break;
    }
  }
  // No `=` at the end: receiptline cuts the paper at the end of every document (its `cutting`
  // default), and a `=` there would be a second cut and a cut line drawn in the preview.
  return `${out.join('\n')}\n`;
}

/**
 * R29 across parts: a slip's markup (common/receipts) rendered into printer bytes
 * (hardware/printers) and decoded back says, on paper, everything the slip says, in Japanese,
 * at both paper widths; the stream is cut once; and the preview's text is the printed text.
 */
import { describe, expect, it } from 'vitest';
import { decodeEscPos, decodeStarLine, renderReceipt } from '../../hardware/printers/index';
import { slipMarkup, testSlipMarkup, type SlipMarkupOptions } from '../../common/receipts/slip-markup';
import { exampleSlip } from '../../common/receipts/slip-examples';
import { SLIP_KINDS, type Slip, type SlipKind } from '../../common/receipts/slip';
import { CHARS_PER_LINE, PAPER_WIDTHS_MM, type PaperWidthMm } from '../../common/receipts/printer-settings';
import { columnsOf } from '../../common/receipts/slip-layout';

const HEADER_LINES = ['熊谷市本町1-2-3', 'TEL 048-000-0000'];
const FOOTER_LINES = ['またのご来店をお待ちしております'];

function options(paperWidthMm: PaperWidthMm): SlipMarkupOptions {
  return { copy: 'customer', reprint: false, paperWidthMm, headerLines: HEADER_LINES, footerLines: FOOTER_LINES };
}

/** What the customer reads: `[label, value]` on one line (value at the right), or a line of text. */
interface Expected {
  rows: ReadonlyArray<readonly [string, string]>;
  texts: readonly string[];
  /** Balances with their expiry on the line under them: `[label, amount, expiry]`. */
  lots: ReadonlyArray<readonly [string, string, string]>;
}

const HEADER_ROWS = [
  ['端末', '0003'],
  ['担当', '山田花子'],
  ['日時', '2026/12/01 13:30'],
  ['取引番号', '0003-000042'],
] as const;

const EXPECTED: Record<SlipKind, Expected> = {
  payment: {
    rows: [['お支払い金額', '¥1,234,567'], ['補助金等マネー', '¥4,567'], ['チャージマネー', '¥1,230,000'], ['現金', '¥300'], ['合計', '¥1,234,867'], ['支払方法', 'QR'], ['残高合計', '¥8,800']],
    texts: ['ご利用明細', 'ご利用後残高'],
    lots: [['補助金等マネー', '¥1,800', '2027/03/31'], ['チャージマネー', '¥7,000', '2027/12/01']],
  },
  charge: {
    rows: [['チャージ金額', '¥5,000'], ['お預かり', '¥10,000'], ['おつり', '¥5,000'], ['ボーナス', '¥50'], ['未払い分精算', '¥700'], ['残高合計', '¥4,350']],
    texts: ['チャージ', 'チャージ後残高'],
    lots: [['チャージマネー', '¥4,350', '2027/12/01']],
  },
  cancel: {
    rows: [['元取引番号', '0003-000041'], ['元取引日時', '2026/12/01 12:05'], ['取消金額', '-¥1,200'], ['期限切れで戻らない額', '¥200'], ['現金返却', '¥300'], ['承認者', '佐藤店長']],
    texts: ['取消', 'お支払い取消'],
    lots: [],
  },
  migration: {
    rows: [['カード番号', '****1234'], ['移行金額', '¥6,500'], ['未払い分移行', '¥400']],
    texts: ['残高移行', '移行内訳'],
    lots: [['チャージマネー', '¥5,000', '2027/12/01'], ['補助金等マネー', '¥1,500', '2027/03/31']],
  },
  report: {
    rows: [
      ['営業日', '2026/12/01'],
      ['総額 12件', '¥48,200'],
      ['うちMPM 3件', '¥4,300'],
      ['うち店舗QR 1件', '¥800'],
      ['取消 1件', '-¥1,200'],
      ['純額', '¥47,000'],
      ['チャージマネー', '¥30,000'],
      ['プレミアム付商品券', '¥10,200'],
      ['補助金等マネー', '¥8,000'],
      ['総額 4件', '¥20,000'],
      ['ボーナス', '¥200'],
      ['取消 1件', '-¥5,000'],
      ['純額', '¥15,000'],
      ['総額 5件', '12,345 pt'],
      ['取消 1件', '-300 pt'],
      ['純額', '12,045 pt'],
      ['現金売上 2件', '¥600'],
      ['現金受取', '¥20,600'],
      ['現金返却', '-¥5,300'],
      ['ドロワー予定額', '¥15,300'],
      ['残高移行 1件', '¥6,500'],
      ['未送信', '3件'],
      ['差異', '2件'],
      ['精算日時', '2026/12/01 21:10'],
      ['精算者', '佐藤店長'],
    ],
    texts: ['精算レポート', 'お支払い', 'チャージ', 'クマポ利用（ポイント）'],
    lots: [],
  },
  point_spend: {
    rows: [['ご利用ポイント', '1,234 pt'], ['支払方法', 'QR'], ['残りポイント', '8,766 pt'], ['有効期限', '2027/12/01']],
    texts: ['ご利用明細', 'クマポ利用'],
    lots: [],
  },
  point_spend_cancel: {
    rows: [['元取引番号', '0003-000041'], ['元取引日時', '2026/12/01 12:05'], ['お戻しポイント', '1,234 pt'], ['保有ポイント', '10,000 pt'], ['承認者', '佐藤店長']],
    texts: ['取消', 'クマポ利用取消'],
    lots: [],
  },
};

/** A printed line's words with the layout's spacing collapsed. */
function words(line: string): string {
  return line.trim().replace(/\s+/g, ' ');
}

/** Double-width text may be laid out with spaces between its characters. */
function unspaced(line: string): string {
  return line.replace(/\s+/g, '');
}

function hasRow(lines: readonly string[], label: string, value: string): boolean {
  return lines.some((line) => words(line).startsWith(`${label} `) && words(line).endsWith(` ${value}`));
}

function expectSlipOnPaper(lines: readonly string[], kind: SlipKind): void {
  const expected = EXPECTED[kind];
  expect(lines[0] && unspaced(lines[0]), 'shop name first').toBe('熊谷ベーカリー');
  for (const headerLine of HEADER_LINES) expect(lines.map(words)).toContain(headerLine);
  for (const footerLine of FOOTER_LINES) expect(lines.map(words)).toContain(footerLine);
  expect(lines.map(words)).toContain('お客様控え');
  for (const [label, value] of [...HEADER_ROWS, ...expected.rows]) expect(hasRow(lines, label, value), `${label} … ${value}`).toBe(true);
  for (const text of expected.texts) expect(lines.map(unspaced)).toContain(text);
  for (const [label, amountText, expiry] of expected.lots) {
    const at = lines.findIndex((line, i) => words(line) === `${label} ${amountText}` && words(lines[i + 1] ?? '') === `有効期限 ${expiry}`);
    expect(at, `${label} ${amountText} / 有効期限 ${expiry}`).toBeGreaterThanOrEqual(0);
  }
}

describe.each(PAPER_WIDTHS_MM)('R29: slips printed on %i mm paper (Epson ESC/POS, Shift_JIS)', (paperWidthMm) => {
  it.each(SLIP_KINDS)('R29: a %s slip says every field on paper, in Japanese, with ¥ amounts and JST times', (kind) => {
    const printed = renderReceipt(slipMarkup(exampleSlip(kind), options(paperWidthMm)), { commandSet: 'epson', paperWidthMm });
    const decoded = decodeEscPos(printed.bytes);
    expectSlipOnPaper(decoded.lines, kind);
    for (const line of decoded.lines) expect(columnsOf(line), line).toBeLessThanOrEqual(CHARS_PER_LINE[paperWidthMm]);
  });

  it.each(SLIP_KINDS)('R29: a %s slip is cut exactly once, at its end, in Shift_JIS with kanji mode on for every kanji', (kind) => {
    const { bytes } = renderReceipt(slipMarkup(exampleSlip(kind), options(paperWidthMm)), { commandSet: 'epson', paperWidthMm });
    const decoded = decodeEscPos(bytes);
    expect(decoded.cuts).toBe(1);
    expect(decoded.shiftJis).toBe(true);
    expect(decoded.kanjiOnAtEveryDoubleByte).toBe(true);
    // The footer is the last thing printed: the cut is after it, not before.
    expect(words(decoded.lines.filter((line) => line.trim() !== '').at(-1) ?? '')).toBe(FOOTER_LINES.at(-1));
  });

  it.each(SLIP_KINDS)('R29: the preview of a %s slip shows the printed text line for line (one source)', (kind) => {
    const rendered = renderReceipt(slipMarkup(exampleSlip(kind), options(paperWidthMm)), { commandSet: 'epson', paperWidthMm });
    expect(decodeEscPos(rendered.bytes).lines).toEqual(rendered.lines);
  });

  it('R29: a reprint says 再印刷 on paper with its JST time, and still the original number and time', () => {
    const { bytes } = renderReceipt(slipMarkup(exampleSlip('payment'), { ...options(paperWidthMm), reprint: true, reprintedAt: '2026-12-02T00:05:00.000Z' }), { commandSet: 'epson', paperWidthMm });
    const lines = decodeEscPos(bytes).lines;
    expect(lines.map(unspaced)).toContain('再印刷');
    expect(lines.map(words)).toContain('再印刷日時 2026/12/02 09:05');
    expect(hasRow(lines, '日時', '2026/12/01 13:30')).toBe(true);
    expect(hasRow(lines, '取引番号', '0003-000042')).toBe(true);
  });

  it('R20: an offline-approved payment prints オフライン承認 and no balance', () => {
    const slip: Slip = exampleSlip('payment', { offline: true, balanceAfter: null });
    const lines = decodeEscPos(renderReceipt(slipMarkup(slip, options(paperWidthMm)), { commandSet: 'epson', paperWidthMm }).bytes).lines;
    expect(lines.map(words)).toContain('オフライン承認');
    expect(lines.map(words)).toContain('残高はアプリでご確認ください');
    expect(lines.join('\n')).not.toContain('有効期限');
  });

  it('R23: a KumaPo slip on paper counts in points: no ¥ (0x5C on the printer) on a spend or its 取消', () => {
    for (const kind of ['point_spend', 'point_spend_cancel'] as const) {
      const lines = decodeEscPos(renderReceipt(slipMarkup(exampleSlip(kind), options(paperWidthMm)), { commandSet: 'epson', paperWidthMm }).bytes).lines;
      expect(lines.join('\n'), kind).not.toMatch(/[¥\\\uffe5円]/);
      expect(lines.filter((line) => / pt$/.test(line.trimEnd())).length, kind).toBeGreaterThanOrEqual(2);
    }
  });

  it('R28: an MPM payment on paper says how it was paid: QR表示（MPM）, or 店舗QR for the printed store QR', () => {
    for (const [method, label] of [['mpm', 'QR表示（MPM）'], ['mpm_static', '店舗QR']] as const) {
      const lines = decodeEscPos(renderReceipt(slipMarkup(exampleSlip('payment', { method }), options(paperWidthMm)), { commandSet: 'epson', paperWidthMm }).bytes).lines;
      expect(hasRow(lines, '支払方法', label), label).toBe(true);
    }
  });

  it('R29: a shop named `A|B {x} -=^_` prints literally: no extra column, rule or cut', () => {
    const name = 'A|B {x} -=^_';
    const plain = 'ABCDEFGHIJKL';
    const print = (shopName: string) =>
      decodeEscPos(renderReceipt(slipMarkup(exampleSlip('charge', {}, { shopName }), { ...options(paperWidthMm), headerLines: [shopName, '---', '==='] }), { commandSet: 'epson', paperWidthMm }).bytes);
    const tricky = print(name);
    expect(tricky.cuts).toBe(1);
    expect(tricky.lines.map(words)).toContain('---');
    expect(tricky.lines.map(words)).toContain('===');
    expect(tricky.lines.map((line) => line.replaceAll(name, plain))).toEqual(print(plain).lines);
  });

  it('R29: テスト印刷 prints the shop, terminal, JST time and a ruler that fills the line exactly', () => {
    const markup = testSlipMarkup({ shopName: '熊谷ベーカリー', terminalNo: 3, printedAt: '2026-12-01T04:30:00.000Z', paperWidthMm, headerLines: HEADER_LINES, footerLines: FOOTER_LINES });
    const rendered = renderReceipt(markup, { commandSet: 'epson', paperWidthMm });
    const decoded = decodeEscPos(rendered.bytes);
    expect(decoded.cuts).toBe(1);
    expect(decoded.lines).toEqual(rendered.lines);
    expect(decoded.lines.map(unspaced)).toContain('テスト印刷');
    expect(hasRow(decoded.lines, '端末', '0003')).toBe(true);
    expect(hasRow(decoded.lines, '日時', '2026/12/01 13:30')).toBe(true);
    expect(decoded.lines.filter((line) => /^\d+$/.test(line)).map((line) => line.length)).toEqual([CHARS_PER_LINE[paperWidthMm]]);
  });
});

describe.each(PAPER_WIDTHS_MM)('R29: slips printed on %i mm paper (Star line mode, Japanese)', (paperWidthMm) => {
  it.each(SLIP_KINDS)('R29: a %s slip printed by a Star printer says every field in Japanese, is cut once, and matches its preview', (kind) => {
    const rendered = renderReceipt(slipMarkup(exampleSlip(kind), options(paperWidthMm)), { commandSet: 'star', paperWidthMm });
    const decoded = decodeStarLine(rendered.bytes);
    expectSlipOnPaper(decoded.lines, kind);
    expect(decoded.cuts).toBe(1);
    expect(decoded.lines).toEqual(rendered.lines);
  });
});

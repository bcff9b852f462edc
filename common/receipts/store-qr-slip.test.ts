import { describe, expect, it } from 'vitest';
import { transform } from 'receiptline';
import { CHARS_PER_LINE, PAPER_WIDTHS_MM, type PaperWidthMm } from './printer-settings';
import { escapePropertyValue } from './receiptline-text';
import { columnsOf } from './slip-layout';
import { storeQrSlipMarkup, type StoreQrSlipOptions } from './store-qr-slip';

const QR = `KPM1.k2026a.s.0b7f2a5e-3c1d-4e8f-9a6b-2d4c6e8f0a1b.5c9e1f3a-7b2d-4a6c-8e0f-1a3b5c7d9e2f.-.0.54aK6LC344GG44Gp5pys6IiXIOmnheWJjeW6lw.${'A'.repeat(86)}`;
const OPTIONS: StoreQrSlipOptions = { shopName: '熊谷うちわ本舗 駅前店', qr: QR, terminalNo: 2, terminalId: 'term-2', printedAt: '2026-12-01T05:00:00.000Z', paperWidthMm: 58 };

function printed(markup: string, paperWidthMm: PaperWidthMm): string[] {
  return transform(markup, { cpl: CHARS_PER_LINE[paperWidthMm], encoding: 'shiftjis', command: 'text' })
    .split('\n')
    .map((line) => line.trimEnd())
    .filter((line) => line.trim() !== '');
}

describe('store QR slip (R28 static MPM)', () => {
  it('R28: the slip has the shop name in Japanese, クマPAY 店頭QR, the QR code of the exact text, how to pay, and the register', () => {
    for (const paperWidthMm of PAPER_WIDTHS_MM) {
      const markup = storeQrSlipMarkup({ ...OPTIONS, paperWidthMm });
      // The QR code line: receiptline's 2D code property with the signed text, unaltered.
      const codeLines = markup.split('\n').filter((line) => line.startsWith('{code:'));
      expect(codeLines).toEqual([`{code:${QR}; option:qrcode,${paperWidthMm === 58 ? 4 : 6},m}`]);

      const lines = printed(markup, paperWidthMm).map((line) => line.replace(/\s+/g, ''));
      expect(lines[0]).toBe('熊谷うちわ本舗駅前店');
      expect(lines).toContain('クマPAY店頭QR');
      expect(lines.join('')).toContain('アプリで読み取り、金額を入力してお支払いください');
      expect(lines).toContain('端末0002');
      expect(lines).toContain('発行日時2026/12/0114:00');
      // Nothing runs past the paper's edge.
      for (const line of printed(markup, paperWidthMm)) expect(columnsOf(line)).toBeLessThanOrEqual(CHARS_PER_LINE[paperWidthMm]);
    }
  });

  it('R28: the QR is drawn as a code on the preview, inside the paper width', () => {
    const svg = transform(storeQrSlipMarkup(OPTIONS), { cpl: CHARS_PER_LINE[58], encoding: 'shiftjis', command: 'svg' });
    expect(svg).toMatch(/^<svg width="384px"/);
    // receiptline draws the code as one path of dark modules.
    expect(svg).toMatch(/<path d="M/);
  });

  it('R28: a register without a number yet prints its terminal id', () => {
    const lines = printed(storeQrSlipMarkup({ ...OPTIONS, terminalNo: null }), 58).map((line) => line.replace(/\s+/g, ''));
    expect(lines).toContain('端末term-2');
  });

  it('R29: a code text with property delimiters reaches receiptline unchanged (escaped, not cut)', () => {
    const data = 'a;b|c{d}e\\f:g';
    const svg = transform(`{code:${escapePropertyValue(data)}; option:code128,hri}`, { cpl: 48, encoding: 'shiftjis', command: 'svg' });
    // The human-readable line under a CODE128 is the data receiptline encoded, one tspan a character.
    const hri = [...svg.matchAll(/<tspan[^>]*>([^<]*)<\/tspan>/g)].map((match) => match[1]).join('');
    // Shift_JIS fonts draw the backslash as ¥ (0x5C): the same byte.
    expect(hri).toBe(data.replace('\\', '¥'));
  });
});

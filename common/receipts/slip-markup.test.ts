import { describe, expect, it } from 'vitest';
import { transform } from 'receiptline';
import { slipMarkup, testSlipMarkup, type SlipMarkupOptions } from './slip-markup';
import { exampleSlip } from './slip-examples';
import { CHARS_PER_LINE, PAPER_WIDTHS_MM, type PaperWidthMm } from './printer-settings';
import { SLIP_KINDS, type Slip } from './slip';
import { columnsOf } from './slip-layout';

const OPTIONS: SlipMarkupOptions = { copy: 'customer', reprint: false, paperWidthMm: 58, headerLines: ['TEL 048-000-0000'], footerLines: ['またのご来店をお待ちしております'] };

/** The slip as receiptline lays it out in text (same grammar, columns and wrapping as the printer). */
function printed(markup: string, paperWidthMm: PaperWidthMm = 58): string[] {
  return transform(markup, { cpl: CHARS_PER_LINE[paperWidthMm], encoding: 'shiftjis', command: 'text' })
    .split('\n')
    .map((line) => line.trimEnd())
    .filter((line) => line !== '');
}

function printedSlip(slip: Slip, options: Partial<SlipMarkupOptions> = {}): string[] {
  const all = { ...OPTIONS, ...options };
  return printed(slipMarkup(slip, all), all.paperWidthMm);
}

/** The one printed line that starts with `label` (after indentation). */
function row(lines: readonly string[], label: string): string {
  const found = lines.filter((line) => line.trimStart().startsWith(label));
  expect(found, `one line starting with ${label}`).toHaveLength(1);
  return found[0] ?? '';
}

/** A label and its figure on one line, the figure at the right edge. */
function expectRow(lines: readonly string[], label: string, value: string): void {
  expect(row(lines, label)).toMatch(new RegExp(`${escapeRegExp(value)}$`));
}

/** A line's words with the layout's spacing collapsed, for comparing what a run of lines says. */
function words(line: string): string {
  return line.trim().replace(/\s+/g, ' ');
}

/** The `count` lines after the line that says `heading`. */
function section(lines: readonly string[], heading: string, count: number): string[] {
  const at = lines.findIndex((line) => words(line) === heading);
  expect(at, heading).toBeGreaterThanOrEqual(0);
  return lines.slice(at + 1, at + 1 + count);
}

/** Double-width text: receiptline's text preview spaces out its characters. */
function unspaced(line: string): string {
  return line.replace(/\s+/g, '');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function cutsOf(markup: string): number {
  // receiptline's ESC/POS cut is GS V; it cuts at the end of a document (the `cutting` default).
  const bytes = transform(markup, { cpl: 32, encoding: 'shiftjis', command: 'escpos' });
  return bytes.split('\x1dV').length - 1;
}

describe('slipMarkup: the header on every slip (R29)', () => {
  it.each(SLIP_KINDS)('R29: a %s slip names the shop, its lines, terminal, staff, JST time and short number', (kind) => {
    const lines = printedSlip(exampleSlip(kind));
    expect(lines[0]?.trim()).toBe('熊谷ベーカリー');
    expect(lines[1]?.trim()).toBe('TEL 048-000-0000');
    expectRow(lines, '端末', '0003');
    expectRow(lines, '担当', '山田花子');
    expectRow(lines, '日時', '2026/12/01 13:30');
    expectRow(lines, '取引番号', '0003-000042');
    expect(lines).toContainEqual(expect.stringContaining('お客様控え'));
    expect(lines.at(-1)?.trim()).toBe('またのご来店をお待ちしております');
  });

  it('R29: the time is JST whatever the instant: 15:30 UTC on 30 Nov is 00:30 on 1 Dec', () => {
    const lines = printedSlip(exampleSlip('payment', {}, { occurredAt: '2026-11-30T15:30:00.000Z' }));
    expectRow(lines, '日時', '2026/12/01 00:30');
  });

  it('R29: the terminal number prints with four digits', () => {
    expectRow(printedSlip(exampleSlip('charge', {}, { terminalNo: 12 })), '端末', '0012');
  });

  it('R29: each kind has its title', () => {
    const titles = { payment: 'ご利用明細', charge: 'チャージ', cancel: '取消', migration: '残高移行', report: '精算レポート', point_spend: 'ご利用明細', point_spend_cancel: '取消' } as const;
    for (const kind of SLIP_KINDS) expect(printedSlip(exampleSlip(kind)).map(unspaced)).toContain(titles[kind]);
    expect(printedSlip(exampleSlip('report', { mode: 'check', closedAt: null, closedByName: null })).map(unspaced)).toContain('点検レポート');
  });

  it('R29: the copy is named: お客様控え or 加盟店控え', () => {
    const customer = printedSlip(exampleSlip('charge'), { copy: 'customer' });
    const shop = printedSlip(exampleSlip('charge'), { copy: 'shop' });
    expect(customer.join('\n')).toContain('お客様控え');
    expect(customer.join('\n')).not.toContain('加盟店控え');
    expect(shop.join('\n')).toContain('加盟店控え');
    expect(shop.join('\n')).not.toContain('お客様控え');
  });

  it('R29: a reprint says 再印刷 and when, so it is never taken for a second transaction', () => {
    const reprint = printedSlip(exampleSlip('payment'), { reprint: true, reprintedAt: '2026-12-02T00:05:00.000Z' });
    expect(reprint.map((line) => line.trim())).toContain('再印刷');
    expect(reprint.join('\n')).toContain('再印刷日時 2026/12/02 09:05');
    // Still the original transaction's time and number.
    expectRow(reprint, '日時', '2026/12/01 13:30');
    expectRow(reprint, '取引番号', '0003-000042');
    expect(printedSlip(exampleSlip('payment')).join('\n')).not.toContain('再印刷');
  });

  it('R29: every slip is cut once, at its end (receiptline\'s document-end cut; the markup adds none)', () => {
    for (const kind of SLIP_KINDS) {
      const markup = slipMarkup(exampleSlip(kind), OPTIONS);
      expect(markup.split('\n').filter((line) => /^=+$/.test(line))).toEqual([]);
      expect(cutsOf(markup)).toBe(1);
    }
  });
});

describe('slipMarkup: payment (R29, R32)', () => {
  it('R29: amount, the breakdown per balance, the split sale\'s cash and total, method', () => {
    const lines = printedSlip(exampleSlip('payment'));
    expectRow(lines, 'お支払い金額', '¥1,234,567');
    expect(section(lines, '内訳', 2).map(words)).toEqual(['補助金等マネー ¥4,567', 'チャージマネー ¥1,230,000']);
    expectRow(lines, '現金', '¥300');
    expectRow(lines, '合計', '¥1,234,867');
    expectRow(lines, '支払方法', 'QR');
  });

  it('R29: the balance after, per balance with its expiry (JST date), and its total', () => {
    const lines = printedSlip(exampleSlip('payment'));
    const after = section(lines, 'ご利用後残高', 4);
    expect(after.map(words)).toEqual(['補助金等マネー ¥1,800', '有効期限 2027/03/31', 'チャージマネー ¥7,000', '有効期限 2027/12/01']);
    // The expiry sits under its balance, indented further, so it reads as that balance's.
    expect(after[1]?.indexOf('有効期限')).toBeGreaterThan(after[0]?.indexOf('補助金等マネー') ?? Infinity);
    expect(after.every((line) => columnsOf(line) === 32)).toBe(true);
    expectRow(lines, '残高合計', '¥8,800');
  });

  it('R32: a payment without a cash part prints no 現金 and no 合計', () => {
    const lines = printedSlip(exampleSlip('payment', { cashYen: 0 }));
    expect(lines.some((line) => line.startsWith('現金') || line.startsWith('合計'))).toBe(false);
  });

  it('R29: a card payment says カード', () => {
    expectRow(printedSlip(exampleSlip('payment', { method: 'card' })), '支払方法', 'カード');
  });

  it('R20: an offline approval says so and prints no balance (the counter does not know it)', () => {
    const lines = printedSlip(exampleSlip('payment', { offline: true, balanceAfter: null }));
    const text = lines.join('\n');
    expect(text).toContain('オフライン承認');
    expect(text).toContain('残高はアプリでご確認ください');
    expect(text).not.toContain('残高合計');
    expect(text).not.toContain('有効期限');
    expectRow(lines, 'お支払い金額', '¥1,234,567');
  });

  it('R2: balance labels come from configuration: a renamed campaign prints as named, no built-in name appears', () => {
    const lot = { kind: 'limited', amountYen: 500, expiresAt: '2027-03-31T14:59:59.999Z' } as const;
    const slip = exampleSlip('payment', {
      allocations: [{ ...lot, label: 'くまがや応援マネー' }],
      balanceAfter: { totalYen: 500, lots: [{ ...lot, label: 'くまがや応援マネー' }] },
    });
    const text = printedSlip(slip).join('\n');
    expect(text.split('くまがや応援マネー')).toHaveLength(3);
    expect(text).not.toMatch(/チャージマネー|限定マネー|補助金等マネー/);
  });
});

describe('slipMarkup: charge (R29, R13)', () => {
  it('R29: amount, cash received, change, bonus, debt repaid, balance after with expiry', () => {
    const lines = printedSlip(exampleSlip('charge'));
    expectRow(lines, 'チャージ金額', '¥5,000');
    expectRow(lines, 'お預かり', '¥10,000');
    expectRow(lines, 'おつり', '¥5,000');
    expectRow(lines, 'ボーナス', '¥50');
    expectRow(lines, '未払い分精算', '¥700');
    expect(section(lines, 'チャージ後残高', 2).map(words)).toEqual(['チャージマネー ¥4,350', '有効期限 2027/12/01']);
    expectRow(lines, '残高合計', '¥4,350');
  });

  it('R13: without debt there is no debt line', () => {
    expect(printedSlip(exampleSlip('charge', { debtRepaidYen: 0 })).join('\n')).not.toContain('未払い分');
  });
});

describe('slipMarkup: cancel (R29, R15, R16, R31, R32)', () => {
  it('R15/R31/R32: what was cancelled, the original number and time, the amount negative, lost value, cash to return, approver', () => {
    const lines = printedSlip(exampleSlip('cancel'));
    expect(lines.map((line) => line.trim())).toContain('お支払い取消');
    expectRow(lines, '元取引番号', '0003-000041');
    expectRow(lines, '元取引日時', '2026/12/01 12:05');
    expectRow(lines, '取消金額', '-¥1,200');
    expectRow(lines, '期限切れで戻らない額', '¥200');
    expectRow(lines, '現金返却', '¥300');
    expectRow(lines, '承認者', '佐藤店長');
  });

  it('R16: a charge cancel says チャージ取消 and the cash handed back; nothing lost or approved is not mentioned', () => {
    const lines = printedSlip(exampleSlip('cancel', { of: 'charge', amountYen: 5_000, refundYen: 5_000, writtenOffYen: 0, cashToReturnYen: 0, approvedByName: null }));
    const text = lines.join('\n');
    expect(lines.map((line) => line.trim())).toContain('チャージ取消');
    expectRow(lines, '取消金額', '-¥5,000');
    expectRow(lines, '現金返金', '¥5,000');
    expect(text).not.toContain('期限切れ');
    expect(text).not.toContain('現金返却');
    expect(text).not.toContain('承認者');
  });
});

describe('slipMarkup: migration (R29, R19)', () => {
  it('R19: the card masked, the amount, each moved balance with its expiry, the debt moved', () => {
    const lines = printedSlip(exampleSlip('migration'));
    expectRow(lines, 'カード番号', '****1234');
    expectRow(lines, '移行金額', '¥6,500');
    expect(section(lines, '移行内訳', 4).map(words)).toEqual(['チャージマネー ¥5,000', '有効期限 2027/12/01', '補助金等マネー ¥1,500', '有効期限 2027/03/31']);
    expectRow(lines, '未払い分移行', '¥400');
  });

  it('R29: only the last four digits of the card number are printed', () => {
    const text = printedSlip(exampleSlip('migration', { cardNumberLast4: '56781234' })).join('\n');
    expect(text).toContain('****1234');
    expect(text).not.toContain('5678');
  });
});

describe('slipMarkup: 点検/精算 reports (R29, R30, R33)', () => {
  it('R33: business day, gross/cancelled/net per type, bonus, cash, drawer, migrations, pending, differences, who closed', () => {
    const lines = printedSlip(exampleSlip('report'));
    expectRow(lines, '営業日', '2026/12/01');
    expect(section(lines, 'お支払い', 5).map(words)).toEqual(['総額 12件 ¥48,200', 'うちMPM 3件 ¥4,300', 'うち店舗QR 1件 ¥800', '取消 1件 -¥1,200', '純額 ¥47,000']);
    expect(section(lines, 'チャージ', 4).map(words)).toEqual(['総額 4件 ¥20,000', 'ボーナス ¥200', '取消 1件 -¥5,000', '純額 ¥15,000']);
    expectRow(lines, '現金売上 2件', '¥600');
    expectRow(lines, '現金受取', '¥20,600');
    expectRow(lines, '現金返却', '-¥5,300');
    expectRow(lines, 'ドロワー予定額', '¥15,300');
    expectRow(lines, '残高移行 1件', '¥6,500');
    expectRow(lines, '未送信', '3件');
    expectRow(lines, '差異', '2件');
    expectRow(lines, '精算日時', '2026/12/01 21:10');
    expectRow(lines, '精算者', '佐藤店長');
  });

  it('R33: a 点検 that could not ask the backend says 未照合, not 0件; it has no close lines', () => {
    const lines = printedSlip(exampleSlip('report', { mode: 'check', closedAt: null, closedByName: null, backendCompared: false, differencesCount: 0 }));
    expectRow(lines, '差異', '未照合');
    expect(lines.join('\n')).not.toMatch(/精算日時|精算者/);
  });

  it('R26/R2: the day’s payments per balance, one line per campaign under its configured name; a balance never named prints a neutral word, never a built-in name', () => {
    const lines = printedSlip(exampleSlip('report'));
    expect(section(lines, 'お支払いの内訳（残高別）', 3).map(words)).toEqual(['チャージマネー ¥30,000', 'プレミアム付商品券 ¥10,200', '補助金等マネー ¥8,000']);
    const fourth = printedSlip(
      exampleSlip('report', {
        balances: [
          { kind: 'charge', label: '', amountYen: 100 },
          { kind: 'limited', label: 'プレミアム付商品券', amountYen: 200 },
          { kind: 'limited', label: '', amountYen: 300 },
        ],
      }),
    );
    expect(section(fourth, 'お支払いの内訳（残高別）', 3).map(words)).toEqual(['チャージ残高 ¥100', 'プレミアム付商品券 ¥200', 'キャンペーン残高 ¥300']);
    expect(fourth.join('\n')).not.toMatch(/限定マネー|チャージマネー/);
  });

  it('R29: a report slip kept before balances, MPM and KumaPo were listed prints without those lines', () => {
    const { balances: _balances, mpm: _mpm, points: _points, ...older } = exampleSlip('report').body as Extract<Slip['body'], { kind: 'report' }>;
    const lines = printedSlip({ ...exampleSlip('report'), body: older });
    expect(lines.map(words)).not.toContain('お支払いの内訳（残高別）');
    expect(lines.join('\n')).not.toMatch(/MPM|店舗QR|クマポ| pt/);
    expect(section(lines, 'お支払い', 4).map(words)).toEqual(['総額 12件 ¥48,200', '取消 1件 -¥1,200', '純額 ¥47,000', 'チャージ']);
  });

  it('R33: a negative net prints with a minus', () => {
    expect(section(printedSlip(exampleSlip('report', { netChargesYen: -3_000 })), 'チャージ', 4).map(words)).toContain('純額 -¥3,000');
  });
});

describe('slipMarkup: MPM payments say how the customer paid (R28)', () => {
  it('R28: a payment by a QR this register showed says QR表示（MPM）; by the printed store QR, 店舗QR; by the customer\'s QR, QR', () => {
    expectRow(printedSlip(exampleSlip('payment', { method: 'mpm' })), '支払方法', 'QR表示（MPM）');
    expectRow(printedSlip(exampleSlip('payment', { method: 'mpm_static' })), '支払方法', '店舗QR');
    expectRow(printedSlip(exampleSlip('payment', { method: 'qr' })), '支払方法', 'QR');
  });
});

/** The lines of a slip that carry a figure: none of a points slip's may be yen. */
function figureLines(lines: readonly string[]): string[] {
  return lines.filter((line) => /\d/.test(line) && !/^\s*(端末|日時|取引番号|元取引番号|元取引日時|有効期限|営業日|精算日時)/.test(line));
}

describe('slipMarkup: クマポ利用 (R23, points never yen)', () => {
  it('R23: a spend slip is a ご利用明細 that says クマポ利用, the points used, how, the points left and when they lapse (JST date)', () => {
    const lines = printedSlip(exampleSlip('point_spend'));
    expect(lines.map(unspaced)).toContain('ご利用明細');
    expect(lines.map((line) => line.trim())).toContain('クマポ利用');
    expectRow(lines, 'ご利用ポイント', '1,234 pt');
    expectRow(lines, '支払方法', 'QR');
    expectRow(lines, '残りポイント', '8,766 pt');
    expectRow(lines, '有効期限', '2027/12/01');
    expectRow(lines, '担当', '山田花子');
    expectRow(lines, '取引番号', '0003-000042');
  });

  it('R23: no figure on a points slip is yen: no ¥ anywhere, every amount is `n pt`', () => {
    for (const slip of [exampleSlip('point_spend'), exampleSlip('point_spend', { method: 'mpm', pointsAfter: null, pointsExpiresAt: null }), exampleSlip('point_spend_cancel')]) {
      const lines = printedSlip(slip, { headerLines: [] });
      expect(lines.join('\n')).not.toMatch(/[¥\uffe5円]/);
      const figures = figureLines(lines);
      expect(figures.length).toBeGreaterThan(0);
      for (const line of figures) expect(line, line).toMatch(/ pt$/);
    }
  });

  it('R23: points are grouped with commas at any size; 0 left prints 0 pt and no expiry', () => {
    const lines = printedSlip(exampleSlip('point_spend', { points: 9_999_999, pointsAfter: 0, pointsExpiresAt: null }));
    expectRow(lines, 'ご利用ポイント', '9,999,999 pt');
    expectRow(lines, '残りポイント', '0 pt');
    expect(lines.join('\n')).not.toContain('有効期限');
  });

  it('R28/R23: a points QR paid by the app says QR表示（MPM）; when the answer did not say the points left, the app is named instead of a number', () => {
    const lines = printedSlip(exampleSlip('point_spend', { method: 'mpm', pointsAfter: null, pointsExpiresAt: null }));
    expectRow(lines, '支払方法', 'QR表示（MPM）');
    expect(lines.map((line) => line.trim())).toContain('残りはアプリでご確認ください');
    expect(lines.join('\n')).not.toContain('残りポイント');
  });

  it('R23/R31: a spend cancel says 取消 and クマポ利用取消, the original number and time, the points returned, the points held now and the approver', () => {
    const lines = printedSlip(exampleSlip('point_spend_cancel'));
    expect(lines.map(unspaced)).toContain('取消');
    expect(lines.map((line) => line.trim())).toContain('クマポ利用取消');
    expectRow(lines, '元取引番号', '0003-000041');
    expectRow(lines, '元取引日時', '2026/12/01 12:05');
    expectRow(lines, 'お戻しポイント', '1,234 pt');
    expectRow(lines, '保有ポイント', '10,000 pt');
    expectRow(lines, '承認者', '佐藤店長');
  });

  it('R23: a cancel by a manager alone names no approver; an unknown original number or time is left out, not invented', () => {
    const text = printedSlip(exampleSlip('point_spend_cancel', { approvedByName: null, originalShortNo: null, originalOccurredAt: null, pointsAfter: null })).join('\n');
    expect(text).not.toMatch(/承認者|元取引番号|元取引日時|保有ポイント/);
    expect(text).toContain('1,234 pt');
  });
});

describe('slipMarkup: 点検/精算 KumaPo and MPM lines (R23, R26, R28)', () => {
  it('R23/R26: the KumaPo section counts spends, cancels and the net in points under a heading that says so; none of it is yen', () => {
    const lines = printedSlip(exampleSlip('report'));
    const kumapo = section(lines, 'クマポ利用（ポイント）', 3);
    expect(kumapo.map(words)).toEqual(['総額 5件 12,345 pt', '取消 1件 -300 pt', '純額 12,045 pt']);
    for (const line of kumapo) expect(line).not.toContain('¥');
    // The drawer and the yen nets are untouched by points.
    expectRow(lines, 'ドロワー予定額', '¥15,300');
    expect(section(lines, 'チャージ', 4).map(words)).toContain('純額 ¥15,000');
  });

  it('R28/R26: the MPM payments are counted among the gross payments in yen, with the store QR\'s share', () => {
    const lines = printedSlip(exampleSlip('report', { mode: 'check', closedAt: null, closedByName: null, mpm: { count: 0, yen: 0, staticCount: 0, staticYen: 0 } }));
    expect(section(lines, 'お支払い', 3).map(words)).toEqual(['総額 12件 ¥48,200', 'うちMPM 0件 ¥0', 'うち店舗QR 0件 ¥0']);
  });

  it('R23: a net below zero (cancels here of spends from an earlier day) prints with a minus, in points', () => {
    const lines = printedSlip(exampleSlip('report', { points: { spendCount: 0, spendPoints: 0, cancelCount: 1, cancelPoints: 500, netPoints: -500 } }));
    expect(section(lines, 'クマポ利用（ポイント）', 3).map(words)).toEqual(['総額 0件 0 pt', '取消 1件 -500 pt', '純額 -500 pt']);
  });
});

describe('slipMarkup: shop and configuration text is printed literally (receiptline escapes)', () => {
  const TRICKY = 'A|B {x} -=^_';
  const PLAIN = 'ABCDEFGHIJKL';

  it('R29: a shop named `A|B {x} -=^_` prints as typed and adds no column, rule, cut or decoration', () => {
    const make = (text: string): string =>
      slipMarkup(exampleSlip('payment', {}, { shopName: text, staffName: text }), { ...OPTIONS, headerLines: [text, `-${text}`, '---'], footerLines: ['===', `=${text}`] });
    const tricky = make(TRICKY);
    const plain = make(PLAIN);
    // Same width text: the tricky slip is the plain one, letter for letter, once the name is put back.
    expect(printed(tricky).map((line) => line.replaceAll(TRICKY, PLAIN))).toEqual(printed(plain));
    expect(printed(tricky)).toContainEqual(expect.stringContaining(TRICKY));
    expect(printed(tricky).map((line) => line.trim())).toContain('---');
    expect(printed(tricky).map((line) => line.trim())).toContain('===');
    expect(cutsOf(tricky)).toBe(1);
  });

  it('R2: a balance label with markup characters prints literally', () => {
    // (A backslash is not among them: byte 0x5C is ¥ on a Shift_JIS printer.)
    const label = '"限定"|`マネー`~{-^_=}';
    const text = printedSlip(exampleSlip('payment', { allocations: [{ label, kind: 'limited', amountYen: 100, expiresAt: '2027-03-31T14:59:59.999Z' }] }), { paperWidthMm: 80 }).join('\n');
    expect(text).toContain(label);
  });

  it('R29: a line break in a shop line cannot start a new row or a cut', () => {
    const markup = slipMarkup(exampleSlip('charge'), { ...OPTIONS, headerLines: ['一行目\n=\n二行目'] });
    expect(cutsOf(markup)).toBe(1);
    expect(printed(markup).map((line) => line.trim())).toContain('一行目 = 二行目');
  });
});

describe('slipMarkup: paper widths (R29)', () => {
  it.each(PAPER_WIDTHS_MM)('R29: at %i mm no line is wider than the paper and every figure is whole on its label\'s line', (paperWidthMm) => {
    for (const kind of SLIP_KINDS) {
      const lines = printedSlip(exampleSlip(kind), { paperWidthMm });
      for (const line of lines) expect(columnsOf(line), line).toBeLessThanOrEqual(CHARS_PER_LINE[paperWidthMm]);
    }
    // 7 digits beside the longest label, on 58 mm too.
    const payment = printedSlip(exampleSlip('payment'), { paperWidthMm });
    expectRow(payment, 'お支払い金額', '¥1,234,567');
    expectRow(printedSlip(exampleSlip('cancel', { writtenOffYen: 1_234_567 }), { paperWidthMm }), '期限切れで戻らない額', '¥1,234,567');
    expectRow(printedSlip(exampleSlip('report', { expectedDrawerYen: 1_234_567 }), { paperWidthMm }), 'ドロワー予定額', '¥1,234,567');
    // R23: the most points a wallet holds, beside the longest points label.
    expectRow(printedSlip(exampleSlip('point_spend', { points: 9_999_999 }), { paperWidthMm }), 'ご利用ポイント', '9,999,999 pt');
    expectRow(printedSlip(exampleSlip('point_spend_cancel', { points: 9_999_999 }), { paperWidthMm }), 'お戻しポイント', '9,999,999 pt');
  });

  it('R2: a configured label too long for 58 mm wraps; the amount is still printed whole', () => {
    const label = 'くまがや市民応援プレミアム付き電子マネー第二弾';
    const lines = printedSlip(exampleSlip('payment', { allocations: [{ label, kind: 'limited', amountYen: 1_234_567, expiresAt: '2027-03-31T14:59:59.999Z' }] }));
    const breakdown = section(lines, '内訳', 3);
    expect(breakdown[0]).toMatch(/ ¥1,234,567$/);
    expect(breakdown.map((line) => line.replace('¥1,234,567', '')).join('').replace(/\s+/g, '')).toBe(label);
  });
});

describe('testSlipMarkup (テスト印刷)', () => {
  it.each(PAPER_WIDTHS_MM)('R29: at %i mm it names the shop, terminal, JST time and width, and the ruler fills exactly one line', (paperWidthMm) => {
    const markup = testSlipMarkup({ shopName: 'A|B {x}', terminalNo: 7, printedAt: '2026-12-01T04:30:00.000Z', paperWidthMm, headerLines: ['TEL 048-000-0000'], footerLines: ['-おわり-'] });
    const lines = printed(markup, paperWidthMm);
    expect(lines[0]?.trim()).toBe('A|B {x}');
    expect(lines.map(unspaced)).toContain('テスト印刷');
    expectRow(lines, '端末', '0007');
    expectRow(lines, '日時', '2026/12/01 13:30');
    expectRow(lines, '用紙幅', `${paperWidthMm}mm (${CHARS_PER_LINE[paperWidthMm]}桁)`);
    const ruler = lines.find((line) => /^\d+$/.test(line));
    expect(ruler).toHaveLength(CHARS_PER_LINE[paperWidthMm]);
    expect(lines.at(-1)?.trim()).toBe('-おわり-');
    expect(cutsOf(markup)).toBe(1);
  });
});

/**
 * R29: the words and layout of every slip, as receiptline markup. The one source of both the
 * printed bytes and the on-screen preview (docs/receipts.md), so they cannot disagree.
 * Balance names are printed as configured (R2): this file never names a balance itself, save
 * a neutral word for the kind where no name was known (`UNNAMED_BALANCE_LABELS`).
 */
import type { Slip, SlipBalance, SlipBody, SlipCopy, SlipLot } from './slip';
import type { PaperWidthMm } from './printer-settings';
import { CHARS_PER_LINE } from './printer-settings';
import { layoutMarkup, type Indent, type SlipRow } from './slip-layout';
import { COPY_LABELS, METHOD_LABELS, SLIP_TITLES, UNNAMED_BALANCE_LABELS, WORDS } from './slip-labels';
import { slipBusinessDay, slipDate, slipDateTime, slipMaskedCard, slipPoints, slipPointsDeducted, slipTerminalNo, slipYen, slipYenDeducted } from './slip-format';

export interface SlipMarkupOptions {
  /** お客様控え / 加盟店控え title line. */
  copy: SlipCopy;
  /** Adds 「再印刷」 (and the reprint time) so a reprint is never mistaken for a second transaction. */
  reprint: boolean;
  /** ISO instant of the reprint, printed in JST. */
  reprintedAt?: string | null;
  paperWidthMm: PaperWidthMm;
  /** The shop's own lines (settings), under the shop name. */
  headerLines: readonly string[];
  footerLines: readonly string[];
}

type Body<K extends SlipBody['kind']> = Extract<SlipBody, { kind: K }>;

export function slipMarkup(slip: Slip, options: SlipMarkupOptions): string {
  const rows: SlipRow[] = [
    ...shopRows(slip.header.shopName, options.headerLines),
    { type: 'center', text: titleOf(slip.body), style: 'title' },
    ...reprintRows(options),
    { type: 'center', text: COPY_LABELS[options.copy], style: 'bold' },
    { type: 'rule' },
    ...headerFields(slip),
    { type: 'rule' },
    ...bodyRows(slip.body),
    ...footerRows(options.footerLines),
  ];
  return layoutMarkup(rows, options.paperWidthMm);
}

export interface TestSlipOptions {
  shopName: string;
  terminalNo: number | null;
  printedAt: string;
  paperWidthMm: PaperWidthMm;
  headerLines: readonly string[];
  footerLines: readonly string[];
}

/** テスト印刷: the shop's lines, Japanese text of every width, and a ruler of exactly one line. */
export function testSlipMarkup(options: TestSlipOptions): string {
  const columns = CHARS_PER_LINE[options.paperWidthMm];
  const rows: SlipRow[] = [
    ...shopRows(options.shopName, options.headerLines),
    { type: 'center', text: SLIP_TITLES.test, style: 'title' },
    { type: 'rule' },
    ...(options.terminalNo === null ? [] : [{ type: 'field', label: WORDS.terminal, value: slipTerminalNo(options.terminalNo) } as const]),
    { type: 'field', label: WORDS.dateTime, value: slipDateTime(options.printedAt) },
    { type: 'field', label: WORDS.paperWidth, value: `${options.paperWidthMm}mm (${columns}${WORDS.columnsUnit})` },
    { type: 'rule' },
    { type: 'text', text: WORDS.testBody },
    { type: 'text', text: WORDS.testCharsLine },
    // A ruler as wide as the paper: the last digit missing means the width setting is wrong.
    { type: 'text', text: ruler(columns) },
    ...footerRows(options.footerLines),
  ];
  return layoutMarkup(rows, options.paperWidthMm);
}

function ruler(columns: number): string {
  return Array.from({ length: columns }, (_, i) => String((i + 1) % 10)).join('');
}

function shopRows(shopName: string, headerLines: readonly string[]): SlipRow[] {
  return [{ type: 'center', text: shopName, style: 'large' }, ...headerLines.map((text): SlipRow => ({ type: 'center', text })), { type: 'blank' }];
}

function footerRows(footerLines: readonly string[]): SlipRow[] {
  const lines = footerLines.map((text): SlipRow => ({ type: 'center', text }));
  // The cut after them is receiptline's own, at the end of the document (slip-layout.ts).
  return [{ type: 'rule' }, ...lines];
}

function titleOf(body: SlipBody): string {
  return body.kind === 'report' ? SLIP_TITLES[body.mode] : SLIP_TITLES[body.kind];
}

function reprintRows(options: SlipMarkupOptions): SlipRow[] {
  if (!options.reprint) return [];
  const rows: SlipRow[] = [{ type: 'center', text: WORDS.reprint, style: 'inverted' }];
  if (options.reprintedAt) rows.push({ type: 'center', text: `${WORDS.reprintedAt} ${slipDateTime(options.reprintedAt)}` });
  return rows;
}

function headerFields(slip: Slip): SlipRow[] {
  const { header, body } = slip;
  const rows: SlipRow[] = [];
  const field = (label: string, value: string): void => void rows.push({ type: 'field', label, value });
  if (header.terminalNo !== null) field(WORDS.terminal, slipTerminalNo(header.terminalNo));
  if (header.staffName !== null) field(WORDS.staff, header.staffName);
  field(WORDS.dateTime, slipDateTime(header.occurredAt));
  if (header.shortNo !== null) field(WORDS.shortNo, header.shortNo);
  const day = body.kind === 'report' ? body.businessDay : null;
  if (day !== null) field(WORDS.businessDay, slipBusinessDay(day));
  return rows;
}

function bodyRows(body: SlipBody): SlipRow[] {
  switch (body.kind) {
    case 'payment':
      return paymentRows(body);
    case 'charge':
      return chargeRows(body);
    case 'cancel':
      return cancelRows(body);
    case 'migration':
      return migrationRows(body);
    case 'report':
      return reportRows(body);
    case 'point_spend':
      return pointSpendRows(body);
    case 'point_spend_cancel':
      return pointSpendCancelRows(body);
  }
}

function amount(label: string, value: string, extra: { indent?: Indent; bold?: boolean } = {}): SlipRow {
  return { type: 'amount', label, value, ...extra };
}

/** R2: the balance's configured name; a neutral word for its kind only when none was known. */
function balanceName(balance: { label: string; kind: SlipLot['kind'] }): string {
  return balance.label === '' ? UNNAMED_BALANCE_LABELS[balance.kind] : balance.label;
}

/** Each balance with its amount and, under it, its expiry (R2 labels as configured). */
function lotRows(lots: readonly SlipLot[]): SlipRow[] {
  return lots.flatMap((lot): SlipRow[] => [amount(balanceName(lot), slipYen(lot.amountYen), { indent: 1 }), amount(WORDS.expires, slipDate(lot.expiresAt), { indent: 2 })]);
}

function balanceRows(heading: string, balance: SlipBalance): SlipRow[] {
  return [{ type: 'text', text: heading }, ...lotRows(balance.lots), amount(WORDS.balanceTotal, slipYen(balance.totalYen), { bold: true })];
}

function paymentRows(body: Body<'payment'>): SlipRow[] {
  const rows: SlipRow[] = [amount(WORDS.paymentAmount, slipYen(body.amountYen), { bold: true })];
  if (body.allocations.length > 0) {
    rows.push({ type: 'text', text: WORDS.breakdown });
    rows.push(...body.allocations.map((lot) => amount(balanceName(lot), slipYen(lot.amountYen), { indent: 1 })));
  }
  if (body.cashYen > 0) {
    rows.push(amount(WORDS.cash, slipYen(body.cashYen)));
    rows.push(amount(WORDS.total, slipYen(body.amountYen + body.cashYen), { bold: true }));
  }
  rows.push(amount(WORDS.method, METHOD_LABELS[body.method]));
  rows.push({ type: 'rule' });
  if (body.offline || body.balanceAfter === null) {
    // The counter does not know the balance of an offline approval; the app does.
    if (body.offline) rows.push({ type: 'center', text: WORDS.offline, style: 'bold' });
    rows.push({ type: 'center', text: WORDS.offlineBalance });
  } else {
    rows.push(...balanceRows(WORDS.balanceAfter, body.balanceAfter));
  }
  return rows;
}

function chargeRows(body: Body<'charge'>): SlipRow[] {
  const rows: SlipRow[] = [
    amount(WORDS.chargeAmount, slipYen(body.amountYen), { bold: true }),
    amount(WORDS.cashReceived, slipYen(body.cashReceivedYen)),
    amount(WORDS.change, slipYen(body.changeYen)),
    amount(WORDS.bonus, slipYen(body.bonusYen)),
  ];
  // R13: the charge repaid debt first; the customer sees both.
  if (body.debtRepaidYen > 0) rows.push(amount(WORDS.debtRepaid, slipYen(body.debtRepaidYen)));
  rows.push({ type: 'rule' }, ...balanceRows(WORDS.chargeBalanceAfter, body.balanceAfter));
  return rows;
}

function cancelRows(body: Body<'cancel'>): SlipRow[] {
  const rows: SlipRow[] = [{ type: 'center', text: body.of === 'payment' ? WORDS.cancelOfPayment : WORDS.cancelOfCharge, style: 'bold' }];
  if (body.originalShortNo !== null) rows.push({ type: 'field', label: WORDS.originalShortNo, value: body.originalShortNo });
  if (body.originalOccurredAt !== null) rows.push({ type: 'field', label: WORDS.originalDateTime, value: slipDateTime(body.originalOccurredAt) });
  rows.push(amount(WORDS.cancelAmount, slipYenDeducted(body.amountYen), { bold: true }));
  // R15: value that expired meanwhile is lost; the cashier tells the customer how much.
  if (body.writtenOffYen > 0) rows.push(amount(WORDS.writtenOff, slipYen(body.writtenOffYen)));
  if (body.of === 'charge') rows.push(amount(WORDS.refund, slipYen(body.refundYen)));
  // R32: the split sale's cash part goes back over the counter too.
  if (body.cashToReturnYen > 0) rows.push(amount(WORDS.cashToReturn, slipYen(body.cashToReturnYen), { bold: true }));
  if (body.approvedByName !== null) rows.push({ type: 'field', label: WORDS.approvedBy, value: body.approvedByName });
  return rows;
}

function migrationRows(body: Body<'migration'>): SlipRow[] {
  const rows: SlipRow[] = [];
  if (body.cardNumberLast4 !== null) rows.push({ type: 'field', label: WORDS.cardNumber, value: slipMaskedCard(body.cardNumberLast4) });
  rows.push(amount(WORDS.movedAmount, slipYen(body.movedYen), { bold: true }));
  if (body.lots.length > 0) rows.push({ type: 'text', text: WORDS.movedLots }, ...lotRows(body.lots));
  if (body.debtMovedYen > 0) rows.push(amount(WORDS.debtMoved, slipYen(body.debtMovedYen)));
  return rows;
}

/** R23: クマポ利用 in points only; what is left and until when, as a balance after a payment. */
function pointSpendRows(body: Body<'point_spend'>): SlipRow[] {
  const rows: SlipRow[] = [
    { type: 'center', text: WORDS.kumapoUse, style: 'bold' },
    amount(WORDS.pointsUsed, slipPoints(body.points), { bold: true }),
    amount(WORDS.method, METHOD_LABELS[body.method]),
    { type: 'rule' },
  ];
  if (body.pointsAfter === null) {
    rows.push({ type: 'center', text: WORDS.pointsInApp });
    return rows;
  }
  rows.push(amount(WORDS.pointsLeft, slipPoints(body.pointsAfter), { bold: true }));
  // R23: points lapse a year after the last activity; none left, nothing lapses.
  if (body.pointsAfter > 0 && body.pointsExpiresAt !== null) rows.push(amount(WORDS.expires, slipDate(body.pointsExpiresAt), { indent: 1 }));
  return rows;
}

function pointSpendCancelRows(body: Body<'point_spend_cancel'>): SlipRow[] {
  const rows: SlipRow[] = [{ type: 'center', text: WORDS.cancelOfPointSpend, style: 'bold' }];
  if (body.originalShortNo !== null) rows.push({ type: 'field', label: WORDS.originalShortNo, value: body.originalShortNo });
  if (body.originalOccurredAt !== null) rows.push({ type: 'field', label: WORDS.originalDateTime, value: slipDateTime(body.originalOccurredAt) });
  rows.push(amount(WORDS.pointsReturned, slipPoints(body.points), { bold: true }));
  if (body.pointsAfter !== null) rows.push(amount(WORDS.pointsHeld, slipPoints(body.pointsAfter)));
  if (body.approvedByName !== null) rows.push({ type: 'field', label: WORDS.approvedBy, value: body.approvedByName });
  return rows;
}

function counted(label: string, count: number): string {
  return `${label} ${count}${WORDS.count}`;
}

function reportRows(body: Body<'report'>): SlipRow[] {
  const rows: SlipRow[] = [
    { type: 'text', text: WORDS.payments },
    amount(counted(WORDS.gross, body.paymentsCount), slipYen(body.paymentsYen), { indent: 1 }),
    // R28: the MPM payments are among the gross ones (as on the screen), not beside them.
    ...(body.mpm
      ? [
          amount(counted(WORDS.ofMpm, body.mpm.count), slipYen(body.mpm.yen), { indent: 2 }),
          amount(counted(WORDS.ofStoreQr, body.mpm.staticCount), slipYen(body.mpm.staticYen), { indent: 2 }),
        ]
      : []),
    amount(counted(WORDS.cancelled, body.cancelledPaymentsCount), slipYenDeducted(body.cancelledPaymentsYen), { indent: 1 }),
    amount(WORDS.net, slipYen(body.netPaymentsYen), { indent: 1, bold: true }),
    // R26: one line per balance (a new campaign is a new line), named as configured (R2).
    ...(body.balances && body.balances.length > 0
      ? [{ type: 'text', text: WORDS.paymentsByBalance } as const, ...body.balances.map((line) => amount(balanceName(line), slipYen(line.amountYen), { indent: 1 }))]
      : []),
    { type: 'text', text: WORDS.charges },
    amount(counted(WORDS.gross, body.chargesCount), slipYen(body.chargesYen), { indent: 1 }),
    amount(WORDS.bonus, slipYen(body.bonusYen), { indent: 1 }),
    amount(counted(WORDS.cancelled, body.cancelledChargesCount), slipYenDeducted(body.cancelledChargesYen), { indent: 1 }),
    amount(WORDS.net, slipYen(body.netChargesYen), { indent: 1, bold: true }),
    ...(body.points ? kumapoReportRows(body.points) : []),
    { type: 'rule' },
    amount(counted(WORDS.cashSales, body.cashSalesCount), slipYen(body.cashSalesYen)),
    amount(WORDS.cashCollected, slipYen(body.cashCollectedYen)),
    amount(WORDS.cashReturned, slipYenDeducted(body.cashReturnedYen)),
    // R33: charge cash + split-sale cash − cash returned.
    amount(WORDS.expectedDrawer, slipYen(body.expectedDrawerYen), { bold: true }),
    { type: 'rule' },
    amount(counted(WORDS.migrations, body.migrationsCount), slipYen(body.migrationsYen)),
    amount(WORDS.offlinePending, `${body.offlinePendingCount}${WORDS.count}`),
    amount(WORDS.differences, body.backendCompared ? `${body.differencesCount}${WORDS.count}` : WORDS.notCompared, { bold: body.differencesCount > 0 }),
  ];
  if (body.mode === 'close') {
    rows.push({ type: 'rule' });
    if (body.closedAt !== null) rows.push({ type: 'field', label: WORDS.closedAt, value: slipDateTime(body.closedAt) });
    if (body.closedByName !== null) rows.push({ type: 'field', label: WORDS.closedBy, value: body.closedByName });
  }
  return rows;
}

/** R23: the day's KumaPo section, counted in points under a heading that says so: never yen. */
function kumapoReportRows(points: NonNullable<Body<'report'>['points']>): SlipRow[] {
  return [
    { type: 'text', text: WORDS.kumapoPoints },
    amount(counted(WORDS.gross, points.spendCount), slipPoints(points.spendPoints), { indent: 1 }),
    amount(counted(WORDS.cancelled, points.cancelCount), slipPointsDeducted(points.cancelPoints), { indent: 1 }),
    amount(WORDS.net, slipPoints(points.netPoints), { indent: 1, bold: true }),
  ];
}

/**
 * R29: what each slip says, built from the outcome the core itself got (the backend's answer or
 * the offline approval), never from a screen. Pure: the caller supplies the header facts and
 * stores the result (receipts.ts).
 */
import { LIMITS } from '../../../common/limits';
import { JST_OFFSET_MS } from '../../../common/time';
import { SLIP_LABEL_CHARS_MAX, type Slip, type SlipBalance, type SlipBody, type SlipHeader, type SlipLot, type SlipMethod } from '../../../common/receipts/slip';
import type { AllocationView, DailyReport, PaymentApproved } from '../../../common/terminal-api';
import type { BalanceView, LotView } from '../../../common/wire/primitives';
import type { TxnRow } from '../journal/txn-store';
import type { ChargeResponse, MigrationResponse } from '../ports';

/** A slip before the journal gives it an id. */
export type SlipDraft = Omit<Slip, 'slipId'>;

/** The instant in Japan time (`…+09:00`): a slip says the time the counter saw. */
export function jstIso(epochMs: number): string {
  return new Date(epochMs + JST_OFFSET_MS).toISOString().replace('Z', '+09:00');
}

/** The same instant, re-expressed in Japan time; what cannot be read is left as it came. */
export function asJst(iso: string): string {
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? jstIso(ms) : iso;
}

/**
 * R2: the balance's configured name, as the core named it (the backend's, else the name learnt
 * last). '' when none is known: the slip prints a neutral word for the kind, never a made-up
 * name. A name longer than a slip takes is cut (a configured name may be up to 100 characters).
 */
function slipLabel(label: string | undefined): string {
  return (label ?? '').slice(0, SLIP_LABEL_CHARS_MAX);
}

function lotOf(lot: { label?: string | undefined; kind: SlipLot['kind']; amountYen: number; expiresAt: string }): SlipLot {
  return { label: slipLabel(lot.label), kind: lot.kind, amountYen: lot.amountYen, expiresAt: asJst(lot.expiresAt) };
}

/** Live balances only: an expired or empty lot is nothing the customer can spend. */
function liveLots(lots: readonly LotView[]): SlipLot[] {
  return lots.filter((lot) => !lot.expired && lot.amountYen > 0).slice(0, LIMITS.slipLotsMax).map(lotOf);
}

function balanceOf(balance: BalanceView): SlipBalance {
  return { totalYen: balance.totalYen, lots: liveLots(balance.lots) };
}

/**
 * R28: how the customer paid, from the journal row: an MPM payment by the register's printed
 * store QR (mpm_source 'static') is worded apart from a QR the register showed.
 */
export function slipMethodOf(row: Pick<TxnRow, 'method' | 'mpmSource'>): SlipMethod {
  if (row.method === 'mpm') return row.mpmSource === 'static' ? 'mpm_static' : 'mpm';
  return row.method ?? 'qr';
}

export function paymentBody(payment: PaymentApproved, method: SlipMethod): SlipBody {
  return {
    kind: 'payment',
    amountYen: payment.amountYen,
    cashYen: payment.cashYen ?? 0,
    method,
    offline: payment.offline,
    allocations: payment.allocations.slice(0, LIMITS.slipLotsMax).map((a: AllocationView) => lotOf(a)),
    // Approved offline: the counter does not know the wallet (the customer sees it in the app).
    balanceAfter: payment.offline || payment.balanceAfter === null ? null : balanceOf(payment.balanceAfter),
  };
}

export function chargeBody(answer: ChargeResponse, cashReceivedYen: number): SlipBody {
  return {
    kind: 'charge',
    amountYen: answer.amountYen,
    cashReceivedYen,
    changeYen: cashReceivedYen - answer.amountYen,
    bonusYen: answer.bonusYen,
    debtRepaidYen: answer.debtRepaidYen,
    balanceAfter: balanceOf(answer.balanceAfter),
  };
}

export interface CancelFacts {
  of: 'payment' | 'charge';
  originalShortNo: string | null;
  originalOccurredAtMs: number | null;
  amountYen: number;
  writtenOffYen: number;
  refundYen: number;
  cashToReturnYen: number;
  approvedByName: string | null;
}

export function cancelBody(facts: CancelFacts): SlipBody {
  return {
    kind: 'cancel',
    of: facts.of,
    originalShortNo: facts.originalShortNo,
    originalOccurredAt: facts.originalOccurredAtMs === null ? null : jstIso(facts.originalOccurredAtMs),
    amountYen: facts.amountYen,
    writtenOffYen: facts.writtenOffYen,
    refundYen: facts.refundYen,
    cashToReturnYen: facts.cashToReturnYen,
    approvedByName: facts.approvedByName,
  };
}

export interface PointSpendFacts {
  points: number;
  pointsAfter: number | null;
  pointsExpiresAt: string | null;
}

/** R23: クマポ利用; a spend is never by card (cards have no points), so anything else is the app's QR. */
export function pointSpendBody(row: Pick<TxnRow, 'method' | 'mpmSource'>, facts: PointSpendFacts): SlipBody {
  const method = slipMethodOf(row);
  return {
    kind: 'point_spend',
    points: facts.points,
    method: method === 'card' ? 'qr' : method,
    pointsAfter: facts.pointsAfter,
    // Nothing left lapses; the expiry is only printed beside points that remain.
    pointsExpiresAt: facts.pointsAfter === 0 || facts.pointsExpiresAt === null ? null : asJst(facts.pointsExpiresAt),
  };
}

export interface PointSpendCancelFacts {
  originalShortNo: string | null;
  originalOccurredAtMs: number | null;
  pointsReturned: number;
  pointsAfter: number | null;
  approvedByName: string | null;
}

export function pointSpendCancelBody(facts: PointSpendCancelFacts): SlipBody {
  return {
    kind: 'point_spend_cancel',
    originalShortNo: facts.originalShortNo,
    originalOccurredAt: facts.originalOccurredAtMs === null ? null : jstIso(facts.originalOccurredAtMs),
    points: facts.pointsReturned,
    pointsAfter: facts.pointsAfter,
    approvedByName: facts.approvedByName,
  };
}

/** The retired card's number, printed masked: its last 4 digits only. */
export function cardNumberLast4(cardNumber: string | null | undefined): string | null {
  if (!cardNumber) return null;
  const digits = cardNumber.replace(/[^0-9A-Za-z]/g, '');
  return digits.length === 0 ? null : digits.slice(-4);
}

export function migrationBody(answer: MigrationResponse, cardNumber: string | null): SlipBody {
  return {
    kind: 'migration',
    cardNumberLast4: cardNumberLast4(cardNumber ?? answer.card?.cardNumber),
    movedYen: answer.movedYen,
    debtMovedYen: answer.debtMovedYen ?? 0,
    lots: answer.lots.filter((lot) => lot.amountYen > 0).slice(0, LIMITS.slipLotsMax).map(lotOf),
  };
}

export function reportBody(report: DailyReport): SlipBody {
  return {
    kind: 'report',
    mode: report.mode,
    businessDay: report.businessDay,
    closedAt: report.closedAt ? asJst(report.closedAt) : null,
    closedByName: report.closedByName ?? null,
    paymentsCount: report.paymentsCount,
    paymentsYen: report.paymentsYen,
    cancelledPaymentsCount: report.cancelledPaymentsCount ?? 0,
    cancelledPaymentsYen: report.cancelledPaymentsYen ?? 0,
    netPaymentsYen: report.netPaymentsYen ?? report.paymentsYen,
    chargesCount: report.chargesCount,
    chargesYen: report.chargesYen,
    bonusYen: report.bonusYen,
    cancelledChargesCount: report.cancelledChargesCount ?? 0,
    cancelledChargesYen: report.cancelledChargesYen ?? 0,
    netChargesYen: report.netChargesYen ?? report.chargesYen,
    cashSalesCount: report.cashSalesCount ?? 0,
    cashSalesYen: report.cashSalesYen ?? 0,
    cashCollectedYen: report.cashCollectedYen,
    cashReturnedYen: report.cashReturnedYen ?? 0,
    expectedDrawerYen: report.expectedDrawerYen ?? report.cashCollectedYen,
    migrationsCount: report.migrationsCount ?? 0,
    migrationsYen: report.migrationsYen ?? 0,
    offlinePendingCount: report.offlinePendingCount,
    differencesCount: report.differences.length,
    backendCompared: report.backendCompared ?? false,
    ...(report.balances ? { balances: report.balances.slice(0, LIMITS.slipLotsMax).map((line) => ({ kind: line.kind, label: slipLabel(line.label), amountYen: line.amountYen })) } : {}),
    // R23/R28 (issue 13): the same figures the screen shows; absent from an older report, absent here.
    ...(report.points ? { points: { ...report.points } } : {}),
    ...(report.mpm ? { mpm: { ...report.mpm } } : {}),
  };
}

export interface HeaderFacts {
  shopName: string;
  terminalNo: number | null;
  staffName: string | null;
  occurredAtMs: number;
  shortNo: string | null;
  businessDay: string | null;
}

export function slipHeader(facts: HeaderFacts): SlipHeader {
  return {
    shopName: facts.shopName,
    terminalNo: facts.terminalNo,
    staffName: facts.staffName,
    occurredAt: jstIso(facts.occurredAtMs),
    shortNo: facts.shortNo,
    businessDay: facts.businessDay,
  };
}

import type { z } from 'zod';
import type { Kysely } from 'kysely';
import { terminalBusinessDayAt, terminalBusinessDayRangeMs, type DayClose } from '../../../common/business-day';
import { DomainError } from '../../../common/errors';
import { toIso } from '../../../common/time';
import type { dayCloseRequest, DifferenceAcknowledgement, MethodFigure, PaymentMethod, SettlementResponse, TerminalTransaction } from '../../../common/wire/terminal';
import { requireRole } from '../domain/roles';
import type { DB } from '../store/schema';
import { forUpdate } from '../store/store';
import { authorize } from './approval';
import type { Deps, TerminalActor } from './context';
import { closesOf } from './day-closes';
import { loadTransactions } from './transactions';
import { relabelFigures } from './balance-labels';
import { balanceFigures } from '../../../common/balance-figures';

type DayCloseRequest = z.infer<typeof dayCloseRequest>;
/** What is stored at 精算 and answered for a closed day: the figures without the close's own fields. */
type Figures = Omit<SettlementResponse, 'closed' | 'closedAt' | 'closedByName' | 'acknowledgements' | 'currentBusinessDay'>;

const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);

/**
 * R26/R33 figures of one terminal and R30 business day (the interval its closes give).
 * Payments, charges, migrations and point spends count in the day they happened; cancellations
 * in the day of the register that made them (that drawer paid the cash out). MPM payments
 * (R28) are payments: in `payments`, and apart in `paymentsByMethod.mpm`; a static store QR's
 * payment counts at the register the QR belongs to.
 */
export async function dayFigures(db: Kysely<DB>, terminalId: string, businessDay: string, closes: readonly DayClose[], chargeMoneyLabel: string): Promise<Figures> {
  const { startMs, endMs } = terminalBusinessDayRangeMs(businessDay, closes);
  const transactions = await loadTransactions(db, { terminalId, fromMs: startMs, toMs: endMs, migrations: true, chargeMoneyLabel }, new Map([[terminalId, [...closes]]]));
  const cancellations = await db
    .selectFrom('cancellations')
    .leftJoin('payments', 'payments.id', 'cancellations.target_id')
    .leftJoin('point_spends', 'point_spends.id', 'cancellations.target_id')
    .select(['cancellations.kind', 'cancellations.amount_yen', 'payments.cash_yen', 'payments.method', 'point_spends.points'])
    .where('cancellations.terminal_id', '=', terminalId)
    .where('cancellations.occurred_at_ms', '>=', startMs)
    .where('cancellations.occurred_at_ms', '<', endMs)
    .execute();
  const payments = transactions.filter((t) => t.type === 'payment');
  const charges = transactions.filter((t) => t.type === 'charge');
  const migrations = transactions.filter((t) => t.type === 'migration');
  const spends = transactions.filter((t) => t.type === 'point_spend');
  const cancelledSpends = cancellations.filter((c) => c.kind === 'point_spend');
  const spentPoints = sum(spends.map((t) => t.points ?? 0));
  const cancelledPoints = sum(cancelledSpends.map((c) => c.points ?? 0));
  const mpmStatic = payments.filter((p) => p.method === 'mpm' && p.staffId === null);
  const allocs = payments.flatMap((p) => p.allocations);
  const cancelledPayments = cancellations.filter((c) => c.kind === 'payment');
  const cancelledCharges = cancellations.filter((c) => c.kind === 'charge');
  const offline = payments.filter((p) => p.offline);
  const cashSales = payments.filter((p) => (p.cashYen ?? 0) > 0);
  const paymentsYen = sum(payments.map((p) => p.amountYen));
  const chargesYen = sum(charges.map((c) => c.amountYen));
  const cancelledPaymentsYen = sum(cancelledPayments.map((c) => c.amount_yen));
  const cancelledChargesYen = sum(cancelledCharges.map((c) => c.amount_yen));
  const cashSalesYen = sum(cashSales.map((p) => p.cashYen ?? 0));
  // R16 + R32: charge refunds, and the cash part of payments this register cancelled.
  const cashReturnedYen = cancelledChargesYen + sum(cancelledPayments.map((c) => c.cash_yen ?? 0));
  return {
    businessDay,
    terminalId,
    payments: { count: payments.length, totalYen: paymentsYen, feeYen: sum(payments.map((p) => p.feeYen ?? 0)) },
    paymentsByKind: { chargeYen: sum(allocs.filter((a) => a.kind === 'charge').map((a) => a.amountYen)), limitedYen: sum(allocs.filter((a) => a.kind === 'limited').map((a) => a.amountYen)) },
    cancelledPayments: { count: cancelledPayments.length, totalYen: cancelledPaymentsYen },
    charges: { count: charges.length, totalYen: chargesYen, bonusYen: sum(charges.map((c) => c.bonusYen ?? 0)) },
    cancelledCharges: { count: cancelledCharges.length, totalYen: cancelledChargesYen },
    cashCollectedYen: chargesYen - cancelledChargesYen,
    offlinePayments: { count: offline.length, totalYen: sum(offline.map((p) => p.amountYen)), shortfallYen: sum(offline.map((p) => p.shortfallYen ?? 0)) },
    lines: transactions.map((t) => ({ id: t.id, type: t.type, clientTxnId: t.clientTxnId, amountYen: t.amountYen, cancelled: t.cancelled, ...(t.points === undefined ? {} : { points: t.points }) })),
    net: { paymentsYen: paymentsYen - cancelledPaymentsYen, chargesYen: chargesYen - cancelledChargesYen },
    cashSales: { count: cashSales.length, totalYen: cashSalesYen },
    cashReturnedYen,
    expectedDrawerYen: chargesYen + cashSalesYen - cashReturnedYen,
    migrations: { count: migrations.length, movedYen: sum(migrations.map((m) => m.amountYen)) },
    paymentsByBalance: balanceFigures(allocs),
    pointSpends: { count: spends.length, points: spentPoints, cancelledCount: cancelledSpends.length, cancelledPoints, netPoints: spentPoints - cancelledPoints },
    paymentsByMethod: { qr: methodFigure('qr', payments, cancelledPayments), card: methodFigure('card', payments, cancelledPayments), mpm: methodFigure('mpm', payments, cancelledPayments) },
    mpmStatic: { count: mpmStatic.length, totalYen: sum(mpmStatic.map((p) => p.amountYen)) },
  };
}

/**
 * R33 per method: the day's payments made that way, and the cancels this register made of
 * payments made that way (whichever register took them, as `cancelledPayments` counts them).
 * Payments recorded before issue 10 have no method and are in none of the three.
 */
function methodFigure(method: PaymentMethod, payments: readonly TerminalTransaction[], cancelled: readonly { amount_yen: number; method: string | null }[]): MethodFigure {
  const paid = payments.filter((p) => p.method === method);
  const back = cancelled.filter((c) => c.method === method);
  const totalYen = sum(paid.map((p) => p.amountYen));
  const cancelledYen = sum(back.map((c) => c.amount_yen));
  return { count: paid.length, totalYen, cancelledCount: back.length, cancelledYen, netYen: totalYen - cancelledYen };
}

type StoredAck = DifferenceAcknowledgement & { acknowledgedByName: string | null };

/**
 * `GET /v1/terminal/settlement?businessDay=` (点検): the running figures, or for a closed day
 * (R30) the figures stored at its 精算, whatever happened since. Every answer carries the
 * business day this terminal is in now.
 */
export async function settlement(deps: Deps, actor: TerminalActor, businessDay: string): Promise<SettlementResponse> {
  requireRole(actor.staff?.role ?? null, 'report');
  const db = deps.store.read;
  const nowMs = deps.clock.nowMs();
  const closes = await closesOf(db, actor.terminalId);
  const currentBusinessDay = terminalBusinessDayAt(nowMs, closes);
  const { chargeMoneyLabel } = await deps.settings.current(nowMs);
  const stored = await db.selectFrom('terminal_day_closes').selectAll().where('terminal_id', '=', actor.terminalId).where('business_day', '=', businessDay).executeTakeFirst();
  if (stored) {
    const closed = await closedAnswer(db, stored);
    // R2: a closed day keeps its amounts; its balances are named as they are named now.
    const byBalance = closed.paymentsByBalance === undefined ? {} : { paymentsByBalance: await relabelFigures(db, chargeMoneyLabel, closed.paymentsByBalance) };
    return { ...closed, ...byBalance, currentBusinessDay };
  }
  const figures = await dayFigures(db, actor.terminalId, businessDay, closes, chargeMoneyLabel);
  return { ...figures, closed: false, closedAt: null, closedByName: null, acknowledgements: [], currentBusinessDay };
}

async function closedAnswer(db: Kysely<DB>, row: DB['terminal_day_closes']): Promise<Omit<SettlementResponse, 'currentBusinessDay'>> {
  const name = row.staff_id === null ? null : ((await db.selectFrom('staff').select('name').where('id', '=', row.staff_id).executeTakeFirst())?.name ?? null);
  return {
    ...(JSON.parse(row.figures_json) as Figures),
    closed: true,
    closedAt: toIso(row.closed_at_ms),
    closedByName: name,
    acknowledgements: JSON.parse(row.acknowledgements_json) as StoredAck[],
  };
}

/**
 * R30/R33 `POST /v1/terminal/settlement/close` (精算): records the day's figures once per
 * (terminal, business day). A manager closes alone; anyone else with a manager's approval
 * (R31's rules and lock-out, checked before the unit of work). The terminal row is locked for
 * the close (PostgreSQL), so two closes at once run one after the other and the second is 409
 * `day_closed`; the primary key backs that up. A day after the current business day cannot be
 * closed (400). The figures are computed inside the same unit of work as the close row, so a
 * payment either committed before (and counts) or lands in the next business day.
 */
export async function closeDay(deps: Deps, actor: TerminalActor, req: DayCloseRequest): Promise<SettlementResponse> {
  const approver = await authorize(deps, actor, 'close_day', req.approval);
  const staffId = actor.staff!.staffId;
  const nowMs = deps.clock.nowMs();
  const { chargeMoneyLabel } = await deps.settings.current(nowMs);
  const answer = await deps.store.write(async (tx) => {
    await forUpdate(deps.store, tx.selectFrom('terminals').select('id').where('id', '=', actor.terminalId)).execute();
    const existing = await tx.selectFrom('terminal_day_closes').select(['closed_at_ms']).where('terminal_id', '=', actor.terminalId).where('business_day', '=', req.businessDay).executeTakeFirst();
    if (existing) throw dayClosed(req.businessDay, existing.closed_at_ms);
    const closes = await closesOf(tx, actor.terminalId);
    // Never before a close already recorded: business days only move forward (R30).
    const closedAtMs = Math.max(nowMs, ...closes.map((c) => c.closedAtMs));
    const current = terminalBusinessDayAt(closedAtMs, closes);
    if (req.businessDay > current) {
      throw new DomainError('invalid_request', `business day ${req.businessDay} has not begun at this terminal (it is in ${current})`, { field: 'businessDay', currentBusinessDay: current });
    }
    const after = [...closes, { businessDay: req.businessDay, closedAtMs }];
    const figures = await dayFigures(tx, actor.terminalId, req.businessDay, after, chargeMoneyLabel);
    const names = await tx.selectFrom('staff').select(['id', 'name']).where('id', 'in', [staffId, ...(approver ? [approver.staffId] : [])]).execute();
    const nameOf = (id: string) => names.find((n) => n.id === id)?.name ?? null;
    const acknowledgedByName = approver ? approver.name : nameOf(staffId);
    const acknowledgements: StoredAck[] = req.acknowledgements.map((a) => ({ ...a, acknowledgedByName }));
    await tx
      .insertInto('terminal_day_closes')
      .values({
        terminal_id: actor.terminalId,
        business_day: req.businessDay,
        closed_at_ms: closedAtMs,
        staff_id: staffId,
        approved_by_staff_id: approver?.staffId ?? null,
        figures_json: JSON.stringify(figures),
        acknowledgements_json: JSON.stringify(acknowledgements),
      })
      .execute();
    // R30: where a payment's lock on the terminal reads the last close (migration 006).
    await tx.updateTable('terminals').set({ last_closed_at_ms: closedAtMs }).where('id', '=', actor.terminalId).execute();
    return { ...figures, closed: true, closedAt: toIso(closedAtMs), closedByName: nameOf(staffId), acknowledgements, currentBusinessDay: terminalBusinessDayAt(closedAtMs, after) };
  });
  deps.log.info({ terminalId: actor.terminalId, businessDay: req.businessDay, staffId, approvedBy: approver?.staffId ?? null }, 'business day closed');
  return answer;
}

function dayClosed(businessDay: string, closedAtMs: number): DomainError {
  return new DomainError('day_closed', `business day ${businessDay} is already closed at this terminal`, { businessDay, closedAt: toIso(closedAtMs) });
}

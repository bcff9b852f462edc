import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { DailyReport, DailyReportLine } from '../../../common/terminal-api';
import { useFormat } from '../../format/use-format';
import { DifferencesList } from './DifferencesList';
import { SlipPanel } from '../receipt/SlipPanel';
import { balanceKey, type BalanceFigureLine } from '../../../common/balance-figures';

/**
 * R26 with R2: one line per balance as the core names it (a fourth campaign is a fourth line).
 * A report stored before the core listed balances has only the two kinds' sums: those show
 * under the neutral words, never under a name the city may have changed since.
 */
function balanceLines(report: DailyReport): readonly BalanceFigureLine[] {
  if (report.balances) return report.balances;
  return [
    { kind: 'charge', campaignId: null, amountYen: report.chargeMoneyYen },
    { kind: 'limited', campaignId: null, amountYen: report.limitedYen },
  ];
}

interface ReportViewProps {
  report: DailyReport;
  /** The differences to show: the report's own, or those a refused 精算 sent back. */
  differences: readonly DailyReportLine[];
  acknowledged: ReadonlySet<string>;
  onAcknowledge: ((key: string) => void) | null;
}

/**
 * R26/R30/R33 in two columns: per type gross / 取消 / 純額, migrations, bonus and balances on
 * the left; the drawer (charge cash, split-sale cash, cash returned, レジ内現金（予定） large)
 * and the differences on the right. A closed day says when and by whom, and where new
 * transactions go now. The report's slip (R29): レシート印刷 any time; 精算 prints it by itself,
 * and the head says whether it came out.
 */
export function ReportView({ report, differences, acknowledged, onAcknowledge }: ReportViewProps) {
  const { t } = useTranslation();
  const format = useFormat();
  const yen = (value: number | undefined) => (value === undefined ? '—' : format.yen(value));
  const countYen = (count: number | undefined, value: number | undefined) =>
    count === undefined && value === undefined ? '—' : [count === undefined ? '' : t('day.close.count', { count }), value === undefined ? '' : format.yen(value)].filter(Boolean).join(' ');
  const countPoints = (count: number, points: number) => `${t('day.close.count', { count })} ${format.points(points)}`;
  const cell = (testId: string, text: string): ReactNode => (
    <td className="num" data-testid={testId}>
      {text}
    </td>
  );
  const nextDay = report.currentBusinessDay && report.currentBusinessDay !== report.businessDay ? report.currentBusinessDay : null;
  return (
    <section className="close-report report" data-testid="report" data-mode={report.mode} data-closed={report.closed}>
      <div className="close-report-head">
        <h2 data-testid="report-mode">
          {report.mode === 'close' ? t('day.close.modeClose') : t('day.close.modeCheck')} ·{' '}
          <span data-testid="report-business-day" data-day={report.businessDay}>
            {t('day.businessDay', { day: format.day(report.businessDay) })}
          </span>
          {report.closed && (
            <>
              {' '}
              <span className="badge badge--cancelled" data-testid="report-closed-badge">
                {t('day.close.closedBadge')}
              </span>
            </>
          )}
        </h2>
        {report.closed && report.closedAt && (
          <p data-testid="report-closed-at">
            {report.closedByName ? t('day.close.closedAt', { at: format.stamp(report.closedAt), name: report.closedByName }) : t('day.close.closedAtNoName', { at: format.stamp(report.closedAt) })}
          </p>
        )}
        {report.slipId && (
          <SlipPanel
            key={report.slipId}
            slipId={report.slipId}
            kind="report"
            fallbackCopy="shop"
            reprint="failed"
            printAction={{ label: t('print.reportPrint'), testId: 'report-print' }}
            preview={false}
          />
        )}
        {report.closed && nextDay && (
          <p className="notice notice--ok" data-testid="report-next-day" data-day={nextDay}>
            {t('day.close.nextDay', { day: format.day(nextDay) })}
          </p>
        )}
      </div>
      <div className="close-column">
        <table className="close-table" aria-label={t('day.close.figures')}>
          <thead>
            <tr>
              <th scope="col" />
              <th scope="col" className="num">
                {t('day.close.gross')}
              </th>
              <th scope="col" className="num">
                {t('day.close.cancelled')}
              </th>
              <th scope="col" className="num">
                {t('day.close.net')}
              </th>
            </tr>
          </thead>
          <tbody>
            <tr data-testid="report-payments">
              <th scope="row">{t('day.close.payments')}</th>
              {cell('report-gross-payments', countYen(report.paymentsCount, report.paymentsYen))}
              {cell('report-cancelled-payments', countYen(report.cancelledPaymentsCount, report.cancelledPaymentsYen))}
              {cell('report-net-payments', yen(report.netPaymentsYen))}
            </tr>
            <tr data-testid="report-charges">
              <th scope="row">{t('day.close.charges')}</th>
              {cell('report-gross-charges', countYen(report.chargesCount, report.chargesYen))}
              {cell('report-cancelled-charges', countYen(report.cancelledChargesCount, report.cancelledChargesYen))}
              {cell('report-net-charges', yen(report.netChargesYen))}
            </tr>
            <tr data-testid="report-migrations">
              <th scope="row">{t('day.close.migrations')}</th>
              {cell('report-migrations-value', countYen(report.migrationsCount, report.migrationsYen))}
              <td />
              <td />
            </tr>
            {report.mpm && (
              <tr data-testid="report-mpm" className="close-subrow">
                <th scope="row">{t('kumapo.close.mpm')}</th>
                {cell('report-mpm-value', countYen(report.mpm.count, report.mpm.yen))}
                <td />
                <td />
              </tr>
            )}
            {report.mpm && report.mpm.staticCount > 0 && (
              <tr data-testid="report-mpm-static-row" className="close-subrow">
                <th scope="row">{t('kumapo.close.mpmStatic')}</th>
                {cell('report-mpm-static', countYen(report.mpm.staticCount, report.mpm.staticYen))}
                <td />
                <td />
              </tr>
            )}
            {report.points && (
              // R23: points in their own unit, never summed with yen.
              <tr data-testid="report-points">
                <th scope="row" title={t('kumapo.close.kumapoUnit')}>
                  {t('kumapo.close.kumapo')}
                </th>
                {cell('report-points-gross', countPoints(report.points.spendCount, report.points.spendPoints))}
                {cell('report-points-cancelled', countPoints(report.points.cancelCount, report.points.cancelPoints))}
                {cell('report-points-net', format.points(report.points.netPoints))}
              </tr>
            )}
          </tbody>
        </table>
        <table className="close-table" aria-label={t('day.close.kinds')}>
          <tbody>
            <tr data-testid="report-bonus">
              <th scope="row">{t('day.close.bonus')}</th>
              {cell('report-bonus-value', format.yen(report.bonusYen))}
            </tr>
            <tr data-testid="report-offline-pending" className={report.offlinePendingCount > 0 ? 'figure--warn' : undefined}>
              <th scope="row">{t('day.close.offlinePending')}</th>
              {cell('report-offline-pending-value', t('day.close.count', { count: report.offlinePendingCount }))}
            </tr>
            <tr className="close-subhead" data-testid="report-balances-head">
              <th scope="colgroup" colSpan={2}>
                {t('day.close.byBalance')}
              </th>
            </tr>
            {balanceLines(report).map((line) => (
              <tr key={balanceKey(line.kind, line.campaignId)} data-testid="report-balance" data-kind={line.kind} data-campaign-id={line.campaignId ?? ''}>
                <th scope="row" className="lot-label">
                  {line.label ?? t(`lot.unnamed.${line.kind}`)}
                </th>
                <td className="num lot-amount" data-testid="report-balance-value">
                  {format.yen(line.amountYen)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="close-column">
        <table className="close-table" aria-label={t('day.close.cash')}>
          <tbody>
            <tr data-testid="report-cash">
              <th scope="row">{t('day.close.chargeCash')}</th>
              {cell('report-cash-value', format.yen(report.cashCollectedYen))}
            </tr>
            <tr data-testid="report-cash-sales">
              <th scope="row">{t('day.close.cashSales')}</th>
              {cell('report-cash-sales-value', countYen(report.cashSalesCount, report.cashSalesYen))}
            </tr>
            <tr data-testid="report-cash-returned">
              <th scope="row">{t('day.close.cashReturned')}</th>
              {cell('report-cash-returned-value', yen(report.cashReturnedYen))}
            </tr>
          </tbody>
        </table>
        <div className="close-drawer" data-testid="report-expected-drawer">
          <p className="close-drawer-label">{t('day.close.expectedDrawer')}</p>
          <p className="close-drawer-value" data-testid="report-expected-drawer-value">
            {yen(report.expectedDrawerYen)}
          </p>
          <p className="hint">{t('day.close.expectedDrawerHelp')}</p>
        </div>
        <DifferencesList lines={differences} compared={report.backendCompared !== false} acknowledged={acknowledged} onAcknowledge={onAcknowledge} />
      </div>
    </section>
  );
}

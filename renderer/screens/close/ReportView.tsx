import { useTranslation } from 'react-i18next';
import type { DailyReport } from '../../../common/terminal-api';
import { useFormat } from '../../format/use-format';
import { DifferencesList } from './DifferencesList';

/** The R26 figures: counts and sums per type and value kind, cash, pending, differences. */
export function ReportView({ report }: { report: DailyReport }) {
  const { t } = useTranslation();
  const format = useFormat();
  const rows: ReadonlyArray<{ id: string; label: string; count?: number; yen?: number }> = [
    { id: 'payments', label: t('close.payments'), count: report.paymentsCount, yen: report.paymentsYen },
    { id: 'charges', label: t('close.charges'), count: report.chargesCount, yen: report.chargesYen },
    { id: 'bonus', label: t('close.bonus'), yen: report.bonusYen },
    { id: 'cancelled', label: t('close.cancelled'), count: report.cancelledCount, yen: report.cancelledYen },
    { id: 'cash', label: t('close.cash'), yen: report.cashCollectedYen },
    { id: 'limited', label: t('close.limited'), yen: report.limitedYen },
    { id: 'charge-money', label: t('close.chargeMoney'), yen: report.chargeMoneyYen },
    { id: 'offline-pending', label: t('close.offlinePending'), count: report.offlinePendingCount },
  ];
  return (
    <section className="report" data-testid="report" data-mode={report.mode} data-closed={report.closed}>
      <h2 data-testid="report-mode">
        {report.mode === 'close' ? t('close.modeClose') : t('close.modeCheck')} · {t('close.businessDay', { day: report.businessDay })}
        {report.closed && <span className="badge badge--cancelled">{t('close.closed')}</span>}
      </h2>
      <table className="report-table">
        <tbody>
          {rows.map((row) => (
            <tr key={row.id} data-testid={`report-${row.id}`}>
              <th scope="row">{row.label}</th>
              <td className="num">{row.count === undefined ? '' : t('close.count', { count: row.count })}</td>
              <td className="num">{row.yen === undefined ? '' : format.yen(row.yen)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <DifferencesList lines={report.differences} compared={report.backendCompared !== false} />
    </section>
  );
}

import { useTranslation } from 'react-i18next';
import type { DailyReportLine } from '../../../common/terminal-api';
import { useFormat } from '../../format/use-format';

/** R26: the terminal's journal against the backend's record, line by line. */
export function DifferencesList({ lines, compared }: { lines: readonly DailyReportLine[]; compared: boolean }) {
  const { t } = useTranslation();
  const format = useFormat();
  const yen = (value: number | null) => (value === null ? '—' : format.yen(value));
  return (
    <section className="differences" data-testid="report-differences" data-count={lines.length}>
      <h3>{t('close.differences')}</h3>
      {!compared && (
        <p className="notice notice--warn" data-testid="report-not-compared">
          {t('close.notCompared')}
        </p>
      )}
      {compared && lines.length === 0 && <p className="notice notice--ok">{t('close.noDifferences')}</p>}
      {lines.length > 0 && (
        <table className="report-table">
          <thead>
            <tr>
              <th scope="col">{t('history.transactionId')}</th>
              <th scope="col">{t('close.journal')}</th>
              <th scope="col">{t('close.backend')}</th>
              <th scope="col" />
            </tr>
          </thead>
          <tbody>
            {lines.map((line, index) => (
              <tr key={`${line.clientTxnId ?? 'none'}-${index}`} data-testid="difference-row" data-difference={line.difference}>
                <td className="mono">
                  {line.type} {line.clientTxnId ?? ''}
                </td>
                <td className="num">{yen(line.journalYen)}</td>
                <td className="num">{yen(line.backendYen)}</td>
                <td>{t(`close.difference.${line.difference}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

import { useTranslation } from 'react-i18next';
import type { HistoryLine, SearchLine } from '../../../common/terminal-api';
import { useFormat } from '../../format/use-format';
import { isSearchLine } from './line-text';

/** The second row of a line: short number · time · method · staff (· register), and what moved. */
export function LineFacts({ line }: { line: HistoryLine | SearchLine }) {
  const { t } = useTranslation();
  const format = useFormat();
  const cash = line.cashYen ?? 0;
  return (
    <span className="day-line-facts">
      {line.shortNo && (
        <span className="mono" data-testid="line-short-no">
          {line.shortNo}
        </span>
      )}
      <span data-testid="line-time">{format.stamp(line.occurredAt)}</span>
      {line.method && <span data-testid="line-method">{t(`day.method.${line.method}`)}</span>}
      {line.mpmSource && <span data-testid="line-mpm-source">{t(`kumapo.history.source.${line.mpmSource}`)}</span>}
      {line.staffName && <span data-testid="line-staff">{line.staffName}</span>}
      {isSearchLine(line) && (line.terminalNo !== null || line.terminalName) && (
        <span data-testid="line-register">{t('day.history.registerName', { no: line.terminalNo === null ? '' : String(line.terminalNo).padStart(4, '0'), name: line.terminalName ?? '' }).trim()}</span>
      )}
      {line.type === 'payment' && cash > 0 && (
        <span className="day-line-split" data-testid="line-split">
          {t('day.history.split', { kumapay: format.yen(line.amountYen), cash: format.yen(cash) })}
        </span>
      )}
      {line.type === 'migration' && <span data-testid="line-migrated">{t('day.history.migrated', { amount: format.yen(line.amountYen) })}</span>}
    </span>
  );
}

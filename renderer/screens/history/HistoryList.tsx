import { useTranslation } from 'react-i18next';
import type { HistoryLine } from '../../../common/terminal-api';
import { useFormat } from '../../format/use-format';
import { LineBadges } from './LineBadges';

/** The day's transactions, newest first as the core sends them; each opens its detail. */
export function HistoryList({ lines, onOpen }: { lines: readonly HistoryLine[]; onOpen(line: HistoryLine): void }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (lines.length === 0) return <p className="hint" data-testid="history-empty">{t('history.empty')}</p>;
  return (
    <ul className="history-list">
      {lines.map((line) => (
        <li key={line.id}>
          <button
            type="button"
            className={`history-line${line.cancelled ? ' history-line--cancelled' : ''}`}
            data-testid="history-line"
            data-id={line.id}
            data-state={line.state}
            data-cancelled={line.cancelled}
            onClick={() => onOpen(line)}
          >
            <span className="history-time">{format.time(line.occurredAt)}</span>
            <span className="history-type">{t(`history.type.${line.type}`)}</span>
            <span className="history-amount">{format.yen(line.amountYen)}</span>
            <LineBadges line={line} />
          </button>
        </li>
      ))}
    </ul>
  );
}

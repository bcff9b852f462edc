import { useTranslation } from 'react-i18next';
import type { HistoryLine, SearchLine } from '../../../common/terminal-api';
import { useFormat } from '../../format/use-format';
import { LineBadges } from './LineBadges';
import { LineFacts } from './LineFacts';
import { isSearchLine } from './line-text';

interface HistoryListProps {
  lines: readonly (HistoryLine | SearchLine)[];
  onOpen(line: HistoryLine | SearchLine): void;
  openId: string | null;
  /** `history-line` for the day's list, `search-result` for a search. */
  testId: 'history-line' | 'search-result';
  label: string;
}

/**
 * Transactions newest first as the core sends them (R25): short number, time, type, amount
 * (a split sale's two parts, a migration's moved amount), method, staff; each opens its detail.
 */
export function HistoryList({ lines, onOpen, openId, testId, label }: HistoryListProps) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <ul className="day-list" aria-label={label}>
      {lines.map((line) => (
        <li key={line.id}>
          <button
            type="button"
            className={`day-line${line.cancelled ? ' day-line--cancelled' : ''}${openId === line.id ? ' day-line--open' : ''}`}
            data-testid={testId}
            data-id={line.id}
            data-short-no={line.shortNo ?? ''}
            data-type={line.type}
            data-state={line.state}
            data-cancelled={line.cancelled}
            {...(isSearchLine(line) ? { 'data-terminal-no': line.terminalNo ?? '', 'data-own': line.own } : {})}
            aria-pressed={openId === line.id}
            onClick={() => onOpen(line)}
          >
            <span className="day-line-head">
              <span className="day-line-type">{t(`day.type.${line.type}`)}</span>
              <span className="day-line-amount" data-testid="line-amount">
                {line.type === 'point_spend' ? format.points(line.points ?? 0) : format.yen(line.amountYen)}
              </span>
              <LineBadges line={line} />
            </span>
            <LineFacts line={line} />
          </button>
        </li>
      ))}
    </ul>
  );
}

import { useTranslation } from 'react-i18next';
import type { DailyReportLine } from '../../../common/terminal-api';
import { useFormat } from '../../format/use-format';
import { differenceKey } from './differences';

const TYPES: ReadonlySet<string> = new Set(['payment', 'charge', 'migration', 'point_spend']);

interface DifferencesListProps {
  lines: readonly DailyReportLine[];
  compared: boolean;
  acknowledged: ReadonlySet<string>;
  /** Offered to a manager before 精算; null: nothing to acknowledge here (closed day, not a manager). */
  onAcknowledge: ((key: string) => void) | null;
}

/**
 * R33: the register's journal against head office, one line each in words the manager reads —
 * type, time, amounts on each side, the short number (or the first 8 characters of the
 * clientTxnId when there is none), what differs — and a 確認 button per line before 精算.
 */
export function DifferencesList({ lines, compared, acknowledged, onAcknowledge }: DifferencesListProps) {
  const { t } = useTranslation();
  const format = useFormat();
  const yen = (value: number | null) => (value === null ? '—' : format.yen(value));
  // R23: a point spend differs in points, never in yen.
  const figure = (line: DailyReportLine, side: 'journal' | 'backend') =>
    line.type === 'point_spend'
      ? (side === 'journal' ? line.journalPoints : line.backendPoints) == null
        ? '—'
        : format.points((side === 'journal' ? line.journalPoints : line.backendPoints) ?? 0)
      : yen(side === 'journal' ? line.journalYen : line.backendYen);
  const remaining = lines.filter((line) => !acknowledged.has(differenceKey(line)) && !line.acknowledgedByName).length;
  return (
    <section className="differences" data-testid="report-differences" data-count={lines.length} data-remaining={remaining}>
      <div className="differences-head">
        <h3>{t('day.differences.title')}</h3>
        {lines.length > 0 && (
          <span className={remaining > 0 ? 'badge badge--pending' : 'badge'} data-testid="differences-remaining">
            {remaining > 0 ? t('day.differences.remaining', { count: remaining }) : t('day.differences.allAcked')}
          </span>
        )}
      </div>
      {!compared && (
        <p className="notice notice--warn" data-testid="report-not-compared">
          {t('day.differences.notCompared')}
        </p>
      )}
      {compared && lines.length === 0 && <p className="notice notice--ok">{t('day.differences.none')}</p>}
      {lines.length > 0 && (
        <ul className="difference-list">
          {lines.map((line, index) => {
            const key = differenceKey(line);
            const acked = acknowledged.has(key) || Boolean(line.acknowledgedByName);
            const number = line.shortNo ?? (line.clientTxnId ? line.clientTxnId.slice(0, 8) : t('day.differences.noNumber'));
            return (
              <li
                key={`${key}-${index}`}
                className={`difference-line${acked ? ' difference-line--acked' : ''}`}
                data-testid="difference-line"
                data-difference={line.difference}
                data-key={key}
                data-acknowledged={acked}
              >
                <div>
                  <p className="difference-what" data-testid="difference-what">
                    {TYPES.has(line.type) ? t(`day.type.${line.type as 'payment' | 'charge' | 'migration' | 'point_spend'}`) : t('day.differences.otherType')}
                    {' · '}
                    {t(`day.differences.what.${line.difference}`)}
                  </p>
                  <p className="difference-facts">
                    <span data-testid="difference-time">{line.occurredAt ? format.stamp(line.occurredAt) : t('day.differences.noTime')}</span>
                    <span className="mono" data-testid="difference-number">
                      {number}
                    </span>
                    <span data-testid="difference-amounts">
                      {t('day.differences.journal')} {figure(line, 'journal')} / {t('day.differences.backend')} {figure(line, 'backend')}
                    </span>
                  </p>
                </div>
                {acked ? (
                  <span className="badge" data-testid="difference-acked">
                    {line.acknowledgedByName ? t('day.differences.ackedBy', { name: line.acknowledgedByName }) : t('day.differences.acked')}
                  </span>
                ) : (
                  onAcknowledge && (
                    <button type="button" className="button button--small" data-testid="difference-ack" onClick={() => onAcknowledge(key)}>
                      {t('day.differences.ack')}
                    </button>
                  )
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

/**
 * The citizen's history (R25), yen or points, switchable (履歴切替, R23): newest first, each
 * line its moment (JST), what it was, where, and the signed amount.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../format/use-format';
import { drop } from '../../format/drop';
import type { CitizenClient, PointsHistory, YenHistory } from '../citizen-client';
import { formatPoints } from './format-points';
import { useRefusalText, type Refusal } from './use-refusal-text';

type Kind = 'yen' | 'points';
type Loaded =
  { kind: 'yen'; items: YenHistory['items'] } | { kind: 'points'; items: PointsHistory['items'] };

export function HistoryPanel({ client }: { client: CitizenClient }) {
  const { t } = useTranslation();
  const format = useFormat();
  const refusalText = useRefusalText();
  const [kind, setKind] = useState<Kind>('yen');
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [refusal, setRefusal] = useState<Refusal | null>(null);

  useEffect(() => {
    let current = true;
    setLoaded(null);
    setRefusal(null);
    const load = async () => {
      if (kind === 'yen') {
        const answer = await client.history();
        if (!current) return;
        if (answer.ok) setLoaded({ kind: 'yen', items: answer.value.items });
        else setRefusal(answer);
      } else {
        const answer = await client.pointsHistory();
        if (!current) return;
        if (answer.ok) setLoaded({ kind: 'points', items: answer.value.items });
        else setRefusal(answer);
      }
    };
    drop(load(), 'customer history');
    return () => {
      current = false;
    };
  }, [client, kind]);

  const yenSigned = (amountYen: number) =>
    amountYen > 0 ? `+${format.yen(amountYen)}` : format.yen(amountYen);
  return (
    <section className="citizen-panel" aria-labelledby="citizen-history-title">
      <h2 id="citizen-history-title">{t('customer.tab.history')}</h2>
      <div
        className="button-row citizen-switch"
        role="group"
        aria-label={t('customer.history.switch')}
      >
        {(['yen', 'points'] as const).map((option) => (
          <button
            key={option}
            type="button"
            className="button button--quick"
            aria-pressed={kind === option}
            onClick={() => setKind(option)}
          >
            {t(`customer.history.${option}`)}
          </button>
        ))}
      </div>
      {refusal && (
        <p className="notice notice--error" role="alert">
          {refusalText(refusal)}
        </p>
      )}
      {loaded === null && !refusal && <p className="hint">…</p>}
      {loaded && loaded.items.length === 0 && <p className="hint">{t('customer.history.empty')}</p>}
      {loaded?.kind === 'yen' && loaded.items.length > 0 && (
        <ul
          className="citizen-history"
          aria-label={t('customer.history.yenList')}
          data-testid="citizen-history-yen"
        >
          {loaded.items.map((item) => (
            <li key={item.id} className="citizen-history-item">
              <span className="citizen-history-when">{format.stamp(item.occurredAt)}</span>
              <span className="citizen-history-what">
                {t(`customer.history.yenType.${item.type}`)}
                {item.merchantName ? ` ${item.merchantName}` : ''}
                {item.cancelled && (
                  <span className="badge badge--cancelled">{t('customer.history.cancelled')}</span>
                )}
              </span>
              <span className="citizen-history-amount">{yenSigned(item.amountYen)}</span>
            </li>
          ))}
        </ul>
      )}
      {loaded?.kind === 'points' && loaded.items.length > 0 && (
        <ul
          className="citizen-history"
          aria-label={t('customer.history.pointsList')}
          data-testid="citizen-history-points"
        >
          {loaded.items.map((item) => (
            <li key={item.id} className="citizen-history-item">
              <span className="citizen-history-when">{format.stamp(item.occurredAt)}</span>
              <span className="citizen-history-what">
                {t(`customer.history.pointsType.${item.type}`)}
                {item.name ? ` ${item.name}` : ''}
                {item.cancelled && (
                  <span className="badge badge--cancelled">{t('customer.history.cancelled')}</span>
                )}
              </span>
              <span className="citizen-history-amount">
                {formatPoints(item.points, format.language, { signed: true })}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

import { useTranslation } from 'react-i18next';
import type { HistoryLine, SearchLine } from '../../../common/terminal-api';
import { useStatus } from '../../hooks/api-context';
import { LotBreakdown } from '../../components/LotBreakdown';
import { useFocusOnMount } from '../../components/use-focus';
import { cancelBlock, needsApproval } from '../../flows/cancel-rules';
import { allocationLines } from '../../format/lot-lines';
import { useFormat } from '../../format/use-format';
import { CancelAction } from './CancelAction';
import { LineBadges } from './LineBadges';
import { LineSlips } from './LineSlips';
import { isSearchLine } from './line-text';

interface HistoryDetailProps {
  line: HistoryLine | SearchLine;
  onClose(): void;
  onCancelled(): void;
}

/** One transaction: when, what, who, which lots paid it (R25), its slips (R29), and the cancel action (R14, R31). */
export function HistoryDetail({ line, onClose, onCancelled }: HistoryDetailProps) {
  const { t } = useTranslation();
  const format = useFormat();
  const status = useStatus();
  const closeRef = useFocusOnMount<HTMLButtonElement>(line.id);
  const role = status.staff?.role;
  const block = role ? cancelBlock(line, role, status.connectivity, Date.now()) : 'role';
  const approval = role !== undefined && line.type !== 'migration' && needsApproval(role, line.type);
  const kindLabel = (kind: 'charge' | 'limited') => t(`lot.unnamed.${kind}`);
  const cash = line.cashYen ?? 0;
  const facts: ReadonlyArray<{ id: string; label: string; value: string }> = [
    ...(line.shortNo ? [{ id: 'short-no', label: t('day.history.shortNo'), value: line.shortNo }] : []),
    { id: 'time', label: t('day.history.time'), value: format.stamp(line.occurredAt) },
    ...(line.method
      ? [{ id: 'method', label: t('day.history.method'), value: [t(`day.method.${line.method}`), line.mpmSource ? t(`kumapo.history.source.${line.mpmSource}`) : ''].filter(Boolean).join(' · ') }]
      : []),
    ...(line.staffName ? [{ id: 'staff', label: t('day.history.staff'), value: line.staffName }] : []),
    ...(isSearchLine(line) && (line.terminalNo !== null || line.terminalName)
      ? [{ id: 'register', label: t('day.history.register'), value: [line.terminalNo === null ? '' : String(line.terminalNo).padStart(4, '0'), line.terminalName ?? ''].join(' ').trim() }]
      : []),
    ...(line.type === 'payment' && cash > 0
      ? [
          { id: 'kumapay', label: t('day.history.kumapay'), value: format.yen(line.amountYen) },
          { id: 'cash', label: t('day.history.cash'), value: format.yen(cash) },
        ]
      : []),
    ...(line.bonusYen > 0 ? [{ id: 'bonus', label: t('day.history.bonus'), value: format.yen(line.bonusYen) }] : []),
  ];
  return (
    <section className="day-detail" data-testid="history-detail" data-id={line.id} data-short-no={line.shortNo ?? ''} aria-label={t('history.detail')}>
      <h2 className="day-detail-title">
        {t(`day.type.${line.type}`)}{' '}
        <span className="day-detail-amount" data-testid="detail-amount">
          {line.type === 'migration'
            ? t('day.history.migrated', { amount: format.yen(line.amountYen) })
            : line.type === 'point_spend'
              ? format.points(line.points ?? 0)
              : format.yen(line.amountYen + (line.type === 'payment' ? cash : 0))}
        </span>{' '}
        <LineBadges line={line} />
      </h2>
      <dl className="day-facts">
        {facts.map((fact) => (
          <div key={fact.id} className="day-fact" data-testid={`detail-${fact.id}`}>
            <dt>{fact.label}</dt>
            <dd>{fact.value}</dd>
          </div>
        ))}
      </dl>
      {line.allocations.length > 0 ? (
        <LotBreakdown title={t('day.history.breakdown')} lines={allocationLines(line.allocations, null, kindLabel)} testId="detail-breakdown" showExpiry={false} />
      ) : (
        line.type !== 'point_spend' && <p className="hint">{t('day.history.noBreakdown')}</p>
      )}
      <LineSlips key={line.id} slips={line.slips ?? []} />
      <div className="detail-actions">
        <CancelAction key={line.id} line={line} block={block} needsApproval={approval} onCancelled={onCancelled} />
      </div>
      <button type="button" className="button" data-testid="detail-close" ref={closeRef} onClick={onClose}>
        {t('app.close')}
      </button>
    </section>
  );
}

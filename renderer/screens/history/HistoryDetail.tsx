import { useTranslation } from 'react-i18next';
import type { HistoryLine } from '../../../common/terminal-api';
import { useStatus } from '../../app/api-context';
import { AmountDisplay } from '../../components/AmountDisplay';
import { LotBreakdown } from '../../components/LotBreakdown';
import { useFocusOnMount } from '../../components/use-focus';
import { cancelBlock } from '../../flows/cancel-rules';
import { allocationLines } from '../../format/lot-lines';
import { useFormat } from '../../format/use-format';
import { CancelAction } from './CancelAction';
import { LineBadges } from './LineBadges';

/** One transaction: when, what, which lots paid it (R25), and the cancel action (R14). */
export function HistoryDetail({ line, onClose, onCancelled }: { line: HistoryLine; onClose(): void; onCancelled(): void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const status = useStatus();
  const closeRef = useFocusOnMount<HTMLButtonElement>(line.id);
  const role = status.staff?.role;
  const block = role ? cancelBlock(line, role, status.connectivity, Date.now()) : 'role';
  const kindLabel = (kind: 'charge' | 'limited') => t(`lot.${kind}`);
  return (
    <section className="detail" data-testid="history-detail" data-id={line.id} aria-label={t('history.detail')}>
      <h2>
        {t(`history.type.${line.type}`)} <LineBadges line={line} />
      </h2>
      <AmountDisplay label={t(`history.type.${line.type}`)} amountYen={line.amountYen} testId="detail-amount" size="medium" />
      <dl className="figures">
        <div className="figure">
          <dt>{t('history.time')}</dt>
          <dd>{format.dateTime(line.occurredAt)}</dd>
        </div>
        <div className="figure">
          <dt>{t('history.transactionId')}</dt>
          <dd className="mono">{line.id}</dd>
        </div>
        {line.bonusYen > 0 && (
          <div className="figure">
            <dt>{t('charge.bonus')}</dt>
            <dd>{format.yen(line.bonusYen)}</dd>
          </div>
        )}
      </dl>
      {line.allocations.length > 0 && <LotBreakdown title={t('pay.breakdown')} lines={allocationLines(line.allocations, null, kindLabel)} testId="detail-breakdown" showExpiry={false} />}
      <div className="detail-actions">
        <CancelAction key={line.id} line={line} block={block} onCancelled={onCancelled} />
      </div>
      <button type="button" className="button" data-testid="detail-close" ref={closeRef} onClick={onClose}>
        {t('app.close')}
      </button>
    </section>
  );
}

import { useTranslation } from 'react-i18next';
import type { LookupView } from '../../common/terminal-api';
import { lotLines } from '../format/lot-lines';
import { AmountDisplay } from './AmountDisplay';
import { LotBreakdown } from './LotBreakdown';

/**
 * One wallet as a lookup shows it: kind, total, and every lot with its expiry (R1, R2); ¥0
 * lots are not listed. `title` is left out where the screen's own title already says it.
 */
export function WalletCard({ wallet, title, testId }: { wallet: LookupView; title?: string; testId: string }) {
  const { t } = useTranslation();
  return (
    <section className="wallet-card" data-testid={testId} data-wallet-kind={wallet.kind}>
      <h2 className="wallet-card-title">
        {title && `${title} `}
        <span className="badge">{wallet.kind === 'app' ? t('lookup.kindApp') : t('lookup.kindCard')}</span>
        {wallet.status === 'retired' && <span className="badge badge--offline">{t('lookup.retired')}</span>}
      </h2>
      <AmountDisplay label={t('lookup.total')} amountYen={wallet.totalYen} testId={`${testId}-total`} size="medium" />
      <LotBreakdown title={t('pay.breakdown')} lines={lotLines(wallet.lots)} testId={`${testId}-lots`} />
    </section>
  );
}

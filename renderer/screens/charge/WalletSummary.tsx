import { useTranslation } from 'react-i18next';
import type { LookupView } from '../../../common/terminal-api';
import { chargeBalanceYen, chargeLimitYen } from '../../flows/charge-rules';
import { useFormat } from '../../format/use-format';

/** Before a charge: what the customer has, and how much more the cap allows (R11, R13). */
export function WalletSummary({ wallet }: { wallet: LookupView }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <dl className="figures" data-testid="wallet-summary">
      <div className="figure">
        <dt>{t('charge.currentBalance')}</dt>
        <dd data-testid="current-balance">{format.yen(wallet.totalYen)}</dd>
      </div>
      <div className="figure">
        <dt>{t('charge.chargeBalance')}</dt>
        <dd data-testid="charge-balance">{format.yen(chargeBalanceYen(wallet))}</dd>
      </div>
      <div className="figure figure--strong">
        <dt>{t('charge.maxCharge')}</dt>
        <dd data-testid="max-charge">{format.yen(chargeLimitYen(wallet))}</dd>
      </div>
      {wallet.debtYen > 0 && (
        <div className="figure figure--warn">
          <dt>{t('charge.debt')}</dt>
          <dd data-testid="wallet-debt">{format.yen(wallet.debtYen)}</dd>
        </div>
      )}
    </dl>
  );
}

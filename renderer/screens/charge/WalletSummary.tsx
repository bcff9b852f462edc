import { useTranslation } from 'react-i18next';
import type { LookupView } from '../../../common/terminal-api';
import { chargeBalanceYen, chargeLimitYen } from '../../flows/charge-rules';
import { useFormat } from '../../format/use-format';

/** Before a charge: what the customer has, and how much more the cap allows (R11, R13). */
export function WalletSummary({ wallet }: { wallet: LookupView }) {
  const { t } = useTranslation();
  const format = useFormat();
  // R2: the charge money's configured name; the neutral word only when the wallet has no charge lot.
  const chargeName = wallet.lots.find((lot) => lot.kind === 'charge')?.label;
  return (
    <dl className="figures" data-testid="wallet-summary">
      <div className="figure">
        <dt>{t('charge.currentBalance')}</dt>
        <dd data-testid="current-balance">{format.yen(wallet.totalYen)}</dd>
      </div>
      <div className="figure">
        <dt data-testid="charge-balance-label">{chargeName ? t('charge.chargeBalance', { name: chargeName }) : t('lot.unnamed.charge')}</dt>
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

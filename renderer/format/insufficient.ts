/**
 * R8/R32: an `insufficient_funds` decline in the cashier's words, from the figures the core
 * sends (`details.eligibleYen`, `totalYen`, `notAcceptedHere: [{label, amountYen}]`): which
 * balances this shop does not take, or how much the wallet is short — never a bare
 * "not enough balance" when the balances are known.
 */
import { useTranslation } from 'react-i18next';
import type { Failure } from '../../common/terminal-api';
import { numberDetail } from './use-failure-text';
import { useFormat } from './use-format';

export interface NotAcceptedBalance {
  label: string;
  amountYen: number;
}

/** The balances with value that this shop does not accept; malformed entries are skipped. */
export function notAcceptedHere(failure: Failure): NotAcceptedBalance[] {
  const raw = failure.details.notAcceptedHere;
  if (!Array.isArray(raw)) return [];
  const out: NotAcceptedBalance[] = [];
  for (const entry of raw as unknown[]) {
    if (typeof entry !== 'object' || entry === null) continue;
    const { label, amountYen } = entry as Record<string, unknown>;
    if (typeof label === 'string' && label && typeof amountYen === 'number' && Number.isSafeInteger(amountYen) && amountYen > 0) out.push({ label, amountYen });
  }
  return out;
}

/** The eligible value here (R8), or null when the decline is not about funds or carries no figure. */
export function eligibleYenOf(failure: Failure): number | null {
  return failure.code === 'insufficient_funds' ? numberDetail(failure, 'eligibleYen') : null;
}

export function useInsufficientText(): (failure: Failure, requestedYen: number) => string | null {
  const { t } = useTranslation();
  const format = useFormat();
  return (failure, requestedYen) => {
    if (failure.code !== 'insufficient_funds') return null;
    const eligibleYen = eligibleYenOf(failure);
    const notAccepted = notAcceptedHere(failure);
    if (notAccepted.length > 0) {
      const list = notAccepted.map((b) => t('counter.insufficient.lot', { label: b.label, amount: format.yen(b.amountYen) })).join(t('counter.insufficient.separator'));
      return t('counter.insufficient.notAccepted', { list, eligible: format.yen(eligibleYen ?? 0) });
    }
    if (eligibleYen !== null && eligibleYen < requestedYen) {
      return t('counter.insufficient.short', { short: format.yen(requestedYen - eligibleYen), eligible: format.yen(eligibleYen) });
    }
    return null;
  };
}

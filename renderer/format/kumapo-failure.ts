/**
 * Refusals of クマポ利用 and QRを表示 in the cashier's words (R23, R28): how many points the
 * customer has, that a card has none, that these steps need the link (never queued offline).
 */
import { useTranslation } from 'react-i18next';
import type { Failure } from '../../common/terminal-api';
import { numberDetail, useFailureText } from './use-failure-text';
import { useFormat } from './use-format';

/** True for "this needs the backend, which cannot be reached now" (the core's online-only refusal). */
export function isOfflineRefusal(failure: Failure): boolean {
  return failure.code === 'offline_refused' && failure.details.reason === 'online_only';
}

export function useKumapoFailureText(): (failure: Failure) => string {
  const { t } = useTranslation();
  const format = useFormat();
  const failureText = useFailureText();
  return (failure) => {
    if (isOfflineRefusal(failure)) return t('kumapo.offline');
    if (failure.code === 'points_insufficient') {
      const available = numberDetail(failure, 'pointsAvailable');
      return available === null ? t('errors.points_insufficient') : t('kumapo.insufficient', { available: format.points(available) });
    }
    if (failure.code === 'wallet_not_app') return t('kumapo.cardNoPoints');
    if (failure.code === 'not_kumapo_store') return t('kumapo.notStore');
    return failureText(failure);
  };
}

/**
 * A Failure in the cashier's words: one sentence per error code (errors.* in the resources),
 * with the figures the code carries (R11 `maxChargeYen`).
 */
import { useTranslation } from 'react-i18next';
import type { Failure } from '../../common/terminal-api';
import { ERROR_CODES } from '../../common/errors';
import { useFormat } from './use-format';

const KNOWN_CODES: ReadonlySet<string> = new Set([...ERROR_CODES, 'offline_refused', 'offline_limit', 'network']);

export function numberDetail(failure: Failure, key: string): number | null {
  const value = failure.details[key];
  return typeof value === 'number' && Number.isSafeInteger(value) ? value : null;
}

/** A lock-out's length in whole minutes, rounded up (never 0); null when it is not one or says no time. */
export function lockedMinutes(failure: Failure): number | null {
  const retryAfterSeconds = failure.code === 'staff_locked' ? numberDetail(failure, 'retryAfterSeconds') : null;
  return retryAfterSeconds === null ? null : Math.max(1, Math.ceil(retryAfterSeconds / 60));
}

export function useFailureText(): (failure: Failure) => string {
  const { t } = useTranslation();
  const format = useFormat();
  return (failure) => {
    // A code newer than this renderer still reaches the cashier, with the core's own message.
    if (!KNOWN_CODES.has(failure.code)) return failure.message || failure.code;
    // Tell a locked-out staff member for how long.
    const minutes = lockedMinutes(failure);
    if (minutes !== null) return t('login.lockedFor', { minutes });
    if (failure.code === 'invalid_request' && failure.details.reason === 'insecure_backend_url') return t('settings.insecureBackendUrl');
    const max = numberDetail(failure, 'maxChargeYen');
    return t(`errors.${failure.code}`, { max: max === null ? '' : format.yen(max) });
  };
}

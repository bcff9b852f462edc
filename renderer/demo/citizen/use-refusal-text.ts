/**
 * A refusal in the citizen's words: the customer page's own sentence where the cashier's
 * (errors.*) would speak to the wrong person, the shared sentence otherwise, and the backend's
 * message inside a plain sentence for a code this page does not know.
 */
import { useTranslation } from 'react-i18next';
import { ERROR_CODES } from '../../../common/errors';

const OWN = [
  'token_invalid',
  'token_expired',
  'token_used',
  'mpm_request_expired',
  'mpm_request_closed',
] as const;
type OwnCode = (typeof OWN)[number];
type SharedCode = (typeof ERROR_CODES)[number] | 'network';

const OWN_CODES: ReadonlySet<string> = new Set(OWN);
const SHARED_CODES: ReadonlySet<string> = new Set([...ERROR_CODES, 'network']);

export interface Refusal {
  code: string;
  message: string;
}

export function useRefusalText(): (refusal: Refusal) => string {
  const { t } = useTranslation();
  return ({ code, message }) => {
    if (OWN_CODES.has(code)) return t(`customer.refusal.${code as OwnCode}`);
    if (SHARED_CODES.has(code)) return t(`errors.${code as SharedCode}`, { max: '' });
    return t('customer.refusal.other', { message: message || code });
  };
}

/**
 * Which wallet or card a credential spends from, as a journal key. Used to hold back a second
 * payment from the same wallet while an earlier one's outcome is unknown: if both went through,
 * the customer would pay twice for one purchase.
 */
import { normalizeCardUid } from '../../common/card-uid';
import { parseCpmToken } from '../../common/cpm-token';
import type { Credential } from '../../common/wire/primitives';

export function credentialKey(credential: Credential): string {
  if (credential.type === 'cpm') {
    // Structure only: a forged token names a wallet too, and holding it back is harmless.
    const parsed = parseCpmToken(credential.token);
    return parsed ? `wallet:${parsed.claims.walletId}` : `token:${credential.token}`;
  }
  return 'cardNumber' in credential ? `card:${credential.cardNumber}` : `nfc:${normalizeNfcUid(credential.nfcUid)}`;
}

/** A chip UID as the backend keys it (common/card-uid.ts): a blocked card matches whichever form arrives. */
export const normalizeNfcUid = normalizeCardUid;

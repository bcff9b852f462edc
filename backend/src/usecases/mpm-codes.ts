import { DomainError } from '../../../common/errors';
import { mpmQrSignedText, parseMpmQr, type DynamicMpmQr, type MpmQr, type StaticMpmQr } from '../../../common/mpm-qr';
import type { Deps } from './context';

/** A QR's fields before the keyring picks the signing key. */
export type UnsignedMpmQr = Omit<DynamicMpmQr, 'kid'> | Omit<StaticMpmQr, 'kid'>;

/** R28: the QR text the terminal shows or the shop prints, signed with the newest live key. */
export function signMpmQr(deps: Pick<Deps, 'keys'>, qr: UnsignedMpmQr, nowMs: number): Promise<string> {
  return deps.keys.signText((kid) => mpmQrSignedText({ ...qr, kid }), nowMs);
}

/**
 * The QR a customer's app read, once its signature holds: only then are its shop name, amount
 * and ids believed. Anything else — a stranger's QR, a tampered amount, a key revoked after a
 * leak — is `token_invalid`. A revoked key verifies nothing, store QRs included.
 */
export async function verifyMpmQr(deps: Pick<Deps, 'keys'>, text: string, nowMs: number): Promise<MpmQr> {
  const parsed = parseMpmQr(text);
  // A printed store QR outlives key rotations (a shop cannot re-print at each one): any key
  // that was never revoked still vouches for it. A dynamic QR lives minutes and needs a live key.
  const retiredKeys = parsed?.qr.kind === 'static';
  if (!parsed || !(await deps.keys.verifyText(parsed.signedText, parsed.qr.kid, parsed.signature, nowMs, { retiredKeys }))) {
    throw new DomainError('token_invalid', 'this is not a KumaPAY shop QR code');
  }
  return parsed.qr;
}

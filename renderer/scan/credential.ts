/**
 * Scanned text, card taps and camera decodes → the credential the core expects (R18, R22):
 * a CPM token (`KP1.` prefix) from the customer's app, or a physical card by printed number
 * or by chip UID.
 */
import type { Credential } from '../../common/terminal-api';
import { CPM_PREFIX, parseCpmToken } from '../../common/cpm-token';
import type { BurstResult } from './burst-detector';

export const CPM_TEXT_PREFIX = `${CPM_PREFIX}.`;
/** Printed card numbers as the admin API accepts them (createCardRequest). */
const CARD_NUMBER_RE = /^[0-9A-Za-z-]{4,32}$/;

export type CredentialKind = 'cpm' | 'card';
export type CardRef = { cardNumber: string } | { nfcUid: string };

export function credentialKind(credential: Credential): CredentialKind {
  return credential.type;
}

const FIRST_PRINTABLE_CODE = 0x20;

/** Scanner framing (CR, LF, Tab, STX/ETX: all C0 controls) and stray spaces are not part of a code. */
function clean(text: string): string {
  return Array.from(text)
    .filter((char) => (char.codePointAt(0) ?? 0) >= FIRST_PRINTABLE_CODE)
    .join('')
    .trim();
}

export function credentialFromText(raw: string): Credential | null {
  const text = clean(raw);
  if (text.startsWith(CPM_TEXT_PREFIX)) return { type: 'cpm', token: text };
  const cardNumber = text.replace(/\s+/g, '');
  if (CARD_NUMBER_RE.test(cardNumber)) return { type: 'card', cardNumber };
  return null;
}

/**
 * A keyboard-wedge scan comes in two readings (as typed, as a US-layout scanner meant it). A
 * CPM token's structure is strict, so the reading that parses as one is the right one: this
 * repairs the JIS-layout trap (`_` typed as `=`) for the codes that matter most.
 */
export function credentialFromBurst(burst: Extract<BurstResult, { kind: 'scan' }>): Credential | null {
  const readings = [burst.typedText, burst.usLayoutText].filter((t): t is string => t !== null).map(clean);
  const validToken = readings.find((t) => t.startsWith(CPM_TEXT_PREFIX) && parseCpmToken(t) !== null);
  if (validToken) return { type: 'cpm', token: validToken };
  for (const reading of readings) {
    const credential = credentialFromText(reading);
    if (credential) return credential;
  }
  return null;
}

export function credentialFromCardUid(uid: string): Credential {
  return { type: 'card', nfcUid: uid.trim() };
}

/** The camera only ever reads the customer's app QR (R22); the core judges the token. */
export function credentialFromCamera(text: string): Credential | null {
  const token = clean(text);
  return token ? { type: 'cpm', token } : null;
}

export function cardRefOf(credential: Credential): CardRef | null {
  if (credential.type !== 'card') return null;
  return 'nfcUid' in credential ? { nfcUid: credential.nfcUid } : { cardNumber: credential.cardNumber };
}

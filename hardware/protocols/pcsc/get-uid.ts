/**
 * The one APDU a PC/SC card reader needs from us: GET DATA (`FF CA 00 00 00`), which the
 * reader itself answers (PC/SC Part 3) with the card's UID (ISO 14443A: 4, 7 or 10 bytes) or
 * IDm (FeliCa: 8 bytes) and `90 00`. The ATR the reader builds for a contactless card names
 * the card's standard, which tells FeliCa from type A where the length alone would guess.
 */
import type { CardTechnology } from '../../events';
import { bytesToHex } from '../card-uid/typed-uid';

export const GET_UID_APDU: Uint8Array = Uint8Array.of(0xff, 0xca, 0x00, 0x00, 0x00);

/** PC/SC Part 3 storage-card ATR: 3B 8F 80 01 80 4F 0C, RID A0 00 00 03 06, SS, NN NN, 00×4, TCK. */
const PART3_ATR_PREFIX = [0x3b, 0x8f, 0x80, 0x01, 0x80, 0x4f, 0x0c, 0xa0, 0x00, 0x00, 0x03, 0x06] as const;
const PART3_STANDARD_OFFSET = PART3_ATR_PREFIX.length;
/** SS byte values (PC/SC Part 3 supplement): ISO 14443A parts 1–3, and FeliCa (JIS X 6319-4). */
const STANDARD_ISO14443A_3 = 0x03;
const STANDARD_FELICA = 0x11;

const ISO14443A_UID_LENGTHS: readonly number[] = [4, 7, 10];
const FELICA_IDM_LENGTH = 8;

export type UidReply =
  | { ok: true; uid: string; technology: CardTechnology }
  /** `statusWord` as 4 hex digits ("6A81": not supported), or null when the reply was too short to carry one. */
  | { ok: false; reason: 'status' | 'malformed'; statusWord: string | null };

function standardFromAtr(atr: Uint8Array): CardTechnology | null {
  if (atr.length <= PART3_STANDARD_OFFSET) return null;
  for (let i = 0; i < PART3_ATR_PREFIX.length; i++) if (atr[i] !== PART3_ATR_PREFIX[i]) return null;
  const standard = atr[PART3_STANDARD_OFFSET];
  if (standard === STANDARD_FELICA) return 'felica';
  if (standard === STANDARD_ISO14443A_3) return 'iso14443a';
  return null;
}

/** The reply to GET_UID_APDU, read with the ATR of the same card presence. */
export function parseUidReply(reply: Uint8Array, atr: Uint8Array): UidReply {
  if (reply.length < 2) return { ok: false, reason: 'malformed', statusWord: null };
  const sw1 = reply[reply.length - 2]!;
  const sw2 = reply[reply.length - 1]!;
  const statusWord = bytesToHex([sw1, sw2]);
  if (sw1 !== 0x90 || sw2 !== 0x00) return { ok: false, reason: 'status', statusWord };
  const id = reply.subarray(0, reply.length - 2);
  const byLength: CardTechnology | null = id.length === FELICA_IDM_LENGTH ? 'felica' : ISO14443A_UID_LENGTHS.includes(id.length) ? 'iso14443a' : null;
  // An ATR that names one standard and an id of the other's length is a reader we do not understand.
  const fromAtr = standardFromAtr(atr);
  if (byLength === null || (fromAtr !== null && fromAtr !== byLength)) return { ok: false, reason: 'malformed', statusWord };
  return { ok: true, uid: bytesToHex(id), technology: byLength };
}

/** Builders for the virtual card and tests: the ATR a PC/SC reader gives each kind of card. */
export function part3Atr(technology: Exclude<CardTechnology, 'unknown'>): Uint8Array {
  const body = [...PART3_ATR_PREFIX, technology === 'felica' ? STANDARD_FELICA : STANDARD_ISO14443A_3, 0x00, technology === 'felica' ? 0x3b : 0x01, 0x00, 0x00, 0x00, 0x00];
  // TCK: XOR of every byte after TS (3B).
  let tck = 0;
  for (const b of body.slice(1)) tck ^= b;
  return Uint8Array.from([...body, tck]);
}

/**
 * The PN532 commands the card reader uses, and their responses decoded into values. A decoder
 * returns null for a response that does not have the documented shape; it never throws.
 */
import type { CardTechnology } from '../../events';
import { bytesToHex } from '../card-uid/typed-uid';

export const CMD_GET_FIRMWARE_VERSION = 0x02;
export const CMD_SAM_CONFIGURATION = 0x14;
export const CMD_RF_CONFIGURATION = 0x32;
export const CMD_IN_LIST_PASSIVE_TARGET = 0x4a;

/** The IC byte GetFirmwareVersion returns for a PN532. */
export const PN532_IC = 0x32;

/** SAMConfiguration: normal mode (no SAM). */
export const SAM_NORMAL_MODE = new Uint8Array([0x01]);

/**
 * RFConfiguration item 5 (MaxRetries): ATR 0xFF, PSL 0x01, passive activation `retries`.
 * Finite passive-activation retries make InListPassiveTarget answer "no target" instead of
 * waiting for a card forever, which is what lets the reader notice a card has gone.
 */
export function rfMaxRetriesParams(passiveActivationRetries: number): Uint8Array {
  return new Uint8Array([0x05, 0xff, 0x01, passiveActivationRetries & 0xff]);
}

/** One target at 106 kbps type A (ISO 14443A). */
export const LIST_ISO14443A = new Uint8Array([0x01, 0x00]);
/** One target at 212 kbps FeliCa, polling request for any system code (FF FF), no request code. */
export const LIST_FELICA_212 = new Uint8Array([0x01, 0x01, 0x00, 0xff, 0xff, 0x01, 0x00]);

export interface FirmwareVersion {
  ic: number;
  version: number;
  revision: number;
  support: number;
}

export function decodeFirmwareVersion(data: Uint8Array): FirmwareVersion | null {
  if (data.length !== 4) return null;
  return { ic: data[0]!, version: data[1]!, revision: data[2]!, support: data[3]! };
}

export interface DetectedCard {
  uid: string;
  technology: Exclude<CardTechnology, 'unknown'>;
}

const ISO14443A_UID_LENGTHS = [4, 7, 10];

/** InListPassiveTarget response for type A: NbTg, Tg, SENS_RES(2), SEL_RES, NFCIDLength, NFCID1… */
export function decodeIso14443aTarget(data: Uint8Array): DetectedCard | null | 'none' {
  if (data.length < 1) return null;
  const count = data[0]!;
  if (count === 0) return 'none';
  if (count !== 1 || data.length < 6) return null;
  const uidLength = data[5]!;
  if (!ISO14443A_UID_LENGTHS.includes(uidLength) || data.length < 6 + uidLength) return null;
  return { uid: bytesToHex(data.subarray(6, 6 + uidLength)), technology: 'iso14443a' };
}

/**
 * InListPassiveTarget response for FeliCa: NbTg, Tg, POL_RES length (counts itself: 18, or 20
 * with system code), response code 0x01, IDm(8), PMm(8)[, system code(2)].
 */
export function decodeFelicaTarget(data: Uint8Array): DetectedCard | null | 'none' {
  if (data.length < 1) return null;
  const count = data[0]!;
  if (count === 0) return 'none';
  if (count !== 1 || data.length < 3) return null;
  const polResLength = data[2]!;
  if ((polResLength !== 18 && polResLength !== 20) || data.length < 2 + polResLength || data[3] !== 0x01) return null;
  return { uid: bytesToHex(data.subarray(4, 12)), technology: 'felica' };
}

/** Builders of the responses above, for the simulator and tests. */
export function encodeIso14443aTarget(uid: Uint8Array): Uint8Array {
  const sensRes = uid.length === 4 ? [0x00, 0x04] : [0x00, 0x44];
  return new Uint8Array([0x01, 0x01, ...sensRes, 0x08, uid.length, ...uid]);
}

export function encodeFelicaTarget(idm: Uint8Array, pmm: Uint8Array): Uint8Array {
  return new Uint8Array([0x01, 0x01, 18, 0x01, ...idm, ...pmm]);
}

import { describe, expect, it } from 'vitest';
import { hex } from '../../testing/bytes';
import { parseUidReply, part3Atr } from './get-uid';

/** ATRs as PC/SC readers build them (ACR122U, RC-S300): Mifare Ultralight (SS 03, NN 0003) and FeliCa (SS 11, NN 003B). */
const ATR_ULTRALIGHT = hex('3B 8F 80 01 80 4F 0C A0 00 00 03 06 03 00 03 00 00 00 00 68');
const ATR_FELICA = hex('3B 8F 80 01 80 4F 0C A0 00 00 03 06 11 00 3B 00 00 00 00 42');
/** An ISO 14443-4 card's ATR (no Part 3 standard byte): the id length decides. */
const ATR_ISO14443_4 = hex('3B 80 80 01 01');

describe('GET DATA reply (FF CA 00 00 00)', () => {
  it('reads a 7-byte type A UID and an 8-byte FeliCa IDm, named by the ATR', () => {
    expect(parseUidReply(hex('04 A1 B2 C3 D4 E5 F6 90 00'), ATR_ULTRALIGHT)).toEqual({ ok: true, uid: '04A1B2C3D4E5F6', technology: 'iso14443a' });
    expect(parseUidReply(hex('01 2E 4C D2 8B 11 62 0A 90 00'), ATR_FELICA)).toEqual({ ok: true, uid: '012E4CD28B11620A', technology: 'felica' });
  });

  it('falls back to the length when the ATR does not name a standard', () => {
    expect(parseUidReply(hex('DE AD BE EF 90 00'), ATR_ISO14443_4)).toMatchObject({ ok: true, technology: 'iso14443a' });
    expect(parseUidReply(hex('01 2E 4C D2 8B 11 62 0A 90 00'), ATR_ISO14443_4)).toMatchObject({ ok: true, technology: 'felica' });
  });

  it('refuses an error status word, a reply too short for one, and an id whose length contradicts the ATR', () => {
    expect(parseUidReply(hex('6A 81'), ATR_ULTRALIGHT)).toEqual({ ok: false, reason: 'status', statusWord: '6A81' });
    expect(parseUidReply(hex('90'), ATR_ULTRALIGHT)).toEqual({ ok: false, reason: 'malformed', statusWord: null });
    expect(parseUidReply(hex('01 2E 4C D2 8B 11 62 0A 90 00'), ATR_ULTRALIGHT)).toMatchObject({ ok: false, reason: 'malformed' });
    expect(parseUidReply(hex('01 02 03 90 00'), ATR_ISO14443_4)).toMatchObject({ ok: false, reason: 'malformed' });
  });

  it('builds the same ATRs real readers give, check byte included', () => {
    expect(part3Atr('felica')).toEqual(ATR_FELICA);
    expect(part3Atr('iso14443a').subarray(0, 13)).toEqual(ATR_ULTRALIGHT.subarray(0, 13));
  });
});

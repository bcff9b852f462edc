import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { encodeBase64Url } from './base64url';
import { LIMITS } from './limits';
import { MPM_SHOP_NAME_BYTES_MAX, mpmQrSignedText, parseMpmQr, shopNameForQr, type MpmQr } from './mpm-qr';

const encoder = new TextEncoder();
const requestId = '3f1d2a6c-8e90-4c55-9b0e-7b1c9a621f0e';
const merchantId = '9b0e3f1d-2a6c-4c55-8e90-1f0e7b1c9a62';
const terminalId = '4c559b0e-3f1d-2a6c-8e90-9a621f0e7b1c';
const expiresAtMs = Date.UTC(2024, 5, 1, 1, 5, 0);

const dynamicYen: MpmQr = { kind: 'dynamic', kid: 'k2026a', requestId, merchantId, amount: { unit: 'yen', amountYen: 1234 }, expiresAtMs, shopName: 'くまがや珈琲店' };
const dynamicPoints: MpmQr = { kind: 'dynamic', kid: 'k2026a', requestId, merchantId, amount: { unit: 'points', points: 500 }, expiresAtMs, shopName: 'Kumagaya Books' };
const staticQr: MpmQr = { kind: 'static', kid: 'k2026a', terminalId, merchantId, shopName: '熊谷うちわ本舗 駅前店' };

async function signer() {
  const kp = (await crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify'])) as CryptoKeyPair;
  const sign = async (qr: MpmQr) => {
    const text = mpmQrSignedText(qr);
    return `${text}.${encodeBase64Url(new Uint8Array(await crypto.subtle.sign({ name: 'Ed25519' }, kp.privateKey, encoder.encode(text))))}`;
  };
  const verify = async (text: string) => {
    const parsed = parseMpmQr(text);
    if (!parsed) return null;
    return (await crypto.subtle.verify({ name: 'Ed25519' }, kp.publicKey, parsed.signature, encoder.encode(parsed.signedText))) ? parsed.qr : null;
  };
  return { sign, verify };
}

describe('MPM QR texts (R28)', () => {
  it('R28: When a dynamic yen, a dynamic points and a static QR are signed, then each parses back to what was signed and verifies', async () => {
    const { sign, verify } = await signer();
    for (const qr of [dynamicYen, dynamicPoints, staticQr]) {
      const text = await sign(qr);
      expect(text.startsWith(`KPM1.k2026a.${qr.kind === 'dynamic' ? 'd' : 's'}.`)).toBe(true);
      expect(text.length).toBeLessThanOrEqual(LIMITS.mpmQrLengthMax);
      expect(await verify(text)).toEqual(qr);
    }
  });

  it('R28: When the shop name is Japanese, then the app reads the very same name from the QR (UTF-8 inside base64url)', () => {
    const parsed = parseMpmQr(`${mpmQrSignedText(staticQr)}.${'A'.repeat(86)}`);
    expect(parsed?.qr.shopName).toBe('熊谷うちわ本舗 駅前店');
    expect(parsed?.qr).toMatchObject({ kind: 'static', terminalId, merchantId });
  });

  it('R28: When any single character of a signed QR is changed, then it either fails to parse or its signature fails (a tampered amount or shop is never paid)', async () => {
    const { sign, verify } = await signer();
    const text = await sign(dynamicYen);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.';
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: text.length - 1 }), fc.constantFrom(...alphabet), async (at, c) => {
        fc.pre(text[at] !== c);
        const tampered = text.slice(0, at) + c + text.slice(at + 1);
        expect(await verify(tampered)).toBeNull();
      }),
      { numRuns: 200 },
    );
  });

  it('R28: When the amount is raised inside an otherwise well-formed text, then the old signature no longer verifies', async () => {
    const { sign, verify } = await signer();
    const text = await sign(dynamicYen);
    const sig = text.slice(text.lastIndexOf('.') + 1);
    const raised = `${mpmQrSignedText({ ...dynamicYen, amount: { unit: 'yen', amountYen: 1 } })}.${sig}`;
    expect(parseMpmQr(raised)).not.toBeNull();
    expect(await verify(raised)).toBeNull();
  });

  it('R28: When a shop name is longer than the QR can hold, then it is cut at a character boundary with … and the text stays within the bound', async () => {
    const { sign, verify } = await signer();
    const long = '👨‍👩‍👧‍👦熊谷'.repeat(40);
    const cut = shopNameForQr(long);
    expect(encoder.encode(cut).length).toBeLessThanOrEqual(MPM_SHOP_NAME_BYTES_MAX);
    expect(cut.endsWith('…')).toBe(true);
    // No family emoji is split into its parts.
    expect(long.startsWith(cut.slice(0, -1))).toBe(true);
    expect(cut.slice(0, -1).split('👨‍👩‍👧‍👦').join('').split('熊谷').join('')).toBe('');
    const text = await sign({ ...staticQr, shopName: long });
    expect(text.length).toBeLessThanOrEqual(LIMITS.mpmQrLengthMax);
    expect((await verify(text))?.shopName).toBe(cut);
    await fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (name) => {
        const qr = mpmQrSignedText({ ...dynamicYen, kid: 'k'.repeat(16), amount: { unit: 'yen', amountYen: LIMITS.paymentYenMax }, shopName: name });
        expect(qr.length + 87).toBeLessThanOrEqual(LIMITS.mpmQrLengthMax);
      }),
    );
  });

  it('R28: When a text is longer than the bound, or any field is off its one form, then it does not parse', () => {
    const good = mpmQrSignedText(dynamicYen);
    const sig = 'A'.repeat(86);
    expect(parseMpmQr(`${good}.${sig}`)).not.toBeNull();
    // A scanner's trailing newline is not part of the text.
    expect(parseMpmQr(`${good}.${sig}\n`)).not.toBeNull();
    const fields = good.split('.');
    const withField = (i: number, v: string) => [...fields.slice(0, i), v, ...fields.slice(i + 1)].join('.') + `.${sig}`;
    const bad = [
      `${good}.${sig}${'A'.repeat(LIMITS.mpmQrLengthMax)}`,
      `${good}.${sig}.x`,
      `${good}.${sig.slice(1)}`,
      withField(0, 'KPM2'),
      withField(1, 'k!'),
      withField(2, 'x'),
      withField(3, 'a'.repeat(41)),
      withField(5, 'y0'),
      withField(5, 'y01'),
      withField(5, 'yA'),
      withField(5, 'x10'),
      withField(5, `y${(LIMITS.paymentYenMax + 1).toString(36)}`),
      withField(5, `p${(LIMITS.pointsWalletMax + 1).toString(36)}`),
      withField(6, '0'),
      withField(7, ''),
      withField(7, `${fields[7]}=`),
      withField(7, encodeBase64Url(new Uint8Array([0xff, 0xfe]))),
      withField(7, encodeBase64Url(encoder.encode('shop\u0007'))),
      withField(7, encodeBase64Url(encoder.encode('a'.repeat(MPM_SHOP_NAME_BYTES_MAX + 1)))),
      `${mpmQrSignedText(staticQr).replace('.-.0.', '.-.1.')}.${sig}`,
      `${mpmQrSignedText(staticQr).replace('.-.0.', '.y1.0.')}.${sig}`,
    ];
    for (const text of bad) expect(parseMpmQr(text), text).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { newTokenId, parseCpmToken, signCpmToken, verifyCpmToken, importEd25519PublicKey } from './cpm-token';
import { decodeBase64Url, encodeBase64Url } from './base64url';

async function keyPair() {
  const kp = (await crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify'])) as CryptoKeyPair;
  const raw = encodeBase64Url(new Uint8Array(await crypto.subtle.exportKey('raw', kp.publicKey)));
  const pub = await importEd25519PublicKey(raw);
  return { privateKey: kp.privateKey, publicKey: pub! };
}

const claims = {
  kid: 'k2026a',
  walletId: '7b1c9a62-1f0e-4c55-9b0e-3f1d2a6c8e90',
  tokenId: newTokenId(),
  issuedAtMs: Date.UTC(2024, 5, 1, 1, 0, 0),
  expiresAtMs: Date.UTC(2024, 5, 1, 1, 5, 0),
  offlineLimitYen: 5000,
};

describe('CPM token (R22)', () => {
  it('When signed, then it fits a glance-readable QR (≤ 200 chars) and verifies', async () => {
    const { privateKey, publicKey } = await keyPair();
    const token = await signCpmToken(claims, privateKey);
    expect(token.length).toBeLessThanOrEqual(200);
    const verdict = await verifyCpmToken(token, new Map([['k2026a', publicKey]]), claims.issuedAtMs + 1000);
    expect(verdict).toEqual({ ok: true, claims });
  });

  it('When the token is past its expiry, then it is token_expired', async () => {
    const { privateKey, publicKey } = await keyPair();
    const token = await signCpmToken(claims, privateKey);
    const verdict = await verifyCpmToken(token, new Map([['k2026a', publicKey]]), claims.expiresAtMs);
    expect(verdict).toEqual({ ok: false, code: 'token_expired' });
  });

  it('R22: When a token says it was issued more than 2 minutes ahead of the verifier\'s clock, then it is token_invalid (not valid yet); within the skew it verifies', async () => {
    const { privateKey, publicKey } = await keyPair();
    const token = await signCpmToken(claims, privateKey);
    const keys = new Map([['k2026a', publicKey]]);
    expect(await verifyCpmToken(token, keys, claims.issuedAtMs - 2 * 60 * 1000 - 1)).toEqual({ ok: false, code: 'token_invalid' });
    expect(await verifyCpmToken(token, keys, claims.issuedAtMs - 2 * 60 * 1000)).toEqual({ ok: true, claims });
  });

  it('When any character of a token is changed, then it never verifies', async () => {
    const { privateKey, publicKey } = await keyPair();
    const token = await signCpmToken(claims, privateKey);
    const keys = new Map([['k2026a', publicKey]]);
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: token.length - 1 }), fc.constantFrom(...'0123456789abcdefXYZ-_.'), async (i, c) => {
        fc.pre(token[i] !== c);
        const forged = token.slice(0, i) + c + token.slice(i + 1);
        const verdict = await verifyCpmToken(forged, keys, claims.issuedAtMs);
        expect(verdict.ok).toBe(false);
      }),
      { numRuns: 200 },
    );
  });

  it('When signed by a key the verifier does not hold, then it is token_invalid', async () => {
    const a = await keyPair();
    const b = await keyPair();
    const token = await signCpmToken(claims, a.privateKey);
    expect(await verifyCpmToken(token, new Map([['k2026a', b.publicKey]]), claims.issuedAtMs)).toEqual({ ok: false, code: 'token_invalid' });
  });

  it('When the text is garbage, then parsing says null and never throws', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), (s) => { parseCpmToken(s); }));
    expect(parseCpmToken('KP1.x')).toBeNull();
  });

  it('base64url round-trips any bytes and rejects non-canonical text', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 100 }), (bytes) => {
      expect(decodeBase64Url(encodeBase64Url(bytes))).toEqual(bytes);
    }));
    expect(decodeBase64Url('AA')).toEqual(new Uint8Array([0]));
    expect(decodeBase64Url('AB')).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { encodeBase64Url } from './base64url';
import { LIMITS } from './limits';
import { parseReceiveQr, receiveQrSignedPart, type ReceiveQrClaims } from './points-receive-qr';

const claims: ReceiveQrClaims = {
  kid: 'klx2abcdAbC1',
  walletId: '7b1c9a62-1f0e-4c55-9b0e-3f1d2a6c8e90',
  qrId: 'Qm9vb2Jvb2Jvb2Jvb2Jvbw',
  issuedAtMs: Date.UTC(2024, 5, 1, 1, 0, 0),
  expiresAtMs: Date.UTC(2024, 5, 1, 1, 5, 0),
};
const signature = encodeBase64Url(new Uint8Array(64).fill(7));
const text = `${receiveQrSignedPart(claims)}.${signature}`;

describe('KumaPo receive-QR text (R23)', () => {
  it('R23: When a receive-QR is written and read back, then the claims and the signed text come out as they went in, within the QR length bound', () => {
    expect(text.length).toBeLessThanOrEqual(LIMITS.pointsReceiveQrLengthMax);
    const parsed = parseReceiveQr(text);
    expect(parsed?.claims).toEqual(claims);
    expect(parsed?.signedText).toBe(receiveQrSignedPart(claims));
    expect(parsed?.signature).toHaveLength(64);
  });

  it('R23: When the text is damaged in any field, too long, or says it lives longer than 5 minutes, then it does not parse', () => {
    const part = (i: number, value: string) => text.split('.').map((p, j) => (j === i ? value : p)).join('.');
    const longLived = `${receiveQrSignedPart({ ...claims, expiresAtMs: claims.issuedAtMs + LIMITS.pointsReceiveQrTtlMs + 1000 })}.${signature}`;
    for (const bad of [
      part(0, 'KP1'),
      part(1, 'k!d'),
      part(2, 'wallet/../x'),
      part(3, 'short'),
      part(4, 'ZZ'),
      part(5, '0'),
      part(6, signature.slice(0, -2)),
      `${text}.extra`,
      text.replace(/\./g, ','),
      `${text}${'A'.repeat(LIMITS.pointsReceiveQrLengthMax)}`,
      longLived,
      '',
    ]) {
      expect(parseReceiveQr(bad), bad).toBeNull();
    }
  });
});

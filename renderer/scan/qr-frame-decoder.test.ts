import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { cpmTokenText } from '../test-support/fixtures';
import { createQrFrameDecoder, type Frame } from './qr-frame-decoder';

/** Draws a QR code into an RGBA frame the way a camera frame reaches getImageData. */
function frameWithQr(text: string, widthPx: number, heightPx: number, modulePx: number): Frame {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const data = new Uint8ClampedArray(widthPx * heightPx * 4).fill(235);
  const originX = Math.floor((widthPx - modules.size * modulePx) / 2);
  const originY = Math.floor((heightPx - modules.size * modulePx) / 2);
  for (let y = 0; y < heightPx; y += 1) {
    for (let x = 0; x < widthPx; x += 1) {
      const col = Math.floor((x - originX) / modulePx);
      const row = Math.floor((y - originY) / modulePx);
      const dark = row >= 0 && col >= 0 && row < modules.size && col < modules.size && modules.get(row, col) === 1;
      if (dark) data.fill(20, (y * widthPx + x) * 4, (y * widthPx + x) * 4 + 3);
    }
  }
  return { data, width: widthPx, height: heightPx };
}

describe('camera QR decoding', () => {
  it('When a camera frame shows the app QR code, then its token text is read', () => {
    const token = cpmTokenText();
    expect(createQrFrameDecoder().decode(frameWithQr(token, 640, 480, 4))).toBe(token);
  });

  it('When a frame holds no code, then nothing is read and nothing is thrown', () => {
    const blank: Frame = { data: new Uint8ClampedArray(320 * 240 * 4).fill(200), width: 320, height: 240 };
    expect(createQrFrameDecoder().decode(blank)).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { createQrFrameDecoder } from '../scan/qr-frame-decoder';
import { cpmTokenText } from '../test-support/fixtures';
import { qrPath } from './qr-svg';

/** Rasterises the SVG path's unit squares the way a screen would show them. */
function rasterise(text: string, modulePx: number) {
  const { size, d } = qrPath(text);
  const quietModules = 4;
  const sidePx = (size + quietModules * 2) * modulePx;
  const data = new Uint8ClampedArray(sidePx * sidePx * 4).fill(255);
  for (const match of d.matchAll(/M(\d+) (\d+)h1v1h-1z/g)) {
    const col = Number(match[1]) + quietModules;
    const row = Number(match[2]) + quietModules;
    for (let y = row * modulePx; y < (row + 1) * modulePx; y += 1) {
      for (let x = col * modulePx; x < (col + 1) * modulePx; x += 1) data.fill(0, (y * sidePx + x) * 4, (y * sidePx + x) * 4 + 3);
    }
  }
  return { data, width: sidePx, height: sidePx };
}

describe('customer QR (demo page)', () => {
  it('When the wallet token is drawn as the customer QR, then a camera reading it gets the same token back', () => {
    const token = cpmTokenText();
    expect(createQrFrameDecoder().decode(rasterise(token, 4))).toBe(token);
  });
});

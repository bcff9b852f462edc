/**
 * The operator page draws a KumaPo event's QR code (R23) with its own encoder (qr.js: the page
 * has no build step to bring in the `qrcode` package). A poster that does not scan is a whole
 * event without points, so every module is checked against `qrcode`, and the code the page
 * picks is read back by the scanner library the apps use.
 */
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { BinaryBitmap, DecodeHintType, HybridBinarizer, QRCodeReader, RGBLuminanceSource } from '@zxing/library';
import QRCode from 'qrcode';
import { beforeAll, describe, expect, it } from 'vitest';

const HERE = path.dirname(fileURLToPath(import.meta.url));

interface Qr {
  size: number;
  dark: boolean[][];
}
type QrModules = (text: string, options?: { version?: number; mask?: number }) => Qr;

let qrModules: QrModules;
beforeAll(async () => {
  ({ qrModules } = (await import(pathToFileURL(path.join(HERE, 'qr.js')).href)) as { qrModules: QrModules });
});

/** `qrcode`'s modules for the same text in byte mode, level M, as rows of booleans. */
function reference(text: string, version: number, mask: number): boolean[][] {
  const { modules } = QRCode.create([{ data: Buffer.from(text, 'utf8'), mode: 'byte' }], { errorCorrectionLevel: 'M', version, maskPattern: mask as QRCode.QRCodeMaskPattern });
  return Array.from({ length: modules.size }, (_, y) => Array.from({ length: modules.size }, (_, x) => modules.get(y, x) === 1));
}

/** The code as a scanner sees it: 4 pixels a module, a quiet zone of 4 modules. */
function scan(qr: Qr): string {
  const scale = 4;
  const side = (qr.size + 8) * scale;
  const pixels = new Uint8ClampedArray(side * side).fill(255);
  for (let y = 0; y < qr.size; y += 1) {
    for (let x = 0; x < qr.size; x += 1) {
      if (!qr.dark[y]?.[x]) continue;
      for (let dy = 0; dy < scale; dy += 1) pixels.fill(0, ((y + 4) * scale + dy) * side + (x + 4) * scale, ((y + 4) * scale + dy) * side + (x + 5) * scale);
    }
  }
  const hints = new Map<DecodeHintType, unknown>([[DecodeHintType.PURE_BARCODE, true]]);
  return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(pixels, side, side))), hints).getText();
}

// An event code (KPE1 + 16 random bytes, base64url), the shortest and longest of each version
// range the page supports, and text that is not ASCII.
const TEXTS = ['KPE1.q8Hf0Zk2WJrX-3vA_1bcDw', 'A', 'x'.repeat(26), 'y'.repeat(27), 'z'.repeat(106), 'w'.repeat(107), 'クマポ夏祭り', 'v'.repeat(213)];

describe('the operator page’s QR codes (R23 event posters)', () => {
  it('When the page draws a QR code with any of the eight masks, then every module is the one the qrcode package draws', () => {
    for (const text of TEXTS) {
      const version = QRCode.create([{ data: Buffer.from(text, 'utf8'), mode: 'byte' }], { errorCorrectionLevel: 'M' }).version;
      for (let mask = 0; mask < 8; mask += 1) {
        const ours = qrModules(text, { mask });
        expect(ours.size, `${text.length} bytes`).toBe(version * 4 + 17);
        expect(ours.dark, `${text.length} bytes, mask ${mask}`).toEqual(reference(text, version, mask));
      }
    }
  });

  it('When the page picks the mask itself, then a scanner reads back exactly the event code', () => {
    for (const text of TEXTS) expect(scan(qrModules(text))).toBe(text);
  });

  it('When a text is longer than a version-10 code holds, then the page says so instead of drawing a code that cannot hold it', () => {
    expect(() => qrModules('u'.repeat(214))).toThrow(RangeError);
  });
});

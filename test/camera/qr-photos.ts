/**
 * The real QR photographs in test/camera/photos/ (see its README: source, licence) as camera
 * frames: each PNG decoded to the RGBA bytes `getImageData` would hand the decoder, with the
 * text its code holds, read from the source's own .txt beside it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';
import type { Frame } from '../../renderer/scan/qr-frame-decoder';

export const QR_PHOTOS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'photos');

export interface QrPhoto {
  /** The file name without `.png`, e.g. `qrcode-1-13`. */
  name: string;
  frame: Frame;
  /** Exactly what the code holds (CRLF line breaks included where the source has them). */
  expected: string;
}

export function loadQrPhoto(name: string): QrPhoto {
  // pngjs expands palette, grey and 16-bit PNGs to 8-bit RGBA, as a canvas does.
  const png = PNG.sync.read(readFileSync(path.join(QR_PHOTOS_DIR, `${name}.png`)));
  const data = new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length);
  return { name, frame: { data, width: png.width, height: png.height }, expected: readFileSync(path.join(QR_PHOTOS_DIR, `${name}.txt`), 'utf8') };
}

export function loadQrPhotos(): QrPhoto[] {
  return readdirSync(QR_PHOTOS_DIR)
    .filter((file) => file.endsWith('.png'))
    .sort()
    .map((file) => loadQrPhoto(file.slice(0, -'.png'.length)));
}

/** The frame turned a quarter clockwise: what the camera sees of a phone held sideways. */
export function quarterTurn(frame: Frame): Frame {
  const width = frame.height;
  const height = frame.width;
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < frame.height; y += 1) {
    for (let x = 0; x < frame.width; x += 1) {
      const from = (y * frame.width + x) * 4;
      data.set(frame.data.subarray(from, from + 4), (x * width + (width - 1 - y)) * 4);
    }
  }
  return { data, width, height };
}

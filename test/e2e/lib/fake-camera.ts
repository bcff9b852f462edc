/**
 * The webcam scenario's video: a real QR PNG (qrcode) of a CPM token, decoded back to a gray
 * bitmap and written as a 640×480 `C420jpeg` YUV4MPEG2 file, the format Chromium's
 * `--use-file-for-fake-video-capture` plays in a loop (docs/device-facts.md, "Webcam").
 *
 * Plain Node on purpose: the PNG is parsed here (zlib + the five PNG row filters) rather than by a
 * transitive dependency, and the result is checked with @zxing/library before a browser ever sees
 * it, so a failed webcam test points at the app, not at the video.
 */
import { writeFile } from 'node:fs/promises';
import { inflateSync } from 'node:zlib';
import QRCode from 'qrcode';
import {
  BinaryBitmap,
  ChecksumException,
  DecodeHintType,
  FormatException,
  HybridBinarizer,
  NotFoundException,
  PlanarYUVLuminanceSource,
  QRCodeReader,
} from '@zxing/library';

export const VIDEO_WIDTH_PX = 640;
export const VIDEO_HEIGHT_PX = 480;
/** Chromium loops the file; a few identical frames are enough and keep the file ~4 MB. */
export const VIDEO_FRAME_COUNT = 10;
/** The QR image (with its quiet zone) fills this much of the frame height, like a phone held up. */
const QR_SIZE_PX_MAX = 420;

export interface GrayBitmap {
  widthPx: number;
  heightPx: number;
  /** One byte per pixel, 0 = black, 255 = white, row-major. */
  luma: Uint8Array;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Decodes the PNGs qrcode writes: 8-bit gray / RGB / RGBA (colour types 0, 2, 6), no interlace. */
export function decodePngToGray(png: Buffer): GrayBitmap {
  if (png.length < 8 || !png.subarray(0, 8).equals(PNG_SIGNATURE)) throw new Error('not a PNG file');
  let offset = 8;
  let widthPx = 0;
  let heightPx = 0;
  let channels = 0;
  const idat: Buffer[] = [];
  while (offset + 8 <= png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('latin1', offset + 4, offset + 8);
    const data = png.subarray(offset + 8, offset + 8 + length);
    offset += 12 + length;
    if (type === 'IHDR') {
      widthPx = data.readUInt32BE(0);
      heightPx = data.readUInt32BE(4);
      const bitDepth = data[8];
      const colourType = data[9];
      const interlace = data[12];
      if (bitDepth !== 8 || interlace !== 0) throw new Error(`unsupported PNG: bit depth ${bitDepth}, interlace ${interlace}`);
      const channelsByType: Record<number, number> = { 0: 1, 2: 3, 6: 4 };
      channels = channelsByType[colourType ?? -1] ?? 0;
      if (channels === 0) throw new Error(`unsupported PNG colour type ${colourType}`);
    } else if (type === 'IDAT') {
      idat.push(data);
    } else if (type === 'IEND') {
      break;
    }
  }
  if (widthPx === 0 || heightPx === 0) throw new Error('PNG without IHDR');
  const raw = inflateSync(Buffer.concat(idat));
  const stride = widthPx * channels;
  if (raw.length !== heightPx * (stride + 1)) throw new Error(`PNG data length ${raw.length}, expected ${heightPx * (stride + 1)}`);
  const pixels = new Uint8Array(heightPx * stride);
  for (let y = 0; y < heightPx; y += 1) {
    const filter = raw[y * (stride + 1)];
    const rowIn = y * (stride + 1) + 1;
    const rowOut = y * stride;
    for (let x = 0; x < stride; x += 1) {
      const value = raw[rowIn + x] ?? 0;
      const left = x >= channels ? (pixels[rowOut + x - channels] ?? 0) : 0;
      const up = y > 0 ? (pixels[rowOut - stride + x] ?? 0) : 0;
      const upLeft = y > 0 && x >= channels ? (pixels[rowOut - stride + x - channels] ?? 0) : 0;
      let predicted: number;
      switch (filter) {
        case 0:
          predicted = 0;
          break;
        case 1:
          predicted = left;
          break;
        case 2:
          predicted = up;
          break;
        case 3:
          predicted = (left + up) >> 1;
          break;
        case 4: {
          const p = left + up - upLeft;
          const pa = Math.abs(p - left);
          const pb = Math.abs(p - up);
          const pc = Math.abs(p - upLeft);
          predicted = pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft;
          break;
        }
        default:
          throw new Error(`PNG row ${y}: unknown filter ${filter}`);
      }
      pixels[rowOut + x] = (value + predicted) & 0xff;
    }
  }
  const luma = new Uint8Array(widthPx * heightPx);
  for (let i = 0; i < luma.length; i += 1) {
    const p = i * channels;
    // BT.601 weights; qrcode draws pure black on pure white, so any weights would do.
    luma[i] = channels === 1 ? (pixels[p] ?? 0) : ((pixels[p] ?? 0) * 77 + (pixels[p + 1] ?? 0) * 150 + (pixels[p + 2] ?? 0) * 29) >> 8;
  }
  return { widthPx, heightPx, luma };
}

/**
 * The Y plane of one frame: white background, the QR centred and scaled by nearest neighbour
 * (a whole number of video pixels per PNG pixel keeps module edges sharp).
 */
export function lumaFrame(qr: GrayBitmap): Uint8Array {
  const scale = Math.max(1, Math.floor(QR_SIZE_PX_MAX / Math.max(qr.widthPx, qr.heightPx)));
  const drawnWidthPx = qr.widthPx * scale;
  const drawnHeightPx = qr.heightPx * scale;
  if (drawnWidthPx > VIDEO_WIDTH_PX || drawnHeightPx > VIDEO_HEIGHT_PX) {
    throw new Error(`QR image ${qr.widthPx}×${qr.heightPx} px does not fit a ${VIDEO_WIDTH_PX}×${VIDEO_HEIGHT_PX} frame`);
  }
  const left = Math.floor((VIDEO_WIDTH_PX - drawnWidthPx) / 2);
  const top = Math.floor((VIDEO_HEIGHT_PX - drawnHeightPx) / 2);
  const y = new Uint8Array(VIDEO_WIDTH_PX * VIDEO_HEIGHT_PX).fill(255);
  for (let row = 0; row < drawnHeightPx; row += 1) {
    const sourceRow = Math.floor(row / scale) * qr.widthPx;
    const targetRow = (top + row) * VIDEO_WIDTH_PX + left;
    for (let column = 0; column < drawnWidthPx; column += 1) {
      y[targetRow + column] = qr.luma[sourceRow + Math.floor(column / scale)] ?? 255;
    }
  }
  return y;
}

/** YUV4MPEG2, 4:2:0 with JPEG chroma siting: per frame the Y plane, then U and V at quarter size. */
export function y4mVideo(yPlane: Uint8Array, frameCount: number): Buffer {
  if (yPlane.length !== VIDEO_WIDTH_PX * VIDEO_HEIGHT_PX) throw new Error(`Y plane has ${yPlane.length} bytes`);
  const header = Buffer.from(`YUV4MPEG2 W${VIDEO_WIDTH_PX} H${VIDEO_HEIGHT_PX} F30:1 Ip A1:1 C420jpeg\n`, 'latin1');
  // U = V = 128: no colour, the picture is the gray QR only.
  const chroma = Buffer.alloc((VIDEO_WIDTH_PX / 2) * (VIDEO_HEIGHT_PX / 2) * 2, 128);
  const frameMarker = Buffer.from('FRAME\n', 'latin1');
  const parts: Buffer[] = [header];
  for (let i = 0; i < frameCount; i += 1) parts.push(frameMarker, Buffer.from(yPlane), chroma);
  return Buffer.concat(parts);
}

/** What a camera frame of the video reads as, with the decoder the app uses. */
export function decodeLumaFrame(yPlane: Uint8Array): string | null {
  const source = new PlanarYUVLuminanceSource(new Uint8ClampedArray(yPlane), VIDEO_WIDTH_PX, VIDEO_HEIGHT_PX, 0, 0, VIDEO_WIDTH_PX, VIDEO_HEIGHT_PX, false);
  const hints = new Map<DecodeHintType, unknown>([[DecodeHintType.TRY_HARDER, true]]);
  try {
    return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(source)), hints).getText();
  } catch (error) {
    if (error instanceof NotFoundException || error instanceof ChecksumException || error instanceof FormatException) return null;
    throw error;
  }
}

export interface FakeCameraFiles {
  pngPath: string;
  y4mPath: string;
}

export class UnreadableQrError extends Error {
  override name = 'UnreadableQrError';
}

/**
 * @zxing/library misses about 3% of perfectly sharp synthetic QR images (measured here: 9 of
 * 300 tokens of this length; blurring does not help), which real phone screens seen through a
 * camera do not suffer from. The customer's app shows a fresh token on every refresh, so the
 * test does the same: it takes the first of a few fresh tokens whose video decodes.
 */
const FRESH_TOKENS_MAX = 8;

export async function writeReadableQrVideo(mintToken: () => Promise<string>, basePath: string): Promise<FakeCameraFiles & { token: string }> {
  for (let attempt = 1; ; attempt += 1) {
    const token = await mintToken();
    try {
      return { ...(await writeQrVideo(token, basePath)), token };
    } catch (error) {
      if (!(error instanceof UnreadableQrError) || attempt >= FRESH_TOKENS_MAX) throw error;
    }
  }
}

/**
 * Writes `<basePath>.png` (the QR as the customer's phone would show it) and `<basePath>.y4m`
 * (the camera video). Throws if the video's frame does not decode back to `text`.
 */
export async function writeQrVideo(text: string, basePath: string): Promise<FakeCameraFiles> {
  // Margin 4 is the QR quiet zone the standard asks for; scale 4 gives a sharp PNG to rescale.
  const png = await QRCode.toBuffer(text, { type: 'png', errorCorrectionLevel: 'M', margin: 4, scale: 4 });
  const yPlane = lumaFrame(decodePngToGray(png));
  const decoded = decodeLumaFrame(yPlane);
  if (decoded !== text) throw new UnreadableQrError(`fake camera frame does not decode back to the token (got ${decoded === null ? 'nothing' : JSON.stringify(decoded.slice(0, 40))})`);
  const files = { pngPath: `${basePath}.png`, y4mPath: `${basePath}.y4m` };
  await writeFile(files.pngPath, png);
  await writeFile(files.y4mPath, y4mVideo(yPlane, VIDEO_FRAME_COUNT));
  return files;
}

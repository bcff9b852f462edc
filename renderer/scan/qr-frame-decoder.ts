/**
 * Finds a QR code in one camera frame with @zxing/library: RGBA pixels → zxing's own
 * RGBLuminanceSource → HybridBinarizer → QRCodeReader. Plain JavaScript, no WebAssembly and no
 * eval, so it runs under the page's strict CSP; ~20 ms per 640×480 frame in Chromium
 * (docs/device-facts.md).
 */
import {
  BinaryBitmap,
  ChecksumException,
  DecodeHintType,
  FormatException,
  HybridBinarizer,
  NotFoundException,
  QRCodeReader,
  RGBLuminanceSource,
  type LuminanceSource,
} from '@zxing/library';

/** What `getImageData` returns: RGBA bytes, row by row. */
export interface Frame {
  data: Uint8ClampedArray;
  width: number;
  height: number;
}

/**
 * zxing's own grey-scale, fed the frame's bytes as 32-bit pixels without a copy. Real phone
 * photos decode more often with it than with the BT.601 weights this file used to apply by hand
 * (bench/camera.bench.ts). Read as little-endian 32-bit words, RGBA bytes put red where zxing
 * looks for blue and blue where it looks for red; its (R + 2G + B) / 4 is the same either way.
 * Every CPU Electron ships for is little-endian.
 */
export function luminanceSourceOf(frame: Frame): LuminanceSource {
  // An Int32Array view needs a 4-byte-aligned start: ImageData always has one, a Node Buffer may not.
  const bytes = frame.data.byteOffset % Int32Array.BYTES_PER_ELEMENT === 0 ? frame.data : frame.data.slice();
  return new RGBLuminanceSource(new Int32Array(bytes.buffer, bytes.byteOffset, frame.width * frame.height), frame.width, frame.height);
}

function isNoCodeInFrame(error: unknown): boolean {
  return error instanceof NotFoundException || error instanceof ChecksumException || error instanceof FormatException;
}

export interface QrFrameDecoder {
  /** The QR text in the frame, or null when the frame holds no readable code. */
  decode(frame: Frame): string | null;
}

export interface QrFrameDecoderOptions {
  /** Only the bench swaps this, to weigh another grey-scale against zxing's own. */
  luminance?: (frame: Frame) => LuminanceSource;
  /**
   * Look for finder patterns on every third row, not every sixth, in a 480-row frame (up to 303
   * rows it is every third either way), so a small code far from the lens is not stepped over.
   * On the real photos (bench/camera.bench.ts) it reads the same frames and costs time within
   * the run-to-run noise, so it stays on.
   */
  tryHarder?: boolean;
}

export function createQrFrameDecoder(options: QrFrameDecoderOptions = {}): QrFrameDecoder {
  const reader = new QRCodeReader();
  const luminance = options.luminance ?? luminanceSourceOf;
  // zxing reads the hint's presence, not its value: off means leaving it out.
  const hints = new Map<DecodeHintType, unknown>(options.tryHarder === false ? [] : [[DecodeHintType.TRY_HARDER, true]]);
  return {
    decode(frame) {
      try {
        return reader.decode(new BinaryBitmap(new HybridBinarizer(luminance(frame))), hints).getText();
      } catch (error) {
        // Most frames hold no code, or a blurred one: that is the normal case, not an error.
        if (isNoCodeInFrame(error)) return null;
        throw error;
      } finally {
        reader.reset();
      }
    },
  };
}

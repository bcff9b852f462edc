/**
 * Finds a QR code in one camera frame with @zxing/library: RGBA pixels → luminance →
 * HybridBinarizer → QRCodeReader. Plain JavaScript, no WebAssembly and no eval, so it runs
 * under the page's strict CSP; ~20 ms per 640×480 frame in Chromium (docs/device-facts.md).
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
} from '@zxing/library';

export interface Frame {
  data: Uint8ClampedArray;
  width: number;
  height: number;
}

/** ITU-R BT.601 weights in integer form: fast enough per frame, good enough for black on white. */
export function luminanceOf(frame: Frame): Uint8ClampedArray {
  const pixels = frame.width * frame.height;
  const out = new Uint8ClampedArray(pixels);
  for (let i = 0, p = 0; i < pixels; i += 1, p += 4) {
    out[i] = ((frame.data[p] ?? 0) * 77 + (frame.data[p + 1] ?? 0) * 150 + (frame.data[p + 2] ?? 0) * 29) >> 8;
  }
  return out;
}

function isNoCodeInFrame(error: unknown): boolean {
  return error instanceof NotFoundException || error instanceof ChecksumException || error instanceof FormatException;
}

export interface QrFrameDecoder {
  /** The QR text in the frame, or null when the frame holds no readable code. */
  decode(frame: Frame): string | null;
}

export function createQrFrameDecoder(): QrFrameDecoder {
  const reader = new QRCodeReader();
  const hints = new Map<DecodeHintType, unknown>([[DecodeHintType.TRY_HARDER, true]]);
  return {
    decode(frame) {
      const source = new RGBLuminanceSource(luminanceOf(frame), frame.width, frame.height);
      try {
        return reader.decode(new BinaryBitmap(new HybridBinarizer(source)), hints).getText();
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

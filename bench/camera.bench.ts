/**
 * The camera path on real phone photographs of QR codes (test/camera/photos/, README there):
 * how many frames the renderer's decoder reads correctly, and what a frame costs, for each
 * grey-scale conversion with TRY_HARDER off and on. Each photo is tried in four orientations
 * (a phone held upright, sideways, upside down), as ZXing's own test suite does.
 *
 * Conversions: zxing's RGBLuminanceSource (what renderer/scan/qr-frame-decoder.ts uses), the
 * BT.601 weights the renderer applied by hand before, and HTMLCanvasElementLuminanceSource's
 * (what @zxing/library's browser readers use). Times are Node's: in Chromium a frame costs
 * about ten times more, most of it getImageData (docs/device-facts.md).
 */
import { HTMLCanvasElementLuminanceSource, RGBLuminanceSource, type LuminanceSource } from '@zxing/library';
import type { BenchReport } from './run';
import { RENDERER_LIMITS } from '../renderer/limits';
import { createQrFrameDecoder, luminanceSourceOf, type Frame } from '../renderer/scan/qr-frame-decoder';
import { loadQrPhotos, quarterTurn } from '../test/camera/qr-photos';

/** Timed passes over every frame; one more before them warms the JIT and is not counted. */
const TIMED_PASSES = 10;
/** The size the renderer scales a 4:3 camera's frames to. */
const CAMERA_FRAME = { width: RENDERER_LIMITS.cameraFrameWidthMax, height: (RENDERER_LIMITS.cameraFrameWidthMax * 3) / 4 };

/** The conversion qr-frame-decoder.ts had until it switched to zxing's: ITU-R BT.601 in integers. */
function handWrittenBt601(frame: Frame): LuminanceSource {
  const pixels = frame.width * frame.height;
  const out = new Uint8ClampedArray(pixels);
  for (let i = 0, p = 0; i < pixels; i += 1, p += 4) {
    out[i] = ((frame.data[p] ?? 0) * 77 + (frame.data[p + 1] ?? 0) * 150 + (frame.data[p + 2] ?? 0) * 29) >> 8;
  }
  return new RGBLuminanceSource(out, frame.width, frame.height);
}

/** The browser readers' source reads a canvas; this hands it the frame as that canvas's pixels. */
function canvasSource(frame: Frame): LuminanceSource {
  const canvas = { width: frame.width, height: frame.height, getContext: () => ({ getImageData: () => frame }) };
  return new HTMLCanvasElementLuminanceSource(canvas as unknown as HTMLCanvasElement);
}

const CONVERSIONS = [
  { name: "zxing's RGBLuminanceSource (now)", luminance: luminanceSourceOf },
  { name: 'hand-written BT.601 (before)', luminance: handWrittenBt601 },
  { name: 'HTMLCanvasElementLuminanceSource', luminance: canvasSource },
];

interface TestFrame {
  label: string;
  frame: Frame;
  expected: string;
  cameraSized: boolean;
}

function orientations(): TestFrame[] {
  return loadQrPhotos().flatMap((photo) => {
    const frames: TestFrame[] = [];
    let frame = photo.frame;
    for (let degrees = 0; degrees < 360; degrees += 90) {
      // Turned sideways a 640×480 photo is 480×640, which the camera never delivers.
      const cameraSized = frame.width === CAMERA_FRAME.width && frame.height === CAMERA_FRAME.height;
      frames.push({ label: `${photo.name}@${degrees}`, frame, expected: photo.expected, cameraSized });
      frame = quarterTurn(frame);
    }
    return frames;
  });
}

interface Outcome {
  name: string;
  correct: Set<string>;
  misread: number;
  totalMs: number;
  cameraMs: number;
}

export default async function cameraBench(report: BenchReport): Promise<void> {
  const frames = orientations();
  const cameraFrames = frames.filter((f) => f.cameraSized).length;
  report.note(`${frames.length / 4} real photos × 4 orientations = ${frames.length} frames (${cameraFrames} of them 640×480, the camera's size)`);
  report.note("the photos include every one of ZXing's set on which the conversions disagree: rates here overstate the gap (whole set: test/camera/photos/README.md)");
  const variants = CONVERSIONS.flatMap((conversion) =>
    [true, false].map((tryHarder) => ({
      name: `${conversion.name}, TRY_HARDER ${tryHarder ? 'on' : 'off'}`,
      decoder: createQrFrameDecoder({ luminance: conversion.luminance, tryHarder }),
    })),
  );
  const outcomes: Outcome[] = variants.map((v) => ({ name: v.name, correct: new Set(), misread: 0, totalMs: 0, cameraMs: 0 }));
  // Interleaved frame by frame, so a slow spell of the machine falls on every variant alike,
  // and in reverse order every other pass, so none always runs on caches another warmed.
  const order = variants.map((_, index) => index);
  for (let pass = 0; pass <= TIMED_PASSES; pass += 1) {
    for (const test of frames) {
      for (const index of pass % 2 === 0 ? order : [...order].reverse()) {
        const outcome = outcomes[index]!;
        const startedAt = performance.now();
        const text = variants[index]!.decoder.decode(test.frame);
        const elapsedMs = performance.now() - startedAt;
        if (pass === 0) {
          if (text === test.expected) outcome.correct.add(test.label);
          else if (text !== null) outcome.misread += 1;
          continue;
        }
        outcome.totalMs += elapsedMs;
        if (test.cameraSized) outcome.cameraMs += elapsedMs;
      }
    }
  }
  for (const outcome of outcomes) {
    report.figure(`decoded: ${outcome.name}`, outcome.correct.size, `of ${frames.length} frames`, `${((100 * outcome.correct.size) / frames.length).toFixed(1)} %; misread ${outcome.misread}`);
    report.figure(`ms per frame: ${outcome.name}`, outcome.totalMs / (TIMED_PASSES * frames.length), 'ms', `640×480 frames only: ${(outcome.cameraMs / (TIMED_PASSES * cameraFrames)).toFixed(3)} ms`);
  }
  // In CONVERSIONS order, TRY_HARDER on first: [0] is the decoder as shipped, [2] the one before.
  const [now, , before] = outcomes;
  if (now && before) {
    const gained = [...now.correct].filter((label) => !before.correct.has(label));
    const lost = [...before.correct].filter((label) => !now.correct.has(label));
    report.note(`zxing's grey-scale vs the hand-written one (TRY_HARDER on): reads ${gained.join(', ') || 'none'} more; ${lost.join(', ') || 'none'} fewer`);
  }
}

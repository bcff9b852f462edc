/**
 * Latency from a frame's last byte to its event, per parser, and through the device manager
 * (last HID report handed to the driver → 'event' listener). Target: p99 < 1 ms.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BenchReport } from './run';
import { createHidPosParser } from '../hardware/protocols/hid-pos/hid-pos-parser';
import { encodeHidPosReports } from '../hardware/protocols/hid-pos/hid-pos-encoder';
import { HID_POS_LAYOUTS } from '../hardware/protocols/hid-pos/layouts';
import { createBootKeyboardParser } from '../hardware/protocols/keyboard/boot-keyboard-parser';
import { encodeKeyboardReports } from '../hardware/protocols/keyboard/boot-keyboard-encoder';
import { KEYBOARD_LAYOUTS } from '../hardware/protocols/keyboard/layouts';
import { HARDWARE_LIMITS } from '../hardware/limits';
import { createSerialLineParser } from '../hardware/protocols/serial-lines/serial-line-parser';
import { encodeSerialFrame } from '../hardware/protocols/serial-lines/serial-line-encoder';
import { createPn532FrameParser } from '../hardware/protocols/pn532/frame-parser';
import { encodeResponse } from '../hardware/protocols/pn532/frame';
import { CMD_IN_LIST_PASSIVE_TARGET, encodeIso14443aTarget } from '../hardware/protocols/pn532/commands';
import { createDeviceManager } from '../hardware/manager/device-manager';
import { createHidPosScannerSim } from '../hardware/simulators/hid/hid-pos-scanner-sim';
import { SimulatedHidBus } from '../hardware/simulators/hid/simulated-hid-bus';
import { MockSerialBus } from '../hardware/simulators/serial/mock-serial-bus';
import type { HidConnection, HidTransport } from '../hardware/transports/types';

const WARMUP = 1_000;
const RUNS = 10_000;
const PIPELINE_RUNS = 2_000;

function percentileUs(samplesNs: bigint[], p: number): number {
  const sorted = [...samplesNs].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return Number(sorted[index]!) / 1e3;
}

// Microseconds: the figures are far below a millisecond and would print as 0.000 ms.
function report(bench: BenchReport, name: string, samplesNs: bigint[]): void {
  bench.figure(`${name} p50`, percentileUs(samplesNs, 50), 'µs');
  bench.figure(`${name} p99`, percentileUs(samplesNs, 99), 'µs', 'target < 1,000 µs');
}

/** A ~150-character CPM-like token, different each run so nothing is cached or debounced. */
function token(i: number): string {
  return `KP1.k2026a.7b1c9a62-1f0e-4c55-9b0e-3f1d2a6c8e90.${i.toString(36).padStart(22, '0')}.lz3k9q.4c.0.${'A'.repeat(62)}`;
}

/** Feeds everything but the last unit, then times the last unit until the parser emits. */
function measure(frames: number, prepare: (i: number) => { head: () => void; last: () => void }, emitted: () => number): bigint[] {
  const samples: bigint[] = [];
  for (let i = 0; i < WARMUP + frames; i++) {
    const { head, last } = prepare(i);
    head();
    const before = emitted();
    const start = process.hrtime.bigint();
    last();
    const end = process.hrtime.bigint();
    if (emitted() !== before + 1) throw new Error(`frame ${i} was not emitted`);
    if (i >= WARMUP) samples.push(end - start);
  }
  return samples;
}

function benchHidPos(bench: BenchReport): void {
  let count = 0;
  const layout = HID_POS_LAYOUTS.honeywell;
  const parser = createHidPosParser({ layout }, { frame: () => count++, drop: () => undefined });
  const samples = measure(
    RUNS,
    (i) => {
      const reports = encodeHidPosReports(layout, new TextEncoder().encode(token(i)));
      return { head: () => reports.slice(0, -1).forEach((r) => parser.feed(r, 0)), last: () => parser.feed(reports.at(-1)!, 0) };
    },
    () => count,
  );
  report(bench, 'HID POS report → scan', samples);
}

function benchKeyboard(bench: BenchReport): void {
  let count = 0;
  const layout = KEYBOARD_LAYOUTS.jis;
  const parser = createBootKeyboardParser({ layout }, { frame: () => count++, drop: () => undefined });
  const samples = measure(
    RUNS,
    (i) => {
      const reports = encodeKeyboardReports(layout, token(i));
      // The Enter press is the frame's last report; its release follows and emits nothing.
      const enter = reports.length - 2;
      return {
        head: () => reports.slice(0, enter).forEach((r) => parser.feed(r, 0)),
        last: () => parser.feed(reports[enter]!, 0),
      };
    },
    () => count,
  );
  report(bench, 'boot keyboard (JIS) Enter → scan', samples);
}

function benchSerial(bench: BenchReport): void {
  let count = 0;
  const parser = createSerialLineParser({ suffix: 'crlf' }, { frame: () => count++, drop: () => undefined });
  const samples = measure(
    RUNS,
    (i) => {
      const bytes = encodeSerialFrame(token(i), 'crlf');
      // Each code a second after the last; it comes out when the driver's timer says the line
      // went quiet after the suffix.
      const atMs = i * 1_000;
      return {
        head: () => parser.feed(bytes.subarray(0, -1), atMs),
        last: () => {
          parser.feed(bytes.subarray(-1), atMs);
          parser.tick(atMs + HARDWARE_LIMITS.serialSuffixQuietMs);
        },
      };
    },
    () => count,
  );
  report(bench, 'serial line (CRLF) quiet-gap tick → scan', samples);
}

function benchPn532(bench: BenchReport): void {
  let count = 0;
  const parser = createPn532FrameParser({ frame: () => count++, drop: () => undefined });
  const samples = measure(
    RUNS,
    (i) => {
      const uid = new Uint8Array([0x04, i & 0xff, (i >> 8) & 0xff, 0x11, 0x22, 0x33, 0x44]);
      // The DCS completes the frame; the postamble is not needed to emit it.
      const bytes = encodeResponse(CMD_IN_LIST_PASSIVE_TARGET, encodeIso14443aTarget(uid)).subarray(0, -1);
      return { head: () => parser.feed(bytes.subarray(0, -1), 0), last: () => parser.feed(bytes.subarray(-1), 0) };
    },
    () => count,
  );
  report(bench, 'PN532 frame DCS byte → frame', samples);
}

/** Wraps a HID transport to note when each report reaches the driver. */
function timedTransport(inner: HidTransport, onReport: () => void): HidTransport {
  return {
    label: inner.label,
    list: () => inner.list(),
    async open(path) {
      const connection = await inner.open(path);
      const timed: HidConnection = {
        start: (listeners) =>
          connection.start({
            report: (bytes) => {
              onReport();
              listeners.report(bytes);
            },
            failed: listeners.failed,
          }),
        close: () => connection.close(),
      };
      return timed;
    },
  };
}

async function benchPipeline(bench: BenchReport): Promise<void> {
  const directory = await mkdtemp(path.join(tmpdir(), 'kumapay-bench-'));
  const bus = new SimulatedHidBus();
  const scanner = createHidPosScannerSim(bus);
  let lastReportAt = 0n;
  const manager = createDeviceManager({
    configPath: path.join(directory, 'devices.json'),
    transports: { hid: timedTransport(bus, () => (lastReportAt = process.hrtime.bigint())), serial: new MockSerialBus().transport },
    initialConfig: { version: 1, debounceMs: 0 },
  });
  const samples: bigint[] = [];
  let resolveEvent: () => void = () => undefined;
  manager.on('event', () => {
    samples.push(process.hrtime.bigint() - lastReportAt);
    resolveEvent();
  });
  await manager.start();
  for (let i = 0; i < PIPELINE_RUNS + WARMUP / 10; i++) {
    const delivered = new Promise<void>((resolve) => (resolveEvent = resolve));
    scanner.scan(token(i));
    await delivered;
  }
  await manager.stop();
  await rm(directory, { recursive: true, force: true });
  report(bench, 'device manager: last HID report → event listener', samples.slice(WARMUP / 10));
}

export default async function (bench: BenchReport): Promise<void> {
  bench.note(`${RUNS} frames per parser after ${WARMUP} warm-up; ~150-character CPM-like tokens`);
  benchHidPos(bench);
  benchKeyboard(bench);
  benchSerial(bench);
  benchPn532(bench);
  await benchPipeline(bench);
}

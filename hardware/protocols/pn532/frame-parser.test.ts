import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { collect, concatBytes, hex, splitAt } from '../../testing/bytes';
import { createPn532FrameParser } from './frame-parser';
import type { Pn532Frame } from './frame';
import { encodeCommand, encodeFrame, encodeInformationFrame } from './frame';
import { CMD_GET_FIRMWARE_VERSION, CMD_IN_LIST_PASSIVE_TARGET, CMD_SAM_CONFIGURATION, decodeFelicaTarget, decodeIso14443aTarget, encodeFelicaTarget, LIST_ISO14443A, SAM_NORMAL_MODE } from './commands';

// Frames as printed in PN532 application notes and seen on the wire.
const GET_FIRMWARE_VERSION = hex('00 00 ff 02 fe d4 02 2a 00');
const SAM_CONFIGURATION = hex('00 00 ff 03 fd d4 14 01 17 00');
const IN_LIST_PASSIVE_TARGET_A = hex('00 00 ff 04 fc d4 4a 01 00 e1 00');
const RECORDED_SESSION = hex(
  '00 00 ff 00 ff 00' + // ACK
    '00 00 ff 06 fa d5 03 32 01 06 07 e8 00' + // firmware: PN532 v1.6, support 7
    '00 00 ff 00 ff 00' +
    '00 00 ff 0c f4 d5 4b 01 01 00 04 08 04 de ad be ef 96 00', // one type A target, UID DEADBEEF
);

function parse(chunks: Uint8Array[]) {
  const out = collect<Pn532Frame>();
  const parser = createPn532FrameParser(out.sink);
  for (const chunk of chunks) parser.feed(chunk, 0);
  return out;
}

describe('PN532 frames', () => {
  it('When commands are encoded, then the bytes match the documented frames', () => {
    expect(encodeCommand(CMD_GET_FIRMWARE_VERSION)).toEqual(GET_FIRMWARE_VERSION);
    expect(encodeCommand(CMD_SAM_CONFIGURATION, SAM_NORMAL_MODE)).toEqual(SAM_CONFIGURATION);
    expect(encodeCommand(CMD_IN_LIST_PASSIVE_TARGET, LIST_ISO14443A)).toEqual(IN_LIST_PASSIVE_TARGET_A);
  });

  it('When a recorded session is parsed byte by byte, then ACKs and responses come out in order', () => {
    const out = parse([...RECORDED_SESSION].map((b) => Uint8Array.of(b)));
    expect(out.frames).toEqual([
      { kind: 'ack' },
      { kind: 'information', tfi: 0xd5, data: hex('03 32 01 06 07') },
      { kind: 'ack' },
      { kind: 'information', tfi: 0xd5, data: hex('4b 01 01 00 04 08 04 de ad be ef') },
    ]);
    expect(out.drops).toEqual([]);
    const target = out.frames[3]!;
    expect(target.kind === 'information' && decodeIso14443aTarget(target.data.subarray(1))).toEqual({ uid: 'DEADBEEF', technology: 'iso14443a' });
  });

  it('When a frame has a bad data checksum, then it is dropped and the next frame is found', () => {
    const bad = hex('00 00 ff 06 fa d5 03 32 01 06 07 e9 00');
    const out = parse([concatBytes([bad, hex('00 00 ff 00 ff 00')])]);
    expect(out.frames).toEqual([{ kind: 'ack' }]);
    expect(out.drops.map((d) => d.reason)).toContain('checksum');
  });

  it('When NACK, error and extended frames arrive, then each is recognised', () => {
    const extended = encodeInformationFrame(0xd5, new Uint8Array(260).fill(0x41));
    expect(extended[3]).toBe(0xff);
    const out = parse([hex('00 00 ff ff 00 00'), hex('00 00 ff 01 ff 7f 81 00'), extended]);
    expect(out.frames.map((f) => f.kind)).toEqual(['nack', 'error', 'information']);
    expect(out.frames[2]).toEqual({ kind: 'information', tfi: 0xd5, data: new Uint8Array(260).fill(0x41) });
  });

  it('When FeliCa and empty InListPassiveTarget responses are decoded, then IDm and "none" come out', () => {
    const idm = hex('01 2e 3c 4d 5e 6f 70 81');
    expect(decodeFelicaTarget(encodeFelicaTarget(idm, new Uint8Array(8)))).toEqual({ uid: '012E3C4D5E6F7081', technology: 'felica' });
    expect(decodeFelicaTarget(hex('00'))).toBe('none');
    expect(decodeIso14443aTarget(hex('01 01 00 04 08 05 aa'))).toBeNull();
  });
});

const infoFrame = fc.record({ tfi: fc.constantFrom(0xd4, 0xd5), data: fc.uint8Array({ minLength: 0, maxLength: 264 }) }).map((f): Pn532Frame => ({ kind: 'information', ...f }));
const anyFrame = fc.oneof(infoFrame, fc.constantFrom<Pn532Frame>({ kind: 'ack' }, { kind: 'nack' }, { kind: 'error' }));
// Noise without 0xFF cannot hold a start code; zeros are legal filler.
const noise = fc.uint8Array({ maxLength: 10 }).map((b) => b.filter((x) => x !== 0xff));

function contains(haystack: Uint8Array, needle: Uint8Array): boolean {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

describe('PN532 frame parser properties', () => {
  it('When random bytes arrive in random chunks, then it never throws and every frame it emits was really in the stream', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 800 }), fc.array(fc.nat(800)), (bytes, cuts) => {
        const out = parse(splitAt(bytes, cuts));
        for (const frame of out.frames) {
          const wire = encodeFrame(frame);
          // The postamble is optional on the wire; the rest must be there byte for byte.
          expect(contains(bytes, wire.subarray(1, frame.kind === 'information' ? wire.length - 1 : 4))).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('When frames with noise between them are split at random points, then exactly the frames are found', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(noise, anyFrame), { minLength: 1, maxLength: 6 }), fc.array(fc.nat(2_000)), (items, cuts) => {
        const stream = concatBytes(items.flatMap(([n, frame]) => [n, encodeFrame(frame)]));
        expect(parse(splitAt(stream, cuts)).frames).toEqual(items.map(([, frame]) => frame));
      }),
      { numRuns: 300 },
    );
  });

  it('When a frame is corrupted, then the frames after it are still found', () => {
    fc.assert(
      fc.property(infoFrame, fc.nat(), fc.integer({ min: 1, max: 255 }), fc.array(anyFrame, { minLength: 1, maxLength: 4 }), (victim, at, flip, after) => {
        const bad = encodeFrame(victim).slice();
        const index = 3 + (at % (bad.length - 4));
        bad[index]! ^= flip;
        const out = parse([concatBytes([bad, ...after.map(encodeFrame)])]);
        expect(out.frames.slice(-after.length)).toEqual(after);
      }),
      { numRuns: 300 },
    );
  });
});

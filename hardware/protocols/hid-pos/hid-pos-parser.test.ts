import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { collect, hex, report } from '../../testing/bytes';
import { isCleanText } from '../text/clean-text';
import { createHidPosParser } from './hid-pos-parser';
import { encodeHidPosReports } from './hid-pos-encoder';
import { HID_POS_LAYOUTS } from './layouts';

const honeywell = HID_POS_LAYOUTS.honeywell;
const utf8 = new TextEncoder();

// Two reports of a Honeywell-style engine reading a 64-character QR with a CR suffix: the first
// has the "more" bit (byte 63) set, the second holds the last 9 bytes.
const RECORDED_LONG_QR = [
  hex(
    '02 38 5d 51 30 4b 50 31 2e 6b 32 30 32 36 61 2e 37 62 31 63 39 61 36 32 2d 31 66 30 65 2d 34 63 ' +
      '35 35 2d 39 62 30 65 2d 33 66 31 64 32 61 36 63 38 65 39 30 2e 41 62 43 64 45 66 47 68 73 00 01',
  ),
  hex(
    '02 09 5d 51 30 49 6a 4b 6c 4d 6e 4f 70 0d 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 ' +
      '00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 73 00 00',
  ),
];
const LONG_QR_TEXT = 'KP1.k2026a.7b1c9a62-1f0e-4c55-9b0e-3f1d2a6c8e90.AbCdEfGhIjKlMnOp';

function parser() {
  const out = collect<string>();
  return { out, parser: createHidPosParser({ layout: honeywell }, out.sink) };
}

describe('HID POS parser', () => {
  it('When a recorded two-report QR arrives, then one scan with the joined text and no suffix is emitted', () => {
    const { out, parser: p } = parser();
    p.feed(RECORDED_LONG_QR[0]!, 0);
    expect(out.frames).toEqual([]);
    p.feed(RECORDED_LONG_QR[1]!, 3);
    expect(out.frames).toEqual([LONG_QR_TEXT]);
    expect(out.drops).toEqual([]);
  });

  it('When a single short report arrives, then its text is emitted', () => {
    const { out, parser: p } = parser();
    p.feed(report(64, '02 05 5d 51 30 48 45 4c 4c 4f'), 0);
    expect(out.frames).toEqual(['HELLO']);
  });

  it('When the host strips the report id (63 bytes), then the report still parses', () => {
    const { out, parser: p } = parser();
    p.feed(report(63, '05 5d 51 30 48 45 4c 4c 4f'), 0);
    expect(out.frames).toEqual(['HELLO']);
  });

  it('When a message is cut off and a new scan comes after the gap bound, then the cut message is dropped and the new one emitted', () => {
    const { out, parser: p } = parser();
    p.feed(RECORDED_LONG_QR[0]!, 0);
    p.feed(report(64, '02 05 5d 51 30 48 45 4c 4c 4f'), 10_000);
    expect(out.frames).toEqual(['HELLO']);
    expect(out.drops.map((d) => d.reason)).toEqual(['stale_partial']);
  });

  it('When a report claims more data than it can hold, then it and the message in progress are dropped', () => {
    const { out, parser: p } = parser();
    p.feed(RECORDED_LONG_QR[0]!, 0);
    p.feed(report(64, '02 ff 5d 51 30 41'), 1);
    p.feed(report(64, '02 02 5d 51 30 4f 4b'), 2);
    expect(out.frames).toEqual(['OK']);
    expect(out.drops.map((d) => d.reason)).toEqual(['malformed_report', 'malformed_report']);
  });

  it('When a report with another id arrives inside a message, then it is dropped and the message survives', () => {
    const { out, parser: p } = parser();
    p.feed(RECORDED_LONG_QR[0]!, 0);
    p.feed(report(64, '04 01 02 03'), 1);
    p.feed(RECORDED_LONG_QR[1]!, 2);
    expect(out.frames).toEqual([LONG_QR_TEXT]);
    expect(out.drops.map((d) => d.reason)).toEqual(['foreign_report']);
  });

  it('When the data holds a control character, then the scan is dropped as garbled', () => {
    const { out, parser: p } = parser();
    p.feed(report(64, '02 03 5d 51 30 41 00 42'), 0);
    expect(out.frames).toEqual([]);
    expect(out.drops.map((d) => d.reason)).toEqual(['garbled_text']);
  });

  it('When a message exceeds the bound, then it is dropped and the next message is read', () => {
    const out = collect<string>();
    const p = createHidPosParser({ layout: honeywell, messageBytesMax: 100 }, out.sink);
    for (const r of encodeHidPosReports(honeywell, utf8.encode('x'.repeat(300)))) p.feed(r, 0);
    for (const r of encodeHidPosReports(honeywell, utf8.encode('after'))) p.feed(r, 0);
    expect(out.frames).toEqual(['after']);
    expect(out.drops.map((d) => d.reason)).toEqual(['frame_too_long']);
  });

  it('When an over-long message is cut off, then the next message after the gap is read, not discarded', () => {
    const out = collect<string>();
    const p = createHidPosParser({ layout: honeywell, messageBytesMax: 100 }, out.sink);
    const long = encodeHidPosReports(honeywell, utf8.encode('x'.repeat(300)));
    for (const r of long.slice(0, 3)) p.feed(r, 0);
    for (const r of encodeHidPosReports(honeywell, utf8.encode('next'))) p.feed(r, 5_000);
    expect(out.frames).toEqual(['next']);
  });

  it('When Newland-layout reports arrive, then data is read from byte 2', () => {
    const out = collect<string>();
    const p = createHidPosParser({ layout: HID_POS_LAYOUTS.newland }, out.sink);
    p.feed(report(64, '02 03 41 42 43'), 0);
    expect(out.frames).toEqual(['ABC']);
  });
});

const cleanText = fc.string({ unit: fc.constantFrom(...'ABCxyz0189.-_/:+~熊谷ペイ'), minLength: 1, maxLength: 300 });

describe('HID POS parser properties', () => {
  it('When random reports arrive, then it never throws and every emitted text is clean', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ minLength: 0, maxLength: 70 }), { maxLength: 30 }), (reports) => {
        const { out, parser: p } = parser();
        reports.forEach((r, i) => p.feed(r, i));
        for (const text of out.frames) expect(isCleanText(text)).toBe(true);
      }),
    );
  });

  it('When valid messages are interleaved with foreign and malformed reports between them, then exactly the messages are found', () => {
    const noiseReport = fc.oneof(
      fc.uint8Array({ minLength: 64, maxLength: 64 }).map((r) => Uint8Array.of(0x05, ...r.subarray(1))),
      fc.uint8Array({ minLength: 1, maxLength: 40 }),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(cleanText, fc.array(noiseReport, { maxLength: 3 })), { minLength: 1, maxLength: 8 }), (items) => {
        const { out, parser: p } = parser();
        let t = 0;
        for (const [text, noise] of items) {
          for (const n of noise) p.feed(n, t++);
          for (const r of encodeHidPosReports(honeywell, utf8.encode(text))) p.feed(r, t++);
        }
        expect(out.frames).toEqual(items.map(([text]) => text));
      }),
    );
  });

  it('When a message is cut off and the next one comes after the gap, then only whole messages are emitted', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'ABC熊谷'), minLength: 57, maxLength: 200 }), cleanText, (cut, whole) => {
        const { out, parser: p } = parser();
        const reports = encodeHidPosReports(honeywell, utf8.encode(cut));
        p.feed(reports[0]!, 0);
        for (const r of encodeHidPosReports(honeywell, utf8.encode(whole))) p.feed(r, 1_000);
        expect(out.frames).toEqual([whole]);
      }),
    );
  });
});

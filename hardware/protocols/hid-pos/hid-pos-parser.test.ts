import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { collect, report } from '../../testing/bytes';
import { isCleanText } from '../text/clean-text';
import { createHidPosParser } from './hid-pos-parser';
import { encodeHidPosReports } from './hid-pos-encoder';
import { LONG_QR_TEXT, RECORDED_LONG_QR } from './recorded-reports';
import { HID_POS_LAYOUTS } from './layouts';

const honeywell = HID_POS_LAYOUTS.honeywell;
const utf8 = new TextEncoder();


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

  it('When a Newland-layout report is read with the Honeywell layout, then it is refused as layout_mismatch, not emitted shifted', () => {
    // Newland puts "KP1.k2026a.ab" (13 bytes) at byte 2, and this engine leaves the tail of its
    // previous, longer code ("…abcdefGhIjKlMnOp") in the report. Read from byte 5 it came out as
    // ".k2026a.abcde": three characters lost, three stray ones added.
    const staleTail = report(64, '02 0d 4b 50 31 2e 6b 32 30 32 36 61 2e 61 62 63 64 65 66 47 68 49 6a 4b 6c 4d 6e 4f 70');
    const zeroTail = report(64, '02 0d 4b 50 31 2e 6b 32 30 32 36 61 2e 61 62');
    const { out, parser: p } = parser();
    p.feed(staleTail, 0);
    p.feed(zeroTail, 500);
    expect(out.frames).toEqual([]);
    expect(out.drops).toEqual([
      { reason: 'layout_mismatch', byteCount: 13 },
      { reason: 'layout_mismatch', byteCount: 13 },
    ]);
  });

  it('When a long Newland message is read with the Honeywell layout, then the whole message is one refusal and its tail is not emitted alone', () => {
    const { out, parser: p } = parser();
    const reports = encodeHidPosReports(HID_POS_LAYOUTS.newland, utf8.encode(`${LONG_QR_TEXT}\r`));
    expect(reports).toHaveLength(2);
    reports.forEach((r, i) => p.feed(r, i));
    p.feed(RECORDED_LONG_QR[0]!, 10);
    p.feed(RECORDED_LONG_QR[1]!, 11);
    expect(out.frames).toEqual([LONG_QR_TEXT]);
    expect(out.drops.map((d) => d.reason)).toEqual(['layout_mismatch']);
  });

  it('When a Honeywell engine sends an empty report after a scan, then it is not taken for a layout mismatch', () => {
    const { out, parser: p } = parser();
    p.feed(report(64, '02 05 5d 51 30 48 45 4c 4c 4f'), 0);
    p.feed(report(64, '02 00'), 1);
    expect(out.frames).toEqual(['HELLO']);
    expect(out.drops).toEqual([]);
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

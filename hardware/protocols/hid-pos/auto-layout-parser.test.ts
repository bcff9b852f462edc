import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { collect, report } from '../../testing/bytes';
import { isCleanText } from '../text/clean-text';
import { createAutoHidPosParser } from './auto-layout-parser';
import type { AutoHidPosParserOptions, LayoutDetection } from './auto-layout-parser';
import { encodeHidPosReports } from './hid-pos-encoder';
import { LONG_QR_TEXT, RECORDED_LONG_QR } from './recorded-reports';
import { HID_POS_LAYOUTS } from './layouts';
import type { HidPosLayoutName } from './layouts';

const utf8 = new TextEncoder();

// A Newland-style engine: "KP1.k2026a.token" and CR from byte 2, no AIM id.
const NEWLAND_SHORT = report(64, '02 11 4b 50 31 2e 6b 32 30 32 36 61 2e 74 6f 6b 65 6e 0d');

function auto(options: AutoHidPosParserOptions = {}) {
  const out = collect<string>();
  const detections: Array<{ outcome: LayoutDetection['outcome']; layouts: HidPosLayoutName[] }> = [];
  const parser = createAutoHidPosParser(options, out.sink, (d) =>
    detections.push({ outcome: d.outcome, layouts: d.outcome === 'detected' ? [d.layout.name] : d.fitting.map((l) => l.name) }),
  );
  return { out, detections, parser };
}

describe('HID POS auto layout', () => {
  it('When the first scan is a short Newland report, then Newland is picked and the scan emitted', () => {
    const { out, detections, parser } = auto();
    parser.feed(NEWLAND_SHORT, 0);
    expect(detections).toEqual([{ outcome: 'detected', layouts: ['newland'] }]);
    expect(out.frames).toEqual(['KP1.k2026a.token']);
    parser.feed(report(64, '02 03 41 42 43'), 1_000);
    expect(out.frames).toEqual(['KP1.k2026a.token', 'ABC']);
  });

  it('When the first scan is a short Honeywell report, then Honeywell is picked and the scan emitted', () => {
    const { out, detections, parser } = auto();
    parser.feed(report(64, '02 05 5d 51 30 48 45 4c 4c 4f'), 0);
    expect(detections).toEqual([{ outcome: 'detected', layouts: ['honeywell'] }]);
    expect(out.frames).toEqual(['HELLO']);
  });

  it('When the first scan is a long Honeywell code, then its full first report waits, the last decides, and the two are joined', () => {
    const { out, detections, parser } = auto();
    parser.feed(RECORDED_LONG_QR[0]!, 0);
    expect(detections).toEqual([]);
    expect(out.frames).toEqual([]);
    parser.feed(RECORDED_LONG_QR[1]!, 3);
    expect(detections).toEqual([{ outcome: 'detected', layouts: ['honeywell'] }]);
    expect(out.frames).toEqual([LONG_QR_TEXT]);
    expect(out.drops).toEqual([]);
  });

  it('When the first scan is a long Newland code, then it is joined from byte 2 of each report', () => {
    const { out, detections, parser } = auto();
    for (const r of encodeHidPosReports(HID_POS_LAYOUTS.newland, utf8.encode(`${LONG_QR_TEXT}\r`))) parser.feed(r, 0);
    expect(detections).toEqual([{ outcome: 'detected', layouts: ['newland'] }]);
    expect(out.frames).toEqual([LONG_QR_TEXT]);
  });

  it('When a scan fits both layouts (a full Honeywell report), then it is refused as undecided, and the next short scan decides', () => {
    const { out, detections, parser } = auto();
    const exactly56 = utf8.encode(`${'KP1.k2026a.'}${'x'.repeat(44)}\r`);
    expect(exactly56.length).toBe(56);
    for (const r of encodeHidPosReports(HID_POS_LAYOUTS.honeywell, exactly56)) parser.feed(r, 0);
    expect(out.frames).toEqual([]);
    expect(out.drops).toEqual([{ reason: 'layout_mismatch', byteCount: 64 }]);
    expect(detections).toEqual([{ outcome: 'undecided', layouts: ['honeywell', 'newland'] }]);
    parser.feed(report(64, '02 05 5d 51 30 48 45 4c 4c 4f'), 1_000);
    expect(detections.at(-1)).toEqual({ outcome: 'detected', layouts: ['honeywell'] });
    expect(out.frames).toEqual(['HELLO']);
  });

  it('When a report fits no layout, then its scan is refused as undecided and nothing is guessed', () => {
    const { out, detections, parser } = auto();
    // Length 3 but the data area runs on past it: neither layout's padding is zero.
    parser.feed(report(64, '02 03 41 42 43 44 45 46 47 48'), 0);
    expect(out.frames).toEqual([]);
    expect(detections).toEqual([{ outcome: 'undecided', layouts: [] }]);
  });

  it('When reports of another id or size come while undecided, then they are dropped as the fixed parser drops them', () => {
    const { out, parser } = auto();
    parser.feed(report(64, '04 01 02 03'), 0);
    parser.feed(report(20, '02 01 41'), 1);
    parser.feed(report(64, '02 00'), 2);
    expect(out.drops.map((d) => d.reason)).toEqual(['foreign_report', 'malformed_report']);
    parser.feed(NEWLAND_SHORT, 3);
    expect(out.frames).toEqual(['KP1.k2026a.token']);
  });

  it('When an undecided message is longer than the hold, then it is dropped whole and the next scan is read', () => {
    const { out, parser } = auto({ heldReportsMax: 3 });
    const full = encodeHidPosReports(HID_POS_LAYOUTS.honeywell, utf8.encode('y'.repeat(56 * 6)));
    full.forEach((r, i) => parser.feed(r, i));
    expect(out.drops.map((d) => d.reason)).toEqual(['frame_too_long']);
    parser.feed(NEWLAND_SHORT, 100);
    expect(out.frames).toEqual(['KP1.k2026a.token']);
  });
});

const cleanText = fc.string({ unit: fc.constantFrom(...'ABCxyz0189.-_/:+~熊谷ペイ'), minLength: 1, maxLength: 300 });

describe('HID POS auto layout properties', () => {
  it('When random reports arrive, then it never throws and every emitted text is clean', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ minLength: 0, maxLength: 70 }), { maxLength: 30 }), (reports) => {
        const { out, parser } = auto();
        reports.forEach((r, i) => parser.feed(r, i));
        for (const text of out.frames) expect(isCleanText(text)).toBe(true);
      }),
    );
  });

  it('When a scanner of either layout sends scans, then exactly its scans come out once the first has decided', () => {
    const firstDecides = (name: HidPosLayoutName, text: string) => name === 'newland' || utf8.encode(text).length % 56 !== 0;
    fc.assert(
      fc.property(fc.constantFrom<HidPosLayoutName>('honeywell', 'newland'), fc.array(cleanText, { minLength: 1, maxLength: 6 }), (name, texts) => {
        fc.pre(firstDecides(name, texts[0]!));
        const { out, detections, parser } = auto();
        texts.forEach((text, i) => encodeHidPosReports(HID_POS_LAYOUTS[name], utf8.encode(text)).forEach((r) => parser.feed(r, i * 1_000)));
        expect(detections).toEqual([{ outcome: 'detected', layouts: [name] }]);
        expect(out.frames).toEqual(texts);
      }),
    );
  });
});

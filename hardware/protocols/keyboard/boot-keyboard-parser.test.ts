import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { collect, hex } from '../../testing/bytes';
import { isCleanText } from '../text/clean-text';
import { createBootKeyboardParser } from './boot-keyboard-parser';
import { canType, encodeKeyboardReports } from './boot-keyboard-encoder';
import { KEYBOARD_LAYOUTS } from './layouts';

// A US-layout scanner typing "Ab+1" then Enter: press/release pairs, shift as left-shift bit.
const RECORDED_US_SCAN = [
  '02 00 04 00 00 00 00 00', '00 00 00 00 00 00 00 00',
  '00 00 05 00 00 00 00 00', '00 00 00 00 00 00 00 00',
  '02 00 2e 00 00 00 00 00', '00 00 00 00 00 00 00 00',
  '00 00 1e 00 00 00 00 00', '00 00 00 00 00 00 00 00',
  '00 00 28 00 00 00 00 00', '00 00 00 00 00 00 00 00',
].map(hex);

// A JIS-layout scanner typing "a@:\" with the yen key, then Enter.
const RECORDED_JIS_SCAN = [
  '00 00 04 00 00 00 00 00', '00 00 00 00 00 00 00 00',
  '00 00 2f 00 00 00 00 00', '00 00 00 00 00 00 00 00',
  '00 00 34 00 00 00 00 00', '00 00 00 00 00 00 00 00',
  '00 00 89 00 00 00 00 00', '00 00 00 00 00 00 00 00',
  '00 00 28 00 00 00 00 00', '00 00 00 00 00 00 00 00',
].map(hex);

function feedAll(layout: 'us' | 'jis', reports: Uint8Array[], options: { reportId?: number } = {}) {
  const out = collect<string>();
  const parser = createBootKeyboardParser({ layout: KEYBOARD_LAYOUTS[layout], ...options }, out.sink);
  reports.forEach((r, i) => parser.feed(r, i));
  return out;
}

describe('boot keyboard parser', () => {
  it('When a recorded US scan is read with the US layout, then the text is exact', () => {
    expect(feedAll('us', RECORDED_US_SCAN).frames).toEqual(['Ab+1']);
  });

  it('When a US-layout scanner is read as JIS, then "+" turns into "~" (why the layout must match)', () => {
    expect(feedAll('jis', RECORDED_US_SCAN).frames).toEqual(['Ab~1']);
  });

  it('When a recorded JIS scan is read with the JIS layout, then @, : and the yen key are right', () => {
    expect(feedAll('jis', RECORDED_JIS_SCAN).frames).toEqual(['a@:\\']);
  });

  it('When keys are held across reports, then each key counts once', () => {
    const reports = ['00 00 04 00 00 00 00 00', '00 00 04 05 00 00 00 00', '00 00 05 00 00 00 00 00', '00 00 28 00 00 00 00 00'].map(hex);
    expect(feedAll('us', reports).frames).toEqual(['ab']);
  });

  it('When a line holds a Ctrl chord or a key the layout cannot type, then the whole line is dropped', () => {
    const ctrl = ['00 00 04 00 00 00 00 00', '01 00 05 00 00 00 00 00', '00 00 28 00 00 00 00 00'].map(hex);
    const out = feedAll('us', ctrl);
    expect(out.frames).toEqual([]);
    expect(out.drops).toEqual([{ reason: 'unmapped_key', byteCount: 2 }]);
    const f1 = ['00 00 3a 00 00 00 00 00', '00 00 28 00 00 00 00 00'].map(hex);
    expect(feedAll('us', f1).drops.map((d) => d.reason)).toEqual(['unmapped_key']);
  });

  it('When a rollover error report arrives mid-line, then the line is dropped', () => {
    const reports = ['00 00 04 00 00 00 00 00', '00 00 01 01 01 01 01 01', '00 00 05 00 00 00 00 00', '00 00 28 00 00 00 00 00'].map(hex);
    expect(feedAll('us', reports).frames).toEqual([]);
  });

  it('When reports carry a report id, then other ids are dropped and the line survives', () => {
    const reports = ['01 00 00 04 00 00 00 00 00', '03 01 02', '01 00 00 28 00 00 00 00 00'].map(hex);
    const out = feedAll('us', reports, { reportId: 1 });
    expect(out.frames).toEqual(['a']);
    expect(out.drops.map((d) => d.reason)).toEqual(['foreign_report']);
  });

  it('When a line is left without Enter past the gap bound, then it is dropped and the next line is whole', () => {
    const out = collect<string>();
    const parser = createBootKeyboardParser({ layout: KEYBOARD_LAYOUTS.us }, out.sink);
    for (const r of encodeKeyboardReports(KEYBOARD_LAYOUTS.us, 'cut').slice(0, 4)) parser.feed(r, 0);
    for (const r of encodeKeyboardReports(KEYBOARD_LAYOUTS.us, 'whole')) parser.feed(r, 5_000);
    expect(out.frames).toEqual(['whole']);
    expect(out.drops.map((d) => d.reason)).toEqual(['stale_partial']);
  });

  it('When the terminator is Tab, then Enter does not end a line', () => {
    const out = collect<string>();
    const parser = createBootKeyboardParser({ layout: KEYBOARD_LAYOUTS.us, terminator: 'tab' }, out.sink);
    for (const r of encodeKeyboardReports(KEYBOARD_LAYOUTS.us, 'abc', 'tab')) parser.feed(r, 0);
    expect(out.frames).toEqual(['abc']);
  });
});

const printable = [...' !"#$%&\'()*+,-./0123456789:;<=>?@ABCXYZ[\\]^_`abcxyz{|}~'];

describe('boot keyboard parser properties', () => {
  it('When random reports arrive, then it never throws and every emitted line is clean', () => {
    fc.assert(
      fc.property(fc.constantFrom<'us' | 'jis'>('us', 'jis'), fc.array(fc.uint8Array({ minLength: 0, maxLength: 10 }), { maxLength: 60 }), (layout, reports) => {
        for (const text of feedAll(layout, reports).frames) expect(isCleanText(text)).toBe(true);
      }),
    );
  });

  it('When typed lines are interleaved with malformed reports, then exactly the lines are found', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<'us' | 'jis'>('us', 'jis'),
        fc.array(fc.tuple(fc.string({ unit: fc.constantFrom(...printable), minLength: 1, maxLength: 80 }), fc.array(fc.uint8Array({ minLength: 9, maxLength: 20 }), { maxLength: 3 })), { minLength: 1, maxLength: 6 }),
        (layoutName, items) => {
          const layout = KEYBOARD_LAYOUTS[layoutName];
          const lines = items.filter(([text]) => canType(layout, text));
          const reports = lines.flatMap(([text, noise]) => {
            const typed = encodeKeyboardReports(layout, text);
            return [...typed.slice(0, 1), ...noise, ...typed.slice(1)];
          });
          expect(feedAll(layoutName, reports).frames).toEqual(lines.map(([text]) => text));
        },
      ),
    );
  });
});

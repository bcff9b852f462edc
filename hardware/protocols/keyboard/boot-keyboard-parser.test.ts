import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { collect, hex } from '../../testing/bytes';
import { isCleanText } from '../text/clean-text';
import { createBootKeyboardParser } from './boot-keyboard-parser';
import { altModeReports, canType, encodeKeyboardReports } from './boot-keyboard-encoder';
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

// A Japanese scanner in Alt mode typing あ (Shift_JIS 82 A0 = 33440) then Enter: Left Alt held
// alone, keypad 3 3 4 4 0 pressed and released, Alt released.
const RECORDED_ALT_MODE_A = [
  '04 00 00 00 00 00 00 00',
  '04 00 5b 00 00 00 00 00', '04 00 00 00 00 00 00 00',
  '04 00 5b 00 00 00 00 00', '04 00 00 00 00 00 00 00',
  '04 00 5c 00 00 00 00 00', '04 00 00 00 00 00 00 00',
  '04 00 5c 00 00 00 00 00', '04 00 00 00 00 00 00 00',
  '04 00 62 00 00 00 00 00', '04 00 00 00 00 00 00 00',
  '00 00 00 00 00 00 00 00',
  '00 00 28 00 00 00 00 00', '00 00 00 00 00 00 00 00',
].map(hex);

// Ctrl+Shift+J as some scanners send it after Enter: Ctrl and Shift down, J, all released.
const CTRL_SHIFT_J = ['03 00 00 00 00 00 00 00', '03 00 0d 00 00 00 00 00', '03 00 00 00 00 00 00 00', '00 00 00 00 00 00 00 00'].map(hex);

const JAPANESE = '熊谷市 クマPAY';

function feedAll(layout: 'us' | 'jis', reports: Uint8Array[], options: { reportId?: number; encoding?: 'utf8' | 'shift_jis' | 'auto' } = {}) {
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

  it('When a recorded Alt-mode あ is read as Shift_JIS, then it is あ; as UTF-8 it is refused as garbled', () => {
    expect(feedAll('us', RECORDED_ALT_MODE_A, { encoding: 'shift_jis' }).frames).toEqual(['あ']);
    const asUtf8 = feedAll('us', RECORDED_ALT_MODE_A, { encoding: 'utf8' });
    expect(asUtf8.frames).toEqual([]);
    expect(asUtf8.drops).toEqual([{ reason: 'garbled_text', byteCount: 5 }]);
  });

  it('When a Japanese scanner types 熊谷市 クマPAY in Alt mode (Shift_JIS), then shift_jis and auto read it exactly, utf8 refuses it', () => {
    const reports = encodeKeyboardReports(KEYBOARD_LAYOUTS.us, JAPANESE, 'enter', 'shift_jis');
    expect(feedAll('us', reports, { encoding: 'shift_jis' }).frames).toEqual([JAPANESE]);
    expect(feedAll('us', reports, { encoding: 'auto' }).frames).toEqual([JAPANESE]);
    expect(feedAll('us', reports, { encoding: 'utf8' }).drops.map((d) => d.reason)).toEqual(['garbled_text']);
  });

  it('When a scanner types UTF-8 bytes in Alt mode, then auto reads them as UTF-8', () => {
    const reports = encodeKeyboardReports(KEYBOARD_LAYOUTS.us, JAPANESE, 'enter', 'utf8');
    expect(feedAll('us', reports, { encoding: 'auto' }).frames).toEqual([JAPANESE]);
  });

  it('When an Alt-mode value is impossible, then the line is dropped, not cut', () => {
    const reports = [...encodeKeyboardReports(KEYBOARD_LAYOUTS.us, 'ab').slice(0, 4), ...altModeReports(99_999), ...encodeKeyboardReports(KEYBOARD_LAYOUTS.us, 'c')];
    const out = feedAll('us', reports, { encoding: 'shift_jis' });
    expect(out.frames).toEqual([]);
    expect(out.drops.map((d) => d.reason)).toEqual(['unmapped_key']);
  });

  it('When a scanner sends Ctrl+Shift+J after Enter, then the next scan arrives whole', () => {
    const reports = [...encodeKeyboardReports(KEYBOARD_LAYOUTS.us, 'KP1.first'), ...CTRL_SHIFT_J, ...encodeKeyboardReports(KEYBOARD_LAYOUTS.us, 'KP1.second'), ...CTRL_SHIFT_J];
    const out = feedAll('us', reports);
    expect(out.frames).toEqual(['KP1.first', 'KP1.second']);
    expect(out.drops).toEqual([]);
  });

  it('When Ctrl+Shift+J comes in the middle of a code, then that code is still refused and the next one read', () => {
    const typed = encodeKeyboardReports(KEYBOARD_LAYOUTS.us, 'KP1.cut');
    const reports = [...typed.slice(0, 6), ...CTRL_SHIFT_J, ...typed.slice(6), ...encodeKeyboardReports(KEYBOARD_LAYOUTS.us, 'KP1.next')];
    const out = feedAll('us', reports);
    expect(out.frames).toEqual(['KP1.next']);
    expect(out.drops.map((d) => d.reason)).toEqual(['unmapped_key']);
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

  it('When Japanese lines are typed in Alt mode with chords between them, then exactly the lines are found', () => {
    const unit = fc.constantFrom(...'KP1.-_ab09熊谷市クマペイあいうｱｲｳ漢字');
    fc.assert(
      fc.property(fc.array(fc.string({ unit, minLength: 1, maxLength: 40 }), { minLength: 1, maxLength: 6 }), fc.constantFrom<'shift_jis' | 'auto'>('shift_jis', 'auto'), (lines, encoding) => {
        const reports = lines.flatMap((text) => [...encodeKeyboardReports(KEYBOARD_LAYOUTS.us, text, 'enter', 'shift_jis'), ...CTRL_SHIFT_J]);
        expect(feedAll('us', reports, { encoding }).frames).toEqual(lines);
      }),
    );
  });
});

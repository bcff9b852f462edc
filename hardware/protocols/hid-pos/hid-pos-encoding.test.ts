import { describe, expect, it } from 'vitest';
import { collect, report } from '../../testing/bytes';
import { createHidPosParser } from './hid-pos-parser';
import type { HidPosParserOptions } from './hid-pos-parser';
import { HID_POS_LAYOUTS } from './layouts';

const JAPANESE = '熊谷市 クマPAY';
// A Honeywell-style engine set to Shift_JIS reading a QR of 熊谷市 クマPAY: length 14, AIM ]Q1,
// then the Shift_JIS bytes.
const RECORDED_SHIFT_JIS = report(64, '02 0e 5d 51 31 8c 46 92 4a 8e 73 20 83 4e 83 7d 50 41 59');
// The same code from an engine sending UTF-8: length 19.
const RECORDED_UTF8 = report(64, '02 13 5d 51 31 e7 86 8a e8 b0 b7 e5 b8 82 20 e3 82 af e3 83 9e 50 41 59');

function read(reportBytes: Uint8Array, encoding: HidPosParserOptions['encoding']) {
  const out = collect<string>();
  createHidPosParser({ layout: HID_POS_LAYOUTS.honeywell, encoding }, out.sink).feed(reportBytes, 0);
  return out;
}

describe('HID POS parser encodings', () => {
  it('When a Shift_JIS scan is read as shift_jis, then the text is exact', () => {
    expect(read(RECORDED_SHIFT_JIS, 'shift_jis').frames).toEqual([JAPANESE]);
  });

  it('When a Shift_JIS scan is read as utf8, then it is refused as garbled', () => {
    const out = read(RECORDED_SHIFT_JIS, 'utf8');
    expect(out.frames).toEqual([]);
    expect(out.drops).toEqual([{ reason: 'garbled_text', byteCount: 14 }]);
  });

  it('When the setting is auto, then a Shift_JIS scan and a UTF-8 scan both read right', () => {
    expect(read(RECORDED_SHIFT_JIS, 'auto').frames).toEqual([JAPANESE]);
    expect(read(RECORDED_UTF8, 'auto').frames).toEqual([JAPANESE]);
  });
});

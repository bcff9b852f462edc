import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../common/errors';
import { LIMITS } from '../../../common/limits';
import { readBusRidesCsv, parseUsedAt } from './bus-rides-csv';

/** R24: the bus system's export file, read without a store. */

const HEADER = 'rideId,customerId,usedAt,bus,boardingStop,alightingStop';
const utf8 = (text: string) => new TextEncoder().encode(text);
const sjis = (text: string) => new Uint8Array(iconv.encode(text, 'shift_jis'));
const withBom = (text: string) => new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(text)]);

const SAMPLE = [
  HEADER,
  'R1,w-1,2024-06-01 08:30,熊谷駅行,籠原駅,市役所前',
  'R2,w-1,2024-06-01 09:00:15,熊谷駅行,市役所前,【未選択】',
  'R3,w-2,2024/6/2 7:05,ゆうゆう号,"妻沼聖天山, 北口",',
  'R4,w-2,2024-06-02T07:40:00+09:00,ゆうゆう号,熊谷駅,"熊谷スポーツ文化公園"',
].join('\r\n');

async function refusal(run: () => Promise<unknown>): Promise<DomainError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('the file was not refused');
}

describe('R24 bus export file parser', async () => {
  it('R24: When the same rides come as UTF-8, UTF-8 with a BOM and Shift_JIS, then all three read the same rides, and only an answered alighting stop earns', async () => {
    const readings = await Promise.all([utf8(SAMPLE), withBom(SAMPLE), sjis(SAMPLE)].map((bytes) => readBusRidesCsv(bytes)));
    expect(readings.map((r) => r.encoding)).toEqual(['utf-8', 'utf-8', 'shift_jis']);
    for (const r of readings) {
      expect(r.malformed).toEqual([]);
      expect(r.rides).toEqual(readings[0]!.rides);
    }
    const rides = readings[0]!.rides;
    expect(rides.map((r) => [r.line, r.rideId, r.answered])).toEqual([
      [2, 'R1', true],
      [3, 'R2', false],
      [4, 'R3', false],
      [5, 'R4', true],
    ]);
    expect(rides[2]!.boardingStop).toBe('妻沼聖天山, 北口');
    expect(rides[0]!.usedAtMs).toBe(Date.parse('2024-06-01T08:30:00+09:00'));
    expect(rides[2]!.usedAtMs).toBe(Date.parse('2024-06-02T07:05:00+09:00'));
  });

  it('R24: When the header names the columns in another order, case and spacing, with an extra column, then the rows still read by name', async () => {
    const parsed = await readBusRidesCsv(utf8(' AlightingStop ,note,RIDEID,customerid,usedAt,bus,boardingStop\n市役所前,x,R9,w-9,2024-06-01 10:00,1系統,熊谷駅\n'));
    expect(parsed.rides).toEqual([{ line: 2, rideId: 'R9', customerId: 'w-9', usedAtMs: Date.parse('2024-06-01T10:00:00+09:00'), bus: '1系統', boardingStop: '熊谷駅', alightingStop: '市役所前', answered: true }]);
  });

  it('R24: When the file is read in slices (a big file yields between them), then every cut, inside a character, a CRLF or a quoted field, reads the same rides and line numbers', async () => {
    const text = `${SAMPLE}\r\nR5,w-3,2024-06-03 07:00,"二行の\r\n系統",熊谷駅,【未選択】\r\nR6,w-3,2024-06-03 08:00,b,s"x,t\r\nR7,w-3,2024-06-03 09:00,b,s,上之\r\n`;
    for (const bytes of [utf8(text), withBom(text), sjis(text)]) {
      const whole = await readBusRidesCsv(bytes);
      expect(whole.rides.map((r) => r.line)).toEqual([2, 3, 4, 5, 6, 9]);
      expect(whole.malformed.map((m) => m.line)).toEqual([8]);
      for (const sliceBytes of [1, 2, 3, 5, 16, 64]) {
        let pauses = 0;
        const sliced = await readBusRidesCsv(bytes, async () => {
          pauses += 1;
        }, sliceBytes);
        expect(sliced, `slices of ${sliceBytes} bytes`).toEqual(whole);
        expect(pauses).toBeGreaterThan(1);
      }
    }
  });

  it('R24: When a header column is missing or repeated, or there is no header, then the whole file is refused with a stable reason code naming what is wrong', async () => {
    const error = await refusal(() => readBusRidesCsv(utf8('rideId,customerId,usedAt,bus,boardingStop\nR1,w,2024-06-01 08:00,b,s\n')));
    expect(error.code).toBe('invalid_request');
    expect(error.details).toMatchObject({ reason: 'missing_columns', missingColumns: ['alightingStop'] });
    const repeated = await refusal(() => readBusRidesCsv(utf8(`${HEADER},usedat\nR1,w,2024-06-01 08:00,b,s,t,x\n`)));
    expect(repeated.details).toMatchObject({ reason: 'repeated_columns', repeatedColumns: ['usedAt'] });
    for (const [text, reason] of [['', 'empty'], ['\uFEFF', 'empty'], [`\n${HEADER}\n`, 'blank_first_line'], ['rideId,"customerId\n', 'header_unreadable']] as const) {
      const refused = await refusal(() => readBusRidesCsv(utf8(text)));
      expect([refused.code, refused.details.reason], JSON.stringify(text)).toEqual(['invalid_request', reason]);
    }
  });

  it('R24: When rows are malformed (bad date, empty field, wrong field count, broken quote), then each is listed by its physical line and the good rows still read', async () => {
    const text = [
      HEADER, // 1
      'R1,w-1,2024-02-30 08:00,b,s,t', // 2: no such day
      'R2,,2024-06-01 08:00,b,s,t', // 3: no customer
      'R3,w-1,2024-06-01 08:00,b,s', // 4: five fields
      '"R4",w-1,2024-06-01 08:00,b,"two', // 5: a quoted field over two lines…
      'lines",t', // 6: …is one row, named by line 5
      '', // 7: blank
      'R5,w-1,2024-06-01 08:00,b,s"x,t', // 8: a stray quote
      'R6,w-1,2024-06-01 25:00,b,s,t', // 9: no such hour
      'R7,w-1,2024-06-01 08:00,b,s,t', // 10: fine
    ].join('\n');
    const parsed = await readBusRidesCsv(utf8(text));
    expect(parsed.malformed.map(({ reason: _reason, ...m }) => m)).toEqual([
      { line: 2, code: 'bad_used_at', field: 'usedAt', value: '2024-02-30 08:00' },
      { line: 3, code: 'empty_field', field: 'customerId' },
      { line: 4, code: 'wrong_field_count', fieldCount: 5, headerFieldCount: 6 },
      { line: 8, code: 'broken_quote' },
      { line: 9, code: 'bad_used_at', field: 'usedAt', value: '2024-06-01 25:00' },
    ]);
    // The English beside each code is for people; it still names what is wrong.
    expect(parsed.malformed.map((m) => m.reason)).toEqual([
      expect.stringContaining('usedAt'),
      expect.stringContaining('customerId'),
      expect.stringContaining('5 fields'),
      expect.stringContaining('quoting'),
      expect.stringContaining('usedAt'),
    ]);
    expect(parsed.rides.map((r) => [r.line, r.rideId, r.boardingStop])).toEqual([
      [5, 'R4', 'two\nlines'],
      [10, 'R7', 's'],
    ]);
    expect(parsed.rows).toBe(7);
  });

  it('R24: When a ride repeats word for word, then it is one ride; repeated with other contents, the repeat is malformed', async () => {
    const parsed = await readBusRidesCsv(utf8([HEADER, 'R1,w-1,2024-06-01 08:00,b,s,t', 'R1,w-1,2024-06-01 08:00,b,s,t', 'R1,w-2,2024-06-01 08:00,b,s,t'].join('\n')));
    expect(parsed.rides.map((r) => r.line)).toEqual([2]);
    expect(parsed.duplicates).toBe(1);
    expect(parsed.malformed).toEqual([{ line: 4, code: 'repeated_ride_different', value: 'R1', firstLine: 2, reason: expect.stringContaining('line 2') as string }]);
  });

  it('R24: When the alighting stop is blank, only spaces (full-width too) or 【未選択】 with spaces, then the ride is unanswered', async () => {
    const parsed = await readBusRidesCsv(utf8([HEADER, 'R1,w,2024-06-01 08:00,b,s,　', 'R2,w,2024-06-01 08:00,b,s, 【未選択】 ', 'R3,w,2024-06-01 08:00,b,s,未選択駅'].join('\n')));
    expect(parsed.rides.map((r) => r.answered)).toEqual([false, false, true]);
  });

  it('R24: When the bytes are neither UTF-8 nor Shift_JIS, or UTF-16, or broken UTF-8 holding 【未選択】, then the file is refused rather than misread', async () => {
    const broken = new Uint8Array([...utf8(`${HEADER}\nR1,w,2024-06-01 08:00,b,s,【未選択】\nR2,w,2024-06-01 08:00,b,s,t`), 0xff]);
    expect((await refusal(() => readBusRidesCsv(broken))).details).toMatchObject({ reason: 'broken_utf8' });
    expect((await refusal(() => readBusRidesCsv(new Uint8Array([...utf8(`${HEADER}\nR1,w,2024-06-01 08:00,b,s,t`), 0x81, 0x20])))).details).toMatchObject({ reason: 'unknown_encoding', line: 2 });
    expect((await refusal(() => readBusRidesCsv(new Uint8Array([0xff, 0xfe, 0x72, 0x00])))).details).toMatchObject({ reason: 'utf16' });
    expect((await refusal(() => readBusRidesCsv(new Uint8Array([0xef, 0xbb, 0xbf, 0x72, 0xff])))).details).toMatchObject({ reason: 'broken_utf8_bom' });
  });

  it('R24: usedAt reads JST local time, Excel-style slashes and ISO instants with their offset, and nothing that is not a real moment', async () => {
    const jst = (iso: string) => Date.parse(iso);
    expect(parseUsedAt('2024-06-01 08:30')).toBe(jst('2024-06-01T08:30:00+09:00'));
    expect(parseUsedAt('2024-06-01 08:30:59')).toBe(jst('2024-06-01T08:30:59+09:00'));
    expect(parseUsedAt('2024/6/1 8:30')).toBe(jst('2024-06-01T08:30:00+09:00'));
    expect(parseUsedAt('2024-05-31T23:30:00Z')).toBe(jst('2024-06-01T08:30:00+09:00'));
    expect(parseUsedAt('2024-06-01T08:30:00.5+09:00')).toBe(jst('2024-06-01T08:30:00.500+09:00'));
    expect(parseUsedAt('2024-02-29 00:00')).toBe(jst('2024-02-29T00:00:00+09:00'));
    for (const bad of ['2023-02-29 00:00', '2024-06-01', '2024-06-01 24:00', '2024-13-01 08:00', '2024-06/01 08:00', 'yesterday', '2024-06-01 08:60']) {
      expect(parseUsedAt(bad), bad).toBeNull();
    }
  });

  it('R24: When a rideId is longer than the bound, empty, or a field holds NUL, then that row is malformed with its own code', async () => {
    const parsed = await readBusRidesCsv(
      utf8([HEADER, `${'x'.repeat(LIMITS.busRideIdLengthMax + 1)},w,2024-06-01 08:00,b,s,t`, ',w,2024-06-01 08:00,b,s,t', 'R3,w,,b,s,t', 'R4,w,2024-06-01 08:00,b\u0000,s,t'].join('\n')),
    );
    expect(parsed.malformed.map(({ reason: _reason, ...m }) => m)).toEqual([
      { line: 2, code: 'ride_id_too_long', field: 'rideId', lengthMax: LIMITS.busRideIdLengthMax },
      { line: 3, code: 'empty_field', field: 'rideId' },
      { line: 4, code: 'empty_field', field: 'usedAt' },
      { line: 5, code: 'nul_character' },
    ]);
  });
});

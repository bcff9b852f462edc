import { parse } from 'csv-parse';
import type { BusCheckedField, BusFileRefusalReason, BusMalformedLineCode } from '../../../common/bus-import-codes';
import { DomainError } from '../../../common/errors';
import { LIMITS } from '../../../common/limits';
import { JST_OFFSET_MS } from '../../../common/time';
import { decodeBusFile, UNANSWERED_STOP, type BusFileEncoding, type Pause } from './bus-file-decode';

export { UNANSWERED_STOP, type BusFileEncoding, type Pause };

/**
 * R24: the bus system's export file (「クマポ用ファイル」) read into rides, pure: bytes in,
 * rows and malformed lines out, no store and no clock. The format decisions (docs/points.md,
 * "Bus-ride import (R24)"):
 * - encoding: bus-file-decode.ts (UTF-8 with or without BOM, else Shift_JIS).
 * - header: the six names, trimmed, in any letter case and any order; other columns are
 *   ignored; a missing or repeated one refuses the file.
 * - a line is the file's physical line (the header is line 1); a quoted field may span lines,
 *   and its row is named by the line it starts on. Blank lines (or only commas) are skipped.
 * - `customerId` is the KumaPAY wallet id of the rider's app wallet; empty is malformed, any
 *   other value the ledger does not know is an unknown customer (decided where the store is).
 * - `usedAt` is JST local time as the bus system writes it, `YYYY-MM-DD HH:MM[:SS]` (also with
 *   `/` and one-digit month, day or hour, as Excel re-saves it), or an ISO 8601 instant with
 *   its offset.
 * - an alighting stop that is empty or 【未選択】 (after trimming, full-width spaces included)
 *   is unanswered and earns nothing.
 * - a rideId repeated word for word is the same ride (a duplicate, counted once); repeated
 *   with other contents it is malformed, since which one is true cannot be told.
 */

export const BUS_RIDE_COLUMNS = ['rideId', 'customerId', 'usedAt', 'bus', 'boardingStop', 'alightingStop'] as const;
type Column = (typeof BUS_RIDE_COLUMNS)[number];

export interface BusRide {
  line: number;
  rideId: string;
  customerId: string;
  usedAtMs: number;
  bus: string;
  boardingStop: string;
  alightingStop: string;
  /** R24: the alighting stop was answered, so the ride earns points. */
  answered: boolean;
}

/**
 * A malformed row: `code` says why, for clients to word (common/bus-import-codes.ts); `reason`
 * says it in English for logs and the CLI; the optional facts are what the wording needs.
 */
export interface MalformedLine {
  line: number;
  code: BusMalformedLineCode;
  reason: string;
  field?: BusCheckedField;
  value?: string;
  fieldCount?: number;
  headerFieldCount?: number;
  lengthMax?: number;
  firstLine?: number;
}
type Problem = Omit<MalformedLine, 'line'>;

export interface ParsedBusRides {
  encoding: BusFileEncoding;
  /** Rows that are well formed, in file order, each ride once. */
  rides: BusRide[];
  /** Every malformed row, in file order (the answer lists the first few). */
  malformed: MalformedLine[];
  /** Rows repeating an earlier ride word for word. */
  duplicates: number;
  /** Data rows in the file (blank lines aside): rides + malformed + duplicates. */
  rows: number;
}

const SHOWN_VALUE_CHARS_MAX = 40;
/** The CSV reader's own words about a broken row, cut: it quotes the field, which may be long. */
const REASON_CHARS_MAX = 200;

/** The whole file refused, `reason` the stable code clients word it from. */
const refuse = (reason: BusFileRefusalReason, message: string, details: Record<string, unknown> = {}) => new DomainError('invalid_request', message, { reason, ...details });

const cut = (value: string) => (value.length > SHOWN_VALUE_CHARS_MAX ? `${value.slice(0, SHOWN_VALUE_CHARS_MAX)}…` : value);
const shown = (value: string) => JSON.stringify(cut(value));

const USED_AT_LOCAL = /^(\d{4})([-/])(\d{1,2})\2(\d{1,2})[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** `usedAt` as an instant: JST local time unless it names its own offset (see the file comment). */
export function parseUsedAt(text: string): number | null {
  const m = USED_AT_LOCAL.exec(text);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = [m[1], m[3], m[4], m[5], m[6], m[7] ?? '0'].map(Number) as [number, number, number, number, number, number];
  const millis = m[8] ? Number(m[8].padEnd(3, '0')) : 0;
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return null;
  if (day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return null;
  const zone = m[9];
  let offsetMs = JST_OFFSET_MS;
  if (zone === 'Z') offsetMs = 0;
  else if (zone) {
    const digits = zone.replace(':', '');
    const hours = Number(digits.slice(1, 3));
    const minutes = Number(digits.slice(3, 5));
    if (hours > 23 || minutes > 59) return null;
    offsetMs = (zone.startsWith('-') ? -1 : 1) * (hours * 60 + minutes) * 60_000;
  }
  return Date.UTC(year, month - 1, day, hour, minute, second, millis) - offsetMs;
}

/** R24: empty or 【未選択】 earns nothing. */
export function alightingAnswered(stop: string): boolean {
  return stop !== '' && stop !== UNANSWERED_STOP;
}

function columnIndexes(header: readonly string[]): Record<Column, number> {
  const names = header.map((h) => h.trim().toLowerCase());
  const missing: string[] = [];
  const repeated: string[] = [];
  const at = {} as Record<Column, number>;
  for (const column of BUS_RIDE_COLUMNS) {
    const wanted = column.toLowerCase();
    const first = names.indexOf(wanted);
    if (first === -1) missing.push(column);
    else if (names.indexOf(wanted, first + 1) !== -1) repeated.push(column);
    at[column] = first;
  }
  if (missing.length > 0) throw refuse('missing_columns', `the header row lacks ${missing.join(', ')} (it needs ${BUS_RIDE_COLUMNS.join(', ')})`, { line: 1, missingColumns: missing });
  if (repeated.length > 0) throw refuse('repeated_columns', `the header row names ${repeated.join(', ')} more than once`, { line: 1, repeatedColumns: repeated });
  return at;
}

type RowOutcome = { ride: BusRide } | { problem: Problem };

const emptyField = (field: BusCheckedField): RowOutcome => ({ problem: { code: 'empty_field', field, reason: `${field} is empty` } });

function readRow(line: number, fields: readonly string[], width: number, at: Record<Column, number>): RowOutcome {
  if (fields.length !== width) {
    return { problem: { code: 'wrong_field_count', fieldCount: fields.length, headerFieldCount: width, reason: `${fields.length} fields where the header has ${width}` } };
  }
  const value = (c: Column) => fields[at[c]]!.trim();
  const rideId = value('rideId');
  const customerId = value('customerId');
  const usedAt = value('usedAt');
  if (fields.some((f) => f.includes('\u0000'))) return { problem: { code: 'nul_character', reason: 'a field holds a NUL character' } };
  if (rideId === '') return emptyField('rideId');
  if (rideId.length > LIMITS.busRideIdLengthMax) {
    return { problem: { code: 'ride_id_too_long', field: 'rideId', lengthMax: LIMITS.busRideIdLengthMax, reason: `rideId is longer than ${LIMITS.busRideIdLengthMax} characters` } };
  }
  if (customerId === '') return emptyField('customerId');
  if (usedAt === '') return emptyField('usedAt');
  const usedAtMs = parseUsedAt(usedAt);
  if (usedAtMs === null) {
    return {
      problem: { code: 'bad_used_at', field: 'usedAt', value: cut(usedAt), reason: `usedAt ${shown(usedAt)} is not a date and time (YYYY-MM-DD HH:MM[:SS] in JST, or ISO 8601 with its offset)` },
    };
  }
  const alightingStop = value('alightingStop');
  return { ride: { line, rideId, customerId, usedAtMs, bus: value('bus'), boardingStop: value('boardingStop'), alightingStop, answered: alightingAnswered(alightingStop) } };
}

const sameRide = (a: BusRide, b: BusRide) =>
  a.customerId === b.customerId && a.usedAtMs === b.usedAtMs && a.bus === b.bus && a.boardingStop === b.boardingStop && a.alightingStop === b.alightingStop;

/**
 * Lines a record took: `physical` as an editor shows them (one, plus the line breaks inside its
 * quoted fields, CRLF being one), and `reader` as csv-parse counts them (every CR and every LF
 * inside a quoted field), which is the count its errors name lines by.
 */
function linesOf(record: readonly string[]): { physical: number; reader: number } {
  let physical = 1;
  let reader = 1;
  for (const field of record) {
    if (field.indexOf('\n') === -1 && field.indexOf('\r') === -1) continue;
    for (let i = 0; i < field.length; i++) {
      const c = field.charCodeAt(i);
      if (c === 0x0a || c === 0x0d) reader += 1;
      if (c === 0x0a || (c === 0x0d && field.charCodeAt(i + 1) !== 0x0a)) physical += 1;
    }
  }
  return { physical, reader };
}

/**
 * Rows as the CSV reader hands them over, one at a time, into rides and malformed lines. It
 * never throws mid-file (its caller is an event handler); a refusal of the whole file is kept
 * and thrown by `finish`.
 */
class BusRidesReader {
  private at: Record<Column, number> | null = null;
  private width = 0;
  private refusal: DomainError | null = null;
  private readonly rides: BusRide[] = [];
  private readonly malformed: MalformedLine[] = [];
  private readonly byRideId = new Map<string, BusRide>();
  private readonly skips: { after: number; endLine: number; reason: string }[] = [];
  private skipsTaken = 0;
  private records = 0;
  private duplicates = 0;
  private rows = 0;
  /** Where the next record starts: the physical line, and the line as csv-parse counts it. */
  private nextLine = 1;
  private nextReaderLine = 1;

  /**
   * A record the CSV reader gave up on (a broken quote). `after` counts the records it read
   * before (the header included); `endLine` is where it stopped (csv-parse's count), so the
   * next record starts on the line after.
   */
  skipped(after: number, endLine: number, reason: string): void {
    this.skips.push({ after, endLine, reason });
  }

  record(fields: string[]): void {
    this.takeSkipsBefore(this.records);
    const index = this.records++;
    const line = this.nextLine;
    const took = linesOf(fields);
    this.nextLine += took.physical;
    this.nextReaderLine += took.reader;
    if (this.refusal) return;
    if (index === 0) {
      this.header(fields);
      return;
    }
    if (fields.every((f) => f.trim() === '')) return;
    this.rows += 1;
    if (this.rows > LIMITS.busImportRowsMax) {
      this.refusal = refuse('too_many_rows', `the file holds more than ${LIMITS.busImportRowsMax} rows; split it`, { rowsMax: LIMITS.busImportRowsMax });
      return;
    }
    this.row(line, fields);
  }

  finish(encoding: BusFileEncoding): ParsedBusRides {
    this.takeSkipsBefore(Number.POSITIVE_INFINITY);
    if (!this.refusal && !this.at) this.refusal = refuse('empty', 'the file is empty: it must start with the header row', { line: 1 });
    if (this.refusal) throw this.refusal;
    return { encoding, rides: this.rides, malformed: this.malformed, duplicates: this.duplicates, rows: this.rows };
  }

  private header(fields: string[]): void {
    if (fields.every((f) => f.trim() === '')) {
      this.refusal = refuse('blank_first_line', 'the first line is blank: the file must start with the header row', { line: 1 });
      return;
    }
    try {
      this.at = columnIndexes(fields);
      this.width = fields.length;
    } catch (error) {
      this.refusal = error instanceof DomainError ? error : refuse('header_unreadable', 'the header row cannot be read', { line: 1 });
    }
  }

  private takeSkipsBefore(recordIndex: number): void {
    for (; this.skipsTaken < this.skips.length && this.skips[this.skipsTaken]!.after <= recordIndex; this.skipsTaken++) {
      const s = this.skips[this.skipsTaken]!;
      if (s.after === 0) this.refusal ??= refuse('header_unreadable', 'the header row cannot be read as CSV', { line: 1 });
      this.malformed.push({ line: this.nextLine, code: 'broken_quote', reason: `the CSV quoting is broken: ${s.reason}` });
      this.rows += 1;
      // The skipped record's own line breaks are known only as csv-parse counted them.
      this.nextLine += Math.max(1, s.endLine - this.nextReaderLine + 1);
      this.nextReaderLine = s.endLine + 1;
    }
  }

  private row(line: number, fields: string[]): void {
    const outcome = readRow(line, fields, this.width, this.at!);
    if ('problem' in outcome) {
      this.malformed.push({ line, ...outcome.problem });
      return;
    }
    const earlier = this.byRideId.get(outcome.ride.rideId);
    if (!earlier) {
      this.byRideId.set(outcome.ride.rideId, outcome.ride);
      this.rides.push(outcome.ride);
    } else if (sameRide(earlier, outcome.ride)) {
      this.duplicates += 1;
    } else {
      const { rideId } = outcome.ride;
      this.malformed.push({ line, code: 'repeated_ride_different', value: cut(rideId), firstLine: earlier.line, reason: `rideId ${shown(rideId)} is on line ${earlier.line} too, with other contents` });
    }
  }
}

const noPause: Pause = () => Promise.resolve();

/**
 * The whole file, or a refusal of the whole file (`invalid_request`: not decodable, no header,
 * a column missing, more rows than LIMITS.busImportRowsMax). A bad row never refuses the file
 * here; it is listed, and the caller applies nothing (R24: never half-applied). `pause` runs
 * between slices of the file (the caller yields to its event loop there); `sliceBytes` is for
 * tests that cut a small file into many slices.
 */
export async function readBusRidesCsv(bytes: Uint8Array, pause: Pause = noPause, sliceBytes?: number): Promise<ParsedBusRides> {
  const { pieces, encoding } = await decodeBusFile(bytes, pause, sliceBytes);
  const reader = new BusRidesReader();
  let failure: unknown = null;
  const parser = parse({
    bom: true,
    record_delimiter: ['\r\n', '\n', '\r'],
    relax_column_count: true,
    skip_empty_lines: false,
    skip_records_with_error: true,
    // A broken quote or stray quote character: that row is malformed, the rest is read on.
    on_skip: (error) => {
      reader.skipped(
        typeof error?.records === 'number' ? error.records : 0,
        typeof error?.lines === 'number' ? error.lines : 0,
        error ? error.message.replace(/^[A-Za-z ]+: /, '').slice(0, REASON_CHARS_MAX) : 'unreadable CSV',
      );
      return undefined;
    },
  });
  parser.on('error', (error) => {
    failure ??= error;
  });
  // The parser works as it is written to; its records wait in its buffer until read here.
  const drain = () => {
    for (let r: unknown = parser.read(); r !== null; r = parser.read()) reader.record(r as string[]);
  };
  for (const piece of pieces) {
    parser.write(piece);
    drain();
    if (failure) break;
    await pause();
  }
  if (!failure) {
    await new Promise<void>((resolve) => {
      parser.on('readable', drain);
      parser.once('end', resolve);
      parser.once('error', () => resolve());
      parser.end();
    });
  }
  if (failure) throw refuse('not_csv', `the file cannot be read as CSV: ${failure instanceof Error ? failure.message.slice(0, REASON_CHARS_MAX) : String(failure)}`);
  return reader.finish(encoding);
}

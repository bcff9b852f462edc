/**
 * R24: why a bus-ride file, or one of its lines, was not taken, as stable codes. The English
 * sentence beside each code is for people reading logs or the CLI's JSON and may be reworded;
 * the operator page and any other client word the refusal from the code (docs/points.md).
 */

/** Why one line of the file is malformed (`malformedLines[].code`). */
export const BUS_MALFORMED_LINE_CODES = [
  /** Not as many fields as the header has (`fieldCount`, `headerFieldCount`). */
  'wrong_field_count',
  /** A field holds a NUL character. */
  'nul_character',
  /** rideId, customerId or usedAt is empty (`field`). */
  'empty_field',
  /** rideId is longer than LIMITS.busRideIdLengthMax (`field`, `lengthMax`). */
  'ride_id_too_long',
  /** usedAt is not a date and time that exists (`field`, `value`). */
  'bad_used_at',
  /** The CSV quoting is broken (a quote left open, or a stray quote inside a field). */
  'broken_quote',
  /** The rideId was on an earlier line with other contents (`value` the rideId, `firstLine`). */
  'repeated_ride_different',
] as const;
export type BusMalformedLineCode = (typeof BUS_MALFORMED_LINE_CODES)[number];

/** The fields a line can be malformed by on its own (`malformedLines[].field`). */
export const BUS_CHECKED_FIELDS = ['rideId', 'customerId', 'usedAt'] as const;
export type BusCheckedField = (typeof BUS_CHECKED_FIELDS)[number];

/**
 * Why the whole file was refused: the `reason` detail of its `400 invalid_request` (a body over
 * LIMITS.busImportBytesMax is refused before it is read, with `bytesMax` and no reason).
 */
export const BUS_FILE_REFUSAL_REASONS = [
  /** UTF-16 (Excel's "Unicode text"). */
  'utf16',
  /** Starts with a UTF-8 byte-order mark but holds bytes that are not UTF-8. */
  'broken_utf8_bom',
  /** Holds 【未選択】 in UTF-8 but is not valid UTF-8 (read as Shift_JIS it would be misread). */
  'broken_utf8',
  /** Neither UTF-8 nor Shift_JIS (`line`: the first line that is neither). */
  'unknown_encoding',
  /** Nothing in it (no bytes, or only a byte-order mark). */
  'empty',
  /** The first line is blank, so there is no header. */
  'blank_first_line',
  /** The header row cannot be read as CSV (a broken quote in it). */
  'header_unreadable',
  /** The header lacks one of the six columns (`missingColumns`). */
  'missing_columns',
  /** The header names a column more than once (`repeatedColumns`). */
  'repeated_columns',
  /** More rows than LIMITS.busImportRowsMax (`rowsMax`). */
  'too_many_rows',
  /** The CSV reader gave up on the file as a whole. */
  'not_csv',
] as const;
export type BusFileRefusalReason = (typeof BUS_FILE_REFUSAL_REASONS)[number];

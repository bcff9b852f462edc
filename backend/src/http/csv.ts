import { stringify } from 'csv-stringify/sync';
import type { CsvDocument } from './route';

/**
 * R27: CSV that Excel in Japan opens correctly: UTF-8 with a byte-order mark (without it Excel
 * reads Shift_JIS and garbles the Japanese headers), CRLF line ends, every field quoted only
 * when it must be. Yen stay plain integers so Excel sums them.
 */
export function excelCsv(doc: Pick<CsvDocument, 'header' | 'rows'>): string {
  return `\uFEFF${stringify([doc.header, ...doc.rows], { record_delimiter: 'windows', cast: { number: (n) => String(n) } })}`;
}

/** `Accept: text/csv` preferred over JSON (Express's negotiation, so q-values count). */
export function wantsCsv(accepts: (types: string[]) => string | false): boolean {
  return accepts(['application/json', 'text/csv']) === 'text/csv';
}

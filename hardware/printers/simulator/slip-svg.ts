/**
 * A printed slip drawn from the text the printer decoded: monospace lines on white paper,
 * as wide as the longest line. It shows what reached the printer, independently of
 * receiptline's preview of the markup.
 */
const COLUMN_PX = 12;
const LINE_PX = 24;
const MARGIN_PX = 12;
const COLUMNS_MIN = 32;

/** Half-width columns a character takes on a Japanese printer: kanji and kana take two. */
export function displayColumns(text: string): number {
  let columns = 0;
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    const narrow = code < 0x1100 || (code >= 0xff61 && code <= 0xff9f) || code === 0x203e;
    columns += narrow ? 1 : 2;
  }
  return columns;
}

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ?? c);
}

export function slipSvg(lines: readonly string[]): string {
  const columns = Math.max(COLUMNS_MIN, ...lines.map(displayColumns));
  const width = columns * COLUMN_PX + 2 * MARGIN_PX;
  const height = lines.length * LINE_PX + 2 * MARGIN_PX;
  const rows = lines
    .map((line, i) => (line.length === 0 ? '' : `<text x="${MARGIN_PX}" y="${MARGIN_PX + (i + 1) * LINE_PX - 5}" xml:space="preserve">${escapeXml(line)}</text>`))
    .join('');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">` +
    `<rect width="100%" height="100%" fill="#fff"/>` +
    `<g font-family="'BIZ UDGothic', 'MS Gothic', 'Osaka-Mono', monospace" font-size="${LINE_PX - 4}" fill="#000">${rows}</g>` +
    `</svg>`
  );
}

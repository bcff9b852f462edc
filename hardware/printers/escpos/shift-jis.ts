/** Shift_JIS byte classes (JIS X 0208 double-byte characters; 0xA1–0xDF are half-width kana). */
export function isShiftJisLead(byte: number): boolean {
  return (byte >= 0x81 && byte <= 0x9f) || (byte >= 0xe0 && byte <= 0xfc);
}

export function isShiftJisTrail(byte: number): boolean {
  return byte >= 0x40 && byte <= 0xfc && byte !== 0x7f;
}

/** FS C n: n 1 or 49 selects Shift_JIS, 0 or 48 JIS (Epson TM Japanese models). */
export function selectsShiftJis(n: number): boolean | null {
  if (n === 1 || n === 0x31) return true;
  if (n === 0 || n === 0x30) return false;
  return null;
}

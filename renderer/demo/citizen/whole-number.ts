/**
 * A whole number a person typed (yen, points): digits, with thousands commas allowed, and
 * full-width digits from a Japanese IME read as digits. Anything else, or more than 9 digits,
 * is null (the caller says what it wants).
 */
export function parseWholeNumber(text: string): number | null {
  const ascii = text
    .trim()
    .replace(/[０-９]/g, (digit) => String.fromCharCode(digit.charCodeAt(0) - 0xfee0))
    .replace(/[,，]/g, '');
  if (!/^\d{1,9}$/.test(ascii)) return null;
  return Number(ascii);
}

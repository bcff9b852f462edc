/**
 * Text for receiptline markup. Everything a shop or a configuration can type (shop name, staff
 * name, header/footer lines, balance labels) goes through `escapeText`, so a `|` cannot add a
 * column, a leading `-`/`=` cannot become a rule or a paper cut, and `^`/`_`/`"`/`` ` `` cannot
 * change the print.
 */

/** receiptline's special characters in text (README "Special characters in text"). */
const SPECIAL = /[\\|{}\-=~_"`^]/g;
/**
 * A line break would start a new markup line (a new row, or a cut); other control characters
 * are dropped by receiptline anyway. Either becomes a space so neighbouring words stay apart.
 */
const CONTROL = /[\p{Cc}\u2028\u2029]/gu;
/** Ends are trimmed: receiptline reads spaces next to a `|` as alignment. */
export function escapeText(text: string): string {
  return text.replace(CONTROL, ' ').trim().replace(SPECIAL, (c) => `\\${c}`);
}

/** Special characters in a property value (README "Special characters in property values"). */
const PROPERTY_SPECIAL = /[\\|{};]/g;

/**
 * A property's value (a QR code's data): its own escapes, since `{`, `}`, `|` or `;` would end
 * the property or the column and `\n` would break the line. Control characters are dropped.
 */
export function escapePropertyValue(value: string): string {
  return value.replace(CONTROL, '').replace(PROPERTY_SPECIAL, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/**
 * Maps characters a Japanese input setup produces back to the ASCII a scanner sent, where the
 * mapping is certain: full-width ASCII (全角英数, U+FF01–U+FF5E), the ideographic space, and the
 * punctuation the IME substitutes for `-`, `.`, `,` and `\`. Kana from romaji input (`a` → `あ`,
 * `ka` → `か`) cannot be mapped back character by character; the burst detector uses the key
 * position (`code`) for those instead.
 */
const FULL_WIDTH_FIRST = 0xff01;
const FULL_WIDTH_LAST = 0xff5e;
const FULL_TO_ASCII_OFFSET = 0xfee0;

const SUBSTITUTES: Readonly<Record<string, string>> = {
  '\u3000': ' ', // ideographic space
  'ー': '-', // IME long-vowel mark typed from the minus key
  '－': '-',
  '。': '.',
  '、': ',',
  '¥': '\\', // JIS keyboards print the backslash key as yen
  '￥': '\\',
};

export function toAsciiChar(char: string): string {
  const substitute = SUBSTITUTES[char];
  if (substitute !== undefined) return substitute;
  const codePoint = char.codePointAt(0) ?? 0;
  if (char.length === 1 && codePoint >= FULL_WIDTH_FIRST && codePoint <= FULL_WIDTH_LAST) {
    return String.fromCodePoint(codePoint - FULL_TO_ASCII_OFFSET);
  }
  return char;
}

export function toAsciiText(text: string): string {
  return Array.from(text, toAsciiChar).join('');
}

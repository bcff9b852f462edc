/** R29: the simulator's picture of a printed slip is well-formed SVG whatever the slip says. */
import { describe, expect, it } from 'vitest';
import { displayColumns, slipSvg } from './slip-svg';

describe('R29: the printed-slip SVG', () => {
  it('When a line holds XML characters, then they are escaped', () => {
    const svg = slipSvg(['<script>"a" & \'b\'</script>']);
    expect(svg).toContain('&lt;script&gt;&quot;a&quot; &amp; &apos;b&apos;&lt;/script&gt;');
    expect(svg).not.toContain('<script>');
  });

  it('When lines are longer, then the image is wider: kanji count two columns, half-width kana one', () => {
    expect(displayColumns('熊谷 ¥1,200 ﾃｽﾄ')).toBe(4 + 1 + 6 + 1 + 3);
    const narrow = /width="(\d+)"/.exec(slipSvg(['A']))?.[1];
    const wide = /width="(\d+)"/.exec(slipSvg(['熊'.repeat(40)]))?.[1];
    expect(Number(wide)).toBeGreaterThan(Number(narrow));
    expect(Number(wide)).toBe(80 * 12 + 24);
  });
});

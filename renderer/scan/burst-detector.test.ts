import { describe, expect, it } from 'vitest';
import { createBurstDetector, DEFAULT_BURST_OPTIONS, type BurstResult, type KeyStroke } from './burst-detector';
import { usLayoutChar } from './us-keymap';

/** Physical key position of an ASCII character on a US keyboard, as a scanner sends it. */
function usStroke(char: string, atMs: number): KeyStroke {
  if (/^[a-z]$/.test(char)) return { key: char, code: `Key${char.toUpperCase()}`, shiftKey: false, atMs };
  if (/^[A-Z]$/.test(char)) return { key: char, code: `Key${char}`, shiftKey: true, atMs };
  if (/^[0-9]$/.test(char)) return { key: char, code: `Digit${char}`, shiftKey: false, atMs };
  const symbols: Record<string, [string, boolean]> = { '.': ['Period', false], '-': ['Minus', false], _: ['Minus', true], '+': ['Equal', true], '=': ['Equal', false] };
  const symbol = symbols[char];
  if (!symbol) throw new Error(`no US key for ${char}`);
  return { key: char, code: symbol[0], shiftKey: symbol[1], atMs };
}

function feed(strokes: readonly KeyStroke[]): BurstResult[] {
  const detector = createBurstDetector();
  return strokes.map((stroke) => detector.push(stroke));
}

function typed(text: string, gapMs: number, startMs = 1_000): KeyStroke[] {
  const strokes = Array.from(text, (char, index) => usStroke(char, startMs + index * gapMs));
  strokes.push({ key: 'Enter', code: 'Enter', shiftKey: false, atMs: startMs + text.length * gapMs });
  return strokes;
}

const lastOf = (results: BurstResult[]) => results[results.length - 1];

describe('keyboard-wedge burst detector', () => {
  it('When a scanner types a code in a burst ending with Enter, then the code comes out once, at the Enter', () => {
    const results = feed(typed('1234567890', 8));
    expect(results.slice(0, -1).every((r) => r.kind === 'none')).toBe(true);
    expect(lastOf(results)).toEqual({ kind: 'scan', typedText: '1234567890', usLayoutText: '1234567890', imeSuspected: false });
  });

  it('When a person types digits at human speed and presses Enter, then nothing is taken as a scan', () => {
    const results = feed(typed('1234567890', 120));
    expect(results.every((r) => r.kind === 'none')).toBe(true);
  });

  it('When a burst is shorter than the minimum length, then it is fast fingers, not a scan', () => {
    const short = 'x'.repeat(DEFAULT_BURST_OPTIONS.lengthMin - 1);
    expect(lastOf(feed(typed(short, 5)))?.kind).toBe('none');
  });

  it('When slow typing is followed by a fast burst, then only the burst is the scan', () => {
    const person = typed('99', 200, 0).slice(0, -1);
    const scanner = typed('CARD-0001', 6, 2_000);
    expect(lastOf(feed([...person, ...scanner]))).toMatchObject({ kind: 'scan', typedText: 'CARD-0001' });
  });

  it('When the Enter comes long after a fast burst, then it is a person pressing Enter, not the scanner', () => {
    const strokes = typed('12345678', 5);
    const enter = strokes.pop();
    if (!enter) throw new Error('fixture');
    expect(lastOf(feed([...strokes, { ...enter, atMs: enter.atMs + 500 }]))?.kind).toBe('none');
  });

  it('When Shift keydowns sit between characters, then they neither break the burst nor add characters', () => {
    const strokes: KeyStroke[] = [];
    let atMs = 0;
    for (const char of 'AbCd') {
      if (char === char.toUpperCase()) strokes.push({ key: 'Shift', code: 'ShiftLeft', shiftKey: true, atMs: (atMs += 3) });
      strokes.push(usStroke(char, (atMs += 3)));
    }
    strokes.push({ key: 'Enter', code: 'Enter', shiftKey: false, atMs: atMs + 3 });
    expect(lastOf(feed(strokes))).toMatchObject({ kind: 'scan', typedText: 'AbCd' });
  });

  it('When a US-layout scanner types on a JIS-layout PC, then the US reading recovers "_" and "+" that arrived as "=" and "~"', () => {
    // JIS reads Shift+Minus as "=" and Shift+Equal (US "+") as "~" (docs/device-facts.md).
    const strokes = typed('ab_c+d', 5).map((s) => (s.key === '_' ? { ...s, key: '=' } : s.key === '+' ? { ...s, key: '~' } : s));
    expect(lastOf(feed(strokes))).toEqual({ kind: 'scan', typedText: 'ab=c~d', usLayoutText: 'ab_c+d', imeSuspected: false });
  });

  it('When the IME is on and keys arrive as "Process", then the characters are rebuilt from key positions and the IME is flagged', () => {
    const strokes = typed('KP1.abc', 5).map((s) => (s.key === 'Enter' ? s : { ...s, key: 'Process' }));
    expect(lastOf(feed(strokes))).toEqual({ kind: 'scan', typedText: 'KP1.abc', usLayoutText: 'KP1.abc', imeSuspected: true });
  });

  it('When full-width characters arrive (全角英数), then they are mapped back to ASCII', () => {
    const strokes = typed('1234AB', 5).map((s) => (s.key.length === 1 ? { ...s, key: String.fromCodePoint((s.key.codePointAt(0) ?? 0) + 0xfee0) } : s));
    expect(lastOf(feed(strokes))).toMatchObject({ kind: 'scan', typedText: '1234AB' });
  });

  it('When a burst runs past the maximum length, then it is dropped as a runaway device', () => {
    const detector = createBurstDetector({ ...DEFAULT_BURST_OPTIONS, lengthMax: 10 });
    const results = typed('x'.repeat(11), 2).map((s) => detector.push(s));
    expect(lastOf(results)?.kind).toBe('none');
  });

  it('When an arrow key interrupts, then the burst so far is discarded', () => {
    const strokes = typed('12345678', 5);
    strokes.splice(4, 0, { key: 'ArrowLeft', code: 'ArrowLeft', shiftKey: false, atMs: 1_017 });
    expect(lastOf(feed(strokes))).toMatchObject({ kind: 'scan', typedText: '5678' });
  });
});

describe('US key positions', () => {
  it('When a key has no US meaning (JIS-only ¥ key), then there is no US reading', () => {
    expect(usLayoutChar('IntlYen', false)).toBeNull();
    expect(usLayoutChar('Digit2', true)).toBe('@');
    expect(usLayoutChar('Numpad7', false)).toBe('7');
  });
});

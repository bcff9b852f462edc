import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import type { ScanTextEncoding } from '../../common/scan-encoding';
import { createBurstDetector, DEFAULT_BURST_OPTIONS, type BurstResult, type KeyStroke } from './burst-detector';
import { usLayoutChar } from './us-keymap';

/** Physical key position of an ASCII character on a US keyboard, as a scanner sends it. */
function usStroke(char: string, atMs: number): KeyStroke {
  if (/^[a-z]$/.test(char)) return { key: char, code: `Key${char.toUpperCase()}`, shiftKey: false, atMs };
  if (/^[A-Z]$/.test(char)) return { key: char, code: `Key${char}`, shiftKey: true, atMs };
  if (/^[0-9]$/.test(char)) return { key: char, code: `Digit${char}`, shiftKey: false, atMs };
  const symbols: Record<string, [string, boolean]> = { '.': ['Period', false], '-': ['Minus', false], _: ['Minus', true], '+': ['Equal', true], '=': ['Equal', false], ' ': ['Space', false] };
  const symbol = symbols[char];
  if (!symbol) throw new Error(`no US key for ${char}`);
  return { key: char, code: symbol[0], shiftKey: symbol[1], atMs };
}

function feed(strokes: readonly KeyStroke[], encoding: ScanTextEncoding = 'auto'): BurstResult[] {
  const detector = createBurstDetector({ ...DEFAULT_BURST_OPTIONS, encoding });
  return strokes.map((stroke) => detector.push(stroke));
}

/**
 * What Chromium on Windows hands the page when a keyboard-mode scanner in Alt mode types a
 * character: Alt down, then the keypad digits of its code-page value, each with altKey set.
 */
function altModeStrokes(value: number, atMs: number): KeyStroke[] {
  const strokes: KeyStroke[] = [{ key: 'Alt', code: 'AltLeft', shiftKey: false, altKey: true, atMs }];
  for (const digit of String(value)) strokes.push({ key: digit, code: `Numpad${digit}`, shiftKey: false, altKey: true, atMs: (atMs += 2) });
  return strokes;
}

/** A scanner typing `text`: keys where US keys exist, Alt mode in `encoding` for the rest, then Enter. */
function typedWithAltMode(text: string, encoding: 'shift_jis' | 'utf8', startMs = 1_000): KeyStroke[] {
  const strokes: KeyStroke[] = [];
  let atMs = startMs;
  for (const char of text) {
    if (/^[ -~]$/.test(char)) {
      strokes.push(usStroke(char, (atMs += 3)));
      continue;
    }
    const bytes = encoding === 'utf8' ? [...new TextEncoder().encode(char)] : [...iconv.encode(char, 'shift_jis')];
    const values = encoding === 'utf8' ? bytes : [bytes.length === 2 ? (bytes[0]! << 8) | bytes[1]! : bytes[0]!];
    for (const value of values) {
      strokes.push(...altModeStrokes(value, (atMs += 3)));
      atMs += 12;
    }
  }
  strokes.push({ key: 'Enter', code: 'Enter', shiftKey: false, atMs: atMs + 3 });
  return strokes;
}

/** Ctrl+Shift+J as some scanners send it after Enter: the modifiers' own keydowns, then J. */
function ctrlShiftJ(atMs: number): KeyStroke[] {
  return [
    { key: 'Control', code: 'ControlLeft', shiftKey: false, ctrlKey: true, atMs },
    { key: 'Shift', code: 'ShiftLeft', shiftKey: true, ctrlKey: true, atMs: atMs + 1 },
    { key: 'J', code: 'KeyJ', shiftKey: true, ctrlKey: true, atMs: atMs + 2 },
  ];
}

const JAPANESE = '熊谷市 クマPAY';
const scans = (results: BurstResult[]) => results.flatMap((r) => (r.kind === 'scan' ? [r.typedText] : []));

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

describe('keyboard-wedge chords and Alt mode', () => {
  it('When a scanner sends Ctrl+Shift+J after Enter and the next code follows at once, then the next scan arrives whole', () => {
    const first = typed('KP1.first', 4, 1_000);
    const chord = ctrlShiftJ(first[first.length - 1]!.atMs + 2);
    const second = typed('KP1.second', 4, chord[chord.length - 1]!.atMs + 5);
    expect(scans(feed([...first, ...chord, ...second, ...ctrlShiftJ(2_000)]))).toEqual(['KP1.first', 'KP1.second']);
  });

  it('When a Ctrl chord comes in the middle of a code, then that code is refused, not emitted in part', () => {
    const strokes = typed('KP1.abcdef', 4);
    strokes.splice(5, 0, ...ctrlShiftJ(strokes[4]!.atMs + 1));
    expect(scans(feed(strokes))).toEqual([]);
  });

  it('When a Japanese scanner types 熊谷市 クマPAY in Alt mode (Shift_JIS), then shift_jis and auto read it exactly', () => {
    const strokes = typedWithAltMode(JAPANESE, 'shift_jis');
    expect(lastOf(feed(strokes, 'shift_jis'))).toEqual({ kind: 'scan', typedText: JAPANESE, usLayoutText: JAPANESE, imeSuspected: false });
    expect(scans(feed(strokes, 'auto'))).toEqual([JAPANESE]);
  });

  it('When the same Shift_JIS Alt-mode scan is read as utf8, then it is refused as garbled', () => {
    expect(feed(typedWithAltMode(JAPANESE, 'shift_jis'), 'utf8').every((r) => r.kind === 'none')).toBe(true);
  });

  it('When a scanner types UTF-8 bytes in Alt mode, then auto reads them as UTF-8', () => {
    expect(scans(feed(typedWithAltMode(JAPANESE, 'utf8'), 'auto'))).toEqual([JAPANESE]);
  });

  it('When NumLock is off, then Alt-mode digits are still read by key position', () => {
    // NumLock off: the keypad's keys are named for their navigation meaning.
    const navigation = ['Insert', 'End', 'ArrowDown', 'PageDown', 'ArrowLeft', 'Clear', 'ArrowRight', 'Home', 'ArrowUp', 'PageUp'];
    const strokes = typedWithAltMode('KP1あいう', 'shift_jis').map((s) => {
      const digit = /^Numpad([0-9])$/.exec(s.code)?.[1];
      return digit === undefined ? s : { ...s, key: navigation[Number(digit)]! };
    });
    expect(scans(feed(strokes, 'shift_jis'))).toEqual(['KP1あいう']);
  });
});

describe('US key positions', () => {
  it('When a key has no US meaning (JIS-only ¥ key), then there is no US reading', () => {
    expect(usLayoutChar('IntlYen', false)).toBeNull();
    expect(usLayoutChar('Digit2', true)).toBe('@');
    expect(usLayoutChar('Numpad7', false)).toBe('7');
  });
});

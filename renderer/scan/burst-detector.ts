/**
 * Tells a keyboard-mode scanner from a person typing, by timing: a scanner "types" a whole code
 * in a burst (a few ms between keys) and ends it with Enter; people leave 80 ms or more between
 * keys. Pure: the caller feeds key strokes with their event time and gets back finished scans.
 *
 * JIS/IME traps (docs/renderer.md, docs/device-facts.md): every stroke keeps its physical key
 * position (`code`) next to the character the OS produced (`key`), so the scan is offered both
 * as typed and as a US-layout scanner meant it; the credential reader picks the one that parses.
 */
import { usLayoutChar } from './us-keymap';
import { toAsciiChar } from './wide-chars';
import { RENDERER_LIMITS } from '../limits';

export interface KeyStroke {
  /** `KeyboardEvent.key`: the character after layout and IME, or a name like `Enter`. */
  key: string;
  /** `KeyboardEvent.code`: the physical key position. */
  code: string;
  shiftKey: boolean;
  /** `KeyboardEvent.timeStamp`: when the key was pressed, not when we got to it. */
  atMs: number;
}

export interface BurstOptions {
  /** Longest gap between two keys of one scan. Scanners: 1–20 ms; people: ≥ 80 ms. */
  interKeyMsMax: number;
  /** Shorter bursts are fast fingers, not a code (card numbers have ≥ 4 characters). */
  lengthMin: number;
  /** A longer burst is a stuck key or a runaway device, never a credential. */
  lengthMax: number;
}

export const DEFAULT_BURST_OPTIONS: BurstOptions = {
  interKeyMsMax: RENDERER_LIMITS.wedgeKeyGapMsMax,
  lengthMin: RENDERER_LIMITS.wedgeBurstLengthMin,
  lengthMax: RENDERER_LIMITS.wedgeBurstLengthMax,
};

export type BurstResult =
  | { kind: 'none' }
  | {
      kind: 'scan';
      /** What the OS produced, full-width characters mapped back to ASCII. */
      typedText: string;
      /** What a US-layout scanner meant, from key positions; null if a key has no US meaning. */
      usLayoutText: string | null;
      /** Keys arrived as `Process`: the IME was on. */
      imeSuspected: boolean;
    };

const NONE: BurstResult = { kind: 'none' };
const MODIFIERS = new Set(['Shift', 'Control', 'Alt', 'Meta', 'CapsLock', 'AltGraph', 'KanaMode', 'Hiragana', 'Katakana']);
const IME_KEYS = new Set(['Process', 'Unidentified']);

function isEnter(stroke: KeyStroke): boolean {
  return stroke.key === 'Enter' || stroke.code === 'Enter' || stroke.code === 'NumpadEnter';
}

function isCharacter(stroke: KeyStroke): boolean {
  return Array.from(stroke.key).length === 1 || IME_KEYS.has(stroke.key);
}

function typedChar(stroke: KeyStroke): string {
  if (IME_KEYS.has(stroke.key)) return usLayoutChar(stroke.code, stroke.shiftKey) ?? '';
  return toAsciiChar(stroke.key);
}

function toResult(strokes: readonly KeyStroke[]): BurstResult {
  const usChars = strokes.map((s) => usLayoutChar(s.code, s.shiftKey));
  return {
    kind: 'scan',
    typedText: strokes.map(typedChar).join(''),
    usLayoutText: usChars.every((c): c is string => c !== null) ? usChars.join('') : null,
    imeSuspected: strokes.some((s) => IME_KEYS.has(s.key)),
  };
}

export interface BurstDetector {
  /** Feed every keydown; returns a scan when this stroke was the Enter that ended one. */
  push(stroke: KeyStroke): BurstResult;
  /** True while the strokes so far could still become a scan (the caller may hold them back). */
  inBurst(): boolean;
  reset(): void;
}

export function createBurstDetector(options: BurstOptions = DEFAULT_BURST_OPTIONS): BurstDetector {
  let strokes: KeyStroke[] = [];

  return {
    push(stroke) {
      if (MODIFIERS.has(stroke.key)) return NONE;
      const last = strokes[strokes.length - 1];
      if (last && stroke.atMs - last.atMs > options.interKeyMsMax) strokes = [];
      if (isEnter(stroke)) {
        const finished = strokes;
        strokes = [];
        return finished.length >= options.lengthMin ? toResult(finished) : NONE;
      }
      if (!isCharacter(stroke)) {
        strokes = [];
        return NONE;
      }
      strokes.push(stroke);
      if (strokes.length > options.lengthMax) strokes = [];
      return NONE;
    },
    inBurst: () => strokes.length >= 2,
    reset() {
      strokes = [];
    },
  };
}

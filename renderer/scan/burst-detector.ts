/**
 * Tells a keyboard-mode scanner from a person typing, by timing: a scanner "types" a whole code
 * in a burst (a few ms between keys) and ends it with Enter; people leave 80 ms or more between
 * keys. Pure: the caller feeds key strokes with their event time and gets back finished scans.
 *
 * Chords: a Ctrl/Alt/Meta chord between scans (some scanners add Ctrl+Shift+J after Enter) is
 * ignored; inside a code it makes that code refused, never emitted without the chord's key.
 * Alt held over keypad digits is not a chord but Windows "Alt mode" (ALT+numpad), how a
 * keyboard-mode Japanese scanner types 漢字: the digits are the character's code-page value,
 * decoded with the scanner's encoding setting (common/alt-numpad.ts).
 *
 * JIS/IME traps (docs/renderer.md, docs/device-facts.md): every stroke keeps its physical key
 * position (`code`) next to the character the OS produced (`key`), so the scan is offered both
 * as typed and as a US-layout scanner meant it; the credential reader picks the one that parses.
 */
import { altCodeBytes } from '../../common/alt-numpad';
import { decodeScanBytes, DEFAULT_SCAN_TEXT_ENCODING, type ScanTextEncoding } from '../../common/scan-encoding';
import { usLayoutChar } from './us-keymap';
import { toAsciiChar } from './wide-chars';
import { RENDERER_LIMITS } from '../limits';

export interface KeyStroke {
  /** `KeyboardEvent.key`: the character after layout and IME, or a name like `Enter`. */
  key: string;
  /** `KeyboardEvent.code`: the physical key position. */
  code: string;
  shiftKey: boolean;
  /** Held modifiers other than Shift; absent means not held. */
  ctrlKey?: boolean;
  altKey?: boolean;
  metaKey?: boolean;
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
  /** Of characters typed in Alt mode (the scanner's setting, 設定 → 機器). */
  encoding: ScanTextEncoding;
}

export const DEFAULT_BURST_OPTIONS: BurstOptions = {
  interKeyMsMax: RENDERER_LIMITS.wedgeKeyGapMsMax,
  lengthMin: RENDERER_LIMITS.wedgeBurstLengthMin,
  lengthMax: RENDERER_LIMITS.wedgeBurstLengthMax,
  encoding: DEFAULT_SCAN_TEXT_ENCODING,
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
const NUMPAD_DIGIT = /^Numpad([0-9])$/;

/** One key of a burst, or one Alt-mode character (the keypad digits typed under one Alt press). */
type Item = { kind: 'key'; stroke: KeyStroke } | { kind: 'alt'; digits: string; atMs: number };

function isEnter(stroke: KeyStroke): boolean {
  return stroke.key === 'Enter' || stroke.code === 'Enter' || stroke.code === 'NumpadEnter';
}

function isCharacter(stroke: KeyStroke): boolean {
  return Array.from(stroke.key).length === 1 || IME_KEYS.has(stroke.key);
}

function isChord(stroke: KeyStroke): boolean {
  return stroke.ctrlKey === true || stroke.altKey === true || stroke.metaKey === true;
}

/** The keypad digit of an Alt-mode stroke (by position: NumLock off turns `key` into `End`…). */
function altDigit(stroke: KeyStroke): string | null {
  if (stroke.altKey !== true || stroke.ctrlKey === true || stroke.metaKey === true) return null;
  return NUMPAD_DIGIT.exec(stroke.code)?.[1] ?? null;
}

/** A control character typed in Alt mode (Alt+13, Alt+27…) is no part of a printed code. */
function isControl(char: string): boolean {
  const codePoint = char.codePointAt(0) ?? 0;
  return codePoint < 0x20 || codePoint === 0x7f;
}

function typedChar(stroke: KeyStroke): string {
  if (IME_KEYS.has(stroke.key)) return usLayoutChar(stroke.code, stroke.shiftKey) ?? '';
  return toAsciiChar(stroke.key);
}

function atMsOf(item: Item): number {
  return item.kind === 'key' ? item.stroke.atMs : item.atMs;
}

/**
 * The burst in pieces: runs of Alt-mode characters decoded together (a UTF-8 character takes
 * one Alt code per byte), keys as themselves. Null when an Alt-mode run is not text.
 */
function readItems(items: readonly Item[], encoding: ScanTextEncoding, keyText: (stroke: KeyStroke) => string | null): string | null {
  let text = '';
  let altBytes: number[] = [];
  const flushAlt = (): boolean => {
    if (altBytes.length === 0) return true;
    const decoded = decodeScanBytes(Uint8Array.from(altBytes), encoding);
    altBytes = [];
    if (decoded === null || Array.from(decoded).some(isControl)) return false;
    text += decoded;
    return true;
  };
  for (const item of items) {
    if (item.kind === 'alt') {
      const bytes = altCodeBytes(item.digits);
      if (bytes === null) return null;
      altBytes.push(...bytes);
      continue;
    }
    if (!flushAlt()) return null;
    const char = keyText(item.stroke);
    if (char === null) return null;
    text += char;
  }
  return flushAlt() ? text : null;
}

function toResult(items: readonly Item[], encoding: ScanTextEncoding): BurstResult {
  const typedText = readItems(items, encoding, typedChar);
  // Alt-mode characters that are not text in the scanner's encoding: the code is garbled.
  if (typedText === null) return NONE;
  return {
    kind: 'scan',
    typedText,
    usLayoutText: readItems(items, encoding, (s) => usLayoutChar(s.code, s.shiftKey)),
    imeSuspected: items.some((item) => item.kind === 'key' && IME_KEYS.has(item.stroke.key)),
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
  let items: Item[] = [];
  // A chord inside the burst: the code it is part of is refused at its Enter.
  let refused = false;
  // Alt went down: the next keypad digit starts a new Alt-mode character.
  let altPressed = false;

  function clear(): void {
    items = [];
    refused = false;
  }

  return {
    push(stroke) {
      if (stroke.key === 'Alt') altPressed = true;
      if (MODIFIERS.has(stroke.key)) return NONE;
      const last = items[items.length - 1];
      if (last && stroke.atMs - atMsOf(last) > options.interKeyMsMax) clear();
      if (isEnter(stroke)) {
        const finished = items;
        const wasRefused = refused;
        clear();
        return finished.length >= options.lengthMin && !wasRefused ? toResult(finished, options.encoding) : NONE;
      }
      const digit = altDigit(stroke);
      if (digit !== null) {
        const current = items[items.length - 1];
        if (current?.kind === 'alt' && !altPressed) items[items.length - 1] = { kind: 'alt', digits: current.digits + digit, atMs: stroke.atMs };
        else items.push({ kind: 'alt', digits: digit, atMs: stroke.atMs });
        altPressed = false;
      } else if (isChord(stroke)) {
        // Between scans a chord is a scanner's suffix or a person's shortcut: no part of a code.
        if (items.length > 0) refused = true;
        return NONE;
      } else if (!isCharacter(stroke)) {
        clear();
        return NONE;
      } else {
        items.push({ kind: 'key', stroke });
      }
      if (items.length > options.lengthMax) clear();
      return NONE;
    },
    inBurst: () => items.length >= 2,
    reset() {
      clear();
      altPressed = false;
    },
  };
}

/**
 * What the hardware layer tells its host. Scan and card events are exactly the terminal
 * core's event shapes (common/terminal-api), so the core forwards them unchanged.
 */
import type { DeviceClass, DeviceView, TerminalEvent } from '../common/terminal-api';
import type { HardwareErrorCode } from './errors';

export type ScanEvent = Extract<TerminalEvent, { type: 'scan' }>;
export type CardEvent = Extract<TerminalEvent, { type: 'card' }>;
export type InputEvent = ScanEvent | CardEvent;
export type CardTechnology = CardEvent['technology'];

/** A parser's result before the device manager stamps source and time on it. */
export type ParsedInput = { type: 'scan'; text: string } | { type: 'card'; uid: string; technology: CardTechnology };

/** DeviceView plus the machine-readable reason code and a fix a person can follow. */
export interface DeviceStatus extends DeviceView {
  /** Always known here (the driver); optional only on DeviceView, which other sources fill too. */
  deviceClass: DeviceClass;
  reasonCode: HardwareErrorCode | null;
  fix: string | null;
}

export const DROP_REASONS = [
  // Bytes between frames that belong to no frame.
  'noise',
  // A frame whose text is not clean printable text (control characters, invalid UTF-8).
  'garbled_text',
  // A frame longer than its bound.
  'frame_too_long',
  // A frame started, then the device went quiet past the gap bound.
  'stale_partial',
  // A HID report with another report id (status, vendor reports).
  'foreign_report',
  // A HID report of the wrong size or with an impossible length byte.
  'malformed_report',
  // A HID POS report that does not fit its layout (no AIM id where the layout has one), or a
  // scan whose layout auto-detection could not tell: refused rather than emitted shifted.
  'layout_mismatch',
  // Keyboard reports: a key the layout cannot type, a Ctrl/Alt chord, a rollover error.
  'unmapped_key',
  // A UID typed by a keyboard reader that is not a UID.
  'bad_uid',
  // PN532 frame checksums.
  'checksum',
  // A well-formed PN532 frame nobody was waiting for.
  'unexpected_frame',
  // A bounded queue was full.
  'queue_full',
  // A PC/SC card that gave no UID: an error status word, a reply too slow, or lifted mid-read.
  'card_refused',
] as const;

export type DropReason = (typeof DROP_REASONS)[number];

export interface FrameDrop {
  source: string;
  reason: DropReason;
  byteCount: number;
  at: string;
}

/** Where a parser sends what it finds. Called synchronously from feed(). */
export interface ParserSink<T> {
  frame(value: T): void;
  drop(reason: DropReason, byteCount: number): void;
}

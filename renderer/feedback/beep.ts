/**
 * Success and failure tones through WebAudio: a cashier looking at the customer, not the
 * screen, still hears the outcome. Synthesised, so there are no audio files to ship or allow.
 */
import { drop } from '../format/drop';

export type Tone = 'success' | 'failure' | 'notice';

interface Note {
  frequencyHz: number;
  durationMs: number;
}

const TONES: Record<Tone, readonly Note[]> = {
  // Two rising short notes: the familiar "pi-pi" of an accepted card.
  success: [
    { frequencyHz: 1_760, durationMs: 90 },
    { frequencyHz: 2_093, durationMs: 140 },
  ],
  // One low, longer buzz: distinct from success even in a noisy shop.
  failure: [{ frequencyHz: 330, durationMs: 420 }],
  // R28 入金通知: a falling "ding-dong", unlike the rising success pair, so a store-QR payment
  // heard across the shop is not mistaken for the sale at the counter.
  notice: [
    { frequencyHz: 1_318, durationMs: 180 },
    { frequencyHz: 988, durationMs: 260 },
  ],
};

const VOLUME = 0.2;
const GAP_MS = 40;

type AudioContextConstructor = new () => AudioContext;

let context: AudioContext | null = null;

function audioContext(): AudioContext | null {
  if (context) return context;
  const Constructor = (globalThis as { AudioContext?: AudioContextConstructor }).AudioContext;
  // No WebAudio (tests, some kiosks): the screen still shows the outcome, so silence is fine.
  if (!Constructor) return null;
  context = new Constructor();
  return context;
}

export function beep(tone: Tone): void {
  const ctx = audioContext();
  if (!ctx) return;
  // Browsers start audio suspended until a user gesture; a key press or tap has happened by now.
  if (ctx.state === 'suspended') drop(ctx.resume(), 'audio resume');
  let startS = ctx.currentTime;
  for (const note of TONES[tone]) {
    const oscillator = ctx.createOscillator();
    const gain = ctx.createGain();
    oscillator.type = tone === 'failure' ? 'square' : 'sine';
    oscillator.frequency.value = note.frequencyHz;
    gain.gain.setValueAtTime(VOLUME, startS);
    gain.gain.exponentialRampToValueAtTime(0.001, startS + note.durationMs / 1000);
    oscillator.connect(gain).connect(ctx.destination);
    oscillator.start(startS);
    oscillator.stop(startS + note.durationMs / 1000);
    startS += (note.durationMs + GAP_MS) / 1000;
  }
}

/**
 * From driver callbacks to listeners: a driver's input or drop is stamped and queued inside
 * the device callback, and delivered later (debounced, logged) when the queue drains.
 */
import type { Clock } from '../../common/time';
import { toIso } from '../../common/time';
import type { DropReason, FrameDrop, InputEvent, ParsedInput } from '../events';
import { HARDWARE_LIMITS } from '../limits';
import type { HardwareLogger } from '../logger';
import { createDebouncer } from './debouncer';
import { createDrainingQueue } from './event-queue';
import type { Notify } from './listeners';

export interface EventDelivery {
  input(source: string, parsed: ParsedInput): void;
  drop(source: string, reason: DropReason, byteCount: number): void;
  setDebounceMs(windowMs: number): void;
}

type Work =
  | { kind: 'input'; source: string; parsed: ParsedInput; atMs: number }
  | { kind: 'drop'; source: string; reason: DropReason; byteCount: number; atMs: number };

export function createEventDelivery(deps: { clock: Clock; logger: HardwareLogger; notify: Notify; debounceMs: number }): EventDelivery {
  const { clock, logger, notify } = deps;
  const debouncer = createDebouncer(deps.debounceMs);
  let refusedWhileFull = 0;

  function deliver(work: Work): void {
    if (refusedWhileFull > 0) {
      notify('drop', { source: 'device-manager', reason: 'queue_full', byteCount: refusedWhileFull, at: toIso(clock.nowMs()) });
      refusedWhileFull = 0;
    }
    if (work.kind === 'drop') {
      const drop: FrameDrop = { source: work.source, reason: work.reason, byteCount: work.byteCount, at: toIso(work.atMs) };
      // Noise is routine (power-on garbage); anything else means a code was lost.
      if (work.reason === 'noise') logger.debug({ ...drop }, 'frame dropped');
      else logger.warn({ ...drop }, 'frame dropped');
      notify('drop', drop);
      return;
    }
    const { parsed, source } = work;
    if (!debouncer.admit(parsed.type === 'scan' ? `scan:${parsed.text}` : `card:${parsed.uid}`, work.atMs)) return;
    const at = toIso(work.atMs);
    const event: InputEvent = parsed.type === 'scan' ? { type: 'scan', text: parsed.text, source, at } : { type: 'card', uid: parsed.uid, technology: parsed.technology, source, at };
    notify('event', event);
  }

  const queue = createDrainingQueue<Work>(HARDWARE_LIMITS.eventQueueLengthMax, deliver);

  function enqueue(work: Work): void {
    if (queue.offer(work)) return;
    refusedWhileFull++;
    logger.warn({ source: work.source, kind: work.kind }, 'hardware event queue full: dropped');
  }

  return {
    input: (source, parsed) => enqueue({ kind: 'input', source, parsed, atMs: clock.nowMs() }),
    drop: (source, reason, byteCount) => enqueue({ kind: 'drop', source, reason, byteCount, atMs: clock.nowMs() }),
    setDebounceMs: (windowMs) => debouncer.setWindowMs(windowMs),
  };
}

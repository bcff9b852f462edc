/**
 * Money commands run one at a time (one counter, one cashier): a payment's limit check and its
 * journal write are never interleaved with another's network wait. At most `commandQueueMax`
 * may wait; beyond that the caller hears `overloaded` at once rather than queueing forever.
 */
import type { Failure } from '../../common/terminal-api';
import { failure } from './failure';
import { CORE_LIMITS } from './limits';

export class CommandQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private waiting = 0;

  async run<T>(task: () => Promise<T>): Promise<T | Failure> {
    if (this.waiting >= CORE_LIMITS.commandQueueMax) {
      return failure('overloaded', 'The terminal is still busy with earlier steps. Wait for them to finish.', {
        waiting: this.waiting,
      });
    }
    this.waiting += 1;
    const previous = this.tail;
    let release: () => void = () => undefined;
    this.tail = new Promise<void>((resolve) => {
      release = resolve;
    });
    try {
      // The previous task's own failure is its caller's to handle; here it only means "done".
      await previous.then(
        () => undefined,
        () => undefined,
      );
      this.waiting -= 1;
      return await task();
    } finally {
      release();
    }
  }
}

import { describe, expect, it } from 'vitest';
import { Outbox } from './outbox';

/** A scheduler the test runs by hand: what the worker's nextTick or the HTTP thread's setImmediate would do later. */
function manualSchedule() {
  const due: (() => void)[] = [];
  return {
    schedule: (flush: () => void) => void due.push(flush),
    runDue: () => due.splice(0).forEach((flush) => flush()),
    pending: () => due.length,
  };
}

describe('the outbox between the HTTP thread and the ledger worker (issue 16)', () => {
  it('When several messages are pushed before the scheduled flush, then they leave as one post, in order, and nothing leaves before it', () => {
    const posts: string[][] = [];
    const clock = manualSchedule();
    const outbox = new Outbox<string>((m) => posts.push(m), clock.schedule, 256);
    outbox.push('evict');
    outbox.push('answer 1');
    outbox.push('answer 2');
    expect(posts).toEqual([]);
    expect(clock.pending()).toBe(1);
    clock.runDue();
    expect(posts).toEqual([['evict', 'answer 1', 'answer 2']]);
  });

  it('When a message is pushed after a flush, then it schedules a post of its own and is not lost', () => {
    const posts: string[][] = [];
    const clock = manualSchedule();
    const outbox = new Outbox<string>((m) => posts.push(m), clock.schedule, 256);
    outbox.push('a');
    clock.runDue();
    outbox.push('b');
    expect(clock.pending()).toBe(1);
    clock.runDue();
    clock.runDue();
    expect(posts).toEqual([['a'], ['b']]);
  });

  it('When a burst reaches the bound, then that many leave at once and the rest at the scheduled flush, every message once and in order', () => {
    const posts: number[][] = [];
    const clock = manualSchedule();
    const outbox = new Outbox<number>((m) => posts.push(m), clock.schedule, 4);
    for (let i = 0; i < 10; i++) outbox.push(i);
    expect(posts).toEqual([
      [0, 1, 2, 3],
      [4, 5, 6, 7],
    ]);
    clock.runDue();
    expect(posts.flat()).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(posts).toHaveLength(3);
  });

  it('When the bound is below one, then the outbox refuses to be made', () => {
    expect(() => new Outbox<number>(() => {}, () => {}, 0)).toThrow(RangeError);
  });
});

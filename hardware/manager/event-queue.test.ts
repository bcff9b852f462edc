import { describe, expect, it } from 'vitest';
import { createDrainingQueue } from './event-queue';

describe('draining queue', () => {
  it('When items are offered, then they are handled later, in order, outside the caller', async () => {
    const handled: number[] = [];
    const queue = createDrainingQueue<number>(4, (n) => handled.push(n));
    queue.offer(1);
    queue.offer(2);
    expect(handled).toEqual([]);
    await Promise.resolve();
    expect(handled).toEqual([1, 2]);
  });

  it('When the queue is full, then the newest item is refused and the caller is told', async () => {
    const handled: number[] = [];
    const queue = createDrainingQueue<number>(2, (n) => handled.push(n));
    expect([queue.offer(1), queue.offer(2), queue.offer(3)]).toEqual([true, true, false]);
    await Promise.resolve();
    expect(handled).toEqual([1, 2]);
    expect(queue.offer(4)).toBe(true);
  });
});

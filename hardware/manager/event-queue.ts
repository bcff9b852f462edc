/**
 * Device callbacks put work here and return; the queue drains in a later microtask, outside
 * the callback. The bound protects the host from a device in a loop: when it is full, the
 * newest item is refused and the caller reports the drop.
 */
export interface BoundedQueue<T> {
  /** False when the queue is full and the item was not taken. */
  offer(item: T): boolean;
  readonly length: number;
}

export function createDrainingQueue<T>(lengthMax: number, handle: (item: T) => void): BoundedQueue<T> {
  const items: T[] = [];
  let scheduled = false;

  function drain(): void {
    scheduled = false;
    // Items offered while draining wait for the next drain, so one drain is bounded too.
    for (const item of items.splice(0)) handle(item);
  }

  return {
    offer(item) {
      if (items.length >= lengthMax) return false;
      items.push(item);
      if (!scheduled) {
        scheduled = true;
        queueMicrotask(drain);
      }
      return true;
    },
    get length() {
      return items.length;
    },
  };
}

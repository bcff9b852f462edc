/**
 * Operations that give up when their session ends (a port closes, a cable is pulled) and then
 * fail with the session's error. It replaces Promise.race against one promise that stays pending
 * for the whole session. Each such race adds a reaction to that promise, and the reaction is freed
 * only when the promise settles. That cost ~340 B per PN532 write, ~180 MB over a 12-hour day
 * of 150 ms polls. Here an operation's rejecter is dropped as soon as the operation settles.
 */
export interface CloseRace<E extends Error> {
  /** Settles as `work` does, unless the session ends first: then rejects with its error. */
  race<T>(work: Promise<T>): Promise<T>;
  /** Ends the session: every raced operation still pending rejects with `error`. Later calls do nothing. */
  close(error: E): void;
  /** Raced operations not yet settled. Bounded by the operations in flight: one per port today. */
  readonly waiterCount: number;
}

export function createCloseRace<E extends Error>(): CloseRace<E> {
  const waiters = new Set<(error: E) => void>();
  let closedWith: E | null = null;
  return {
    race<T>(work: Promise<T>): Promise<T> {
      // Short-lived, so Promise.race is harmless here. It keeps the old order: a `work` that has
      // already settled still wins, and its later rejection is still handled.
      if (closedWith) return Promise.race([work, Promise.reject(closedWith)]);
      return new Promise<T>((resolve, reject) => {
        waiters.add(reject);
        work.then(
          (value) => {
            waiters.delete(reject);
            resolve(value);
          },
          (error: unknown) => {
            waiters.delete(reject);
            reject(error);
          },
        );
      });
    },
    close(error) {
      if (closedWith) return;
      closedWith = error;
      for (const reject of waiters) reject(error);
      waiters.clear();
    },
    get waiterCount() {
      return waiters.size;
    },
  };
}

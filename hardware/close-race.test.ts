import { describe, expect, it } from 'vitest';
import { createCloseRace } from './close-race';

const never = <T>(): Promise<T> => new Promise<T>(() => undefined);

describe('createCloseRace', () => {
  it('When operations settle, then they settle the same way and stop waiting for the close', async () => {
    const closing = createCloseRace<Error>();
    const failure = new Error('write failed');
    const done = closing.race(Promise.resolve(7));
    const failed = closing.race(Promise.reject(failure));
    expect(closing.waiterCount).toBe(2);
    await expect(done).resolves.toBe(7);
    await expect(failed).rejects.toBe(failure);
    expect(closing.waiterCount).toBe(0);
  });

  it('When the session closes, then every pending operation rejects with its error, once', async () => {
    const closing = createCloseRace<Error>();
    const pending = [closing.race(never()), closing.race(never())];
    const error = new Error('unplugged');
    closing.close(error);
    closing.close(new Error('closed again'));
    for (const operation of pending) await expect(operation).rejects.toBe(error);
    expect(closing.waiterCount).toBe(0);
  });

  it('When an operation starts after the close, then it rejects with the close error unless it had already settled', async () => {
    const closing = createCloseRace<Error>();
    const error = new Error('closed');
    closing.close(error);
    await expect(closing.race(never())).rejects.toBe(error);
    const settled = Promise.resolve('already');
    await settled;
    await expect(closing.race(settled)).resolves.toBe('already');
    expect(closing.waiterCount).toBe(0);
  });
});

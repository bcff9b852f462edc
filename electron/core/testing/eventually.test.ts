import { describe, expect, it } from 'vitest';
import { eventually, EventuallyError } from './eventually';

describe('eventually (bounded wait on a condition)', () => {
  it('When the condition comes true after a few probes, then the accepted value is returned', async () => {
    let probes = 0;
    const value = await eventually('the third probe', () => ++probes, (n) => n >= 3, 10_000);
    expect(value).toBe(3);
    expect(probes).toBe(3);
  });

  it('When the condition never comes true, then it fails with what it waited for and the last value seen', async () => {
    let probes = 0;
    const waited = eventually('the queue to drain', () => ({ pendingCount: ++probes }), () => false, 0);
    await expect(waited).rejects.toBeInstanceOf(EventuallyError);
    await expect(waited).rejects.toThrow('the queue to drain: not true within 0 ms (last seen: {"pendingCount":1})');
  });

  it('When the probe throws, then that counts as "not yet", and the last error is in the failure', async () => {
    let probes = 0;
    const value = await eventually(
      'a probe that fails once',
      () => {
        if (++probes === 1) throw new Error('not listening yet');
        return 'up';
      },
      (state) => state === 'up',
      10_000,
    );
    expect(value).toBe('up');
    await expect(
      eventually(
        'a probe that always fails',
        () => {
          throw new Error('connection refused');
        },
        () => true,
        0,
      ),
    ).rejects.toThrow('last seen: error: connection refused');
  });
});

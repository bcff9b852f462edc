import { describe, expect, it } from 'vitest';
import type { Clock } from '../../../common/time';
import { TtlCache } from './auth-cache';

const TTL_MS = 5_000;

function setUp() {
  let nowMs = 1_000_000;
  const clock: Clock = { nowMs: () => nowMs };
  const cache = new TtlCache<string>(clock, TTL_MS);
  const loads: { resolve: (v: string) => void; reject: (e: unknown) => void }[] = [];
  const load = () => new Promise<string>((resolve, reject) => loads.push({ resolve, reject }));
  return { cache, loads, load, advance: (ms: number) => (nowMs += ms) };
}

describe('TtlCache: one look-up per credential however many requests miss at once', () => {
  it('When 32 requests with one credential miss at once, then the store is read once and all are answered from it', async () => {
    const { cache, loads, load } = setUp();
    const answers = Array.from({ length: 32 }, () => cache.getOrLoad('token-hash', load));
    expect(loads).toHaveLength(1);
    loads[0]!.resolve('terminal-1');
    expect(await Promise.all(answers)).toEqual(Array(32).fill('terminal-1'));
    expect(await cache.getOrLoad('token-hash', load)).toBe('terminal-1');
    expect(loads).toHaveLength(1);
  });

  it('When the entry lapses while the tills keep paying, then the next wave reads the store once more', async () => {
    const { cache, loads, load, advance } = setUp();
    const first = cache.getOrLoad('k', load);
    loads[0]!.resolve('v1');
    await first;
    advance(TTL_MS + 1);
    const wave = Array.from({ length: 8 }, () => cache.getOrLoad('k', load));
    expect(loads).toHaveLength(2);
    loads[1]!.resolve('v2');
    expect(new Set(await Promise.all(wave))).toEqual(new Set(['v2']));
  });

  it('When the look-up fails (an unknown token), then every waiting request gets the refusal and nothing is remembered', async () => {
    const { cache, loads, load } = setUp();
    const answers = Array.from({ length: 5 }, () => cache.getOrLoad('bad', load));
    const refusal = new Error('this terminal token is not valid');
    loads[0]!.reject(refusal);
    for (const a of answers) await expect(a).rejects.toBe(refusal);
    void cache.getOrLoad('bad', load);
    expect(loads).toHaveLength(2);
  });

  it('When a credential is revoked while its look-up is in flight, then the old answer is not cached and later requests read the store again', async () => {
    const { cache, loads, load } = setUp();
    const before = cache.getOrLoad('k', load);
    cache.delete('k');
    const after = cache.getOrLoad('k', load);
    // A request after the revocation does not wait on the read that began before it.
    expect(loads).toHaveLength(2);
    loads[0]!.resolve('read before the revocation');
    loads[1]!.reject(new Error('revoked'));
    expect(await before).toBe('read before the revocation');
    await expect(after).rejects.toThrow('revoked');
    void cache.getOrLoad('k', load);
    expect(loads).toHaveLength(3);
  });

  it('When the other thread evicts (clear), then a look-up in flight is not cached either', async () => {
    const { cache, loads, load } = setUp();
    const inFlight = cache.getOrLoad('k', load);
    cache.clear();
    loads[0]!.resolve('stale');
    await inFlight;
    void cache.getOrLoad('k', load);
    expect(loads).toHaveLength(2);
  });
});

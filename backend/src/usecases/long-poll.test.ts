import { describe, expect, it } from 'vitest';
import { LongPollHub, WaiterBudget, longPoll } from './long-poll';

function hub(values: Map<string, string>, budget = new WaiterBudget(10)) {
  const errors: unknown[] = [];
  const h = new LongPollHub<string>({ read: async (keys) => new Map(keys.flatMap((k) => (values.has(k) ? [[k, values.get(k)!] as const] : []))), recheckMs: 5, budget, onError: (e) => errors.push(e) });
  return { h, budget, errors };
}

const LONG_MS = 60_000;

describe('R28 long-poll waiters', () => {
  it('R28: When this instance commits for a key, then only that key\'s waiters wake', async () => {
    const { h } = hub(new Map());
    const a = h.wait('a', LONG_MS, new AbortController().signal, () => false);
    const b = h.wait('b', 1, new AbortController().signal, () => false);
    h.notify('a');
    expect(await a).toBe('woken');
    expect(await b).toBe('timeout');
    expect(h.waiting).toBe(0);
  });

  it('R28: When another instance changes the stored value, then the re-read wakes the waiters that care and leaves the others', async () => {
    const values = new Map([['r1', 'pending'], ['r2', 'pending']]);
    const { h } = hub(values);
    const ready = (v: string | undefined) => v !== 'pending';
    const r1 = h.wait('r1', LONG_MS, new AbortController().signal, ready);
    const stays = new AbortController();
    const r2 = h.wait('r2', LONG_MS, stays.signal, ready);
    values.set('r1', 'paid');
    expect(await r1).toBe('woken');
    expect(h.waiting).toBe(1);
    stays.abort();
    expect(await r2).toBe('aborted');
    expect(h.waiting).toBe(0);
  });

  it('R28: When the instance holds as many waiters as its bound, then one more is answered at once; a waiter that leaves frees its place', async () => {
    const budget = new WaiterBudget(2);
    const { h } = hub(new Map(), budget);
    const other = new LongPollHub<string>({ read: async () => new Map(), recheckMs: 5, budget, onError: () => undefined });
    const gone = new AbortController();
    const first = h.wait('a', LONG_MS, gone.signal, () => false);
    const second = other.wait('b', LONG_MS, new AbortController().signal, () => false);
    // The bound is the instance's, over every hub.
    expect(await h.wait('c', LONG_MS, new AbortController().signal, () => false)).toBe('full');
    gone.abort();
    expect(await first).toBe('aborted');
    const third = h.wait('c', LONG_MS, new AbortController().signal, () => false);
    expect(budget.inUse).toBe(2);
    other.notify('b');
    h.notify('c');
    expect([await second, await third]).toEqual(['woken', 'woken']);
    expect(budget.inUse).toBe(0);
  });

  it('R28: When the client has already gone, then nothing waits', async () => {
    const { h } = hub(new Map());
    const gone = new AbortController();
    gone.abort();
    expect(await h.wait('a', LONG_MS, gone.signal, () => true)).toBe('aborted');
    expect(h.waiting).toBe(0);
  });

  it('R28: When the store cannot be re-read, then the waiters keep waiting and the failure is reported', async () => {
    const budget = new WaiterBudget(5);
    const errors: unknown[] = [];
    const h = new LongPollHub<string>({ read: async () => Promise.reject(new Error('store down')), recheckMs: 5, budget, onError: (e) => errors.push(e) });
    const waiting = h.wait('a', LONG_MS, new AbortController().signal, () => true);
    for (let i = 0; i < 2_000 && errors.length === 0; i++) await new Promise((r) => setTimeout(r, 5));
    expect(errors.length).toBeGreaterThan(0);
    expect(h.waiting).toBe(1);
    h.notify('a');
    expect(await waiting).toBe('woken');
  });

  it('R28: longPoll answers at once when the answer is final, when no wait is asked, or when the instance is full; else it answers again once woken', async () => {
    const { h, budget } = hub(new Map());
    const signal = new AbortController().signal;
    let state = 'pending';
    const answer = async () => ({ final: state !== 'pending', body: state });
    expect(await longPoll(h, 'k', { waitMs: 0, signal }, () => false, answer)).toBe('pending');
    const full = new LongPollHub<string>({ read: async () => new Map(), recheckMs: 5, budget: new WaiterBudget(0), onError: () => undefined });
    expect(await longPoll(full, 'k', { waitMs: LONG_MS, signal }, () => false, answer)).toBe('pending');
    const waiting = longPoll(h, 'k', { waitMs: LONG_MS, signal }, () => false, answer);
    for (let i = 0; i < 2_000 && budget.inUse === 0; i++) await new Promise((r) => setTimeout(r, 1));
    state = 'paid';
    h.notify('k');
    expect(await waiting).toBe('paid');
    expect(await longPoll(h, 'k', { waitMs: LONG_MS, signal }, () => false, answer)).toBe('paid');
  });
});

/**
 * Issue 9.1: PIN lock-out under 1,000 simultaneous guesses, on each store, one instance and
 * two. Before the fix the failure count was read before the slow PIN check and written after
 * it, so every guess in flight saw "0 failures": 999 × 401, no lock.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { randomUUID } from 'node:crypto';
import { Cluster, TOPOLOGIES, topologyName, type Topology, ATTACK_TEST_TIMEOUT_MS } from './lib/cluster';
import { TEST_PIN } from '../../backend/src/testing/harness';

vi.setConfig({ testTimeout: ATTACK_TEST_TIMEOUT_MS, hookTimeout: ATTACK_TEST_TIMEOUT_MS });

const GUESSES = 1_000;

/** Four-digit guesses, none of them the right PIN. */
function wrongPins(count: number): string[] {
  const pins: string[] = [];
  for (let n = 0; pins.length < count; n++) {
    const pin = String(n % 10_000).padStart(4, '0');
    if (pin !== TEST_PIN) pins.push(pin);
  }
  return pins;
}

describe.each(TOPOLOGIES.map((t) => [topologyName(t), t] as [string, Topology]))('PIN lock-out on %s', (_name, topology) => {
  let c: Cluster;
  let merchantId: string;
  let terminalToken: string;
  let terminalId: string;
  beforeAll(async () => {
    c = await Cluster.start(topology);
    await c.setClock('2026-12-01T10:00:00+09:00');
    merchantId = await c.merchant('Attacked shop');
    const till = await c.terminal(merchantId);
    terminalToken = till.token;
    terminalId = till.terminalId;
  });
  afterAll(async () => {
    await c?.stop();
  });

  const login = (staffCode: string, pin: string) => c.call<{ error?: { code: string; retryAfterSeconds?: number } }>('POST', '/v1/staff/sessions', { token: terminalToken, body: { staffCode, pin } });

  it(`When ${GUESSES} wrong PINs for one manager arrive at once, then at most 4 are checked (401) and every other answer is 423 staff_locked with how long`, async () => {
    const manager = await c.staff(merchantId, 'manager');
    const answers = await Promise.all(wrongPins(GUESSES).map((pin) => login(manager.staffCode, pin)));
    const byStatus = new Map<number, number>();
    for (const a of answers) byStatus.set(a.status, (byStatus.get(a.status) ?? 0) + 1);
    expect(byStatus.get(201) ?? 0).toBe(0);
    expect(byStatus.get(401) ?? 0).toBeLessThanOrEqual(4);
    expect(byStatus.get(423) ?? 0).toBeGreaterThanOrEqual(GUESSES - 4);
    expect([...byStatus.keys()].sort()).toEqual([401, 423].filter((s) => byStatus.has(s)));
    const locked = answers.find((a) => a.status === 423)!;
    expect(locked.body.error?.retryAfterSeconds).toBeGreaterThan(0);
    expect(locked.body.error?.retryAfterSeconds).toBeLessThanOrEqual(15 * 60);

    // The right PIN is refused too while the lock lasts, and works once it has passed.
    const right = await login(manager.staffCode, TEST_PIN);
    expect(right.status).toBe(423);
    // The test clock runs on from the instant set, so the lock began a few real seconds after 10:00.
    await c.setClock('2026-12-01T10:16:00+09:00');
    expect((await login(manager.staffCode, TEST_PIN)).status).toBe(201);
    await c.setClock('2026-12-01T10:00:00+09:00');
  });

  it('When wrong PINs come one at a time, then the 5th locks (423 on that 5th answer) and the count restarts after a good login', async () => {
    const cashier = await c.staff(merchantId, 'cashier');
    for (let i = 0; i < 4; i++) expect((await login(cashier.staffCode, '0000')).status).toBe(401);
    expect((await login(cashier.staffCode, TEST_PIN)).status).toBe(201);
    for (let i = 0; i < 4; i++) expect((await login(cashier.staffCode, '0000')).status).toBe(401);
    const fifth = await login(cashier.staffCode, '0000');
    expect(fifth.status).toBe(423);
    expect(fifth.body.error?.code).toBe('staff_locked');
  });

  it('When a staff code does not exist, then the answer is the same 401 as a wrong PIN, and the failed login is logged with code and terminal, never the PIN', async () => {
    const unknownCode = `ghost-${randomUUID().slice(0, 6)}`;
    const r = await login(unknownCode, '97531');
    expect(r.status).toBe(401);
    const known = await c.staff(merchantId, 'charger');
    const k = await login(known.staffCode, '97531');
    expect(k.status).toBe(401);
    expect(k.body).toEqual(r.body);
    const output = await c.waitForOutput((out) => out.includes(unknownCode) && out.includes(known.staffCode));
    const lines = output.split('\n').filter((l) => l.includes('staff login failed'));
    const unknownLine = lines.find((l) => l.includes(unknownCode));
    expect(unknownLine, output.slice(-2000)).toBeDefined();
    expect(unknownLine).toContain(terminalId);
    expect(lines.find((l) => l.includes(known.staffCode))).toBeDefined();
    // The PIN as a value of its own: log timestamps (epoch ms) may hold the same five digits.
    expect(c.output()).not.toMatch(/(?<![0-9])97531(?![0-9])/);
  });
});

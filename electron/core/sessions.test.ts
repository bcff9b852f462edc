import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { goOffline, makeHarness, type Harness } from './testing/harness';

let h: Harness;
afterEach(async () => h?.cleanup());

const HOUR_MS = 60 * 60 * 1000;

describe('staff login', () => {
  it('When the backend is reachable, then login is online and the PIN is kept only as a slow hash', async () => {
    h = await makeHarness();
    expect(h.core.status().staff).toMatchObject({ staffCode: 'c1', role: 'cashier', offline: false });
    const cached = h.journal.staff.get('c1');
    expect(cached?.pinHashB64).toHaveLength(44); // 32 bytes of scrypt output
    expect(cached?.pinHashB64).not.toContain('1234');
    h.journal.close();
    expect(readFileSync(h.journalPath).includes(Buffer.from('1234'))).toBe(false);
    h.journal = (await import('./journal/journal')).Journal.open(h.journalPath);
  });

  it('When offline and the staff member logged in online within 12 hours, then the right PIN opens an offline session that ends with the window', async () => {
    h = await makeHarness();
    await h.core.call('logout', {});
    h.clock.advance(3 * HOUR_MS);
    await goOffline(h);
    const login = await h.core.call('login', { staffCode: 'c1', pin: '1234' });
    expect(login).toMatchObject({ ok: true, staff: { offline: true, role: 'cashier' } });
    if (!login.ok) return;
    expect(Date.parse(login.staff.expiresAt)).toBe(h.clock.nowMs() + 9 * HOUR_MS);
    h.clock.advance(9 * HOUR_MS);
    expect(h.core.status().staff).toBeNull();
  });

  it('When offline and the last online login is older than 12 hours, then offline login is refused', async () => {
    h = await makeHarness();
    h.clock.advance(12 * HOUR_MS);
    await goOffline(h);
    expect(await h.core.call('login', { staffCode: 'c1', pin: '1234' })).toMatchObject({ ok: false, code: 'offline_refused' });
  });

  it('When offline and the staff member never logged in online here, then offline login is refused', async () => {
    h = await makeHarness();
    await goOffline(h);
    expect(await h.core.call('login', { staffCode: 'nobody', pin: '1234' })).toMatchObject({ ok: false, code: 'offline_refused' });
  });

  it('When a wrong PIN is tried 5 times offline, then the 5th locks the staff member for 15 minutes (told how long), even with the right PIN', async () => {
    h = await makeHarness();
    await goOffline(h);
    for (let i = 0; i < 4; i++) {
      expect(await h.core.call('login', { staffCode: 'c1', pin: '9999' })).toMatchObject({ ok: false, code: 'unauthorized' });
    }
    const lockedUntil = new Date(h.clock.nowMs() + 15 * 60 * 1000).toISOString();
    expect(await h.core.call('login', { staffCode: 'c1', pin: '9999' })).toMatchObject({
      ok: false,
      code: 'staff_locked',
      details: { lockedUntil, retryAfterSeconds: 15 * 60 },
    });
    h.clock.advance(60 * 1000);
    expect(await h.core.call('login', { staffCode: 'c1', pin: '1234' })).toMatchObject({ ok: false, code: 'staff_locked', details: { lockedUntil, retryAfterSeconds: 14 * 60 } });
    await h.restart(); // the lock is on disk, a restart does not reset it
    expect(await h.core.call('login', { staffCode: 'c1', pin: '1234' })).toMatchObject({ ok: false, code: 'staff_locked' });
    h.clock.advance(14 * 60 * 1000);
    expect(await h.core.call('login', { staffCode: 'c1', pin: '1234' })).toMatchObject({ ok: true });
  });

  it('When 300 wrong PINs arrive at once offline, then at most 4 are checked as wrong, the rest are locked out, and the right PIN waits for the lock-out too', async () => {
    h = await makeHarness();
    await goOffline(h);
    const results = await Promise.all(Array.from({ length: 300 }, (_, i) => h.core.call('login', { staffCode: 'c1', pin: String(5000 + i) })));
    const codes = results.map((r) => (r.ok ? 'ok' : r.code));
    expect(codes.filter((c) => c === 'unauthorized').length).toBeLessThanOrEqual(4);
    expect(codes.filter((c) => c !== 'unauthorized' && c !== 'staff_locked')).toEqual([]);
    expect(await h.core.call('login', { staffCode: 'c1', pin: '1234' })).toMatchObject({ ok: false, code: 'staff_locked' });
    h.clock.advance(15 * 60 * 1000 - 1);
    expect(await h.core.call('login', { staffCode: 'c1', pin: '1234' })).toMatchObject({ ok: false, code: 'staff_locked' });
    h.clock.advance(1);
    expect(await h.core.call('login', { staffCode: 'c1', pin: '1234' })).toMatchObject({ ok: true, staff: { offline: true } });
  });

  it('When the right PIN comes after some wrong ones, then the count starts again', async () => {
    h = await makeHarness();
    await goOffline(h);
    for (let i = 0; i < 4; i++) await h.core.call('login', { staffCode: 'c1', pin: '9999' });
    expect(await h.core.call('login', { staffCode: 'c1', pin: '1234' })).toMatchObject({ ok: true });
    for (let i = 0; i < 4; i++) {
      expect(await h.core.call('login', { staffCode: 'c1', pin: '9999' })).toMatchObject({ ok: false, code: 'unauthorized' });
    }
  });

  it('When a login fails (offline or online), then the staff code, terminal and time are logged, never the PIN', async () => {
    h = await makeHarness();
    expect(await h.core.call('login', { staffCode: 'c1', pin: '8642' })).toMatchObject({ ok: false });
    await goOffline(h);
    expect(await h.core.call('login', { staffCode: 'c1', pin: '9753' })).toMatchObject({ ok: false });
    const failed = h.logs.filter((l) => l.message.includes('login failed'));
    expect(failed).toHaveLength(2);
    for (const line of failed) {
      expect(line.fields).toMatchObject({ staffCode: 'c1', terminalId: 'term-1', at: new Date(h.clock.nowMs()).toISOString() });
    }
    const everything = JSON.stringify(h.logs);
    expect(everything).not.toContain('8642');
    expect(everything).not.toContain('9753');
  });

  it('When the online backend refuses the PIN, then there is no fallback to the offline hash', async () => {
    h = await makeHarness();
    expect(await h.core.call('login', { staffCode: 'c1', pin: '0000' })).toMatchObject({ ok: false, code: 'unauthorized' });
  });

  it('When a staff member logged in offline and the backend is back, then online steps ask for a fresh login instead of acting without a session', async () => {
    h = await makeHarness();
    const walletId = h.backend.addWallet(10_000);
    await goOffline(h);
    await h.core.call('login', { staffCode: 'c1', pin: '1234' });
    h.backend.setDown(false);
    await h.core.connectivity.probeNow();
    const result = await h.core.call('pay', { amountYen: 100, credential: { type: 'cpm', token: await h.backend.token(walletId) } });
    expect(result).toMatchObject({ ok: false, code: 'unauthorized', details: { reason: 'offline_session' } });
    expect(h.backend.payments.size).toBe(0);
  });
});

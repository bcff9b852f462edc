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

  it('When a wrong PIN is tried 5 times offline, then the staff member is locked for 15 minutes, even with the right PIN', async () => {
    h = await makeHarness();
    await goOffline(h);
    for (let i = 0; i < 5; i++) {
      expect(await h.core.call('login', { staffCode: 'c1', pin: '9999' })).toMatchObject({ ok: false, code: 'unauthorized' });
    }
    expect(await h.core.call('login', { staffCode: 'c1', pin: '1234' })).toMatchObject({ ok: false, code: 'staff_locked' });
    await h.restart(); // the lock is on disk, a restart does not reset it
    expect(await h.core.call('login', { staffCode: 'c1', pin: '1234' })).toMatchObject({ ok: false, code: 'staff_locked' });
    h.clock.advance(15 * 60 * 1000);
    expect(await h.core.call('login', { staffCode: 'c1', pin: '1234' })).toMatchObject({ ok: true });
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

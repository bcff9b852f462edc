import { afterEach, describe, expect, it } from 'vitest';
import type { SecretStore } from './ports';
import { goOffline, goOnline, makeHarness, type Harness } from './testing/harness';

let h: Harness;
afterEach(async () => h?.cleanup());

/** A secret store whose saves fail while `failing` is set (a full disk, a locked keyring). */
function flakySecrets(control: { failing: boolean }) {
  return (inner: SecretStore): SecretStore => ({
    save: async (name, secret) => {
      if (control.failing) throw new Error('disk full');
      return inner.save(name, secret);
    },
    load: (name) => inner.load(name),
    remove: (name) => inner.remove(name),
  });
}

describe('terminal token rotation on online contact', () => {
  it('When the backend hands out a new token on contact, then it is saved first, used from then on, and survives a restart', async () => {
    h = await makeHarness();
    const first = h.backend.currentToken;
    h.backend.rotateTokenOnNextKeys = true;
    expect(await h.core.sync.contact()).toBe(true);
    const rotated = h.backend.currentToken;
    expect(rotated).not.toBe(first);
    await h.restart(); // journal and secret store reopened
    await h.core.call('logout', {});
    expect(await h.core.call('login', { staffCode: 'c1', pin: '1234' })).toMatchObject({
      ok: true,
    });
    expect(h.backend.tokensSeen.at(-1)).toBe(rotated);
    // Using the new token retired the old one on the backend: the terminal must not need it.
    expect(await h.core.sync.contact()).toBe(true);
    expect(h.backend.tokensSeen.at(-1)).toBe(rotated);
    expect(h.logs.some((l) => JSON.stringify(l).includes(rotated))).toBe(false);
  });

  it('When saving the new token fails, then the terminal keeps the old one (still valid on the backend) and says so in the log', async () => {
    const control = { failing: false };
    h = await makeHarness({ secrets: flakySecrets(control) });
    const first = h.backend.currentToken;
    control.failing = true;
    h.backend.rotateTokenOnNextKeys = true;
    await h.core.sync.contact();
    expect(h.backend.currentToken).not.toBe(first);
    await h.core.call('logout', {});
    expect(await h.core.call('login', { staffCode: 'c1', pin: '1234' })).toMatchObject({
      ok: true,
    });
    expect(h.backend.tokensSeen.at(-1)).toBe(first);
    expect(h.logs.some((l) => l.level === 'error' && /token/.test(l.message))).toBe(true);
    await h.restart();
    expect(h.core.status().enrolled).toBe(true);
    expect(await h.core.sync.contact()).toBe(true);
    expect(h.backend.tokensSeen.at(-1)).toBe(first);
  });
});

describe('a revoked or expired terminal', () => {
  it('When the backend answers 401 terminal_revoked, then the status says so (across a restart) and offline approval stops', async () => {
    h = await makeHarness();
    const walletId = h.backend.addWallet(10_000);
    h.backend.terminalRefusal = 'terminal_revoked';
    expect(await h.core.sync.contact()).toBe(false);
    expect(h.core.status().accessLost).toMatchObject({ reason: 'terminal_revoked' });
    await h.restart();
    expect(h.core.status().accessLost).toMatchObject({ reason: 'terminal_revoked' });
    await goOffline(h);
    await h.core.call('login', { staffCode: 'c1', pin: '1234' });
    const result = await h.core.call('pay', {
      amountYen: 100,
      credential: { type: 'cpm', token: await h.backend.token(walletId) },
    });
    expect(result).toMatchObject({
      ok: false,
      code: 'offline_refused',
      details: { reason: 'terminal_revoked' },
    });
    expect(h.journal.txns.stats().pendingCount).toBe(0);
  });

  it('When a sync batch is answered 401 terminal_token_expired, then the status says the terminal must be enrolled again', async () => {
    h = await makeHarness();
    const walletId = h.backend.addWallet(10_000);
    await goOffline(h);
    expect(
      (
        await h.core.call('pay', {
          amountYen: 100,
          credential: { type: 'cpm', token: await h.backend.token(walletId) },
        })
      ).ok,
    ).toBe(true);
    await goOnline(h);
    h.backend.terminalRefusal = 'terminal_token_expired';
    await h.core.sync.runOnce();
    expect(h.core.status().accessLost).toMatchObject({ reason: 'terminal_token_expired' });
  });

  it('When a 401 carries no such reason (a wrong PIN, a stale staff session), then the terminal stays usable', async () => {
    h = await makeHarness();
    expect(await h.core.call('login', { staffCode: 'c1', pin: '0000' })).toMatchObject({
      ok: false,
      code: 'unauthorized',
    });
    expect(h.core.status().accessLost ?? null).toBeNull();
  });

  it('When the backend accepts the token again (an operator undid a mistaken revocation), then the flag clears', async () => {
    h = await makeHarness();
    h.backend.terminalRefusal = 'terminal_revoked';
    await h.core.sync.contact();
    h.backend.terminalRefusal = null;
    expect(await h.core.sync.contact()).toBe(true);
    expect(h.core.status().accessLost ?? null).toBeNull();
  });
});

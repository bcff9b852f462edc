import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { makeHarness, type Harness } from '../core/testing/index';
import { dispatchCall } from './ipc-dispatch';
import { APP_ENTRY_URL } from './policy';
import { SafeStorageSecretStore, type SafeStorageLike } from './safe-storage-secret-store';

let h: Harness | null = null;
afterEach(async () => {
  await h?.cleanup();
  h = null;
});

const APP_SENDER = { frameUrl: `${APP_ENTRY_URL}#/pay`, isMainFrame: true, isAppWindow: true };

describe('IPC dispatch (Electron main)', () => {
  it('When the app window calls a command with valid input, then the core answers', async () => {
    h = await makeHarness();
    const walletId = h.backend.addWallet(1_000);
    const answer = await dispatchCall(h.core, APP_SENDER, 'pay', { amountYen: 300, credential: { type: 'cpm', token: await h.backend.token(walletId) } });
    expect(answer).toMatchObject({ ok: true, output: { ok: true, payment: { amountYen: 300 } } });
    expect(h.backend.wallets.get(walletId)?.balanceYen).toBe(700);
  });

  it('When a subframe, another window or another origin sends IPC, then it is refused before the core runs', async () => {
    h = await makeHarness();
    const walletId = h.backend.addWallet(1_000);
    const input = { amountYen: 300, credential: { type: 'cpm', token: await h.backend.token(walletId) } };
    for (const sender of [
      { ...APP_SENDER, isMainFrame: false },
      { ...APP_SENDER, isAppWindow: false },
      { ...APP_SENDER, frameUrl: 'https://evil.example/' },
      { ...APP_SENDER, frameUrl: 'file:///tmp/index.html' },
    ]) {
      expect(await dispatchCall(h.core, sender, 'pay', input)).toMatchObject({ ok: false, code: 'forbidden' });
    }
    expect(h.backend.wallets.get(walletId)?.balanceYen).toBe(1_000);
  });

  it('When the command is unknown or its input is malformed, then it is refused with not_found / invalid_request', async () => {
    h = await makeHarness();
    expect(await dispatchCall(h.core, APP_SENDER, 'constructor', {})).toMatchObject({ ok: false, code: 'not_found' });
    expect(await dispatchCall(h.core, APP_SENDER, 42, {})).toMatchObject({ ok: false, code: 'not_found' });
    expect(await dispatchCall(h.core, APP_SENDER, 'pay', { amountYen: 1e12, credential: { type: 'card', cardNumber: 'X' } })).toMatchObject({ ok: false, code: 'invalid_request' });
    expect(await dispatchCall(h.core, APP_SENDER, 'pay', '{"amountYen":1}')).toMatchObject({ ok: false, code: 'invalid_request' });
    expect(h.backend.calls).not.toContain('pay');
  });
});

describe('IPC dispatch for the customer-facing window', () => {
  const CUSTOMER_SENDER = { frameUrl: `${APP_ENTRY_URL}#/customer-display`, isMainFrame: true, isAppWindow: false, isCustomerWindow: true };

  it('When the customer window reads the display, then it gets the view; a payment from it is refused before the core runs', async () => {
    h = await makeHarness();
    await dispatchCall(h.core, APP_SENDER, 'customerDisplay', { view: { screen: 'balance', totalYen: 900, usableHereYen: 700 } });
    expect(await dispatchCall(h.core, CUSTOMER_SENDER, 'getCustomerDisplay', {})).toEqual({
      ok: true,
      output: { ok: true, view: { screen: 'balance', totalYen: 900, usableHereYen: 700 } },
    });
    const walletId = h.backend.addWallet(1_000);
    const input = { amountYen: 300, credential: { type: 'cpm', token: await h.backend.token(walletId) } };
    expect(await dispatchCall(h.core, CUSTOMER_SENDER, 'pay', input)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await dispatchCall(h.core, CUSTOMER_SENDER, 'customerDisplay', { view: { screen: 'welcome' } })).toMatchObject({ ok: false, code: 'forbidden' });
    expect(h.backend.wallets.get(walletId)?.balanceYen).toBe(1_000);
  });
});

describe('safeStorage secret store', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  /** Stands in for the OS: reversible, but not plain text. */
  const fakeOs: SafeStorageLike = {
    isEncryptionAvailable: () => true,
    encryptString: (text) => Buffer.from([...Buffer.from(text)].map((b) => b ^ 0x5a)),
    decryptString: (data) => Buffer.from([...data].map((b) => b ^ 0x5a)).toString(),
  };

  it('When the token is saved, then the file is 0600, not plain text, and reads back', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kumapay-safe-'));
    dirs.push(dir);
    const store = new SafeStorageSecretStore(fakeOs, dir);
    await store.save('terminal-token', 'tok-123456');
    const file = path.join(dir, 'terminal-token.safe');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file).includes(Buffer.from('tok-123456'))).toBe(false);
    expect(await store.load('terminal-token')).toBe('tok-123456');
    expect(await store.load('missing')).toBeNull();
  });

  it('When the OS has no keyring (basic_text), then saving refuses instead of storing a weakly protected token', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kumapay-safe-'));
    dirs.push(dir);
    const store = new SafeStorageSecretStore({ ...fakeOs, getSelectedStorageBackend: () => 'basic_text' }, dir);
    await expect(store.save('terminal-token', 'tok')).rejects.toThrow(/not available/);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { DomainError } from '../../common/errors';
import { parseCommandInput } from '../../common/terminal-api';
import { FileSecretStore } from './adapters/file-secret-store';
import { NoDevices } from './adapters/no-devices';
import { makeHarness, type Harness } from './testing/harness';
import { TerminalCore } from './terminal-core';

let h: Harness;
afterEach(async () => h?.cleanup());

describe('enrollment', () => {
  it('When enrolled by code, then the terminal token is encrypted in a 0600 file, never in the journal, and survives a restart', async () => {
    h = await makeHarness({ enroll: false });
    expect(h.core.status().enrolled).toBe(false);
    expect(await h.core.call('enroll', { enrollmentCode: 'GOOD-CODE' })).toEqual({ ok: true, terminalId: 'term-1', merchantName: 'Kumagaya Bakery' });
    const secretsDir = path.join(h.dir, 'secrets');
    const secretFile = path.join(secretsDir, 'terminal-token.secret');
    expect(statSync(secretFile).mode & 0o777).toBe(0o600);
    expect(statSync(path.join(secretsDir, 'secret-store.key')).mode & 0o777).toBe(0o600);
    expect(readFileSync(secretFile).includes(Buffer.from('fake-terminal-token'))).toBe(false);
    for (const file of readdirSync(h.dir).filter((f) => f.startsWith('journal.sqlite'))) {
      expect(readFileSync(path.join(h.dir, file)).includes(Buffer.from('fake-terminal-token'))).toBe(false);
    }
    await h.restart();
    expect(h.core.status()).toMatchObject({ enrolled: true, terminalId: 'term-1', merchantName: 'Kumagaya Bakery' });
  });

  it('When the code is wrong, then enrollment is refused with the backend code', async () => {
    h = await makeHarness({ enroll: false });
    expect(await h.core.call('enroll', { enrollmentCode: 'BAD' })).toMatchObject({ ok: false, code: 'not_found' });
    expect(h.core.status().enrolled).toBe(false);
  });

  it('When already enrolled, then a second enrollment is refused (the journal belongs to one terminal)', async () => {
    h = await makeHarness();
    expect(await h.core.call('enroll', { enrollmentCode: 'GOOD-CODE' })).toMatchObject({ ok: false, code: 'forbidden' });
  });

  it('When a cashier tries to move an enrolled terminal to another backend, then it is forbidden', async () => {
    h = await makeHarness();
    expect(await h.core.call('setBackendUrl', { url: 'http://evil.example' })).toMatchObject({ ok: false, code: 'forbidden' });
    expect(h.core.status().backendUrl).toBe('http://127.0.0.1:1');
  });

  it('When not enrolled yet, then the backend URL may be set and is kept across restarts', async () => {
    h = await makeHarness({ enroll: false });
    expect(await h.core.call('setBackendUrl', { url: 'https://10.0.0.5:8787/' })).toEqual({ ok: true, backendUrl: 'https://10.0.0.5:8787' });
    await h.restart();
    expect(h.core.status().backendUrl).toBe('https://10.0.0.5:8787');
    expect(h.backend.baseUrl).toBe('https://10.0.0.5:8787');
  });

  it.each(['http://10.0.0.5:8787', 'http://kumapay.example', 'http://127.0.0.1.evil.example', 'http://[::2]:8787', 'ftp://127.0.0.1', 'https://user:pass@kumapay.example'])(
    'When a manager points the terminal at %s, then it is refused (plain http only to this machine) and nothing changes',
    async (url) => {
      h = await makeHarness({ staff: { code: 'm1', pin: '1234', role: 'manager' } });
      expect(await h.core.call('setBackendUrl', { url })).toMatchObject({ ok: false, code: 'invalid_request', details: { reason: 'insecure_backend_url' } });
      expect(h.core.status().backendUrl).toBe('http://127.0.0.1:1');
      expect(h.backend.baseUrl).toBe('http://127.0.0.1:1');
    },
  );

  it.each(['https://kumapay.example', 'http://127.0.0.1:8787', 'http://127.1.2.3', 'http://localhost:8787', 'http://[::1]:8787'])(
    'When a manager points the terminal at %s, then it is accepted (https, or this machine)',
    async (url) => {
      h = await makeHarness({ staff: { code: 'm1', pin: '1234', role: 'manager' } });
      expect(await h.core.call('setBackendUrl', { url })).toMatchObject({ ok: true });
    },
  );

  it('When the host passes the development flag, then plain http to another machine is allowed', async () => {
    h = await makeHarness({ enroll: false, allowInsecureBackend: true });
    expect(await h.core.call('setBackendUrl', { url: 'http://10.0.0.5:8787' })).toEqual({ ok: true, backendUrl: 'http://10.0.0.5:8787' });
  });

  it('When a host starts the core with a plain-http default URL to another machine, then the core refuses to open with a one-line reason', async () => {
    h = await makeHarness({ enroll: false });
    const options = { journal: h.journal, backend: h.backend, devices: new NoDevices(), secrets: new FileSecretStore(path.join(h.dir, 'other-secrets')) };
    await expect(TerminalCore.open({ ...options, defaultBackendUrl: 'http://10.0.0.5:8787' })).rejects.toThrow(/^[^\n]*https[^\n]*KUMAPAY_ALLOW_INSECURE_BACKEND[^\n]*$/);
    const core = await TerminalCore.open({ ...options, defaultBackendUrl: 'http://10.0.0.5:8787', allowInsecureBackend: true });
    expect(core.status().backendUrl).toBe('http://10.0.0.5:8787');
  });
});

describe('command input validation', () => {
  it('When a command arrives with input that does not match its schema, then it is refused as invalid_request before anything runs', async () => {
    h = await makeHarness();
    const bad = { amountYen: 1.5, credential: { type: 'cpm', token: 'x' } };
    expect(parseCommandInput('pay', bad)).toMatchObject({ ok: false });
    // @ts-expect-error -- untrusted input from a host, deliberately of the wrong shape
    await expect(h.core.call('pay', bad)).rejects.toBeInstanceOf(DomainError);
    await expect(h.core.call('pay', { amountYen: -5, credential: { type: 'card', cardNumber: 'X' } })).rejects.toMatchObject({ code: 'invalid_request' });
    expect(h.backend.calls).not.toContain('pay');
    expect(h.journal.txns.page(0, 10)).toHaveLength(0);
  });
});

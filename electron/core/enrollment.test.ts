import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { DomainError } from '../../common/errors';
import { makeHarness, type Harness } from './testing/harness';
import { parseCommandInput } from './terminal-core';

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
    expect(await h.core.call('setBackendUrl', { url: 'http://10.0.0.5:8787/' })).toEqual({ ok: true, backendUrl: 'http://10.0.0.5:8787' });
    await h.restart();
    expect(h.core.status().backendUrl).toBe('http://10.0.0.5:8787');
    expect(h.backend.baseUrl).toBe('http://10.0.0.5:8787');
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

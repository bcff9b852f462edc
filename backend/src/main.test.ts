import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const MAIN = path.resolve(import.meta.dirname, 'main.ts');

function run(env: Record<string, string>, untilListening: boolean): Promise<{ code: number | null; out: string; err: string; url: string | null; kill: () => void }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN], { env: { ...process.env, KUMAPAY_LOG_LEVEL: 'silent', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const kill = () => child.kill('SIGTERM');
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/[\d.]+:\d+)/.exec(out);
      if (m && untilListening) resolve({ code: null, out, err, url: m[1]!, kill });
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => resolve({ code, out, err, url: null, kill }));
  });
}

describe('npm run backend (docs/api.md "Starting the backend")', () => {
  it('When started, then it prints "listening on http://HOST:PORT", writes an admin token file (0600) and keeps the test clock off', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kumapay-main-'));
    const p = await run({ KUMAPAY_PORT: '0', KUMAPAY_DB: path.join(dir, 'k.sqlite') }, true);
    try {
      expect(p.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const tokenFile = path.join(dir, 'admin-token');
      expect(p.out).toContain(tokenFile);
      expect(statSync(tokenFile).mode & 0o777).toBe(0o600);
      const token = readFileSync(tokenFile, 'utf8').trim();
      const clock = await fetch(`${p.url}/v1/test/clock`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ now: '2024-06-01T10:00:00+09:00' }) });
      expect(clock.status).toBe(404);
      const ok = await fetch(`${p.url}/v1/admin/merchants`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'x', chargePoint: false }) });
      expect(ok.status).toBe(201);
    } finally {
      p.kill();
    }
  });

  it('When the port is taken, then it exits non-zero with a one-line reason naming the port', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kumapay-main-'));
    const first = await run({ KUMAPAY_PORT: '0', KUMAPAY_DB: path.join(dir, 'a.sqlite') }, true);
    try {
      const port = new URL(first.url!).port;
      const second = await run({ KUMAPAY_PORT: port, KUMAPAY_DB: path.join(dir, 'b.sqlite') }, false);
      expect(second.code).not.toBe(0);
      expect(second.err.trim().split('\n')).toHaveLength(1);
      expect(second.err).toContain(`cannot listen on 127.0.0.1:${port}`);
    } finally {
      first.kill();
    }
  });

  it('When the configuration is bad, then it exits non-zero with a one-line reason', async () => {
    const p = await run({ KUMAPAY_PORT: 'eighty', KUMAPAY_DB: '/tmp/x.sqlite' }, false);
    expect(p.code).not.toBe(0);
    expect(p.err.trim().split('\n')).toHaveLength(1);
    expect(p.err).toContain('KUMAPAY_PORT');
    const q = await run({ KUMAPAY_DB: 'mysql://nope' }, false);
    expect(q.code).not.toBe(0);
    expect(q.err).toContain('KUMAPAY_DB');
  });
});

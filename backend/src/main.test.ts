import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { BACKEND_NODE_FLAGS } from './node-flags';
import { spawnBackendProcess } from '../../scripts/lib/processes';

const MAIN = path.resolve(import.meta.dirname, 'main.ts');

interface Run {
  code: number | null;
  out: string;
  err: string;
  url: string | null;
  kill: () => void;
  /** Everything it printed, once it has ended. */
  exited: Promise<{ code: number | null; out: string }>;
}

function run(env: Record<string, string>, untilListening: boolean, nodeFlags: readonly string[] = BACKEND_NODE_FLAGS): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...nodeFlags, '--import', 'tsx', MAIN], { env: { ...process.env, KUMAPAY_LOG_LEVEL: 'silent', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const kill = () => child.kill('SIGTERM');
    // 'close' comes after the last of its output has been read.
    const exited = new Promise<{ code: number | null; out: string }>((done) => child.on('close', (code) => done({ code, out })));
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/[\d.]+:\d+)/.exec(out);
      if (m && untilListening) resolve({ code: null, out, err, url: m[1]!, kill, exited });
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => resolve({ code, out, err, url: null, kill, exited }));
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

  it('When it is started without its node flags on a machine of two cores or fewer, then its log says which flag is missing (issue 16); started as the tests and benches start it, it says nothing', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kumapay-main-'));
    const bare = await run({ KUMAPAY_PORT: '0', KUMAPAY_DB: path.join(dir, 'bare.sqlite'), KUMAPAY_LOG_LEVEL: 'warn' }, true, []);
    bare.kill();
    // The log is written asynchronously and may follow the "listening" line: read all of it.
    const bareOut = (await bare.exited).out;
    // The advice is for small machines only (node-flags.ts); on a larger one the log stays quiet.
    if (availableParallelism() <= 2) expect(bareOut).toContain('started without --single-threaded-gc');
    else expect(bareOut).not.toContain('--single-threaded-gc');
    const logs: string[] = [];
    const flagged = await spawnBackendProcess({ KUMAPAY_DB: path.join(dir, 'flagged.sqlite'), KUMAPAY_LOG_LEVEL: 'warn' }, { onOutputAfterReady: (text) => logs.push(text) });
    try {
      // Linux shows a process's arguments in /proc; the advice's absence below holds everywhere.
      const cmdline = `/proc/${flagged.child.pid}/cmdline`;
      if (existsSync(cmdline)) expect(readFileSync(cmdline, 'utf8').split('\0')).toEqual(expect.arrayContaining([...BACKEND_NODE_FLAGS]));
      expect(`${flagged.output()}${logs.join('')}`).not.toContain('started without');
    } finally {
      await flagged.stop();
    }
  });
});

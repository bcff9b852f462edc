/**
 * Issue 14: the operator pages as the backend serves them. What the browser does with them is
 * in test/e2e/scenarios/admin-page.e2e.ts (Chromium); here: the address, the files and the
 * headers that keep the admin token in the page.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestBackend } from '../../testing/harness';
import { STORE_KINDS } from '../../testing/stores';
import { ADMIN_PAGE_FILES } from './serve';

const HERE = path.dirname(fileURLToPath(import.meta.url));

describe.each(STORE_KINDS)('operator pages served on %s', (kind) => {
  let t: TestBackend;
  beforeAll(async () => {
    t = await TestBackend.start(kind);
  });
  afterAll(async () => {
    await t.stop();
  });

  it('When the operator opens /admin, then they land on /admin/ and get the page with a CSP of self only, no inline script and no caching of an old version', async () => {
    const bare = await fetch(`${t.url}/admin`, { redirect: 'manual' });
    expect(bare.status).toBe(301);
    expect(bare.headers.get('location')).toBe('/admin/');

    const page = await fetch(`${t.url}/admin/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('cache-control')).toBe('no-cache');
    const html = await page.text();
    expect(html).toContain('<html lang="ja">');
    // Every script is a file of this origin: an inline one would be blocked by the CSP anyway.
    expect(html.match(/<script[^>]*>/g)).toEqual(['<script type="module" src="admin.js">']);
    expect(html).not.toMatch(/\sstyle=|<style|\son[a-z]+=/);
  });

  it('When the page asks for its script, styles and icon, then each comes with its type and the same CSP', async () => {
    const types: Record<string, RegExp> = { 'admin.js': /javascript/, 'api.js': /javascript/, 'texts.js': /javascript/, 'kumapo.js': /javascript/, 'qr.js': /javascript/, 'admin.css': /^text\/css/, 'favicon.svg': /^image\/svg\+xml/, 'index.html': /^text\/html/ };
    for (const file of ADMIN_PAGE_FILES) {
      const r = await fetch(`${t.url}/admin/${file}`);
      expect(r.status, file).toBe(200);
      expect(r.headers.get('content-type'), file).toMatch(types[file] ?? /^$/);
      expect(r.headers.get('content-security-policy'), file).toContain("script-src 'self'");
    }
  });

  it('When someone asks /admin/ for a file the page does not use (its server code, its tests, a path out of the folder), then the answer is the API\'s not_found', async () => {
    for (const probe of ['serve.ts', 'serve.test.ts', 'qr.test.ts', 'tsconfig.json', '..%2Fapp.ts', '%2e%2e%2Froutes.ts', 'ADMIN.JS']) {
      const r = await fetch(`${t.url}/admin/${probe}`);
      expect(r.status, probe).toBe(404);
      expect(await r.json(), probe).toEqual({ error: { code: 'not_found', message: 'no such route' } });
    }
  });

  it('When the page names a Japanese operator (X-Operator percent-encoded: a browser cannot send 山田 as it is), then the audit trail names 山田', async () => {
    const changed = await t.call('PATCH', '/v1/admin/settings', { token: t.adminToken, body: { chargeMoneyLabel: 'くまチャージ' }, headers: { 'x-operator': encodeURIComponent('山田 花子') } });
    expect(changed.status).toBe(200);
    const audit = await t.call<{ items: { actor: string; action: string }[] }>('GET', '/v1/admin/audit?limit=1', { token: t.adminToken });
    expect(audit.body.items[0]).toMatchObject({ action: 'settings.update', actor: expect.stringMatching(/^admin:[\w-]{8}:山田 花子$/) });
  });
});

describe('operator page texts', () => {
  it('When a text is added in Japanese, then English has it too, under the same key in the same place, and every {value} matches', async () => {
    const { TEXTS } = (await import(pathToFileURL(path.join(HERE, 'texts.js')).href)) as { TEXTS: Record<'ja' | 'en', Record<string, string>> };
    expect(Object.keys(TEXTS.en)).toEqual(Object.keys(TEXTS.ja));
    const slots = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(TEXTS.ja)) expect(slots(TEXTS.en[key] ?? ''), key).toEqual(slots(TEXTS.ja[key] ?? ''));
  });

  it('When the page keeps the admin token, then only sessionStorage holds it: no localStorage and no cookie anywhere in its scripts', () => {
    for (const file of ADMIN_PAGE_FILES.filter((name) => name.endsWith('.js'))) {
      const source = readFileSync(path.join(HERE, file), 'utf8');
      expect(source, file).not.toMatch(/localStorage|document\.cookie|indexedDB/);
    }
  });
});

#!/usr/bin/env node
/**
 * Checks the built renderer (dist/renderer) against the strict CSP it ships with: the policy
 * meta tag comes before any script, no inline <script> or style attribute, no eval or
 * new Function in any chunk, no data: URL in the stylesheet. Exits 1 with the reasons if not.
 *
 *   vite build --config renderer/vite.config.ts && node renderer/tools/check-csp-build.mjs
 *
 * A build tool that runs in Node, not renderer code: it is .mjs so the renderer's import rule
 * (no node:*) does not apply to it.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const distDir = process.argv[2] ?? join(import.meta.dirname, '..', '..', 'dist', 'renderer');
const problems = [];

const html = readFileSync(join(distDir, 'index.html'), 'utf8');
const cspAt = html.search(/<meta http-equiv="Content-Security-Policy"/);
const firstScriptAt = html.search(/<script/);
if (cspAt < 0) problems.push('index.html has no Content-Security-Policy meta tag');
else if (firstScriptAt >= 0 && firstScriptAt < cspAt) problems.push('a script comes before the CSP meta tag');
if (/script-src[^;"]*'unsafe-(inline|eval)'/.test(html)) problems.push('the policy allows unsafe-inline or unsafe-eval');
for (const tag of html.match(/<script\b[^>]*>/g) ?? []) {
  if (!/\bsrc=/.test(tag)) problems.push(`inline script: ${tag}`);
}
if (/\sstyle="/.test(html)) problems.push('inline style attribute in index.html');

const assetsDir = join(distDir, 'assets');
for (const name of readdirSync(assetsDir)) {
  const text = readFileSync(join(assetsDir, name), 'utf8');
  if (name.endsWith('.js')) {
    if (/\beval\s*\(/.test(text)) problems.push(`${name} calls eval`);
    if (/\bnew\s+Function\s*\(/.test(text)) problems.push(`${name} uses new Function`);
  }
  if (name.endsWith('.css') && /url\(\s*['"]?data:/.test(text)) problems.push(`${name} inlines a data: URL`);
}

if (problems.length > 0) {
  console.error(`renderer build breaks the strict CSP:\n- ${problems.join('\n- ')}`);
  process.exit(1);
}
console.log(`renderer build is strict-CSP clean (${distDir})`);

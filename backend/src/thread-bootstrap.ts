/**
 * Starting a worker thread from this backend's own modules, compiled or not: one place for the
 * ledger worker (worker/ledger-worker-host.ts) and the WAL checkpointer
 * (store/wal-checkpointer.ts).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

/** A sibling module of `from` (an `import.meta.url`), as `.ts` under tsx and `.js` once compiled. */
export function threadEntry(name: string, from: string): URL {
  return new URL(`./${name}${from.endsWith('.ts') ? '.ts' : '.js'}`, from);
}

/**
 * The thread's first lines, for `new Worker(code, { eval: true })`. Under tsx (npm run backend,
 * the tests) a worker thread does not inherit the TypeScript loader, so it registers it before
 * importing the entry.
 */
export function threadBootstrap(entry: URL): string {
  const href = JSON.stringify(entry.href);
  if (!entry.pathname.endsWith('.ts')) return `import(${href});`;
  const tsx = JSON.stringify(tsxEsmApi().href);
  return `import(${tsx}).then((m) => { m.register(); return import(${href}); });`;
}

/** tsx's ESM register API (its `import` export: `require.resolve` would give the CommonJS one). */
function tsxEsmApi(): URL {
  const manifest = createRequire(import.meta.url).resolve('tsx/package.json');
  const exported = (JSON.parse(readFileSync(manifest, 'utf8')) as { exports: Record<string, { import: { default: string } }> }).exports['./esm/api'];
  if (!exported) throw new Error('tsx has no ./esm/api export: cannot start a worker thread from TypeScript sources');
  return new URL(exported.import.default, pathToFileURL(manifest));
}

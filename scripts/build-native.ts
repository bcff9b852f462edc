/**
 * Builds the ledger's WAL write buffer (backend/native/walbuffer.c; why: docs/performance.md
 * "WAL frames written together") with the machine's C compiler, against the SQLite headers of
 * the better-sqlite3 it will be loaded into.
 *
 *   `npm run build:native`   (no flag)          a failed build is an error: exit 1;
 *   `postinstall`            (--after-install)  a failed build is a note: exit 0, and the
 *                                               backend runs without the buffer (it says so).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { WAL_BUFFER_LIBRARY } from '../backend/src/store/wal-buffer';
import { ROOT } from './lib/processes';

/** A compile of one small file; a compiler stuck longer than this is not going to finish. */
const COMPILE_TIMEOUT_MS = 120_000;

function compilerArgs(source: string, includeDir: string, output: string): string[] {
  const shared = process.platform === 'darwin' ? ['-dynamiclib'] : ['-shared'];
  return ['-O2', '-fPIC', ...shared, '-I', includeDir, source, '-o', output];
}

function main(): number {
  const { values } = parseArgs({ options: { 'after-install': { type: 'boolean' } }, strict: true });
  const afterInstall = values['after-install'] === true;
  if (process.platform === 'win32') {
    console.warn('native: the WAL write buffer is built on Linux and macOS only; the backend runs without it here');
    return afterInstall ? 0 : 1;
  }
  const source = path.join(ROOT, 'backend/native/walbuffer.c');
  const includeDir = path.join(path.dirname(createRequire(import.meta.url).resolve('better-sqlite3/package.json')), 'deps/sqlite3');
  const compiler = process.env.CC ?? 'cc';
  // Written next to its place and renamed: a backend starting meanwhile never loads half a file.
  const partial = `${WAL_BUFFER_LIBRARY}.${process.pid}.partial`;
  mkdirSync(path.dirname(WAL_BUFFER_LIBRARY), { recursive: true });
  try {
    execFileSync(compiler, compilerArgs(source, includeDir, partial), { stdio: ['ignore', 'inherit', 'inherit'], timeout: COMPILE_TIMEOUT_MS });
    renameSync(partial, WAL_BUFFER_LIBRARY);
  } catch (error) {
    rmSync(partial, { force: true });
    const what = `native: the WAL write buffer was not built (${compiler}: ${(error as Error).message.split('\n')[0]}).`;
    if (afterInstall) {
      console.warn(`${what} The backend works without it, writing SQLite's WAL a page at a time; \`npm run build:native\` builds it once a C compiler is there.`);
      return 0;
    }
    console.error(what);
    return 1;
  }
  if (!afterInstall) console.log(`native: built ${path.relative(ROOT, WAL_BUFFER_LIBRARY)}`);
  return 0;
}

process.exitCode = main();

/**
 * Downloads the Electron binary by running electron's own installer (`node_modules/electron/
 * install.js`: same cache, mirror and platform settings as when npm runs it).
 *
 *   `npm run electron:fetch`     (no flag)          a failed download is an error: exit 1;
 *   `postinstall`                (--after-install)  a failed download is a note: exit 0.
 *
 * Why we run it and not npm: the install policy denies electron's postinstall (package.json
 * `allowScripts`), because npm answers a failed script of an optional dependency by deleting
 * the package, type declarations included, and `npm test` then fails to typecheck the shell
 * (docs/packaging.md). Here a machine without GitHub keeps the package and gets one line.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { electronMissingMessage, locateElectronBinary } from './lib/electron-binary';
import { ROOT } from './lib/processes';

/** Electron's zip is ~110 MB: 20 minutes is ~90 KB/s; a link slower than that will not finish an install anyone waits for. */
const ELECTRON_FETCH_TIMEOUT_MS = 20 * 60_000;
/** The installer prints a stack trace on failure; its first error line is all we repeat, the rest stays bounded. */
const INSTALLER_STDERR_KEPT_CHARS_MAX = 16_000;

type FetchOutcome = { ok: true } | { ok: false; reason: string };

async function runInstaller(electronDir: string): Promise<FetchOutcome> {
  const child = spawn(process.execPath, [path.join(electronDir, 'install.js')], { cwd: electronDir, stdio: ['ignore', 'inherit', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-INSTALLER_STDERR_KEPT_CHARS_MAX);
  });
  const outcome = await new Promise<{ code: number | null; timedOut: boolean; spawnError?: Error }>((resolve) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve({ code: null, timedOut: true });
    }, ELECTRON_FETCH_TIMEOUT_MS);
    child.once('error', (error) => {
      clearTimeout(timer);
      resolve({ code: null, timedOut: false, spawnError: error });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, timedOut: false });
    });
  });
  if (outcome.timedOut) return { ok: false, reason: `no answer within ${ELECTRON_FETCH_TIMEOUT_MS / 60_000} minutes` };
  if (outcome.spawnError) return { ok: false, reason: outcome.spawnError.message };
  if (outcome.code !== 0) {
    const firstError = stderr.split('\n').find((line) => /error/i.test(line)) ?? stderr.split('\n').find((line) => line.trim() !== '');
    return { ok: false, reason: firstError?.trim() ?? `installer exited with ${outcome.code}` };
  }
  return { ok: true };
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { 'after-install': { type: 'boolean' } }, strict: true });
  const afterInstall = values['after-install'] === true;
  const before = locateElectronBinary(ROOT);
  if (before.ok) {
    if (!afterInstall) console.log(`electron: Electron ${before.version} is installed (${path.relative(ROOT, before.binaryPath)})`);
    return 0;
  }
  if (before.code === 'electron_package_missing') {
    // Not ours to fix during an install (--omit=optional is a choice); the checks say it when it matters.
    if (afterInstall) return 0;
    console.error(electronMissingMessage(before, 'start'));
    return 1;
  }

  const fetched = await runInstaller(before.electronDir);
  const after = locateElectronBinary(ROOT);
  if (after.ok) {
    console.log(`electron: Electron ${after.version} downloaded (${path.relative(ROOT, after.binaryPath)})`);
    return 0;
  }
  // The installer exits 0 without downloading when ELECTRON_SKIP_BINARY_DOWNLOAD is set.
  const reason = fetched.ok ? 'ELECTRON_SKIP_BINARY_DOWNLOAD is set' : fetched.reason;
  const what = `electron: Electron ${before.version}'s binary was not downloaded (${reason}).`;
  if (afterInstall) {
    console.warn(`${what} Only the desktop shell needs it: \`npm run demo\`, \`npm run start:web\` and \`npm test\` work without it; \`npm run electron:fetch\` gets it later, where GitHub or an ELECTRON_MIRROR is reachable.`);
    return 0;
  }
  console.error(`${what} Fix: run it again where GitHub or an ELECTRON_MIRROR is reachable (and without ELECTRON_SKIP_BINARY_DOWNLOAD).`);
  return 1;
}

process.exitCode = await main();

/**
 * Where the Electron binary is, or why it is not there. `electron` is an optional dependency
 * whose own download script the install policy denies (docs/packaging.md): the package (with
 * its type declarations) is always installed, the binary only when `scripts/electron-fetch.ts`
 * could download it. `npm run start:electron`, `npm run dist` and `npm run electron:fetch` ask
 * here first, so a missing binary is one plain line instead of a stack trace.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export type ElectronBinary =
  | { ok: true; version: string; binaryPath: string }
  /** Not in node_modules: `--omit=optional`, or an npm before 11.16 removed it when its download failed. */
  | { ok: false; code: 'electron_package_missing' }
  /** The package is there, its binary is not: never downloaded, or the download failed. */
  | { ok: false; code: 'electron_binary_missing'; version: string; electronDir: string };

/**
 * Asks the installed package itself: `require('electron')` is the path its CLI starts (it reads
 * `path.txt`, written only after a download, and honours ELECTRON_OVERRIDE_DIST_PATH) and throws
 * when there is none. The path must also exist: a half-deleted dist/ is as missing as none.
 */
export function locateElectronBinary(projectRoot: string): ElectronBinary {
  const requireFromProject = createRequire(path.join(projectRoot, 'package.json'));
  let packageJsonPath: string;
  try {
    packageJsonPath = requireFromProject.resolve('electron/package.json');
  } catch {
    return { ok: false, code: 'electron_package_missing' };
  }
  const electronDir = path.dirname(packageJsonPath);
  const { version } = JSON.parse(readFileSync(packageJsonPath, 'utf8')) as { version: string };
  let binaryPath: unknown;
  try {
    binaryPath = requireFromProject('electron');
  } catch {
    return { ok: false, code: 'electron_binary_missing', version, electronDir };
  }
  if (typeof binaryPath !== 'string' || !existsSync(binaryPath)) return { ok: false, code: 'electron_binary_missing', version, electronDir };
  return { ok: true, version, binaryPath };
}

/** What the developer wanted to do when the binary turned out to be missing. */
export type ElectronPurpose = 'start' | 'dist';

const WITHOUT_ELECTRON = '`npm run demo` and `npm run start:web` run the same terminal in a browser without it';

/** One line: what is missing and the command that fixes it. */
export function electronMissingMessage(result: Exclude<ElectronBinary, { ok: true }>, purpose: ElectronPurpose): string {
  const command = purpose === 'start' ? 'npm run start:electron' : 'npm run dist';
  if (result.code === 'electron_package_missing') {
    return `${command}: the electron package is not in node_modules (installed with --omit=optional, or an npm older than 11.16 removed it when its download failed). Fix: \`npm install --include=optional\` with npm 11.16 or newer, then \`npm run electron:fetch\`.`;
  }
  if (purpose === 'start') {
    return `${command}: Electron ${result.version}'s binary is not installed (npm install downloads it from GitHub, and that did not happen here). Fix: \`npm run electron:fetch\` where GitHub or an ELECTRON_MIRROR is reachable; ${WITHOUT_ELECTRON}.`;
  }
  return `${command}: Electron ${result.version}'s binary is not installed, and packaging downloads Electron ${result.version} and its headers from GitHub, so this machine cannot package. Fix: on a machine that can reach GitHub, \`npm run electron:fetch\`, then \`npm run dist\`.`;
}

/**
 * `npm run start:electron` and `npm run dist` on a machine without Electron's binary: one line
 * naming what is missing and the fix, exit 1, no stack trace (scripts/electron-check.ts).
 * Each case is a scratch project folder whose node_modules/electron is in a given state.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { locateElectronBinary } from '../../scripts/lib/electron-binary';
import { ROOT } from '../../scripts/lib/processes';

/** tsx compiles the script on start; generous because the suite runs beside others on two cores. */
const CHECK_TIMEOUT_MS = 20_000;
const ELECTRON_VERSION = '41.7.1';

const scratch = mkdtempSync(path.join(tmpdir(), 'kumapay-electron-check-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

type Installed = 'no package' | 'package only' | 'path.txt without binary' | 'binary';

/**
 * A project whose node_modules/electron follows the electron package's contract: index.js
 * exports `dist/<path.txt>` and throws when path.txt is absent (it is written only after the
 * download). ELECTRON_OVERRIDE_DIST_PATH is left out: the check never sets it.
 */
function projectWith(installed: Installed): string {
  const root = mkdtempSync(path.join(scratch, 'project-'));
  writeFileSync(path.join(root, 'package.json'), '{"name":"scratch","private":true}\n');
  if (installed === 'no package') return root;
  const electronDir = path.join(root, 'node_modules/electron');
  mkdirSync(electronDir, { recursive: true });
  writeFileSync(path.join(electronDir, 'package.json'), JSON.stringify({ name: 'electron', version: ELECTRON_VERSION, main: 'index.js' }));
  writeFileSync(
    path.join(electronDir, 'index.js'),
    [
      "const fs = require('fs');",
      "const path = require('path');",
      "const pathFile = path.join(__dirname, 'path.txt');",
      "if (!fs.existsSync(pathFile)) throw new Error('Electron failed to install correctly, please delete node_modules/electron and try installing again');",
      "module.exports = path.join(__dirname, 'dist', fs.readFileSync(pathFile, 'utf-8'));",
    ].join('\n'),
  );
  if (installed === 'package only') return root;
  writeFileSync(path.join(electronDir, 'path.txt'), 'electron');
  if (installed === 'path.txt without binary') return root;
  mkdirSync(path.join(electronDir, 'dist'));
  writeFileSync(path.join(electronDir, 'dist/electron'), '#!/bin/sh\n', { mode: 0o755 });
  return root;
}

function runCheck(purpose: string, projectRoot: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts/electron-check.ts'), purpose, '--project-root', projectRoot], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: CHECK_TIMEOUT_MS,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('locateElectronBinary', () => {
  it('When node_modules has no electron package, then it says the package is missing', () => {
    expect(locateElectronBinary(projectWith('no package'))).toEqual({ ok: false, code: 'electron_package_missing' });
  });

  it('When the package is there but its download never happened, then it says the binary is missing and names the version', () => {
    expect(locateElectronBinary(projectWith('package only'))).toMatchObject({ ok: false, code: 'electron_binary_missing', version: ELECTRON_VERSION });
  });

  it('When path.txt names a binary that is not on disk, then the binary is missing too', () => {
    expect(locateElectronBinary(projectWith('path.txt without binary'))).toMatchObject({ ok: false, code: 'electron_binary_missing' });
  });

  it('When the binary is on disk, then it returns its path', () => {
    const root = projectWith('binary');
    expect(locateElectronBinary(root)).toEqual({ ok: true, version: ELECTRON_VERSION, binaryPath: path.join(root, 'node_modules/electron/dist/electron') });
  });
});

describe('scripts/electron-check.ts (first step of start:electron and dist)', () => {
  it('When `npm run start:electron` finds no binary, then it prints one line with the fix and the browser alternative, and exits 1 without a stack trace', () => {
    const { status, stdout, stderr } = runCheck('start', projectWith('package only'));
    expect(status).toBe(1);
    expect(stdout).toBe('');
    const lines = stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`Electron ${ELECTRON_VERSION}'s binary is not installed`);
    expect(lines[0]).toContain('npm run electron:fetch');
    expect(lines[0]).toContain('npm run demo');
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('When `npm run dist` finds no binary, then it says packaging needs a machine that can download Electron, and exits 1', () => {
    const { status, stderr } = runCheck('dist', projectWith('path.txt without binary'));
    expect(status).toBe(1);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain('npm run dist:');
    expect(stderr).toContain('npm run electron:fetch');
  });

  it('When the electron package itself is gone, then the line says how to install it', () => {
    const { status, stderr } = runCheck('start', projectWith('no package'));
    expect(status).toBe(1);
    expect(stderr).toContain('npm install --include=optional');
  });

  it('When the binary is installed, then the check is silent and lets the build go on', () => {
    const { status, stdout, stderr } = runCheck('dist', projectWith('binary'));
    expect({ status, stdout, stderr }).toEqual({ status: 0, stdout: '', stderr: '' });
  });
});

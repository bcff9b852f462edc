/**
 * What keeps `npm install` working on any machine (docs/packaging.md), checked from the files
 * alone so it fails in `npm test` rather than on a newcomer's machine:
 *   - every dependency with an install script is declared in `allowScripts` (npm 11 warns about
 *     the others and a later npm skips them: better-sqlite3 unbuilt is a terminal that cannot
 *     open its journal);
 *   - electron-builder packages the Electron version that the lockfile installs.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../scripts/lib/processes';

interface LockPackage {
  version?: string;
  hasInstallScript?: boolean;
}

const packageJson = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  allowScripts?: Record<string, boolean>;
  optionalDependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
};
const lock = JSON.parse(readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockPackage> };

/** `node_modules/a/node_modules/@s/b` → `@s/b`. */
function nameOf(lockPath: string): string {
  return lockPath.slice(lockPath.lastIndexOf('node_modules/') + 'node_modules/'.length);
}

describe('install policy (package.json, package-lock.json, electron-builder.yml)', () => {
  it('When a dependency has an install script, then allowScripts approves or denies it by name', () => {
    const withScripts = Object.entries(lock.packages)
      .filter(([lockPath, entry]) => lockPath !== '' && entry.hasInstallScript === true)
      .map(([lockPath]) => nameOf(lockPath));
    expect(withScripts.length).toBeGreaterThan(0);
    const declared = Object.keys(packageJson.allowScripts ?? {});
    expect(withScripts.filter((name) => !declared.includes(name))).toEqual([]);
    // Pinned keys (`pkg@1.2.3`) never match where the lockfile omits `resolved` (this project's
    // npm config), so a pinned approval would silently approve nothing.
    expect(declared.filter((key) => key.lastIndexOf('@') > 0)).toEqual([]);
  });

  it('When Electron cannot be downloaded, then npm may continue: electron is optional and its own download script is not run by npm', () => {
    expect(packageJson.optionalDependencies?.electron).toBeDefined();
    expect(packageJson.devDependencies?.electron).toBeUndefined();
    expect(packageJson.allowScripts?.electron).toBe(false);
  });

  it('When the app is packaged, then electron-builder uses the Electron version the lockfile installs', () => {
    const yaml = readFileSync(path.join(ROOT, 'electron-builder.yml'), 'utf8');
    const stated = /^electronVersion:\s*"?([^"\s#]+)"?\s*(#.*)?$/m.exec(yaml)?.[1];
    expect(stated).toBeDefined();
    expect(stated).toBe(lock.packages['node_modules/electron']?.version);
  });
});

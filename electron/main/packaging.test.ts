import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * The `electronFuses:` block of electron-builder.yml as key → value. The block is flat
 * `key: true|false` lines; reading it by hand keeps the test free of a YAML dependency, and
 * anything unexpected inside the block fails the parse rather than passing silently.
 */
function fusesOf(yamlText: string): Record<string, string> {
  const lines = yamlText.split(/\r?\n/);
  const start = lines.findIndex((l) => /^electronFuses:\s*$/.test(l));
  if (start < 0) throw new Error('electron-builder.yml has no top-level electronFuses block');
  const fuses: Record<string, string> = {};
  for (const line of lines.slice(start + 1)) {
    if (line.trim() === '' || line.trim().startsWith('#')) continue;
    if (!/^\s/.test(line)) break;
    const match = /^\s+([A-Za-z]+):\s*(\S+)\s*(#.*)?$/.exec(line);
    if (!match?.[1] || !match[2]) throw new Error(`unexpected line in electronFuses: ${line}`);
    fuses[match[1]] = match[2];
  }
  return fuses;
}

describe('Electron packaging (electron-builder.yml)', () => {
  it('When the app is packaged, then the fuses close Node entry points, file:// privileges, and load the app only from its checked asar', () => {
    const fuses = fusesOf(readFileSync(path.join(ROOT, 'electron-builder.yml'), 'utf8'));
    expect(fuses).toEqual({
      runAsNode: 'false',
      enableNodeOptionsEnvironmentVariable: 'false',
      enableNodeCliInspectArguments: 'false',
      enableEmbeddedAsarIntegrityValidation: 'true',
      onlyLoadAppFromAsar: 'true',
      enableCookieEncryption: 'true',
      grantFileProtocolExtraPrivileges: 'false',
    });
  });
});

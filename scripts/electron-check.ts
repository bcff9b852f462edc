/**
 * `tsx scripts/electron-check.ts start|dist`: the first step of `npm run start:electron` and
 * `npm run dist`. Silent and exit 0 when the Electron binary is installed; otherwise one line
 * saying what is missing and how to fix it, and exit 1, before any build starts.
 *
 * `--project-root <dir>` checks another checkout (the tests point it at folders with a missing
 * binary).
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { electronMissingMessage, locateElectronBinary, type ElectronPurpose } from './lib/electron-binary';
import { ROOT } from './lib/processes';

const PURPOSES: readonly ElectronPurpose[] = ['start', 'dist'];

function main(): number {
  const { values, positionals } = parseArgs({ options: { 'project-root': { type: 'string' } }, allowPositionals: true, strict: true });
  const purpose = PURPOSES.find((p) => p === positionals[0]);
  if (purpose === undefined || positionals.length !== 1) {
    console.error(`usage: tsx scripts/electron-check.ts ${PURPOSES.join('|')} [--project-root <dir>]`);
    return 2;
  }
  const result = locateElectronBinary(path.resolve(values['project-root'] ?? ROOT));
  if (result.ok) return 0;
  console.error(electronMissingMessage(result, purpose));
  return 1;
}

process.exitCode = main();

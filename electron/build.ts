/**
 * Builds the Electron shell into dist/electron (scripts: `build:electron` = `tsx electron/build.ts`):
 *   main.mjs     the main process (ESM); npm packages stay external, loaded from node_modules
 *                (native ones — better-sqlite3, node-hid, serialport — unpacked from the asar)
 *   preload.cjs  the sandboxed preload: one CommonJS file, only `electron` external
 * The renderer is built separately: `vite build --config renderer/vite.config.ts`.
 */
import { build } from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, 'dist/electron');

export async function buildElectron(): Promise<void> {
  await build({
    entryPoints: [path.join(root, 'electron/main/main.ts')],
    outfile: path.join(outdir, 'main.mjs'),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    packages: 'external',
    sourcemap: true,
    logLevel: 'warning',
  });
  await build({
    entryPoints: [path.join(root, 'electron/preload/preload.ts')],
    outfile: path.join(outdir, 'preload.cjs'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    external: ['electron'],
    sourcemap: true,
    logLevel: 'warning',
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildElectron();
  process.stdout.write(`built ${path.relative(root, outdir)}/main.mjs and preload.cjs\n`);
}

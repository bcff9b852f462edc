/**
 * The browser host serves the built renderer (`dist/renderer`). A missing build, or one older
 * than the renderer's sources, would show the cashier yesterday's screens: build it first.
 * (Vite builds it in ~3 s here.)
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from '../../../scripts/lib/processes';

export const RENDERER_DIST = path.join(ROOT, 'dist/renderer');
const BUILD_TIMEOUT_MS = 120_000;
/** The sources a build depends on: the renderer and the shared code it imports. */
const SOURCE_DIRS = ['renderer', 'common'];

function newestMtimeMs(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtimeMs(full));
    else if (!/\.test\.tsx?$/.test(entry.name)) newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

export function rendererBuildIsCurrent(): boolean {
  const index = path.join(RENDERER_DIST, 'index.html');
  if (!existsSync(index)) return false;
  const builtAtMs = statSync(index).mtimeMs;
  return SOURCE_DIRS.every((dir) => newestMtimeMs(path.join(ROOT, dir)) <= builtAtMs);
}

export async function ensureRendererBuilt(log: (line: string) => void = (line) => console.log(line)): Promise<void> {
  if (rendererBuildIsCurrent()) return;
  log('building the renderer (dist/renderer is missing or older than its sources)…');
  const viteBin = path.join(ROOT, 'node_modules/vite/bin/vite.js');
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [viteBin, 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn'], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`renderer build did not finish in ${BUILD_TIMEOUT_MS} ms`));
    }, BUILD_TIMEOUT_MS);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`renderer build failed (exit ${code})`));
    });
  });
}

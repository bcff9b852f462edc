/** Small secret files: plain names only, written 0600 by write-then-rename (a power cut leaves the old file or the new one). */
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

const NAME_RE = /^[a-z0-9_-]{1,64}$/;

/** `<directory>/<name><suffix>`, refusing names that are not plain file names. */
export function privateFilePath(directory: string, name: string, suffix: string): string {
  if (!NAME_RE.test(name)) throw new Error(`secret name ${JSON.stringify(name)} is not a plain file name`);
  return path.join(directory, `${name}${suffix}`);
}

export async function writePrivateFile(file: string, data: Buffer): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, data, { mode: 0o600, flush: true });
  await chmod(temporary, 0o600);
  await rename(temporary, file);
}

export async function readFileIfExists(file: string): Promise<Buffer | null> {
  try {
    return await readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

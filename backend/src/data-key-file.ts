/**
 * Where the data key lives (issue 9, docs/api.md "Security guarantees"): `KUMAPAY_KEY_FILE`,
 * or a file `data-key` generated in the data folder at first start. Mode 0600, never in the
 * database. One key per line, `<base64url 32 bytes>`, `#` comments; the first line seals,
 * every line opens (rotation: `npm run data-key:rotate`, docs/operations.md).
 */
import { existsSync, linkSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DATA_KEY_BYTES, dataKeyId, DataKeyError, DataKeys, newDataKey, type DataKey } from './usecases/data-keys';

export const GENERATED_KEY_FILE = 'data-key';

export function parseDataKeyFile(text: string, file: string): DataKey[] {
  const keys: DataKey[] = [];
  for (const [i, raw] of text.split('\n').entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const key = Buffer.from(line, 'base64url');
    if (key.length !== DATA_KEY_BYTES || key.toString('base64url') !== line) {
      throw new DataKeyError(`${file} line ${i + 1} is not a ${DATA_KEY_BYTES}-byte base64url key`);
    }
    keys.push({ id: dataKeyId(key), key });
  }
  if (keys.length === 0) throw new DataKeyError(`${file} holds no key`);
  return keys;
}

export function formatDataKeyFile(keys: readonly DataKey[]): string {
  return [
    '# KumaPAY data keys: the first line seals, every line opens. Keep this file 0600, outside the database',
    '# and its backups. Every backend instance of one ledger needs the same file (docs/operations.md).',
    ...keys.map((k) => k.key.toString('base64url')),
    '',
  ].join('\n');
}

/** A key file others can read is a key others hold: refuse it rather than start. */
function assertPrivate(file: string): void {
  const mode = statSync(file).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    throw new DataKeyError(`${file} is readable by other users (mode ${mode.toString(8)}): run chmod 600 on it`);
  }
}

/** Creates the folder (0700) if it is new; an existing folder keeps the mode its owner chose. */
export function ensurePrivateDir(dir: string): void {
  if (!existsSync(dir)) mkdirSync(dir, { recursive: true, mode: 0o700 });
}

export function loadDataKeys(options: { keyFile: string | undefined; dataDir: string }): { keys: DataKeys; file: string; created: boolean } {
  if (options.keyFile) {
    if (!existsSync(options.keyFile)) throw new DataKeyError(`KUMAPAY_KEY_FILE ${options.keyFile} does not exist`);
    assertPrivate(options.keyFile);
    return { keys: new DataKeys(parseDataKeyFile(readFileSync(options.keyFile, 'utf8'), options.keyFile)), file: options.keyFile, created: false };
  }
  ensurePrivateDir(options.dataDir);
  const file = path.join(options.dataDir, GENERATED_KEY_FILE);
  let created = false;
  if (!existsSync(file)) {
    // Written whole under a private name, then published by link(), which fails if the name is
    // taken: two instances starting at once on one data folder end with one key, never half one.
    const draft = `${file}.${process.pid}.draft`;
    writeFileSync(draft, formatDataKeyFile([newDataKey()]), { mode: 0o600 });
    try {
      linkSync(draft, file);
      created = true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      rmSync(draft, { force: true });
    }
  }
  assertPrivate(file);
  const text = readFileSync(file, 'utf8');
  return { keys: new DataKeys(parseDataKeyFile(text, file)), file, created };
}

/** Where generated secrets live: KUMAPAY_DATA_DIR, or beside the SQLite file, or ./data. */
export function dataDirOf(config: { dataDir: string | undefined; db: string }): string {
  if (config.dataDir) return config.dataDir;
  if (/^postgres(ql)?:\/\//.test(config.db)) return './data';
  return path.dirname(path.resolve(config.db));
}

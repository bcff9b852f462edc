/**
 * `npm run data-key:rotate` (docs/operations.md, "Key rotation"): a new data key goes first in
 * the key file (the old ones stay, to open what they sealed), every sealed secret in the
 * ledger is sealed again with it, in one unit of work. `-- --drop-old` then removes the old
 * keys from the file, once nothing in the ledger needs them.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../config';
import { formatDataKeyFile, GENERATED_KEY_FILE, parseDataKeyFile } from '../data-key-file';
import { dataDirOf } from '../data-key-file';
import { openStore } from '../store/open-store';
import type { PostgresPoolOptions } from '../store/store';
import { DataKeys, newDataKey, type DataKey } from '../usecases/data-keys';
import { oneLine, redactUrl } from './tool-output';


/** Written whole beside the target, then renamed over it: a crash leaves the old file or the new one. */
function writeKeyFile(file: string, keys: readonly DataKey[]): void {
  const draft = `${file}.${process.pid}.draft`;
  writeFileSync(draft, formatDataKeyFile(keys), { mode: 0o600 });
  renameSync(draft, file);
}

export async function rotateDataKey(options: { db: string; postgres?: PostgresPoolOptions; keyFile: string; dropOld: boolean; log: (line: string) => void }): Promise<void> {
  const current = parseDataKeyFile(readFileSync(options.keyFile, 'utf8'), options.keyFile);
  const store = await openStore(options.db, { postgres: options.postgres });
  try {
    const rows = await store.read.selectFrom('signing_keys').select(['kid', 'private_key']).execute();
    if (options.dropOld) {
      const active = current[0]!.id;
      const stale = rows.filter((r) => DataKeys.sealedWith(r.private_key) !== active);
      if (stale.length > 0) throw new Error(`${stale.length} signing key(s) are not sealed with the first key yet: run data-key:rotate without --drop-old first`);
      writeKeyFile(options.keyFile, [current[0]!]);
      options.log(`data-key:rotate: kept ${active}, dropped ${current.length - 1} old key(s) from ${options.keyFile}`);
      return;
    }
    const next = newDataKey();
    const keys = new DataKeys([next, ...current]);
    // The file first: if the process dies after it, the ledger is still readable with the old lines.
    writeKeyFile(options.keyFile, keys.keys);
    await store.write(async (tx) => {
      for (const row of rows) {
        const context = `signing_key:${row.kid}`;
        const plain = DataKeys.isSealed(row.private_key) ? keys.open(row.private_key, context) : Buffer.from(row.private_key, 'base64');
        await tx.updateTable('signing_keys').set({ private_key: keys.seal(plain, context) }).where('kid', '=', row.kid).execute();
      }
    });
    options.log(`data-key:rotate: new key ${next.id} first in ${options.keyFile}; ${rows.length} signing key(s) sealed again in ${redactUrl(options.db)}`);
    options.log('data-key:rotate: copy the file to every instance and restart them; then run with --drop-old');
  } finally {
    await store.close();
  }
}

const isMain = process.argv[1] && /data-key-rotate\.ts$/.test(process.argv[1]);
if (isMain) {
  process.umask(0o077);
  const config = loadConfig(process.env);
  const keyFile = config.keyFile ?? path.join(dataDirOf(config), GENERATED_KEY_FILE);
  rotateDataKey({ db: config.db, postgres: config.postgres, keyFile, dropOld: process.argv.includes('--drop-old'), log: (line) => process.stdout.write(`${line}\n`) }).then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`data-key:rotate: ${oneLine(error)}\n`);
      process.exit(1);
    },
  );
}

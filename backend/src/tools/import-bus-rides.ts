/**
 * `npm run import:bus-rides -- <file>`: the bus system's ride file (R24) credited straight into
 * the ledger at KUMAPAY_DB, for an operator at a shell; the same rules and the same answer as
 * `POST /v1/admin/imports/bus-rides`, printed as JSON. Safe beside running backends: the import
 * is one unit of work, idempotent per rideId, and imports run one at a time.
 * Exit 0 when the file was applied; 1 when it was refused (malformed rows: the counts are
 * printed, nothing was applied; or unreadable as a ride table: one line on stderr); 2 when the
 * file or the store cannot be opened.
 */
import { readFileSync, statSync } from 'node:fs';
import { newRowId } from '../ids';
import { userInfo } from 'node:os';
import pino from 'pino';
import { isDomainError } from '../../../common/errors';
import { LIMITS } from '../../../common/limits';
import { systemClock } from '../../../common/time';
import { loadConfig } from '../config';
import { openStore } from '../store/open-store';
import type { Store } from '../store/store';
import { importBusRides } from '../usecases/bus-import';
import { oneLine, redactUrl } from './tool-output';

process.umask(0o077);

const USAGE = 'usage: npm run import:bus-rides -- <ride file.csv>   (KUMAPAY_DB names the ledger)';

/** Who the audit trail names: the operator's login on this machine. */
function actor(): string {
  try {
    return `cli:${userInfo().username}`;
  } catch {
    return 'cli';
  }
}

function readFile(file: string): Buffer {
  const bytes = statSync(file).size;
  if (bytes > LIMITS.busImportBytesMax) throw new Error(`${file} is ${bytes} bytes, more than ${LIMITS.busImportBytesMax}; split it`);
  return readFileSync(file);
}

async function main(argv: string[]): Promise<number> {
  if (argv.length !== 1 || argv[0]!.startsWith('-')) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const file = argv[0]!;
  let bytes: Buffer;
  try {
    bytes = readFile(file);
  } catch (error) {
    process.stderr.write(`import-bus-rides: cannot read ${file}: ${oneLine(error)}\n`);
    return 2;
  }
  const config = loadConfig(process.env);
  let store: Store;
  try {
    store = await openStore(config.db, { postgres: config.postgres });
  } catch (error) {
    process.stderr.write(`import-bus-rides: cannot open ${redactUrl(config.db)}: ${oneLine(error)}\n`);
    return 2;
  }
  try {
    const log = pino({ level: config.logLevel, base: { service: 'kumapay-import-bus-rides' } }, pino.destination(2));
    const answer = await importBusRides({ store, clock: systemClock, log, newId: () => newRowId() }, bytes, actor());
    process.stdout.write(`${JSON.stringify(answer, null, 2)}\n`);
    return answer.applied ? 0 : 1;
  } catch (error) {
    if (isDomainError(error)) {
      // The code in brackets is the stable part a script may match (docs/points.md); the sentence may change.
      const code = typeof error.details.reason === 'string' ? ` [${error.details.reason}]` : '';
      process.stderr.write(`import-bus-rides: ${file} refused, nothing applied: ${error.message}${'line' in error.details ? ` (line ${String(error.details.line)})` : ''}${code}\n`);
      return 1;
    }
    process.stderr.write(`import-bus-rides: failed on ${redactUrl(config.db)}, nothing applied: ${oneLine(error)}\n`);
    return 2;
  } finally {
    await store.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`import-bus-rides: ${oneLine(error)}\n`);
    process.exit(2);
  },
);

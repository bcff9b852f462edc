/**
 * `npm run sweep`: one expiry sweep (R4, R27) against KUMAPAY_DB, for an operator without HTTP
 * access; prints its figures in one line. Safe while backends run on the same ledger: the
 * sweep locks each wallet and writes each lapsed lot off exactly once, whoever runs it.
 * Exit 0 when the run caught up, 1 when it left lapsed lots (its batch cap, or other writers
 * held those wallets: run it again), 2 when the store cannot be opened or the sweep failed.
 */
import pino from 'pino';
import { newRowId } from '../ids';
import { systemClock } from '../../../common/time';
import { loadConfig } from '../config';
import { openStore } from '../store/open-store';
import { Settings } from '../usecases/settings';
import { countLapsedLotsPending, sweepExpired } from '../usecases/expiry-sweep';
import { oneLine, redactUrl } from './tool-output';

process.umask(0o077);

async function main(): Promise<number> {
  const config = loadConfig(process.env);
  let store;
  try {
    store = await openStore(config.db, { postgres: config.postgres });
  } catch (error) {
    process.stderr.write(`sweep: cannot open ${redactUrl(config.db)}: ${oneLine(error)}\n`);
    return 2;
  }
  try {
    const clock = systemClock;
    const log = pino({ level: config.logLevel, base: { service: 'kumapay-sweep' } }, pino.destination(2));
    const deps = { store, clock, log, settings: new Settings(store, clock), newId: () => newRowId() };
    const run = await sweepExpired(deps, config.sweepBatchWallets === undefined ? {} : { walletsPerBatch: config.sweepBatchWallets });
    const pending = await countLapsedLotsPending(deps, clock.nowMs());
    process.stdout.write(`sweep ${redactUrl(config.db)}: ${run.lotsWrittenOff} lots written off, ${run.writtenOffYen} yen, ${run.wallets} wallets, ${run.batches} batches; ${pending} lapsed lots left; ${run.pointsWrittenOff} KumaPo points written off from ${run.walletsWithPointsWrittenOff} wallets\n`);
    return run.complete ? 0 : 1;
  } catch (error) {
    process.stderr.write(`sweep: failed on ${redactUrl(config.db)}: ${oneLine(error)} (batches already committed stay written off; run it again)\n`);
    return 2;
  } finally {
    await store.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`sweep: ${oneLine(error)}\n`);
    process.exit(2);
  },
);

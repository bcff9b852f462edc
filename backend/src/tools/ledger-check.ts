/** `npm run ledger:check`: recompute every balance from the journal; non-zero exit on any difference. */
import { loadConfig } from '../config';
import { openStore } from '../store/open-store';
import { checkLedger, describeDifference } from '../usecases/ledger-check';
import { oneLine, redactUrl } from './tool-output';

process.umask(0o077);

async function main(): Promise<number> {
  const config = loadConfig(process.env);
  let store;
  try {
    store = await openStore(config.db, { postgres: config.postgres });
  } catch (error) {
    process.stderr.write(`ledger:check: cannot open ${redactUrl(config.db)}: ${oneLine(error)}\n`);
    return 2;
  }
  try {
    const report = await checkLedger(store);
    process.stdout.write(`ledger:check ${redactUrl(config.db)}: ${report.entries} entries, ${report.postings} postings, ${report.lots} lots, ${report.wallets} wallets, ${report.pointEntries} points entries\n`);
    if (report.differences.length > 0) {
      for (const d of report.differences) process.stdout.write(`  DIFFERENCE ${describeDifference(d)}\n`);
      process.stdout.write(`ledger:check FAILED with ${report.differences.length} difference(s)\n`);
      return 1;
    }
    process.stdout.write('ledger:check OK: every balance matches the journal\n');
    return 0;
  } catch (error) {
    // A damaged file fails part-way through a query: the operator needs what, not where.
    process.stderr.write(`ledger:check: cannot read ${redactUrl(config.db)}: ${oneLine(error)}\n`);
    return 2;
  } finally {
    await store.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`ledger:check: ${oneLine(error)}\n`);
    process.exit(2);
  },
);

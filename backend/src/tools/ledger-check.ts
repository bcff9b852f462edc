/** `npm run ledger:check`: recompute every balance from the journal; non-zero exit on any difference. */
import { loadConfig } from '../config';
import { openStore } from '../store/store';
import { checkLedger } from '../usecases/ledger-check';

const config = loadConfig(process.env);
const store = await openStore(config.db);
try {
  const report = await checkLedger(store);
  process.stdout.write(`ledger:check ${config.db.replace(/:\/\/[^@]*@/, '://***@')}: ${report.entries} entries, ${report.postings} postings, ${report.lots} lots, ${report.wallets} wallets\n`);
  if (report.differences.length > 0) {
    for (const d of report.differences) process.stdout.write(`  DIFFERENCE ${d.kind} ${d.id}: journal says ${d.expectedYen}, stored ${d.actualYen}\n`);
    process.stdout.write(`ledger:check FAILED with ${report.differences.length} difference(s)\n`);
    process.exitCode = 1;
  } else {
    process.stdout.write('ledger:check OK: every balance matches the journal\n');
  }
} finally {
  await store.close();
}

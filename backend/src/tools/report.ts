/**
 * `npm run report -- <name> [options]`: the R27 reports for an operator at a shell, read
 * straight from the store (no backend needs to run). CSV (UTF-8 with BOM, for Excel) by
 * default, JSON with `--format json`; to stdout or `--out FILE` (created mode 0600).
 *
 *   npm run report -- merchant-settlement --from 2024-04-01 --to 2024-09-30 --out settlement.csv
 *   npm run report -- unused-balance --at 2024-09-30T23:59:59.999+09:00
 *   npm run report -- breakage --from 2024-04-01 --to 2024-09-30 --format json
 *   npm run report -- points --from 2024-04-01 --to 2024-09-30
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { systemClock } from '../../../common/time';
import { reportPeriodQuery, unusedBalanceQuery } from '../../../common/wire/reports';
import { loadConfig } from '../config';
import { excelCsv } from '../http/csv';
import { breakageCsv, pointsCsv, settlementCsv, unusedBalanceCsv } from '../http/report-csv';
import type { CsvDocument } from '../http/route';
import { openStore } from '../store/open-store';
import type { Store } from '../store/store';
import { breakage, merchantSettlement, unusedBalance, type ReportDeps } from '../usecases/issuer-reports';
import { pointsReport } from '../usecases/point-reports';
import { Settings } from '../usecases/settings';
import { oneLine, redactUrl } from './tool-output';

process.umask(0o077);

const USAGE = `usage: npm run report -- <merchant-settlement|breakage|points> --from YYYY-MM-DD --to YYYY-MM-DD [--format csv|json] [--out FILE]
       npm run report -- unused-balance --at <ISO instant, e.g. 2024-09-30T23:59:59.999+09:00> [--format csv|json] [--out FILE]`;

type Built = { json: unknown; csv: CsvDocument };
type Runner = (deps: ReportDeps, values: Record<string, string | undefined>) => Promise<Built>;

function period(values: Record<string, string | undefined>) {
  const parsed = reportPeriodQuery.safeParse({ from: values.from, to: values.to });
  if (!parsed.success) throw new UsageError(`--from and --to must be dates (YYYY-MM-DD), from not after to: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
  return parsed.data;
}

const REPORTS: Record<string, Runner> = {
  'merchant-settlement': async (deps, v) => {
    const r = await merchantSettlement(deps, period(v));
    return { json: r, csv: settlementCsv(r) };
  },
  breakage: async (deps, v) => {
    const r = await breakage(deps, period(v));
    return { json: r, csv: breakageCsv(r) };
  },
  points: async (deps, v) => {
    const r = await pointsReport(deps, period(v));
    return { json: r, csv: pointsCsv(r) };
  },
  'unused-balance': async (deps, v) => {
    const parsed = unusedBalanceQuery.safeParse({ at: v.at });
    if (!parsed.success) throw new UsageError('--at must be an ISO instant with its offset, e.g. 2024-09-30T23:59:59.999+09:00');
    const r = await unusedBalance(deps, Date.parse(parsed.data.at));
    return { json: r, csv: unusedBalanceCsv(r) };
  },
};

class UsageError extends Error {}

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { from: { type: 'string' }, to: { type: 'string' }, at: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' } } });
  } catch (error) {
    process.stderr.write(`report: ${oneLine(error)}\n${USAGE}\n`);
    return 2;
  }
  const [name, ...extra] = parsed.positionals;
  const runner = name ? REPORTS[name] : undefined;
  const format = parsed.values.format ?? 'csv';
  if (!runner || extra.length > 0 || (format !== 'csv' && format !== 'json')) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const config = loadConfig(process.env);
  let store: Store;
  try {
    store = await openStore(config.db, { postgres: config.postgres });
  } catch (error) {
    process.stderr.write(`report: cannot open ${redactUrl(config.db)}: ${oneLine(error)}\n`);
    return 2;
  }
  try {
    const deps: ReportDeps = { store, clock: systemClock, settings: new Settings(store, systemClock) };
    const built = await runner(deps, parsed.values);
    const text = format === 'json' ? `${JSON.stringify(built.json, null, 2)}\n` : excelCsv(built.csv);
    if (parsed.values.out) {
      writeFileSync(parsed.values.out, text, { mode: 0o600 });
      process.stderr.write(`report: ${name} written to ${parsed.values.out}\n`);
    } else {
      process.stdout.write(text);
    }
    return 0;
  } catch (error) {
    process.stderr.write(`report: ${oneLine(error)}\n`);
    return error instanceof UsageError ? 2 : 1;
  } finally {
    await store.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`report: ${oneLine(error)}\n`);
    process.exit(1);
  },
);

/**
 * `npm run bench`: runs every bench/*.bench.ts in turn (one at a time: two cores, and figures
 * from benchmarks that fight for them mean nothing) and prints their figures. A bench file
 * exports `default async function (report: BenchReport)`. `npm run bench -- name` runs the
 * benches whose file name contains `name`.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';

export interface BenchReport {
  /** One figure: printed as `name: value unit` and collected for the summary. */
  figure(name: string, value: number, unit: string, note?: string): void;
  note(text: string): void;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const filter = process.argv[2] ?? '';
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts') && f.includes(filter))
  .sort();

const summary: string[] = [];
for (const file of files) {
  console.log(`\n== ${file}`);
  const mod = (await import(pathToFileURL(path.join(here, file)).href)) as {
    default: (report: BenchReport) => Promise<void>;
  };
  const report: BenchReport = {
    figure(name, value, unit, note) {
      const line = `${name}: ${Number.isInteger(value) ? value : value.toFixed(3)} ${unit}${note ? `  (${note})` : ''}`;
      console.log(`  ${line}`);
      summary.push(`${file.replace('.bench.ts', '')} · ${line}`);
    },
    note(text) {
      console.log(`  # ${text}`);
    },
  };
  await mod.default(report);
}
console.log('\n== summary');
for (const line of summary) console.log(line);

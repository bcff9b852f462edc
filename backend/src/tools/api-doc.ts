/**
 * `npx tsx backend/src/tools/api-doc.ts [--write]`: checks (or, with --write, rewrites) the
 * generated blocks of docs/api.md — the routes this backend serves and its error codes — from
 * the route table. Exit 1 when the page is out of date.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderApiDocBlocks, staleApiDocBlocks, withApiDocBlocks } from '../http/api-doc';
import { routes } from '../http/routes';

const PAGE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../docs/api.md');

const page = readFileSync(PAGE, 'utf8');
const rendered = renderApiDocBlocks(routes);
if (process.argv.includes('--write')) {
  writeFileSync(PAGE, withApiDocBlocks(page, rendered));
  process.stdout.write(`api-doc: wrote ${path.relative(process.cwd(), PAGE)}\n`);
} else {
  const stale = staleApiDocBlocks(page, rendered);
  if (stale.length > 0) {
    process.stdout.write(`api-doc: docs/api.md is out of date (${stale.join(', ')}); run npx tsx backend/src/tools/api-doc.ts --write\n`);
    process.exitCode = 1;
  } else {
    process.stdout.write('api-doc: docs/api.md matches the route table\n');
  }
}

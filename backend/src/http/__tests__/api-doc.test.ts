/**
 * docs/api.md is the contract a newcomer reads; its tables of served routes and error codes
 * are rendered from the code, and this test is what keeps them from falling behind it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../../../common/errors';
import { apiDocMarkers, renderApiDocBlocks, staleApiDocBlocks, withApiDocBlocks } from '../api-doc';
import { routes } from '../routes';

const PAGE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../docs/api.md');

describe('docs/api.md against the code', () => {
  it('When a route or an error code is added or changed, then docs/api.md already lists it (else: npx tsx backend/src/tools/api-doc.ts --write)', () => {
    const page = readFileSync(PAGE, 'utf8');
    expect(staleApiDocBlocks(page, renderApiDocBlocks(routes))).toEqual([]);
    for (const r of routes) expect(page).toContain(`\`${r.method.toUpperCase()} ${r.path}\``);
    for (const code of ERROR_CODES) expect(page).toContain(`\`${code}\``);
  });

  it('When the page misses a route the table has, then the routes block is reported stale, and rewriting it brings the route back', () => {
    const rendered = renderApiDocBlocks(routes);
    const current = withApiDocBlocks(readFileSync(PAGE, 'utf8'), rendered);
    const lastRoute = routes[routes.length - 1];
    if (!lastRoute) throw new Error('the route table is empty');
    const row = `| \`${lastRoute.method.toUpperCase()} ${lastRoute.path}\``;
    const missingOne = current
      .split('\n')
      .filter((line) => !line.startsWith(row))
      .join('\n');
    expect(staleApiDocBlocks(missingOne, rendered)).toEqual(['routes']);
    expect(staleApiDocBlocks(withApiDocBlocks(missingOne, rendered), rendered)).toEqual([]);
  });

  it('When the markers are gone, then the block counts as stale and rewriting refuses rather than guessing where it goes', () => {
    const rendered = renderApiDocBlocks(routes);
    const page = `# api\n${apiDocMarkers.begin('routes')}\n${rendered.routes}\n${apiDocMarkers.end('routes')}\n`;
    expect(staleApiDocBlocks(page, rendered)).toEqual(['error-codes']);
    expect(() => withApiDocBlocks(page, rendered)).toThrow('generated:error-codes');
  });
});

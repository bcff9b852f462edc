/**
 * Issue 16: on the path every request takes, an object spread followed by more properties made
 * V8 build a new hidden class each time (docs/performance.md "Twenty-fourth session");
 * eslint.config.js refuses it there and nowhere else. Snippets are linted with the repository's
 * own config as if they were the file named, so a glob that stops matching fails here.
 */
import { describe, expect, it } from 'vitest';
import { lintAs } from './lint-as';

async function restricted(filePath: string, code: string): Promise<number> {
  return (await lintAs(filePath, code, 'no-restricted-syntax')).length;
}

// Each as it was before the twenty-fourth session: the staff actor, the handler's context, the call posted to the worker.
const SPREAD_THEN_MORE = 'export const actor = (base: object, staff: object) => ({ ...base, staff });\n';

describe('Issue 16: no spread followed by more properties on the request path', () => {
  it.each(['backend/src/usecases/auth.ts', 'backend/src/http/authenticators.ts', 'backend/src/http/route.ts', 'backend/src/worker/ledger-worker-host.ts'])(
    'When %s builds an object as a spread followed by more properties, then lint refuses it',
    async (file) => {
      expect(await restricted(file, SPREAD_THEN_MORE)).toBe(1);
    },
  );

  it('When the request path spreads alone, writes the object out or assigns onto a literal, then lint lets it be', async () => {
    const allowed = ['export const a = (x: object) => ({ ...x });', 'export const b = (x: { id: number }) => ({ id: x.id, more: 1 });', 'export const c = (x: object) => Object.assign({ more: 1 }, x);'].join('\n');
    expect(await restricted('backend/src/http/route.ts', allowed)).toBe(0);
  });

  it('When code off the request path (reports, tests) spreads then adds, then lint lets it be', async () => {
    expect(await restricted('backend/src/usecases/reports.ts', SPREAD_THEN_MORE)).toBe(0);
    expect(await restricted('backend/src/http/route.test.ts', SPREAD_THEN_MORE)).toBe(0);
  });
});

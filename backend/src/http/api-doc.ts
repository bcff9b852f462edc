/**
 * The parts of docs/api.md that the code knows better than a person: the routes this backend
 * serves and the error codes it answers with. They are rendered from the route table and
 * `common/errors.ts` into marked blocks of the page, so the page cannot fall behind the code
 * without a test saying so. Pure: text in, text out.
 */
import { ERROR_CODES, HTTP_STATUS_BY_CODE } from '../../../common/errors';
import type { Route } from './route';

export const API_DOC_BLOCKS = ['routes', 'error-codes'] as const;
export type ApiDocBlock = (typeof API_DOC_BLOCKS)[number];

const AUTH_LABEL: Record<Route['auth'], string> = {
  none: 'none',
  admin: 'admin token',
  terminal: 'terminal token',
  staff: 'terminal token + staff session',
  customer: 'customer token',
};

const cell = (text: string) => text.replace(/\|/g, '\\|');

function renderRoutes(routes: readonly Pick<Route, 'method' | 'path' | 'auth' | 'okStatus' | 'summary'>[]): string {
  const rows = routes.map((r) => `| \`${r.method.toUpperCase()} ${r.path}\` | ${AUTH_LABEL[r.auth]} | ${r.okStatus ?? 200} | ${cell(r.summary)} |`);
  return ['| route | auth | answers | what |', '| --- | --- | --- | --- |', ...rows].join('\n');
}

function renderErrorCodes(): string {
  const rows = ERROR_CODES.map((code) => `| \`${code}\` | ${HTTP_STATUS_BY_CODE[code]} |`);
  return ['| code | status |', '| --- | --- |', ...rows].join('\n');
}

export function renderApiDocBlocks(routes: readonly Route[]): Record<ApiDocBlock, string> {
  return { routes: renderRoutes(routes), 'error-codes': renderErrorCodes() };
}

const begin = (block: ApiDocBlock) => `<!-- generated:${block} — backend/src/tools/api-doc.ts; do not edit by hand -->`;
const end = (block: ApiDocBlock) => `<!-- end generated:${block} -->`;

function blockRange(page: string, block: ApiDocBlock): { from: number; to: number } | null {
  const start = page.indexOf(begin(block));
  const stop = page.indexOf(end(block));
  if (start < 0 || stop < start) return null;
  return { from: start + begin(block).length, to: stop };
}

/** The blocks whose text differs from what the code renders today (or whose markers are missing). */
export function staleApiDocBlocks(page: string, rendered: Record<ApiDocBlock, string>): ApiDocBlock[] {
  return API_DOC_BLOCKS.filter((block) => {
    const range = blockRange(page, block);
    return range === null || page.slice(range.from, range.to).trim() !== rendered[block];
  });
}

/** The page with every block replaced by what the code renders; a block without markers is an error. */
export function withApiDocBlocks(page: string, rendered: Record<ApiDocBlock, string>): string {
  let next = page;
  for (const block of API_DOC_BLOCKS) {
    const range = blockRange(next, block);
    if (range === null) throw new Error(`docs/api.md has no ${begin(block)} … ${end(block)} markers`);
    next = `${next.slice(0, range.from)}\n${rendered[block]}\n${next.slice(range.to)}`;
  }
  return next;
}

export const apiDocMarkers = { begin, end };

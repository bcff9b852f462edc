/**
 * The repository stands alone: someone who clones it finds the contract, the rules and the
 * device facts in docs/, and no document or comment sends them to a file that is not here.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SELF = path.relative(ROOT, fileURLToPath(import.meta.url));
/** Build output, installs and local data: not the repository's own text. */
const SKIPPED_DIRS = new Set(['node_modules', '.git', 'dist', 'out', 'data', 'test-results', 'coverage', '.vite']);
const TEXT_FILE = /\.(md|ts|tsx|js|mjs|cjs|json|ya?ml|sh|html|css)$|^\.ci\//;

function repositoryFiles(dir = ROOT): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (SKIPPED_DIRS.has(entry.name)) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...repositoryFiles(full));
    else if (entry.isFile()) files.push(path.relative(ROOT, full));
  }
  return files;
}

const textFiles = repositoryFiles()
  .filter((file) => TEXT_FILE.test(file) && file !== SELF && file !== 'package-lock.json')
  .map((file) => ({ file, text: readFileSync(path.join(ROOT, file), 'utf8') }));

/** Every `needle` hit as "file:line: text", for a failure that says where to look. */
function hits(pattern: RegExp): string[] {
  return textFiles.flatMap(({ file, text }) =>
    text.split('\n').flatMap((line, index) => (pattern.test(line) ? [`${file}:${index + 1}: ${line.trim()}`] : [])),
  );
}

describe('the repository stands alone', () => {
  it('When a document or comment cites a spec, then it is a page in docs/, never a folder outside the repository or a build machine path', () => {
    // The specs once lived beside the repository: these names point there.
    const outside = ['shared', 'spec'].join('/');
    const oldNames = ['hardware-notes', 'api-contract', 'seed-kumagaya'];
    expect(hits(new RegExp(`${outside}|(^|[\\s\`'"(])/work/|${oldNames.join('|')}`))).toEqual([]);
  });

  it('When a docs/ page is named anywhere, then the page exists', () => {
    const named = new Set(textFiles.flatMap(({ text }) => [...text.matchAll(/\bdocs\/([\w.-]+\.md)\b/g)].map((match) => match[1] ?? '')));
    expect(named.size).toBeGreaterThan(5);
    expect([...named].filter((page) => !existsSync(path.join(ROOT, 'docs', page)))).toEqual([]);
  });

  it('When code, tests or docs cite a rule id, then docs/business-rules.md defines that rule', () => {
    const rules = readFileSync(path.join(ROOT, 'docs/business-rules.md'), 'utf8');
    const defined = new Set([...rules.matchAll(/^- \*\*(R\d+[a-z]?)\b/gm)].map((match) => match[1]));
    expect(defined.has('R1') && defined.has('R20a') && defined.has('R33')).toBe(true);
    const cited = new Set(textFiles.flatMap(({ text }) => [...text.matchAll(/\b(R\d{1,2}[a-z]?)\b/g)].map((match) => match[1] ?? '')));
    expect([...cited].filter((id) => !defined.has(id)).sort()).toEqual([]);
  });

  it('When someone clones the repository, then the contract, the rules and the device facts are in docs/', () => {
    for (const page of ['api.md', 'business-rules.md', 'device-facts.md']) expect(existsSync(path.join(ROOT, 'docs', page))).toBe(true);
  });
});

/**
 * No import loops between files (issue 15: `store.ts` ↔ `sqlite.ts`/`postgres.ts` was one).
 * A plain graph walk instead of eslint-plugin-import's `no-cycle`: no new dependency, and it
 * reads the whole tree at once, which a per-file lint rule cannot do cheaply.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importGraph, importLoops, relativeImports, type ImportGraph } from './import-graph';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

describe('import loops', () => {
  it('When the repository is read, then no file imports itself through others (type and dynamic imports count)', () => {
    const graph = importGraph(ROOT);
    expect(graph.has('backend/src/store/store.ts')).toBe(true);
    expect(importLoops(graph)).toEqual([]);
  });

  it('When store.ts imported sqlite.ts again as it once did, then the walk finds that loop', () => {
    const graph = importGraph(ROOT);
    const withLoop: ImportGraph = new Map(graph);
    withLoop.set('backend/src/store/store.ts', [...(graph.get('backend/src/store/store.ts') ?? []), 'backend/src/store/sqlite.ts']);
    expect(importLoops(withLoop)).toContainEqual(['backend/src/store/sqlite.ts', 'backend/src/store/store.ts']);
  });

  it('When a loop runs through three files or a file imports itself, then each is found once', () => {
    const graph: ImportGraph = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts', 'd.ts']],
      ['d.ts', []],
      ['e.ts', ['e.ts']],
    ]);
    expect(importLoops(graph)).toEqual([['a.ts', 'b.ts', 'c.ts'], ['e.ts']]);
  });

  it('When a file has static, type-only, re-export and dynamic imports, then all are read and comments are not', () => {
    const source = [
      "import { a } from './a';",
      "import type { B } from '../b';",
      "export * from './c';",
      "const d = await import('./d');",
      "import './e.css';",
      "// import { f } from './f';",
      "/* import { g } from './g'; */",
      "import { z } from 'zod';",
    ].join('\n');
    expect(relativeImports(source)).toEqual(['./a', '../b', './c', './d', './e.css']);
  });
});

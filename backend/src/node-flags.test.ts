import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { BACKEND_NODE_FLAGS, missingNodeFlagsAdvice, SINGLE_THREADED_GC_CORES_MAX } from './node-flags';

const ROOT = path.resolve(import.meta.dirname, '../..');

describe('the backend process\'s node flags (issue 16: GC helpers on two busy cores)', () => {
  it('When the backend is started with "npm run backend", then node gets every flag the benches measured', () => {
    const scripts = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    const words = scripts.backend!.split(/\s+/);
    expect(words[0]).toBe('node');
    const script = words.indexOf('backend/src/main.ts');
    expect(script).toBeGreaterThan(0);
    // Node reads its own flags only before the script's path.
    for (const flag of BACKEND_NODE_FLAGS) expect(words.slice(1, script)).toContain(flag);
  });

  it('When an operator starts it without the flags on a small machine, then the advice names the missing flag; with them, or on a larger machine, nothing is said', () => {
    const advice = missingNodeFlagsAdvice(['--import', 'tsx'], 2);
    expect(advice).toContain('--single-threaded-gc');
    expect(advice).toContain('npm run backend');
    expect(missingNodeFlagsAdvice([...BACKEND_NODE_FLAGS, '--import', 'tsx'], 2)).toBeNull();
    expect(missingNodeFlagsAdvice(['--import', 'tsx'], 1)).toContain('--single-threaded-gc');
    expect(missingNodeFlagsAdvice(['--import', 'tsx'], SINGLE_THREADED_GC_CORES_MAX + 1)).toBeNull();
  });
});

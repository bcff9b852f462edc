/**
 * `npm run test:e2e`: every scenario in test/e2e/scenarios/*.e2e.ts, one at a time (two cores:
 * each test already runs a backend, a browser host and a Chromium), each on its own fresh
 * backend database. Prints one line per test and a plain last line `e2e: N passed, N failed`;
 * exits non-zero on any failure. `npm run test:e2e -- <text>` runs the tests whose name or
 * slug contains <text>.
 *
 * No child outlives the run: every test's cleanups stop what it started, and on any way out
 * (signal, crash) the registry of children is killed.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { RESULTS_DIR, TestRun, type E2eTest } from './lib/harness';
import { killAllChildren } from '../../scripts/lib/processes';
import { ensureRendererBuilt } from './lib/renderer-build';
import { chromiumInstalled, CHROMIUM_PATH } from './lib/browser';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const SCENARIOS_DIR = path.join(HERE, 'scenarios');
/** A scenario drives a few screens against local processes; 2 minutes means it is stuck. */
const TEST_TIMEOUT_MS_DEFAULT = 120_000;

function installExitGuards(): void {
  const onSignal = (signal: NodeJS.Signals) => {
    const killed = killAllChildren();
    process.stderr.write(`\ne2e: interrupted by ${signal}; killed ${killed} child process(es)\n`);
    process.exit(130);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  process.once('exit', () => killAllChildren());
}

async function loadTests(): Promise<E2eTest[]> {
  const files = readdirSync(SCENARIOS_DIR)
    .filter((file) => file.endsWith('.e2e.ts'))
    .sort();
  const tests: E2eTest[] = [];
  for (const file of files) {
    const module = (await import(pathToFileURL(path.join(SCENARIOS_DIR, file)).href)) as { default: E2eTest | E2eTest[] };
    tests.push(...(Array.isArray(module.default) ? module.default : [module.default]));
  }
  const slugs = new Set<string>();
  for (const test of tests) {
    if (slugs.has(test.slug)) throw new Error(`two e2e tests share the slug ${test.slug}`);
    slugs.add(test.slug);
  }
  return tests;
}

async function withTimeout(test: E2eTest, run: TestRun): Promise<void> {
  const timeoutMs = test.timeoutMs ?? TEST_TIMEOUT_MS_DEFAULT;
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`test did not finish within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([test.run(run), timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  return String(error);
}

async function main(): Promise<number> {
  installExitGuards();
  const filter = process.argv[2] ?? '';
  if (!chromiumInstalled()) {
    console.error(`e2e: ${CHROMIUM_PATH} is missing (apt-get install chromium fonts-noto-cjk)`);
    console.log('e2e: 0 passed, 1 failed');
    return 1;
  }
  await ensureRendererBuilt();
  mkdirSync(RESULTS_DIR, { recursive: true });
  // Old screenshots would pass for this run's: only this folder is ours to clear.
  for (const file of readdirSync(RESULTS_DIR)) if (file.endsWith('.png') || file.endsWith('.y4m')) rmSync(path.join(RESULTS_DIR, file));

  const tests = (await loadTests()).filter((test) => test.name.includes(filter) || test.slug.includes(filter));
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  for (const test of tests) {
    const missing = test.unavailable?.() ?? null;
    if (missing !== null) {
      skipped += 1;
      console.log(`  - ${test.name} (skipped: ${missing})`);
      continue;
    }
    const dir = mkdtempSync(path.join(os.tmpdir(), `kumapay-e2e-${test.slug}-`));
    const run = new TestRun(test.name, test.slug, dir);
    const startedMs = performance.now();
    let failure: unknown = null;
    try {
      await withTimeout(test, run);
    } catch (error) {
      failure = error;
    }
    const cleanupProblems = await run.cleanUp();
    const seconds = ((performance.now() - startedMs) / 1000).toFixed(1);
    if (failure === null && cleanupProblems.length === 0) {
      passed += 1;
      console.log(`  ✓ ${test.name} (${seconds} s)`);
      // Console errors on a passing test are not failures, but they are shown, not hidden.
      if (run.logLines.length > 0) console.log(indent(['notes:', ...run.logLines].join('\n')));
      rmSync(dir, { recursive: true, force: true });
    } else {
      failed += 1;
      console.log(`  ✗ ${test.name} (${seconds} s)`);
      if (failure !== null) console.log(indent(describe(failure)));
      for (const problem of cleanupProblems) console.log(indent(problem));
      if (run.logLines.length > 0) console.log(indent(['log:', ...run.logLines].join('\n')));
      console.log(indent(`scratch folder kept: ${dir}`));
    }
  }
  const leftover = killAllChildren();
  if (leftover > 0) {
    console.log(`  ✗ ${leftover} child process(es) were still running after the tests' cleanups (killed)`);
    failed += 1;
  }
  console.log(`e2e: ${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`);
  return failed === 0 && passed > 0 ? 0 : 1;
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `      ${line}`)
    .join('\n');
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(describe(error));
    killAllChildren();
    console.log('e2e: 0 passed, 1 failed');
    process.exit(1);
  },
);

/**
 * `npm run test:fresh-clone`: what a newcomer gets. Clones the repository into a scratch folder
 * and there, with no environment but PATH and HOME (as `env -i PATH=$PATH HOME=$HOME` would):
 *
 *   1. `npm ci` succeeds, whether or not Electron's binary can be downloaded, and npm prints no
 *      "not yet covered by allowScripts" notice;
 *   2. `npm test` passes with none of our settings (no KUMAPAY_TEST_PG_URL: the PostgreSQL
 *      suites say they skipped);
 *   3. `npm run demo`, headless, prints its addresses, answers, and stops on Ctrl-C with nothing
 *      left behind (demo-smoke.ts).
 *
 * Uncommitted changes of the source checkout are copied over the clone, so a developer tests
 * what they are about to commit; CI's checkout has none. One line per step with its time, then
 * `fresh-clone: N passed, N failed` last; exit 1 on any failure. The scratch folder is deleted
 * when every step passed and kept (its path printed) when one failed.
 *
 * `--source <dir>` clones another checkout instead of this one.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { locateElectronBinary } from '../../scripts/lib/electron-binary';
import { ROOT } from '../../scripts/lib/processes';
import { processesWorkingIn, smokeDemo } from './demo-smoke';
import { GroupProcess, killAllGroups } from './group-process';

/** A local clone hard-links objects: seconds. */
const CLONE_TIMEOUT_MS = 60_000;
/**
 * ~5 min on this two-core machine, most of it compiling better-sqlite3 and node-hid from
 * source because their prebuilt binaries cannot be downloaded; 4× that for a loaded CI run.
 */
const NPM_CI_TIMEOUT_MS = 20 * 60_000;
/** Typecheck, lint and every unit suite: ~10 min on two cores beside other work; 3× that. */
const NPM_TEST_TIMEOUT_MS = 30 * 60_000;
/** What npm 11 prints at the end of an install when a dependency's install script is undeclared. */
const UNDECLARED_SCRIPTS_NOTICE = /covered by allowScripts/;

interface StepResult {
  name: string;
  problems: string[];
  durationMs: number;
}

function log(line: string): void {
  console.log(`fresh-clone: ${line}`);
}

/** `env -i PATH=$PATH HOME=$HOME`: nothing of CI's (ELECTRON_SKIP_BINARY_DOWNLOAD, KUMAPAY_TEST_PG_URL, CI) gets in. */
function newcomerEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  if (process.env.PATH !== undefined) env.PATH = process.env.PATH;
  if (process.env.HOME !== undefined) env.HOME = process.env.HOME;
  return env;
}

function git(cwd: string, args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', timeout: CLONE_TIMEOUT_MS, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** The source's committed tree, then its uncommitted edits, new files and deletions on top. */
function cloneWithWorkingTree(source: string, target: string): string {
  git(os.tmpdir(), ['clone', '--quiet', source, target]);
  const changed = git(source, ['ls-files', '-z', '--modified', '--others', '--exclude-standard']).split('\0').filter(Boolean);
  for (const file of new Set(changed)) {
    const from = path.join(source, file);
    const to = path.join(target, file);
    if (existsSync(from)) {
      mkdirSync(path.dirname(to), { recursive: true });
      copyFileSync(from, to);
    } else {
      rmSync(to, { force: true });
    }
  }
  const head = git(source, ['rev-parse', '--short', 'HEAD']).trim();
  return `${head}${changed.length > 0 ? ` plus ${new Set(changed).size} uncommitted file(s)` : ''}`;
}

async function step(name: string, run: () => Promise<string[]>): Promise<StepResult> {
  log(`${name}…`);
  const startedMs = Date.now();
  let problems: string[];
  try {
    problems = await run();
  } catch (error) {
    problems = [error instanceof Error ? error.message : String(error)];
  }
  const result = { name, problems, durationMs: Date.now() - startedMs };
  const seconds = Math.round(result.durationMs / 1000);
  if (problems.length === 0) log(`✓ ${name} (${seconds} s)`);
  else log(`✗ ${name} (${seconds} s)\n${problems.map((p) => `    ${p}`).join('\n')}`);
  return result;
}

async function npmCi(clone: string, env: Record<string, string>): Promise<string[]> {
  const install = GroupProcess.start('npm ci', 'npm', ['ci'], { cwd: clone, env });
  if (!(await install.waitForExit(NPM_CI_TIMEOUT_MS))) return [`npm ci did not finish within ${NPM_CI_TIMEOUT_MS / 60_000} min (killed)`];
  const problems: string[] = [];
  if (!install.succeeded()) problems.push(`npm ci failed (${install.ending()})`);
  const notice = UNDECLARED_SCRIPTS_NOTICE.exec(install.output());
  if (notice) problems.push('npm ci printed the allowScripts notice: a dependency with an install script is not declared in package.json `allowScripts`');
  const electron = locateElectronBinary(clone);
  log(electron.ok ? `Electron ${electron.version}'s binary was downloaded` : `no Electron binary (${electron.code}): only start:electron and dist need it`);
  return problems;
}

async function npmTest(clone: string, env: Record<string, string>): Promise<string[]> {
  const test = GroupProcess.start('npm test', 'npm', ['test'], { cwd: clone, env });
  if (!(await test.waitForExit(NPM_TEST_TIMEOUT_MS))) return [`npm test did not finish within ${NPM_TEST_TIMEOUT_MS / 60_000} min (killed)`];
  const problems: string[] = [];
  const report = path.join(clone, 'test-results/vitest.json');
  if (existsSync(report)) {
    const counts = JSON.parse(readFileSync(report, 'utf8')) as { numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number };
    log(`npm test in the clone: ${counts.numPassedTests} tests passed, ${counts.numFailedTests} failed, ${counts.numPendingTests + counts.numTodoTests} skipped`);
  }
  if (!test.succeeded()) problems.push(`npm test failed (${test.ending()})`);
  for (const leftover of processesWorkingIn(clone)) {
    problems.push(`process ${leftover.pid} still works in the clone after npm test: ${leftover.command}`);
  }
  return problems;
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { source: { type: 'string' } }, strict: true });
  const source = path.resolve(values.source ?? ROOT);
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'kumapay-fresh-clone-'));
  const clone = path.join(scratch, 'kumapay-terminal');
  const env = newcomerEnv();
  const startedMs = Date.now();

  const results: StepResult[] = [];
  results.push(
    await step('clone', async () => {
      log(`cloned ${source} at ${cloneWithWorkingTree(source, clone)} into ${clone}`);
      return [];
    }),
  );
  if (results[0]!.problems.length === 0) {
    results.push(await step('npm ci', () => npmCi(clone, env)));
    if (results[1]!.problems.length === 0) {
      results.push(await step('npm test', () => npmTest(clone, env)));
      results.push(await step('npm run demo (headless), then Ctrl-C', () => smokeDemo(clone, env, log)));
    }
  }

  const failed = results.filter((r) => r.problems.length > 0);
  log(`${Math.round((Date.now() - startedMs) / 1000)} s in all: ${results.map((r) => `${r.name} ${Math.round(r.durationMs / 1000)} s`).join(', ')}`);
  if (failed.length === 0) rmSync(scratch, { recursive: true, force: true });
  else log(`scratch folder kept: ${scratch}`);
  // Steps not reached count as failed: a broken install is not "fewer tests".
  const expectedSteps = 4;
  console.log(`fresh-clone: ${results.length - failed.length} passed, ${failed.length + expectedSteps - results.length} failed`);
  return failed.length === 0 && results.length === expectedSteps ? 0 : 1;
}

function onSignal(signal: NodeJS.Signals): void {
  const killed = killAllGroups();
  process.stderr.write(`\nfresh-clone: interrupted by ${signal}; killed ${killed} process group(s)\n`);
  process.exit(130);
}
process.once('SIGINT', onSignal);
process.once('SIGTERM', onSignal);
process.once('exit', () => killAllGroups());

process.exitCode = await main();

/**
 * `npm run demo` in the fresh clone, headless, as a newcomer runs it: it prints its addresses,
 * the terminal's page answers with the app, the backend answers, and Ctrl-C (SIGINT to the
 * whole process group, as a terminal sends it) stops it with nothing left: no process of the
 * group, no process working in the clone, no port still open.
 */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { freePort, portClosed, portFree } from '../../scripts/lib/ports';
import path from 'node:path';
import { GroupProcess } from './group-process';

/** The demo's own ports (scripts/demo.ts). */
const DEMO_PORTS = { backend: 8787, terminal: 4310 } as const;
/** A first start builds the renderer (bounded at 120 s by renderer-build.ts), then seeds over HTTP (~10 s). */
const DEMO_START_TIMEOUT_MS = 180_000;
/** The demo stops the terminal then the backend, each bounded by 8 s (scripts/lib/processes.ts); it gets both and slack. */
const DEMO_STOP_TIMEOUT_MS = 20_000;
/** After npm exits, its children are at most one graceful stop behind. */
const GROUP_GONE_TIMEOUT_MS = 10_000;
/** A local page from a server that said it is listening. */
const FETCH_TIMEOUT_MS = 10_000;

/** This process and its parents, which may well have been started inside the clone by hand. */
function selfAndAncestors(): Set<number> {
  const pids = new Set<number>();
  let pid = process.pid;
  while (pid > 1 && !pids.has(pid)) {
    pids.add(pid);
    try {
      // Field 4 of /proc/<pid>/stat is the parent; the command before it is in parentheses.
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      pid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    } catch {
      break;
    }
  }
  return pids;
}

/**
 * Processes other than us whose working folder is inside `dir` (Linux /proc; elsewhere the group
 * check stands alone): what escaped the process group. Reported, never killed: by then they are
 * not provably ours.
 */
export function processesWorkingIn(dir: string): { pid: number; command: string }[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  const ours = selfAndAncestors();
  const found: { pid: number; command: string }[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry) || ours.has(Number(entry))) continue;
    try {
      const cwd = readlinkSync(`/proc/${entry}/cwd`);
      if (cwd !== dir && !cwd.startsWith(`${dir}${path.sep}`)) continue;
      const command = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').join(' ').trim();
      found.push({ pid: Number(entry), command });
    } catch {
      // Gone meanwhile, or not ours to read.
    }
  }
  return found;
}

async function checkPage(url: string, problems: string[]): Promise<void> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
    const body = await response.text();
    const type = response.headers.get('content-type') ?? '';
    if (response.status !== 200 || !type.includes('text/html') || !body.includes('<title>KumaPAY Terminal</title>') || !body.includes('id="root"')) {
      problems.push(`GET ${url} answered ${response.status} ${type} without the app's page: ${body.slice(0, 200)}`);
    }
  } catch (error) {
    problems.push(`GET ${url} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

async function checkLive(backendUrl: string, problems: string[]): Promise<void> {
  try {
    const response = await fetch(`${backendUrl}/livez`, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
    if (response.status !== 200) problems.push(`GET ${backendUrl}/livez answered ${response.status}`);
  } catch (error) {
    problems.push(`GET ${backendUrl}/livez failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Runs the demo in `cloneDir` with exactly `env`; returns what went wrong (empty when nothing). */
export async function smokeDemo(cloneDir: string, env: Record<string, string>, log: (line: string) => void): Promise<string[]> {
  const problems: string[] = [];
  const demoEnv = { ...env };
  // The default ports are what a newcomer gets; a machine that already runs a demo gets free
  // ones through the demo's own settings rather than a failure that says nothing about the clone.
  if (!(await portFree(DEMO_PORTS.backend)) || !(await portFree(DEMO_PORTS.terminal))) {
    demoEnv.KUMAPAY_DEMO_BACKEND_PORT = String(await freePort());
    demoEnv.KUMAPAY_DEMO_TERMINAL_PORT = String(await freePort());
    log(`ports ${DEMO_PORTS.backend}/${DEMO_PORTS.terminal} are taken on this machine: the demo gets ${demoEnv.KUMAPAY_DEMO_BACKEND_PORT}/${demoEnv.KUMAPAY_DEMO_TERMINAL_PORT}`);
  }

  const demo = GroupProcess.start('npm run demo', 'npm', ['run', 'demo'], { cwd: cloneDir, env: demoEnv });
  const ready = await demo.waitForOutput(/Ctrl-C stops everything\./, DEMO_START_TIMEOUT_MS);
  const printed = demo.output();
  const terminalUrl = /Terminal \(cashier screen\):\s+(http:\/\/127\.0\.0\.1:\d+)\//.exec(printed)?.[1];
  const backendUrl = /Backend:\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(printed)?.[1];
  if (!ready || !terminalUrl || !backendUrl) {
    problems.push(`npm run demo did not print its addresses within ${DEMO_START_TIMEOUT_MS / 1000} s (${demo.groupAlive() ? 'still running' : demo.ending()})`);
  } else {
    for (const page of [`${terminalUrl}/#/simulator`, `${terminalUrl}/#/customer`]) {
      if (!printed.includes(page)) problems.push(`npm run demo did not print ${page}`);
    }
    await checkPage(`${terminalUrl}/`, problems);
    await checkLive(backendUrl, problems);
    log(`demo answered: ${terminalUrl}/ (the app's page), ${backendUrl}/livez`);
  }

  demo.signalGroup('SIGINT');
  if (!(await demo.waitForExit(DEMO_STOP_TIMEOUT_MS))) problems.push(`npm run demo did not stop within ${DEMO_STOP_TIMEOUT_MS / 1000} s of Ctrl-C (killed)`);
  if (ready && !demo.output().includes('demo stopped')) problems.push('npm run demo did not say "demo stopped" after Ctrl-C');
  if (!(await demo.waitForGroupGone(GROUP_GONE_TIMEOUT_MS))) {
    problems.push(`processes of npm run demo's group were still running ${GROUP_GONE_TIMEOUT_MS / 1000} s after it exited (killed)`);
    demo.signalGroup('SIGKILL');
  }
  for (const leftover of processesWorkingIn(cloneDir)) {
    problems.push(`process ${leftover.pid} still works in the clone after Ctrl-C of the demo: ${leftover.command}`);
  }
  const ports = [Number(demoEnv.KUMAPAY_DEMO_BACKEND_PORT ?? DEMO_PORTS.backend), Number(demoEnv.KUMAPAY_DEMO_TERMINAL_PORT ?? DEMO_PORTS.terminal)];
  for (const port of ports) {
    if (!(await portClosed(port))) problems.push(`port ${port} still accepts connections after Ctrl-C`);
  }
  return problems;
}

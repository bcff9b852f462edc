/**
 * Child processes of the demo, the e2e run and the benches (backend, browser host): started with `node --import tsx` so
 * signals reach the program itself (the tsx CLI would add a grandchild that a signal to the
 * child does not reach), ready when a line of their output matches, stopped with SIGTERM then
 * SIGKILL. Every child is registered so the runner can kill what is left on any exit path.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BACKEND_NODE_FLAGS } from '../../backend/src/node-flags';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** A backend or host that has not printed its address in this long will not: tsx + SQLite start in ~2 s here. */
export const START_TIMEOUT_MS = 30_000;
/** Graceful stop: the backend drains group commit, the host stops the core and closes the journal. */
export const STOP_TIMEOUT_MS = 8_000;
/** Output kept per process for failure reports: enough for a stack trace, bounded for a long run. */
const OUTPUT_KEPT_CHARS_MAX = 64_000;

const live = new Set<ChildProcess>();

/** Last resort on any exit path of the runner: nothing may outlive it. */
export function killAllChildren(): number {
  let killed = 0;
  for (const child of live) {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      killed += 1;
    }
  }
  live.clear();
  return killed;
}

export interface ManagedProcess {
  readonly name: string;
  readonly child: ChildProcess;
  /** The first match of the ready pattern (e.g. the URL). */
  readonly ready: RegExpExecArray;
  /** Everything it printed so far (bounded), for failure reports. */
  output(): string;
  running(): boolean;
  /** Resolves when the process has exited, however it ended. */
  readonly exited: Promise<void>;
  /** SIGTERM, then SIGKILL after `STOP_TIMEOUT_MS`; resolves when it has exited. */
  stop(): Promise<void>;
  /** SIGINT (what Ctrl-C sends), then SIGKILL after `timeoutMs`. */
  interrupt(timeoutMs?: number): Promise<void>;
  /** SIGKILL, for tests that need an abrupt end. */
  kill(): Promise<void>;
}

export interface SpawnOptions {
  name: string;
  /** Script path relative to the repository root, run as `node --import tsx <script>`. */
  script: string;
  args?: string[];
  /** Flags for node itself, before the script (e.g. --cpu-prof). */
  nodeArgs?: string[];
  env?: Record<string, string>;
  /** Matched against stdout+stderr as it arrives. */
  readyPattern: RegExp;
  startTimeoutMs?: number;
  /** Told every chunk of output after the process is ready (the demo shows its children's logs). */
  onOutputAfterReady?: (text: string) => void;
}

export async function spawnTsx(options: SpawnOptions): Promise<ManagedProcess> {
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), '--import', 'tsx', path.join(ROOT, options.script), ...(options.args ?? [])], {
    cwd: ROOT,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  let output = '';
  const append = (chunk: Buffer) => {
    output += chunk.toString('utf8');
    if (output.length > OUTPUT_KEPT_CHARS_MAX) output = output.slice(-OUTPUT_KEPT_CHARS_MAX);
  };
  child.stdout!.on('data', append);
  child.stderr!.on('data', append);
  const exited = new Promise<void>((resolve) => child.once('exit', () => {
    live.delete(child);
    resolve();
  }));

  const startTimeoutMs = options.startTimeoutMs ?? START_TIMEOUT_MS;
  let ready: RegExpExecArray;
  try {
    ready = await new Promise<RegExpExecArray>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${options.name} did not get ready in ${startTimeoutMs} ms; output:\n${output}`)), startTimeoutMs);
      const check = () => {
        const match = options.readyPattern.exec(output);
        if (match) {
          clearTimeout(timer);
          child.stdout!.off('data', check);
          child.stderr!.off('data', check);
          resolve(match);
        }
      };
      child.stdout!.on('data', check);
      child.stderr!.on('data', check);
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`${options.name} exited before it was ready (code ${code}, signal ${signal}); output:\n${output}`));
      });
      child.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
    });
  } catch (error) {
    child.kill('SIGKILL');
    await exited;
    throw error;
  }
  const onOutput = options.onOutputAfterReady;
  if (onOutput) {
    child.stdout!.on('data', (chunk: Buffer) => onOutput(chunk.toString('utf8')));
    child.stderr!.on('data', (chunk: Buffer) => onOutput(chunk.toString('utf8')));
  }

  const running = () => child.exitCode === null && child.signalCode === null;
  const endWith = async (signal: NodeJS.Signals, timeoutMs: number = STOP_TIMEOUT_MS) => {
    if (!running()) return;
    child.kill(signal);
    const timer = setTimeout(() => {
      process.stderr.write(`${options.name} did not stop within ${timeoutMs} ms of ${signal}: killed\n`);
      child.kill('SIGKILL');
    }, timeoutMs);
    await exited;
    clearTimeout(timer);
  };
  return {
    name: options.name,
    child,
    ready,
    output: () => output,
    running,
    exited,
    stop: () => endWith('SIGTERM'),
    interrupt: (timeoutMs) => endWith('SIGINT', timeoutMs),
    async kill() {
      if (!running()) return;
      child.kill('SIGKILL');
      await exited;
    },
  };
}

/** What `backend/src/main.ts` prints once it serves: its address, and the port in it. */
const BACKEND_READY = /listening on (http:\/\/[\d.]+:(\d+))/;

export interface BackendProcess extends ManagedProcess {
  /** `http://host:port` as the backend printed it. */
  readonly url: string;
  readonly port: number;
}

/**
 * The backend as `npm run backend` starts it, node flags included (backend/src/node-flags.ts;
 * one helper for the tests, the e2e run and the benches): on a free port unless `env` names one,
 * ready once it prints its address.
 */
export async function spawnBackendProcess(env: Record<string, string>, options: Partial<Pick<SpawnOptions, 'name' | 'nodeArgs' | 'startTimeoutMs' | 'onOutputAfterReady'>> = {}): Promise<BackendProcess> {
  const nodeArgs = [...BACKEND_NODE_FLAGS, ...(options.nodeArgs ?? [])];
  const started = await spawnTsx({ name: 'backend', ...options, nodeArgs, script: 'backend/src/main.ts', env: { KUMAPAY_PORT: '0', ...env }, readyPattern: BACKEND_READY });
  return Object.assign(started, { url: started.ready[1]!, port: Number(started.ready[2]) });
}

/**
 * A command (`npm ci`, `npm test`, `npm run demo`) run the way a newcomer's terminal runs it: in
 * its own process group, so Ctrl-C can be sent the way a terminal sends it (to the whole group)
 * and "nothing left behind" can be checked for the whole group, not just the first process.
 * Output is passed through to ours as it comes, and kept (bounded) to look into afterwards.
 */
import { spawn, type ChildProcess } from 'node:child_process';

/** Enough for npm's closing lines and a stack trace; `npm test` prints far more than anyone reads here. */
const OUTPUT_KEPT_CHARS_MAX = 256_000;
/** How often the group is looked at while waiting for it to empty: cheap (one kill(0)). */
const GROUP_POLL_MS = 100;

const live = new Set<GroupProcess>();

export class GroupProcess {
  private kept = '';
  private exitCode: number | null = null;
  private exitSignal: NodeJS.Signals | null = null;
  readonly exited: Promise<void>;

  private constructor(
    readonly label: string,
    private readonly child: ChildProcess,
  ) {
    const append = (chunk: Buffer, stream: NodeJS.WriteStream) => {
      stream.write(chunk);
      this.kept = (this.kept + chunk.toString('utf8')).slice(-OUTPUT_KEPT_CHARS_MAX);
    };
    child.stdout!.on('data', (chunk: Buffer) => append(chunk, process.stdout));
    child.stderr!.on('data', (chunk: Buffer) => append(chunk, process.stderr));
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.exitCode = code;
        this.exitSignal = signal;
        resolve();
      });
      child.once('error', (error) => {
        this.kept += `\n${label}: ${error.message}\n`;
        resolve();
      });
    });
  }

  /** `env` is the whole environment: nothing of ours leaks in. */
  static start(label: string, command: string, args: string[], options: { cwd: string; env: Record<string, string> }): GroupProcess {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const started = new GroupProcess(label, child);
    // Kept after the first process exits: the group may outlive it, and that is what is checked.
    live.add(started);
    return started;
  }

  /** Undefined when the spawn itself failed: then there is no group to signal. */
  get pid(): number | undefined {
    return this.child.pid;
  }

  output(): string {
    return this.kept;
  }

  /** How it ended, for messages: `exit 0`, `signal SIGINT`. */
  ending(): string {
    return this.exitSignal !== null ? `signal ${this.exitSignal}` : `exit ${this.exitCode}`;
  }

  succeeded(): boolean {
    return this.exitCode === 0;
  }

  /** Resolves true when the first process exited within `timeoutMs`; false (and the group killed) when not. */
  async waitForExit(timeoutMs: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    const finished = await Promise.race([this.exited.then(() => true as const), timedOut]);
    clearTimeout(timer);
    if (!finished) {
      this.signalGroup('SIGKILL');
      await this.exited;
    }
    return finished;
  }

  /** Resolves with the first match of `pattern` in the output, or null when it exits or `timeoutMs` passes first. */
  async waitForOutput(pattern: RegExp, timeoutMs: number): Promise<RegExpExecArray | null> {
    const deadlineMs = Date.now() + timeoutMs;
    let exited = false;
    void this.exited.then(() => {
      exited = true;
    });
    for (;;) {
      const match = pattern.exec(this.kept);
      if (match) return match;
      if (exited || Date.now() >= deadlineMs) return null;
      await sleep(GROUP_POLL_MS);
    }
  }

  /** What a terminal does on Ctrl-C: the signal goes to every process of the foreground group. */
  signalGroup(signal: NodeJS.Signals): void {
    // Never -undefined → NaN, or a pid ≤ 1: kill(-1) and kill(0) would reach far more than our group.
    if (this.pid === undefined || this.pid <= 1) return;
    try {
      process.kill(-this.pid, signal);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
    }
  }

  groupAlive(): boolean {
    if (this.pid === undefined || this.pid <= 1) return false;
    try {
      process.kill(-this.pid, 0);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
      throw error;
    }
  }

  /** True when no process of the group is left within `timeoutMs`. */
  async waitForGroupGone(timeoutMs: number): Promise<boolean> {
    const deadlineMs = Date.now() + timeoutMs;
    while (this.groupAlive()) {
      if (Date.now() >= deadlineMs) return false;
      await sleep(GROUP_POLL_MS);
    }
    return true;
  }
}

/** Last resort on any way out of the runner: no group it started may outlive it. */
export function killAllGroups(): number {
  let killed = 0;
  for (const group of live) {
    if (group.groupAlive()) {
      group.signalGroup('SIGKILL');
      killed += 1;
    }
  }
  return killed;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * What Linux and V8 say of a process from outside it: resident memory and CPU from /proc, and
 * the live heap from the lines `node --trace-gc` prints (no collection is forced).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';

export interface ProcMemory {
  rssKib: number;
  peakRssKib: number;
  /** User + system CPU the process has used so far. */
  cpuMs: number;
}

/** Linux's USER_HZ: /proc/<pid>/stat counts CPU time in ticks of 1/100 s. */
const CLOCK_TICKS_PER_S = 100;

/** User + system CPU in a /proc `stat` line: fields 14 and 15, counted after the command name's closing parenthesis. */
function cpuMsOfStat(stat: string): number {
  const [utime, stime] = stat.slice(stat.lastIndexOf(')') + 2).split(' ').slice(11, 13).map(Number);
  return (((utime ?? 0) + (stime ?? 0)) * 1000) / CLOCK_TICKS_PER_S;
}

/** VmRSS and VmHWM of one process, in KiB, as the kernel counts them. */
export function procMemory(pid: number): ProcMemory {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string) => {
    const match = new RegExp(`^${name}:\\s+(\\d+) kB$`, 'm').exec(status);
    if (!match?.[1]) throw new Error(`/proc/${pid}/status has no ${name}`);
    return Number(match[1]);
  };
  return { rssKib: field('VmRSS'), peakRssKib: field('VmHWM'), cpuMs: cpuMsOfStat(readFileSync(`/proc/${pid}/stat`, 'utf8')) };
}

/** node --trace-gc: `Mark-Compact 57.7 (76.2) -> 48.0 (82.3) MB`, the heap before and after a full collection. */
const MARK_COMPACT_LINE = /Mark-Compact(?: \(reduce\))? [\d.]+ \([\d.]+\) -> ([\d.]+) \([\d.]+\) MB/;

/** The live heap (MB) after a full collection, if the line is --trace-gc's report of one. */
export function liveHeapAfterFullGcMb(line: string): number | null {
  const match = MARK_COMPACT_LINE.exec(line);
  return match?.[1] ? Number(match[1]) : null;
}

/**
 * One /proc file of each of a process's threads, by thread id (Linux only). A thread that ends
 * between the listing and the read is left out; null when a live thread has no such file (a
 * kernel that does not keep it).
 */
function perThreadFile(pid: number, name: 'stat' | 'schedstat'): Map<number, string> | null {
  const byThread = new Map<number, string>();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      byThread.set(Number(tid), readFileSync(`/proc/${pid}/task/${tid}/${name}`, 'utf8'));
    } catch {
      if (existsSync(`/proc/${pid}/task/${tid}`)) return null;
    }
  }
  return byThread;
}

/** CPU each thread of a process has used so far (user + system), by thread id; Linux only. */
export function threadCpuMs(pid: number): Map<number, number> {
  const stats = perThreadFile(pid, 'stat');
  if (!stats) throw new Error(`/proc/${pid}/task/*/stat cannot be read`);
  return new Map([...stats].map(([tid, stat]) => [tid, cpuMsOfStat(stat)]));
}

export interface CpuShares {
  /** The thread Node started the process on: HTTP, JSON, zod, auth. */
  mainMs: number;
  /** The busiest other thread: in the backend, the ledger worker (the only other one running JavaScript). */
  busiestOtherMs: number;
  /** Everything else: V8's GC helpers, libuv's pool. */
  restMs: number;
}

/** How the CPU a process used between two `threadCpuMs` readings splits over its threads. */
export function cpuShares(pid: number, before: Map<number, number>, after: Map<number, number>): CpuShares {
  const used = [...after].map(([tid, ms]) => ({ tid, ms: ms - (before.get(tid) ?? 0) }));
  const mainMs = used.find((t) => t.tid === pid)?.ms ?? 0;
  const others = used.filter((t) => t.tid !== pid).sort((a, b) => b.ms - a.ms);
  const busiestOtherMs = others[0]?.ms ?? 0;
  return { mainMs, busiestOtherMs, restMs: others.slice(1).reduce((sum, t) => sum + t.ms, 0) };
}

/** What Linux's scheduler says of one thread so far: /proc/<pid>/task/<tid>/schedstat. */
export interface ThreadSched {
  /** Time it ran on a core. */
  onCoreMs: number;
  /** Time it was ready to run but waited for a core (the run queue). */
  waitingMs: number;
  /** How many times it was put on a core. */
  slices: number;
}

/** `schedstat`'s three numbers: nanoseconds on a core, nanoseconds in the run queue, timeslices. */
export function parseSchedstat(text: string): ThreadSched {
  const [onCoreNs, waitingNs, slices] = text.trim().split(/\s+/).map(Number);
  if (![onCoreNs, waitingNs, slices].every((n) => Number.isFinite(n))) throw new Error(`not a schedstat line: ${JSON.stringify(text)}`);
  return { onCoreMs: onCoreNs! / 1e6, waitingMs: waitingNs! / 1e6, slices: slices! };
}

/** Every thread's scheduler figures by thread id; null where the kernel does not keep them (no CONFIG_SCHED_INFO, not Linux). */
export function threadSched(pid: number): Map<number, ThreadSched> | null {
  if (!existsSync(`/proc/${pid}/task`)) return null;
  const lines = perThreadFile(pid, 'schedstat');
  return lines && new Map([...lines].map(([tid, line]) => [tid, parseSchedstat(line)]));
}

/** Where one thread's wall time went between two readings, as shares of it. */
export interface WallShares {
  onCore: number;
  waitingForCore: number;
  /** Neither: blocked in a system call (fsync) or with nothing to do. */
  asleep: number;
  /** Run-queue wait per timeslice, ms: how long a wake-up waits for a core. */
  waitPerSliceMs: number;
}

function wallShares(before: ThreadSched | undefined, after: ThreadSched, wallMs: number): WallShares {
  const onCoreMs = after.onCoreMs - (before?.onCoreMs ?? 0);
  const waitingMs = after.waitingMs - (before?.waitingMs ?? 0);
  const slices = after.slices - (before?.slices ?? 0);
  const onCore = onCoreMs / wallMs;
  const waitingForCore = waitingMs / wallMs;
  return { onCore, waitingForCore, asleep: Math.max(0, 1 - onCore - waitingForCore), waitPerSliceMs: slices > 0 ? waitingMs / slices : 0 };
}

/**
 * The process's main thread (HTTP) and its busiest other thread (the ledger worker): how much of
 * the wall time between two `threadSched` readings each spent on a core, waiting for one, and
 * asleep. A thread that waits for a core is one the machine's cores cannot keep up with.
 */
export function schedShares(pid: number, before: Map<number, ThreadSched>, after: Map<number, ThreadSched>, wallMs: number): { main: WallShares; busiestOther: WallShares } | null {
  if (!(wallMs > 0)) throw new RangeError(`the wall time must be positive, not ${wallMs}`);
  const mainAfter = after.get(pid);
  if (!mainAfter) return null;
  let busiest: { tid: number; onCoreMs: number } | null = null;
  for (const [tid, t] of after) {
    if (tid === pid) continue;
    const onCoreMs = t.onCoreMs - (before.get(tid)?.onCoreMs ?? 0);
    if (!busiest || onCoreMs > busiest.onCoreMs) busiest = { tid, onCoreMs };
  }
  if (!busiest) return null;
  return { main: wallShares(before.get(pid), mainAfter, wallMs), busiestOther: wallShares(before.get(busiest.tid), after.get(busiest.tid)!, wallMs) };
}

/**
 * What Linux and V8 say of a process from outside it: resident memory and CPU from /proc, and
 * the live heap from the lines `node --trace-gc` prints (no collection is forced).
 */
import { readdirSync, readFileSync } from 'node:fs';

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

/** CPU each thread of a process has used so far (user + system), by thread id; Linux only. */
export function threadCpuMs(pid: number): Map<number, number> {
  const byThread = new Map<number, number>();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
    } catch {
      continue; // the thread ended between the listing and the read
    }
    byThread.set(Number(tid), cpuMsOfStat(stat));
  }
  return byThread;
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

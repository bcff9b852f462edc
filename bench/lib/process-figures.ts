/**
 * What Linux and V8 say of a process from outside it: resident memory and CPU from /proc, and
 * the live heap from the lines `node --trace-gc` prints (no collection is forced).
 */
import { readFileSync } from 'node:fs';

export interface ProcMemory {
  rssKib: number;
  peakRssKib: number;
  /** User + system CPU the process has used so far. */
  cpuMs: number;
}

/** Linux's USER_HZ: /proc/<pid>/stat counts CPU time in ticks of 1/100 s. */
const CLOCK_TICKS_PER_S = 100;

/** VmRSS and VmHWM of one process, in KiB, as the kernel counts them. */
export function procMemory(pid: number): ProcMemory {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string) => {
    const match = new RegExp(`^${name}:\\s+(\\d+) kB$`, 'm').exec(status);
    if (!match?.[1]) throw new Error(`/proc/${pid}/status has no ${name}`);
    return Number(match[1]);
  };
  // Fields 14 and 15 (utime, stime), counted after the command name's closing parenthesis.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const [utime, stime] = stat.slice(stat.lastIndexOf(')') + 2).split(' ').slice(11, 13).map(Number);
  return { rssKib: field('VmRSS'), peakRssKib: field('VmHWM'), cpuMs: (((utime ?? 0) + (stime ?? 0)) * 1000) / CLOCK_TICKS_PER_S };
}

/** node --trace-gc: `Mark-Compact 57.7 (76.2) -> 48.0 (82.3) MB`, the heap before and after a full collection. */
const MARK_COMPACT_LINE = /Mark-Compact(?: \(reduce\))? [\d.]+ \([\d.]+\) -> ([\d.]+) \([\d.]+\) MB/;

/** The live heap (MB) after a full collection, if the line is --trace-gc's report of one. */
export function liveHeapAfterFullGcMb(line: string): number | null {
  const match = MARK_COMPACT_LINE.exec(line);
  return match?.[1] ? Number(match[1]) : null;
}

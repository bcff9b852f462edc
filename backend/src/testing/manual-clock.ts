import type { Clock } from '../../../common/time';

/** A clock the test moves by hand: cache ages and lock-outs without waiting. */
export class ManualClock implements Clock {
  constructor(private valueMs: number = Date.parse('2026-12-01T10:00:00+09:00')) {}
  nowMs(): number {
    return this.valueMs;
  }
  advance(ms: number): void {
    this.valueMs += ms;
  }
}

import { describe, expect, it } from 'vitest';
import { fakePrintJob } from './fake';
import { parseEventData } from './validate';

describe('events from the host', () => {
  it('R29: When a print_job event arrives, then it reaches the screens; a job without a known state or copy is dropped', () => {
    const job = fakePrintJob({ slipId: 'slip-1', state: 'failed', failure: 'paper_out', message: 'paper end' });
    expect(parseEventData(JSON.stringify({ type: 'print_job', job }))).toEqual({ type: 'print_job', job });
    // A failure code newer than this renderer still passes (the panel words it with the message).
    const newer = { ...job, failure: 'jammed' };
    expect(parseEventData(JSON.stringify({ type: 'print_job', job: newer }))).toEqual({ type: 'print_job', job: newer });
    expect(parseEventData(JSON.stringify({ type: 'print_job', job: { ...job, state: 'burning' } }))).toBeNull();
    expect(parseEventData(JSON.stringify({ type: 'print_job', job: { ...job, copy: 'extra' } }))).toBeNull();
    expect(parseEventData(JSON.stringify({ type: 'print_job', job: { ...job, slipId: 7 } }))).toBeNull();
    expect(parseEventData(JSON.stringify({ type: 'print_job' }))).toBeNull();
  });
});

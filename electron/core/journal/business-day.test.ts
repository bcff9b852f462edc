/** R30 in the journal: the business day of a new row, read from the closes on disk. */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { terminalBusinessDayAt } from '../../../common/business-day';
import { Journal } from './journal';

const at = (iso: string) => Date.parse(iso);

describe('journal business day (R30)', () => {
  let dir: string | null = null;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = null;
  });

  it('When days were closed in any order (a forgotten day closed late), then a new row gets the day every close together gives', () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'kumapay-journal-day-'));
    const journal = Journal.open(path.join(dir, 'journal.sqlite'));
    const closes = [
      { businessDay: '2026-12-01', closedAtMs: at('2026-12-01T21:00:00+09:00') },
      // 12-03 closed in the evening, then 12-02 (forgotten) half an hour later.
      { businessDay: '2026-12-03', closedAtMs: at('2026-12-03T21:00:00+09:00') },
      { businessDay: '2026-12-02', closedAtMs: at('2026-12-03T21:30:00+09:00') },
    ];
    for (const c of closes) journal.dayCloses.record(c.businessDay, c.closedAtMs, '{}');
    const instants = ['2026-12-01T20:59:59+09:00', '2026-12-01T21:00:00+09:00', '2026-12-02T10:00:00+09:00', '2026-12-03T21:15:00+09:00', '2026-12-03T22:00:00+09:00', '2026-12-05T00:30:00+09:00'];
    const days = instants.map((iso) => journal.txns.businessDayAt(at(iso)));
    expect(days).toEqual(instants.map((iso) => terminalBusinessDayAt(at(iso), closes)));
    // After the late close of 12-02, sales still go to 12-04: the day after the latest day closed.
    expect(days).toEqual(['2026-12-01', '2026-12-02', '2026-12-02', '2026-12-04', '2026-12-04', '2026-12-05']);
    journal.close();
  });
});

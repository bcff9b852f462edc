import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openJournalDatabase, type JournalDatabase } from './database';
import { BalanceLabelStore } from './balance-label-store';
import { SettingsStore } from './settings-store';

const dirs: string[] = [];
const dbs: JournalDatabase[] = [];
afterEach(() => {
  for (const db of dbs.splice(0)) db.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function journalFile(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'kumapay-labels-'));
  dirs.push(dir);
  return path.join(dir, 'journal.sqlite');
}

function open(file: string, keptMax: number): BalanceLabelStore {
  const db = openJournalDatabase(file);
  dbs.push(db);
  return new BalanceLabelStore(new SettingsStore(db), keptMax);
}

/** Closes every open journal (one process holds a journal at a time) and opens the file again. */
function reopen(file: string, keptMax: number): BalanceLabelStore {
  for (const db of dbs.splice(0)) db.close();
  return open(file, keptMax);
}

describe('balance names learnt from the backend (R2)', () => {
  it('When a campaign is renamed and learnt again, then the newest name is the one kept, charge money apart, and both survive a restart', () => {
    const file = journalFile();
    const store = open(file, 10);
    store.learn([
      { kind: 'charge', campaignId: null, label: 'チャージマネー' },
      { kind: 'limited', campaignId: 'camp-1', label: '限定マネー①' },
    ]);
    store.learn([{ kind: 'limited', campaignId: 'camp-1', label: '補助金等マネー' }]);
    expect(store.get('limited', 'camp-1')).toBe('補助金等マネー');
    expect(store.get('charge', null)).toBe('チャージマネー');
    expect(store.get('limited', 'camp-unknown')).toBeNull();

    const reopened = reopen(file, 10);
    expect(reopened.get('limited', 'camp-1')).toBe('補助金等マネー');
    expect(reopened.get('charge', null)).toBe('チャージマネー');
  });

  it('When an answer carries no name or an empty one, then the name learnt before stays', () => {
    const store = open(journalFile(), 10);
    store.learn([{ kind: 'limited', campaignId: 'camp-2', label: 'ふるさとクマPAYマネー' }]);
    store.learn([{ kind: 'limited', campaignId: 'camp-2' }, { kind: 'limited', campaignId: 'camp-2', label: '' }]);
    expect(store.get('limited', 'camp-2')).toBe('ふるさとクマPAYマネー');
  });

  it('When more names are learnt than the bound, then the ones learnt longest ago are dropped, on disk too', () => {
    const file = journalFile();
    const store = open(file, 3);
    for (const n of [1, 2, 3]) store.learn([{ kind: 'limited', campaignId: `camp-${n}`, label: `キャンペーン${n}` }]);
    // camp-1 renamed: learnt again, it is now the newest and outlives camp-2.
    store.learn([{ kind: 'limited', campaignId: 'camp-1', label: '補助金等マネー' }]);
    store.learn([{ kind: 'limited', campaignId: 'camp-4', label: 'キャンペーン4' }]);
    expect(['camp-1', 'camp-2', 'camp-3', 'camp-4'].map((id) => store.get('limited', id))).toEqual(['補助金等マネー', null, 'キャンペーン3', 'キャンペーン4']);
    const reopened = reopen(file, 3);
    expect(['camp-1', 'camp-2', 'camp-3', 'camp-4'].map((id) => reopened.get('limited', id))).toEqual(['補助金等マネー', null, 'キャンペーン3', 'キャンペーン4']);
  });
});

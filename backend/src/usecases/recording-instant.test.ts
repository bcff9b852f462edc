import { afterEach, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { systemClock } from '../../../common/time';
import { createDeps } from '../deps';
import { openSqliteStore } from '../store/sqlite';
import type { Store } from '../store/store';
import * as admin from './admin';
import { DataKeys, newDataKey } from './data-keys';
import { recordingInstant } from './day-closes';
import { writeIdempotent } from './idempotency';

describe('recordingInstant inside a group-committed batch (SQLite)', () => {
  let dir: string;
  let store: Store;
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  // Every unit of a batch gets the same transaction object; the last close a money unit read
  // with its prior answer (writeIdempotent's holdsTerminal) must not outlive that unit.
  it('R30: When a 精算 commits between two units of the same terminal in one batch, then the later unit records at that close, not at the close the earlier unit read', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'kumapay-instant-'));
    store = await openSqliteStore(path.join(dir, 'db.sqlite'));
    const deps = await createDeps({ store, clock: systemClock, log: pino({ level: 'silent' }), dataKeys: new DataKeys([newDataKey()]) });
    const merchant = await admin.createMerchant(deps, { name: 'shop', chargePoint: false });
    const till = await admin.createTerminal(deps, { merchantId: merchant.id, name: 'till' });
    const nowMs = Date.now();
    const closedAtMs = nowMs + 60_000;
    let recordedAtMs: number | undefined;
    // Submitted in one turn, so one batch: the payment-like unit reads the terminal (never
    // closed), the close moves its last close past now, the third unit asks when to record.
    const batchesBefore = store.stats().batches;
    await Promise.all([
      writeIdempotent(deps, { terminalId: till.id, clientTxnId: randomUUID(), hash: 'h', holdsTerminal: true }, async () => ({ status: 201, body: {} })),
      store.write((tx) => tx.updateTable('terminals').set({ last_closed_at_ms: closedAtMs }).where('id', '=', till.id).execute()),
      store.write(async (tx) => {
        recordedAtMs = await recordingInstant(tx, till.id, nowMs);
      }),
    ]);
    expect(store.stats().batches - batchesBefore).toBe(1);
    expect(recordedAtMs).toBe(closedAtMs);
  });
});

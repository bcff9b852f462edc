/**
 * Migration 005 (issue 13) on a ledger that already holds merchants and wallets: every shop
 * starts as no KumaPo store with no notices, every wallet with no points and no points expiry
 * (R23: a balance that never had activity cannot lapse), and the claim key holds.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { sql, type Kysely } from 'kysely';
import { migrateToLatest } from './migrate';
import { STORE_KINDS } from '../testing/stores';
import { ledgerBefore } from '../testing/old-ledger';

describe.each(STORE_KINDS)('migration 005 on an existing %s ledger', (kind) => {
  let ledger: Awaited<ReturnType<typeof ledgerBefore>>;
  let db: Kysely<unknown>;
  afterEach(async () => {
    await ledger.close();
  });

  it('When shops and wallets exist, then they start with no points, no KumaPo store flag and notice number 0 (R23, R28)', async () => {
    ledger = await ledgerBefore(kind, '005-kumapo-mpm');
    db = ledger.db;
    await sql`insert into merchants (id, name, charge_point, offline_card_payments, fee_rate_bp, created_at_ms) values ('m1', 'A', 0, 0, 0, 1)`.execute(db);
    await sql`insert into wallets (id, kind, status, display_name, debt_yen, created_at_ms) values ('w1', 'app', 'active', 'X', 0, 1)`.execute(db);

    await migrateToLatest(db);

    const shop = await sql<{ kumapo_store: number; notice_seq: number }>`select kumapo_store, notice_seq from merchants`.execute(db);
    expect(shop.rows.map((r) => [Number(r.kumapo_store), Number(r.notice_seq)])).toEqual([[0, 0]]);
    const wallet = await sql<{ points: number; points_expires_at_ms: number | null }>`select points, points_expires_at_ms from wallets`.execute(db);
    expect(wallet.rows.map((r) => [Number(r.points), r.points_expires_at_ms])).toEqual([[0, null]]);
    // R23: the claim key is what makes a second claim of the same period fail, whatever the timing.
    const claim = sql`insert into point_claims (event_id, wallet_id, period_key, entry_id, claimed_at_ms) values ('e1', 'w1', 'once', 'x', 1)`;
    await claim.execute(db);
    await expect(claim.execute(db)).rejects.toThrow();
    // R28: a merchant's notice numbers are unique.
    const notice = sql`insert into merchant_notices (merchant_id, seq, kind, ref_id, created_at_ms, body_json) values ('m1', 1, 'mpm_payment', 'p1', 1, '{}')`;
    await notice.execute(db);
    await expect(notice.execute(db)).rejects.toThrow();
  });
});

import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { DomainError } from '../../../common/errors';
import { PG_URL, STORE_KINDS } from '../testing/stores';
import { suiteStore } from '../testing/suite-store';
import { eventually } from '../testing/eventually';
import { lockWaiters } from '../testing/pg-locks';
import { rowsChanged } from '../store/hot-sql';
import { CLAIM_TOKEN } from '../store/hot-statements';
import type { Store } from '../store/store';
import type { Deps } from './context';
import { cardCredential, lockWalletWithLots } from './wallets';

const deps = { settings: { cached: () => ({ chargeMoneyLabel: 'チャージ' }) } } as unknown as Pick<Deps, 'settings'>;
const card = cardCredential({ cardNumber: 'KP-0001' });

async function seedWallet(store: Store): Promise<void> {
  await store.write(async (tx) => {
    await tx
      .insertInto('wallets')
      .values({ id: 'w-1', kind: 'card', status: 'active', display_name: 'card', card_number: 'KP-0001', nfc_uid: null, customer_token_hash: null, migrated_to: null, debt_yen: 0, created_at_ms: 1, status_changed_at_ms: null })
      .execute();
    await tx.insertInto('lots').values({ id: 'lot-1', wallet_id: 'w-1', kind: 'charge', campaign_id: null, balance_yen: 1000, expires_at_ms: 10_000_000, created_at_ms: 1 }).execute();
  });
}

const claim = (tokenId: string) => ({ statement: CLAIM_TOKEN, params: [tokenId, 'w-1', null, 1] });

/**
 * Issue 16: a payment asks for its wallet's lock, its CPM token's claim (R22) and its lots in
 * one pipeline (one round trip on PostgreSQL). What a payment must still get: the wallet the
 * credential names, refused as before, the claim's own answer, and every lot of the wallet.
 */
describe.each(STORE_KINDS)('a payment’s wallet, claim and lots asked together (%s, issue 16)', (kind) => {
  const store = suiteStore(kind, { seed: seedWallet });
  const claimed = async (tokenId: string) => (await store().read.selectFrom('used_tokens').select('token_id').where('token_id', '=', tokenId).execute()).length;

  it('When a card pays, then its wallet, the claim’s answer and its lots come back; a second claim of the same token changes nothing', async () => {
    const first = await store().write((tx) => lockWalletWithLots(deps, tx, card, 'm-1', claim('tok-1')));
    expect(first.wallet.id).toBe('w-1');
    expect(first.lots.map((l) => [l.id, l.balanceYen, l.label])).toEqual([['lot-1', 1000, 'チャージ']]);
    expect(rowsChanged(first.between!)).toBe(1);
    const second = await store().write((tx) => lockWalletWithLots(deps, tx, card, 'm-1', claim('tok-1')));
    expect(rowsChanged(second.between!)).toBe(0);
  });

  it('When the card is unknown, then it is refused as card_unknown, and the claim sent with it is rolled back', async () => {
    const unknown = cardCredential({ cardNumber: 'KP-9999' });
    const refused = store().write((tx) => lockWalletWithLots(deps, tx, unknown, 'm-1', claim('tok-2')));
    await expect(refused).rejects.toBeInstanceOf(DomainError);
    await expect(refused).rejects.toMatchObject({ code: 'card_unknown' });
    expect(await claimed('tok-2')).toBe(0);
  });
});

describe.skipIf(!PG_URL)('the lots are read after the wallet’s lock is granted (PostgreSQL, issue 16; skipped without KUMAPAY_TEST_PG_URL)', () => {
  const store = suiteStore('postgres', { seed: seedWallet });

  it('When a top-up commits a new lot while the payment waits for the wallet, then the payment’s lots include it', async () => {
    let locked!: () => void;
    let release!: () => void;
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    const released = new Promise<void>((resolve) => (release = resolve));
    const topUp = store().write(async (tx) => {
      await sql`select id from wallets where id = 'w-1' for update`.execute(tx);
      locked();
      await released;
      await tx.insertInto('lots').values({ id: 'lot-2', wallet_id: 'w-1', kind: 'charge', campaign_id: null, balance_yen: 500, expires_at_ms: 10_000_000, created_at_ms: 2 }).execute();
    });
    await isLocked;
    const payment = store().write((tx) => lockWalletWithLots(deps, tx, card, 'm-1'));
    await eventually(async () => (await lockWaiters(store().read)) > 0);
    release();
    await topUp;
    expect((await payment).lots.map((l) => [l.id, l.balanceYen]).sort()).toEqual([['lot-1', 1000], ['lot-2', 500]]);
  });
});

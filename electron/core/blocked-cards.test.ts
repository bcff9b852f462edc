import { afterEach, describe, expect, it } from 'vitest';
import { LIMITS } from '../../common/limits';
import { toIso } from '../../common/time';
import { BlockedCardStore } from './journal/blocked-card-store';
import { openJournalDatabase } from './journal/database';
import { goOffline, makeHarness, type Harness } from './testing/harness';

let h: Harness;
afterEach(async () => h?.cleanup());

const MINUTE_MS = 60 * 1000;
const MANAGER = { code: 'm1', pin: '1234', role: 'manager' as const };

function payByCard(card: { cardNumber: string } | { nfcUid: string }, amountYen = 500) {
  return h.core.call('pay', { amountYen, credential: { type: 'card', ...card } });
}

describe('retired and blocked cards are refused offline (R19, R20a)', () => {
  it('When this terminal migrated a card a minute ago, then the card is refused offline as card_migrated', async () => {
    h = await makeHarness({ staff: MANAGER, offlineLimits: { offlineCardPayments: true } });
    h.backend.addCard('KC-0001', 2_000);
    const appWallet = h.backend.addWallet(0);
    const migrated = await h.core.call('migrate', {
      card: { cardNumber: 'KC-0001' },
      to: { type: 'cpm', token: await h.backend.token(appWallet) },
    });
    expect(migrated).toMatchObject({ ok: true, movedYen: 2_000 });
    h.clock.advance(MINUTE_MS);
    await goOffline(h);
    const result = await payByCard({ cardNumber: 'KC-0001' });
    expect(result).toMatchObject({ ok: false, code: 'card_migrated' });
    expect(h.journal.txns.stats().pendingCount).toBe(0);
  });

  it('When a card is migrated by number, then its chip is refused offline too (the answer names both)', async () => {
    h = await makeHarness({ staff: MANAGER, offlineLimits: { offlineCardPayments: true } });
    h.backend.addCard('KC-0002', 2_000, '04A1B2C3D4');
    const appWallet = h.backend.addWallet(0);
    expect(await h.core.call('migrate', { card: { cardNumber: 'KC-0002' }, to: { type: 'cpm', token: await h.backend.token(appWallet) } })).toMatchObject({ ok: true });
    await goOffline(h);
    expect(await payByCard({ nfcUid: '04:a1:b2:c3:d4' })).toMatchObject({ ok: false, code: 'card_migrated' });
  });

  it('When the backend lists a card as blocked or retired, then it is refused offline by number and by chip, whatever the UID spelling', async () => {
    h = await makeHarness({ offlineLimits: { offlineCardPayments: true } });
    h.backend.addCard('KC-0002', 1_000, '04A2B3C4');
    h.backend.blockCard('KC-0002');
    h.backend.addCard('KC-0003', 1_000, '0123ABCD');
    h.backend.cards.get('KC-0003')!.status = 'retired';
    expect(await h.core.sync.contact()).toBe(true);
    await goOffline(h);
    expect(await payByCard({ cardNumber: 'KC-0002' })).toMatchObject({
      ok: false,
      code: 'card_blocked',
    });
    expect(await payByCard({ nfcUid: '04:a2:b3:c4' })).toMatchObject({
      ok: false,
      code: 'card_blocked',
    });
    expect(await payByCard({ nfcUid: '01 23 ab cd' })).toMatchObject({
      ok: false,
      code: 'card_migrated',
    });
    expect(await payByCard({ cardNumber: 'KC-0003' })).toMatchObject({
      ok: false,
      code: 'card_migrated',
    });
    expect(h.journal.txns.stats().pendingCount).toBe(0);
  });

  it('When a card is on no list, then it still pays offline where the shop allows offline cards', async () => {
    h = await makeHarness({ offlineLimits: { offlineCardPayments: true } });
    h.backend.addCard('KC-0004', 1_000);
    h.backend.addCard('KC-0005', 1_000);
    h.backend.blockCard('KC-0005');
    await h.core.sync.contact();
    await goOffline(h);
    expect(await payByCard({ cardNumber: 'KC-0004' })).toMatchObject({
      ok: true,
      payment: { offline: true },
    });
  });

  it('When the list is longer than a page, then the contact follows `next` to the end and resumes from the newest change minus the overlap', async () => {
    h = await makeHarness({ offlineLimits: { offlineCardPayments: true } });
    h.backend.blockedCardsPageSize = 2;
    for (let i = 0; i < 5; i++) {
      h.backend.addCard(`KC-1${i}`, 100);
      h.backend.blockCard(`KC-1${i}`);
      h.clock.advance(1_000);
    }
    const newestMs = h.clock.nowMs() - 1_000;
    await h.core.sync.contact();
    expect(h.backend.blockedCardQueries).toHaveLength(3);
    expect(h.backend.blockedCardQueries[0]).toEqual({});
    expect(h.journal.blockedCards.count()).toBe(5);
    const asked = h.backend.blockedCardQueries.length;
    await h.core.sync.contact();
    expect(h.backend.blockedCardQueries[asked]).toEqual({
      since: toIso(newestMs - LIMITS.blockedCardsOverlapMs),
    });
    expect(h.journal.blockedCards.count()).toBe(5);
  });

  it('When the shop does not allow offline cards, then the list is not fetched at all', async () => {
    h = await makeHarness();
    await h.core.sync.contact();
    expect(h.backend.calls).not.toContain('blockedCards');
  });
});

describe('blocked-card store', () => {
  it('When more cards arrive than the bound, then the newest changes are kept', () => {
    const db = openJournalDatabase(':memory:');
    const store = new BlockedCardStore(db, 3);
    store.add(
      [1, 2, 3, 4, 5].map((n) => ({
        cardKey: `card:K${n}`,
        nfcKey: `nfc:0${n}`,
        status: 'blocked' as const,
        changedAtMs: n * 1_000,
      })),
    );
    expect(store.count()).toBe(3);
    expect(store.statusOf('card:K1')).toBeNull();
    expect(store.statusOf('nfc:02')).toBeNull();
    expect(store.statusOf('card:K5')).toBe('blocked');
    expect(store.statusOf('nfc:03')).toBe('blocked');
    // A later change of the same card wins (a blocked card later migrated).
    store.add([{ cardKey: 'card:K5', nfcKey: null, status: 'retired', changedAtMs: 9_000 }]);
    expect(store.statusOf('card:K5')).toBe('retired');
    db.close();
  });
});

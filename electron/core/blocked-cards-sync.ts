/**
 * The retired/blocked card list (R19, R20a), fetched at every online contact while the shop
 * takes cards offline: `GET /v1/terminal/blocked-cards`, oldest change first, following `next`
 * to the end (bounded pages per contact), into the journal's bounded list. The next contact
 * resumes from the newest change seen minus `LIMITS.blockedCardsOverlapMs` (two backend
 * instances may commit changes out of their timestamps' order), or exactly where a contact
 * stopped early. This terminal's own migrations are added the moment they succeed.
 */
import { LIMITS } from '../../common/limits';
import { toIso } from '../../common/time';
import { blockedCardsQuery, type BlockedCard } from '../../common/wire/terminal';
import { SETTING } from './context';
import { credentialKey, normalizeNfcUid } from './credential-key';
import type { BlockedCardEntry } from './journal/blocked-card-store';
import { CORE_LIMITS } from './limits';
import type { BlockedCardsQuery } from './ports';
import type { CoreServices } from './services';

const storedCursor = blockedCardsQuery;

function entryOf(card: BlockedCard): BlockedCardEntry {
  // A UID with no hex digit left would key every such card alike: not a key at all.
  const nfcKey =
    card.nfcUid !== null && normalizeNfcUid(card.nfcUid) !== ''
      ? credentialKey({ type: 'card', nfcUid: card.nfcUid })
      : null;
  return {
    cardKey: credentialKey({ type: 'card', cardNumber: card.cardNumber }),
    nfcKey,
    status: card.status,
    changedAtMs: Date.parse(card.changedAt),
  };
}

/** Pages through the list from the stored cursor; a failure keeps what arrived so far. */
export async function refreshBlockedCards(s: CoreServices, terminalToken: string): Promise<void> {
  let query: BlockedCardsQuery =
    s.journal.settings.get(SETTING.blockedCardsCursor, storedCursor) ?? {};
  let newestMs: number | null = null;
  for (let page = 0; page < CORE_LIMITS.blockedCardPagesPerContactMax; page++) {
    const outcome = await s.backend.blockedCards(terminalToken, query);
    s.connectivity.observe(outcome);
    if (outcome.kind !== 'ok') {
      s.logger.warn(
        { outcome: outcome.kind, page },
        'could not fetch the blocked-card list; keeping what is known',
      );
      if (page > 0) s.journal.settings.set(SETTING.blockedCardsCursor, query);
      return;
    }
    // The contract bounds a page; a longer answer is cut rather than trusted.
    const cards = outcome.value.cards.slice(0, LIMITS.blockedCardsPageMax);
    s.journal.blockedCards.add(cards.map(entryOf));
    for (const card of cards)
      newestMs = Math.max(newestMs ?? Number.NEGATIVE_INFINITY, Date.parse(card.changedAt));
    const next = outcome.value.next;
    if (next === null) {
      if (newestMs !== null)
        s.journal.settings.set(SETTING.blockedCardsCursor, {
          since: toIso(newestMs - LIMITS.blockedCardsOverlapMs),
        });
      return;
    }
    query = next;
  }
  // More than a contact's share: the next contact goes on exactly from here.
  s.journal.settings.set(SETTING.blockedCardsCursor, query);
  s.logger.info(
    { pages: CORE_LIMITS.blockedCardPagesPerContactMax },
    'blocked-card list continues at the next contact',
  );
}

/** R19: a card this terminal just migrated is retired; refuse it offline from now on. */
export function noteMigratedCard(
  s: CoreServices,
  card: { cardNumber: string } | { nfcUid: string },
  answered: { cardNumber: string; nfcUid: string | null } | undefined,
  atMs: number,
): void {
  // The backend's answer names both identifiers: the card is refused by number and by chip.
  if (answered && answered.cardNumber !== '') {
    s.journal.blockedCards.add([entryOf({ ...answered, status: 'retired', changedAt: toIso(atMs) })]);
    return;
  }
  const key = credentialKey({ type: 'card', ...card });
  s.journal.blockedCards.add([
    { cardKey: key, nfcKey: null, status: 'retired', changedAtMs: atMs },
  ]);
}

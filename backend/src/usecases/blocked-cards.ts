import type { z } from 'zod';
import { LIMITS } from '../../../common/limits';
import { toIso } from '../../../common/time';
import type { blockedCardsQuery } from '../../../common/wire/terminal';
import type { Deps } from './context';

/**
 * `GET /v1/terminal/blocked-cards` (R20a): cards a terminal must refuse offline, retired by
 * migration or blocked by the operator, oldest change first, keyset-paged on
 * (status change time, wallet id). Terminals re-ask from a little before the newest change
 * they saw (`LIMITS.blockedCardsOverlapMs`): two instances may commit changes out of the
 * order of their timestamps.
 */
export async function blockedCards(deps: Deps, query: z.infer<typeof blockedCardsQuery>) {
  const sinceMs = query.since ? Date.parse(query.since) : 0;
  const afterId = query.afterWalletId ?? '';
  const rows = await deps.store.read
    .selectFrom('wallets')
    .select(['id', 'card_number', 'nfc_uid', 'status', 'status_changed_at_ms'])
    .where('kind', '=', 'card')
    .where('status', '<>', 'active')
    .where('status_changed_at_ms', 'is not', null)
    .where((eb) => eb.or([eb('status_changed_at_ms', '>', sinceMs), eb.and([eb('status_changed_at_ms', '=', sinceMs), eb('id', '>', afterId)])]))
    .orderBy('status_changed_at_ms')
    .orderBy('id')
    .limit(LIMITS.blockedCardsPageMax + 1)
    .execute();
  const page = rows.slice(0, LIMITS.blockedCardsPageMax);
  const last = page[page.length - 1];
  return {
    cards: page.map((r) => ({ cardNumber: r.card_number ?? '', nfcUid: r.nfc_uid, status: r.status as 'retired' | 'blocked', changedAt: toIso(r.status_changed_at_ms ?? 0) })),
    next: rows.length > LIMITS.blockedCardsPageMax && last ? { since: toIso(last.status_changed_at_ms ?? 0), afterWalletId: last.id } : null,
  };
}

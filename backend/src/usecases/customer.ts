import { newTokenId } from '../../../common/cpm-token';
import { LIMITS } from '../../../common/limits';
import { toIso } from '../../../common/time';
import { DomainError } from '../../../common/errors';
import { assert } from '../../../common/assert';
import type { z } from 'zod';
import type { historyItem, historyType } from '../../../common/wire/customer';
import type { EntryType } from './ledger';
import type { Deps } from './context';
import { loadLots, lotViews, totalYen } from './wallets';

/** R22: a fresh signed token for the customer's QR, living `cpmTokenTtlMsDefault` at most. */
export async function issueCpmToken(deps: Deps, walletId: string) {
  const nowMs = deps.clock.nowMs();
  const settings = await deps.settings.current(nowMs);
  const wallet = await deps.store.read.selectFrom('wallets').select(['status']).where('id', '=', walletId).executeTakeFirst();
  if (!wallet || wallet.status !== 'active') throw new DomainError('forbidden', 'this wallet cannot pay');
  // Token times are whole seconds; the expiry must not outlive the TTL after rounding down.
  const issuedAtMs = Math.floor(nowMs / 1000) * 1000;
  const expiresAtMs = issuedAtMs + LIMITS.cpmTokenTtlMsDefault;
  const token = await deps.keys.sign({ walletId, tokenId: newTokenId(), issuedAtMs, expiresAtMs, offlineLimitYen: settings.offlineTokenMaxYen }, nowMs);
  return { token, expiresAt: toIso(expiresAtMs) };
}

export async function walletOf(deps: Deps, walletId: string) {
  const nowMs = deps.clock.nowMs();
  await deps.settings.current(nowMs);
  const wallet = await deps.store.read.selectFrom('wallets').select(['id', 'debt_yen']).where('id', '=', walletId).executeTakeFirstOrThrow();
  const lots = await loadLots(deps, deps.store.read, walletId, null);
  return { walletId: wallet.id, totalYen: totalYen(lots, nowMs), lots: lotViews(lots, nowMs, null), debtYen: wallet.debt_yen };
}

/** Every ledger entry type, as the customer's history names it (R25); complete, so a new type must be named here. */
const HISTORY_TYPE: Record<EntryType, z.infer<typeof historyType>> = {
  payment: 'payment',
  charge: 'charge',
  cancel_payment: 'cancelled_payment',
  cancel_charge: 'cancelled_charge',
  migration: 'migration',
  grant: 'grant',
  expiry: 'expiry',
  seed: 'grant',
};

/**
 * R25: the wallet's movements, newest first, each with its signed amount from the wallet's
 * side (lots and debt together) and its per-lot lines.
 */
export async function historyOf(deps: Deps, walletId: string, limit: number = LIMITS.historyItemsMax) {
  const db = deps.store.read;
  const lotIds = (await db.selectFrom('lots').select('id').where('wallet_id', '=', walletId).execute()).map((r) => r.id);
  // Entries touching the wallet: its lots, or its debt account (an entry may sit under the
  // other wallet of a migration).
  const rows = await db
    .selectFrom('postings')
    .innerJoin('journal_entries as e', 'e.id', 'postings.entry_id')
    .leftJoin('merchants as m', 'm.id', 'e.merchant_id')
    .leftJoin('lots as l', 'l.id', 'postings.lot_id')
    .select(['e.id', 'e.type', 'e.occurred_at_ms', 'e.ref_id', 'm.name as merchant_name', 'postings.lot_id', 'postings.account', 'postings.amount_yen', 'l.kind as lot_kind'])
    .where((eb) => eb.or([...(lotIds.length ? [eb('postings.lot_id', 'in', lotIds)] : []), eb('postings.account', '=', `debt:${walletId}`)]))
    .orderBy('e.occurred_at_ms', 'desc')
    .orderBy('e.recorded_at_ms', 'desc')
    .limit(limit * 8)
    .execute();
  const refIds = [...new Set(rows.map((r) => r.ref_id).filter((x): x is string => x !== null))];
  const cancelled = new Set<string>();
  if (refIds.length) {
    for (const t of ['payments', 'charges'] as const) {
      const hits = await db.selectFrom(t).select('id').where('id', 'in', refIds).where('cancelled_at_ms', 'is not', null).execute();
      hits.forEach((h) => cancelled.add(h.id));
    }
  }
  const items = new Map<string, z.infer<typeof historyItem>>();
  for (const r of rows) {
    let item = items.get(r.id);
    if (!item) {
      if (items.size >= limit) break;
      // Entries are written by postEntry only, with an EntryType; another type is a corrupt ledger.
      const type: z.infer<typeof historyType> | undefined = HISTORY_TYPE[r.type as EntryType];
      assert(type !== undefined, `journal entry ${r.id} has an unknown type ${r.type}`);
      item = { id: r.id, type, occurredAt: toIso(r.occurred_at_ms), merchantName: r.merchant_name, amountYen: 0, cancelled: r.ref_id !== null && cancelled.has(r.ref_id), lots: [] };
      items.set(r.id, item);
    }
    item.amountYen += r.amount_yen;
    if (r.lot_id && r.lot_kind) item.lots.push({ lotId: r.lot_id, kind: r.lot_kind as 'charge' | 'limited', amountYen: r.amount_yen });
  }
  return { items: [...items.values()] };
}

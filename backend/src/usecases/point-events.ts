import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { z } from 'zod';
import { DomainError } from '../../../common/errors';
import { businessDayOf, toIso } from '../../../common/time';
import type { createPointEventRequest, pointsClaimResponse } from '../../../common/wire/points';
import { claimPeriodKey } from '../domain/points';
import { BACKEND_LIMITS } from '../limits';
import { recordAudit } from './audit';
import type { Deps } from './context';
import { loadWalletPoints, movePoints, pointAccount, postPointEntry } from './points-ledger';
import { hashSecret } from './secrets';

/**
 * R23 event QRs: an operator creates an event (name, points per claim, period, rule) and
 * prints its code as a QR; a customer's app reads it and claims. The code is answered once and
 * stored only as its SHA-256 (16 random bytes cannot be guessed back from it), like grant codes.
 */
export const POINT_EVENT_CODE_PREFIX = 'KPE1';
const CODE_RE = /^KPE1\.[A-Za-z0-9_-]{22}$/;

type EventRule = 'once' | 'daily';

export async function createPointEvent(deps: Deps, actor: string, req: z.infer<typeof createPointEventRequest>) {
  const fromMs = Date.parse(req.from);
  const toMs = Date.parse(req.to);
  if (!(fromMs <= toMs)) throw new DomainError('invalid_request', 'the period ends before it starts', { field: 'to' });
  const id = deps.newId();
  const code = `${POINT_EVENT_CODE_PREFIX}.${randomBytes(16).toString('base64url')}`;
  await deps.store.write(async (tx) => {
    await tx.insertInto('point_events').values({ id, name: req.name, points: req.points, from_ms: fromMs, to_ms: toMs, rule: req.rule, code_hash: hashSecret(code), created_at_ms: deps.clock.nowMs() }).execute();
    // The code is a bearer of value: the trail names the event, never the code.
    await recordAudit(deps, tx, { actor, action: 'point_event.create', targetId: id, details: { name: req.name, points: req.points, from: req.from, to: req.to, rule: req.rule } });
  });
  return { id, code };
}

/** Newest first, with how many claims each has had; bounded (an operator's list, not an archive). */
export async function listPointEvents(deps: Deps) {
  const db = deps.store.read;
  const rows = await db.selectFrom('point_events').selectAll().orderBy('created_at_ms', 'desc').orderBy('id').limit(BACKEND_LIMITS.pointEventsListMax).execute();
  const ids = rows.map((r) => r.id);
  const counts = ids.length
    ? await db.selectFrom('point_claims').select(['event_id', sql<number>`count(*)`.as('n')]).where('event_id', 'in', ids).groupBy('event_id').execute()
    : [];
  const claimsOf = new Map(counts.map((c) => [c.event_id, Number(c.n)]));
  return {
    items: rows.map((r) => ({ id: r.id, name: r.name, points: Number(r.points), from: toIso(r.from_ms), to: toIso(r.to_ms), rule: r.rule as EventRule, claims: claimsOf.get(r.id) ?? 0 })),
  };
}

/**
 * R23: a claim credits the event's points once per wallet — once in the whole period, or once
 * per JST day for a daily event. The claim row's key (event, wallet, period key) decides: it is
 * inserted first with `on conflict do nothing`, so of any number of simultaneous claims on any
 * instance exactly one inserts and the rest are `points_already_claimed` (PostgreSQL makes the
 * second insert wait for the first's commit). A claim that would pass the cap is undone whole,
 * claim row included, so the customer may claim again once there is room.
 */
export async function claimPoints(deps: Deps, walletId: string, code: string): Promise<z.infer<typeof pointsClaimResponse>> {
  const nowMs = deps.clock.nowMs();
  if (!CODE_RE.test(code)) throw unknownCode();
  const codeHash = hashSecret(code);
  return deps.store.write(async (tx) => {
    const event = await tx.selectFrom('point_events').selectAll().where('code_hash', '=', codeHash).executeTakeFirst();
    if (!event) throw unknownCode();
    if (nowMs < event.from_ms || nowMs > event.to_ms) {
      throw new DomainError('points_event_inactive', 'this event’s points cannot be claimed now', { from: toIso(event.from_ms), to: toIso(event.to_ms) });
    }
    const wallet = await loadWalletPoints(deps, tx, walletId, nowMs);
    if (wallet.kind !== 'app') throw new DomainError('wallet_not_app', 'KumaPo points live in the app only');
    const periodKey = claimPeriodKey(event.rule as EventRule, businessDayOf(nowMs));
    const entryId = deps.newId();
    const inserted = await tx
      .insertInto('point_claims')
      .values({ event_id: event.id, wallet_id: walletId, period_key: periodKey, entry_id: entryId, claimed_at_ms: nowMs })
      .onConflict((oc) => oc.columns(['event_id', 'wallet_id', 'period_key']).doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) !== 1) {
      throw new DomainError('points_already_claimed', event.rule === 'daily' ? 'this event’s points were already claimed today' : 'this event’s points were already claimed', { rule: event.rule });
    }
    const points = Number(event.points);
    await postPointEntry(tx, { id: entryId, type: 'claim', occurredAtMs: nowMs, recordedAtMs: nowMs, walletId, refId: event.id }, [
      { account: pointAccount.event(event.id), points: -points },
      { account: pointAccount.wallet, walletId, points },
    ]);
    const moved = await movePoints(tx, walletId, points, nowMs);
    return { points, pointsAfter: moved.pointsAfter, eventName: event.name, expiresAt: toIso(moved.expiresAtMs) };
  });
}

function unknownCode(): DomainError {
  return new DomainError('not_found', 'this is not a KumaPo event code we know');
}

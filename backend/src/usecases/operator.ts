import type { z } from 'zod';
import { DomainError } from '../../../common/errors';
import { toIso } from '../../../common/time';
import type * as W from '../../../common/wire/admin';
import type { Role } from '../../../common/wire/admin';
import { recordAudit } from './audit';
import type { Deps } from './context';
import type { SettingsPatch } from './settings';
import { forUpdate } from '../store/store';
import { BACKEND_LIMITS } from '../limits';

/**
 * What the city's operator controls once things run (issue 9.6): lists, changes that name
 * only what they change, and revocation. Every change is audited in its own unit of work;
 * the instance that makes it forgets its cached view at once, the others within the cache
 * bound (≤ 10 s, docs/api.md "Security guarantees").
 */
type ListQuery = z.infer<typeof W.listQuery>;
function paged<T extends { id: string }>(rows: T[], limit: number) {
  const items = rows.slice(0, limit);
  return { items, next: rows.length > limit ? (items[items.length - 1]?.id ?? null) : null };
}

const iso = (ms: number | null) => (ms === null ? null : toIso(ms));

export async function listMerchants(deps: Deps, q: ListQuery) {
  const limit = q.limit ?? BACKEND_LIMITS.adminPageItemsDefault;
  let query = deps.store.read.selectFrom('merchants').selectAll().orderBy('id').limit(limit + 1);
  if (q.after) query = query.where('id', '>', q.after);
  const rows = await query.execute();
  return paged(rows.map(merchantView), limit);
}

export async function listTerminals(deps: Deps, q: ListQuery) {
  const limit = q.limit ?? BACKEND_LIMITS.adminPageItemsDefault;
  let query = deps.store.read.selectFrom('terminals').selectAll().orderBy('id').limit(limit + 1);
  if (q.after) query = query.where('id', '>', q.after);
  if (q.merchantId) query = query.where('merchant_id', '=', q.merchantId);
  const rows = await query.execute();
  return paged(
    rows.map((r) => ({ id: r.id, merchantId: r.merchant_id, name: r.name, enrolledAt: iso(r.enrolled_at_ms), revokedAt: iso(r.revoked_at_ms), tokenExpiresAt: iso(r.token_expires_at_ms), offlineWindowYen: r.offline_window_yen, terminalNo: r.terminal_no })),
    limit,
  );
}

export async function listStaff(deps: Deps, q: ListQuery) {
  const limit = q.limit ?? BACKEND_LIMITS.adminPageItemsDefault;
  const nowMs = deps.clock.nowMs();
  let query = deps.store.read.selectFrom('staff').select(['id', 'merchant_id', 'staff_code', 'name', 'role', 'disabled_at_ms', 'locked_until_ms']).orderBy('id').limit(limit + 1);
  if (q.after) query = query.where('id', '>', q.after);
  if (q.merchantId) query = query.where('merchant_id', '=', q.merchantId);
  const rows = await query.execute();
  return paged(
    rows.map((r) => ({ id: r.id, merchantId: r.merchant_id, staffCode: r.staff_code, name: r.name, role: r.role as Role, disabledAt: iso(r.disabled_at_ms), lockedUntil: r.locked_until_ms > nowMs ? toIso(r.locked_until_ms) : null })),
    limit,
  );
}

export async function listCampaigns(deps: Deps, q: ListQuery) {
  const limit = q.limit ?? BACKEND_LIMITS.adminPageItemsDefault;
  let query = deps.store.read.selectFrom('campaigns').selectAll().orderBy('id').limit(limit + 1);
  if (q.after) query = query.where('id', '>', q.after);
  const rows = await query.execute();
  const ids = rows.filter((r) => r.eligible_all !== 1).map((r) => r.id);
  const members = ids.length ? await deps.store.read.selectFrom('campaign_merchants').selectAll().where('campaign_id', 'in', ids).execute() : [];
  return paged(rows.map((r) => campaignView(r, members)), limit);
}

export async function patchMerchant(deps: Deps, actor: string, merchantId: string, patch: z.infer<typeof W.patchMerchantRequest>) {
  await deps.store.write(async (tx) => {
    const before = await tx.selectFrom('merchants').selectAll().where('id', '=', merchantId).executeTakeFirst();
    if (!before) throw new DomainError('not_found', 'no such merchant');
    await tx
      .updateTable('merchants')
      .set({
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        ...(patch.chargePoint !== undefined ? { charge_point: patch.chargePoint ? 1 : 0 } : {}),
        ...(patch.offlineCardPayments !== undefined ? { offline_card_payments: patch.offlineCardPayments ? 1 : 0 } : {}),
        ...(patch.feeRateBp !== undefined ? { fee_rate_bp: patch.feeRateBp } : {}),
        ...(patch.kumapoStore !== undefined ? { kumapo_store: patch.kumapoStore ? 1 : 0 } : {}),
      })
      .where('id', '=', merchantId)
      .execute();
    await recordAudit(deps, tx, { actor, action: 'merchant.update', targetId: merchantId, details: { ...patch } });
  });
  deps.caches.merchants.delete(merchantId);
  const r = await deps.store.read.selectFrom('merchants').selectAll().where('id', '=', merchantId).executeTakeFirstOrThrow();
  return merchantView(r);
}

function merchantView(r: { id: string; name: string; charge_point: number; offline_card_payments: number; fee_rate_bp: number; kumapo_store: number }) {
  return { id: r.id, name: r.name, chargePoint: r.charge_point === 1, offlineCardPayments: r.offline_card_payments === 1, feeRateBp: r.fee_rate_bp, kumapoStore: r.kumapo_store === 1 };
}

/** R2: a balance's display name is configuration; lots read it from the campaign, so history follows. */
export async function patchCampaign(deps: Deps, actor: string, campaignId: string, patch: z.infer<typeof W.patchCampaignRequest>) {
  await deps.store.write(async (tx) => {
    const before = await tx.selectFrom('campaigns').select(['id', 'label', 'name']).where('id', '=', campaignId).executeTakeFirst();
    if (!before) throw new DomainError('not_found', 'no such campaign');
    await tx
      .updateTable('campaigns')
      .set({ ...(patch.label !== undefined ? { label: patch.label } : {}), ...(patch.name !== undefined ? { name: patch.name } : {}) })
      .where('id', '=', campaignId)
      .execute();
    await recordAudit(deps, tx, { actor, action: 'campaign.update', targetId: campaignId, details: { from: { label: before.label, name: before.name }, to: patch } });
  });
  const r = await deps.store.read.selectFrom('campaigns').selectAll().where('id', '=', campaignId).executeTakeFirstOrThrow();
  const members = r.eligible_all === 1 ? [] : await deps.store.read.selectFrom('campaign_merchants').selectAll().where('campaign_id', '=', r.id).execute();
  return campaignView(r, members);
}

function campaignView(
  r: { id: string; name: string; label: string; validity_years: number; validity_months: number; validity_days: number; eligible_all: number },
  members: readonly { campaign_id: string; merchant_id: string }[],
) {
  return {
    id: r.id,
    name: r.name,
    label: r.label,
    kind: 'limited' as const,
    validity: { years: r.validity_years, months: r.validity_months, days: r.validity_days },
    eligibleMerchantIds: r.eligible_all === 1 ? ('all' as const) : members.filter((m) => m.campaign_id === r.id).map((m) => m.merchant_id),
  };
}

/** The terminal's token and every staff session on it stop working (every instance within 10 s). */
export async function revokeTerminal(deps: Deps, actor: string, terminalId: string) {
  const nowMs = deps.clock.nowMs();
  const revokedAtMs = await deps.store.write(async (tx) => {
    const row = await tx.selectFrom('terminals').select(['id', 'revoked_at_ms']).where('id', '=', terminalId).executeTakeFirst();
    if (!row) throw new DomainError('not_found', 'no such terminal');
    if (row.revoked_at_ms !== null) return row.revoked_at_ms;
    await tx.updateTable('terminals').set({ revoked_at_ms: nowMs }).where('id', '=', terminalId).execute();
    await tx.deleteFrom('staff_sessions').where('terminal_id', '=', terminalId).execute();
    await recordAudit(deps, tx, { actor, action: 'terminal.revoke', targetId: terminalId });
    return nowMs;
  });
  deps.caches.terminals.deleteWhere((a) => a.terminalId === terminalId);
  deps.caches.sessions.deleteWhere((s) => s.terminalId === terminalId);
  return { id: terminalId, revokedAt: toIso(revokedAtMs) };
}

/** A disabled staff member cannot log in, and their open sessions end (every instance within 10 s). */
export async function setStaffDisabled(deps: Deps, actor: string, staffId: string, disabled: boolean) {
  const nowMs = deps.clock.nowMs();
  const disabledAtMs = await deps.store.write(async (tx) => {
    const row = await tx.selectFrom('staff').select(['id', 'disabled_at_ms']).where('id', '=', staffId).executeTakeFirst();
    if (!row) throw new DomainError('not_found', 'no such staff member');
    const next = disabled ? (row.disabled_at_ms ?? nowMs) : null;
    // Sessions stay on record: authentication refuses them for the staff member's state, and says so.
    await tx.updateTable('staff').set({ disabled_at_ms: next }).where('id', '=', staffId).execute();
    await recordAudit(deps, tx, { actor, action: disabled ? 'staff.disable' : 'staff.enable', targetId: staffId });
    return next;
  });
  if (disabled) deps.caches.sessions.deleteWhere((s) => s.staffId === staffId);
  return { id: staffId, disabledAt: iso(disabledAtMs) };
}

/** A lost or stolen card: refused online at once, and listed to terminals so they refuse it offline. */
export async function blockCard(deps: Deps, actor: string, walletId: string) {
  const nowMs = deps.clock.nowMs();
  const blockedAtMs = await deps.store.write(async (tx) => {
    const row = await forUpdate(deps.store, tx.selectFrom('wallets').select(['id', 'kind', 'status', 'status_changed_at_ms']).where('id', '=', walletId)).executeTakeFirst();
    if (!row || row.kind !== 'card') throw new DomainError('not_found', 'no such card');
    if (row.status === 'retired') throw new DomainError('card_migrated', 'this card was moved to the app already; its value is no longer on it');
    if (row.status === 'blocked') return row.status_changed_at_ms ?? nowMs;
    await tx.updateTable('wallets').set({ status: 'blocked', status_changed_at_ms: nowMs }).where('id', '=', walletId).execute();
    await recordAudit(deps, tx, { actor, action: 'card.block', targetId: walletId });
    return nowMs;
  });
  return { walletId, status: 'blocked' as const, blockedAt: toIso(blockedAtMs) };
}

export async function patchSettings(deps: Deps, actor: string, patch: SettingsPatch) {
  await deps.store.write(async (tx) => {
    const changes = await deps.settings.apply(tx, patch);
    await recordAudit(deps, tx, { actor, action: 'settings.update', details: changes });
  });
  await deps.settings.reload();
  return deps.settings.cached();
}

export async function rotateSigningKeys(deps: Deps, actor: string, revokePrevious: boolean) {
  const kid = await deps.keys.rotate(deps.clock.nowMs(), { revokePrevious });
  await deps.store.write((tx) => recordAudit(deps, tx, { actor, action: revokePrevious ? 'keys.rotate_revoke' : 'keys.rotate', targetId: kid }));
  return { kid, revokedPrevious: revokePrevious };
}

import type { z } from 'zod';
import { sql } from 'kysely';
import { LIMITS } from '../../../common/limits';
import { DomainError } from '../../../common/errors';
import { toIso } from '../../../common/time';
import type * as W from '../../../common/wire/admin';
import type { Deps } from './context';
import { account, addToLot, postEntry } from './ledger';
import { hashPin, hashSecret, newHumanCode, newSecret } from './secrets';
import { grantCodeHash } from '../store/grant-code-hash';
import { lockWalletById, normalizeUid } from './wallets';
import { nextTerminalNo } from './terminal-no';
import { forUpdate } from '../store/store';

/** Admin API: set-up of merchants, terminals, staff, customers, cards, campaigns (contract). */
export async function createMerchant(deps: Deps, req: z.infer<typeof W.createMerchantRequest>) {
  const id = deps.newId();
  await deps.store.write((tx) =>
    tx.insertInto('merchants').values({ id, name: req.name, charge_point: req.chargePoint ? 1 : 0, offline_card_payments: req.offlineCardPayments ? 1 : 0, fee_rate_bp: req.feeRateBp ?? 0, kumapo_store: req.kumapoStore ? 1 : 0, created_at_ms: deps.clock.nowMs() }).execute(),
  );
  return { id };
}

export async function createTerminal(deps: Deps, req: z.infer<typeof W.createTerminalRequest>) {
  const id = deps.newId();
  const enrollmentCode = newHumanCode();
  const terminalNo = await deps.store.write(async (tx) => {
    // The merchant row's lock makes two creations at once take numbers one after the other.
    const merchant = await forUpdate(deps.store, tx.selectFrom('merchants').select('id').where('id', '=', req.merchantId)).executeTakeFirst();
    if (!merchant) throw new DomainError('not_found', 'no such merchant', { merchantId: req.merchantId });
    const no = await nextTerminalNo(tx, req.merchantId);
    await tx.insertInto('terminals').values({ id, merchant_id: req.merchantId, name: req.name, enrollment_code_hash: hashSecret(enrollmentCode), enrolled_at_ms: null, token_hash: null, created_at_ms: deps.clock.nowMs(), terminal_no: no }).execute();
    return no;
  });
  return { id, enrollmentCode, terminalNo };
}

export async function createStaff(deps: Deps, req: z.infer<typeof W.createStaffRequest>) {
  const id = deps.newId();
  const pinHash = await hashPin(req.pin);
  await deps.store.write(async (tx) => {
    await requireMerchant(tx, req.merchantId);
    const clash = await tx.selectFrom('staff').select('id').where('merchant_id', '=', req.merchantId).where('staff_code', '=', req.staffCode).executeTakeFirst();
    if (clash) throw new DomainError('invalid_request', 'this staff code is already used at the merchant', { field: 'staffCode' });
    await tx.insertInto('staff').values({ id, merchant_id: req.merchantId, staff_code: req.staffCode, name: req.name, role: req.role, pin_hash: pinHash, failed_count: 0, locked_until_ms: 0, created_at_ms: deps.clock.nowMs() }).execute();
  });
  return { id };
}

export async function createCustomer(deps: Deps, req: z.infer<typeof W.createCustomerRequest>) {
  const walletId = deps.newId();
  const customerToken = newSecret();
  await deps.store.write((tx) =>
    tx.insertInto('wallets').values({ id: walletId, kind: 'app', status: 'active', display_name: req.displayName, card_number: null, nfc_uid: null, customer_token_hash: hashSecret(customerToken), migrated_to: null, debt_yen: 0, created_at_ms: deps.clock.nowMs() }).execute(),
  );
  return { walletId, customerToken };
}

export async function createCard(deps: Deps, req: z.infer<typeof W.createCardRequest>) {
  const walletId = deps.newId();
  const nfcUid = req.nfcUid ? normalizeUid(req.nfcUid) : null;
  await deps.store.write(async (tx) => {
    const clash = await tx
      .selectFrom('wallets')
      .select('id')
      .where((eb) => eb.or([eb('card_number', '=', req.cardNumber), ...(nfcUid ? [eb('nfc_uid', '=', nfcUid)] : [])]))
      .executeTakeFirst();
    if (clash) throw new DomainError('invalid_request', 'a card with this number or UID already exists', { field: 'cardNumber' });
    await tx.insertInto('wallets').values({ id: walletId, kind: 'card', status: 'active', display_name: `card ${req.cardNumber}`, card_number: req.cardNumber, nfc_uid: nfcUid, customer_token_hash: null, migrated_to: null, debt_yen: 0, created_at_ms: deps.clock.nowMs() }).execute();
  });
  return { walletId };
}

export async function createCampaign(deps: Deps, req: z.infer<typeof W.createCampaignRequest>) {
  const id = deps.newId();
  await deps.store.write(async (tx) => {
    const all = req.eligibleMerchantIds === 'all';
    await tx
      .insertInto('campaigns')
      .values({ id, name: req.name, label: req.label ?? req.name, kind: req.kind, validity_years: req.validity.years ?? 0, validity_months: req.validity.months ?? 0, validity_days: req.validity.days ?? 0, eligible_all: all ? 1 : 0, created_at_ms: deps.clock.nowMs() })
      .execute();
    if (!all) {
      const ids = [...new Set(req.eligibleMerchantIds as string[])];
      for (const merchantId of ids) await requireMerchant(tx, merchantId);
      if (ids.length > 0) await tx.insertInto('campaign_merchants').values(ids.map((merchant_id) => ({ campaign_id: id, merchant_id }))).execute();
    }
  });
  return { id };
}

export async function createCodes(deps: Deps, campaignId: string, req: z.infer<typeof W.createCodesRequest>) {
  const codes = Array.from({ length: req.count }, () => `KPG-${newHumanCode(16)}`);
  await deps.store.write(async (tx) => {
    const campaign = await tx.selectFrom('campaigns').select('id').where('id', '=', campaignId).executeTakeFirst();
    if (!campaign) throw new DomainError('not_found', 'no such campaign');
    const nowMs = deps.clock.nowMs();
    // Inserted in slices: one statement per code would hold the writer for a whole print run.
    for (let i = 0; i < codes.length; i += 500) {
      // Only the hash is stored (issue 9): the codes are answered once, to be printed, and never again.
      await tx.insertInto('grant_codes').values(codes.slice(i, i + 500).map((code) => ({ code_hash: grantCodeHash(code), campaign_id: campaignId, amount_yen: req.amountYen, created_at_ms: nowMs, claimed_wallet_id: null, claimed_at_ms: null, lot_id: null }))).execute();
    }
  });
  return { codes };
}

/** Seeds a lot directly (data migration, tests), balanced against `funding:seed`. */
export async function seedLot(deps: Deps, walletId: string, req: z.infer<typeof W.seedLotRequest>) {
  const lotId = deps.newId();
  const nowMs = deps.clock.nowMs();
  await deps.store.write(async (tx) => {
    await lockWalletById(deps, tx, walletId);
    if (req.kind === 'limited') {
      if (!req.campaignId) throw new DomainError('invalid_request', 'a limited lot needs its campaignId', { field: 'campaignId' });
      const campaign = await tx.selectFrom('campaigns').select('id').where('id', '=', req.campaignId).executeTakeFirst();
      if (!campaign) throw new DomainError('not_found', 'no such campaign');
    }
    // Whatever is seeded, one lot at a time, a wallet stays far below 2^53 (common/limits.ts).
    const held = await tx.selectFrom('lots').select(sql<number>`coalesce(sum(balance_yen), 0)`.as('total')).where('wallet_id', '=', walletId).executeTakeFirstOrThrow();
    if (Number(held.total) + req.amountYen > LIMITS.walletYenMax) {
      throw new DomainError('invalid_request', `a wallet may hold at most ${LIMITS.walletYenMax} yen`, { field: 'amountYen', heldYen: Number(held.total) });
    }
    await tx.insertInto('lots').values({ id: lotId, wallet_id: walletId, kind: req.kind, campaign_id: req.kind === 'limited' ? (req.campaignId ?? null) : null, balance_yen: 0, expires_at_ms: Date.parse(req.expiresAt), created_at_ms: nowMs }).execute();
    await postEntry(tx, { id: deps.newId(), type: 'seed', occurredAtMs: nowMs, recordedAtMs: nowMs, walletId, refId: lotId }, [
      { account: account.seed, amountYen: -req.amountYen },
      { account: account.lot, lotId, amountYen: req.amountYen },
    ]);
    await addToLot(tx, lotId, req.amountYen);
  });
  return { lotId, expiresAt: toIso(Date.parse(req.expiresAt)) };
}

async function requireMerchant(tx: Parameters<Parameters<Deps['store']['write']>[0]>[0], merchantId: string): Promise<void> {
  const m = await tx.selectFrom('merchants').select('id').where('id', '=', merchantId).executeTakeFirst();
  if (!m) throw new DomainError('not_found', 'no such merchant', { merchantId });
}

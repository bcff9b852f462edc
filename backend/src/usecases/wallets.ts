import { assert } from '../../../common/assert';
import { normalizeCardUid } from '../../../common/card-uid';
import { DomainError } from '../../../common/errors';
import { toIso } from '../../../common/time';
import type { Credential, LotView } from '../../../common/wire/primitives';
import type { Lot } from '../domain/lot';
import { isEligibleAt, isExpired } from '../domain/lot';
import { chargeMoneyExpiryRolls, type ExpiryRoll } from '../domain/expiry';
import type { QueryResult } from 'kysely';
import { runHot, runHotPipeline, type HotRun } from '../store/hot-sql';
import { WALLET_BY, WALLET_LOTS, WALLET_LOTS_BY } from '../store/hot-statements';
import { forUpdate, type Tx } from '../store/store';
import type { Deps } from './context';
import { account, moveLots, postEntry } from './ledger';
import type { CpmClaims } from '../../../common/cpm-token';

export interface WalletRow {
  id: string;
  kind: 'app' | 'card';
  status: 'active' | 'retired' | 'blocked';
  debtYen: number;
  displayName: string;
  /** R19: where a retired card's value went. */
  migratedTo: string | null;
}

export interface StoredLot extends Lot {
  label: string;
}

/**
 * A credential after its signature check: a CPM token's claims, or a card's identifiers.
 * Verification is async crypto and happens before the unit of work opens, so the write lock
 * is never held across it.
 */
export type VerifiedCredential =
  | { type: 'cpm'; claims: CpmClaims }
  | { type: 'card'; cardNumber?: string; nfcUid?: string }
  /** R28: the customer's own wallet, proven by the customer token (an MPM payment from the app). */
  | { type: 'wallet'; walletId: string };

/** A card's identifier as the ledger keys it: the number as printed, or the normalized chip UID. */
export function cardCredential(card: { cardNumber: string } | { nfcUid: string }): Extract<VerifiedCredential, { type: 'card' }> {
  return 'cardNumber' in card ? { type: 'card', cardNumber: card.cardNumber } : { type: 'card', nfcUid: normalizeUid(card.nfcUid) };
}

/** `checkedClaims`: what the HTTP thread found the token's signature good for (route.ts `cpmToken`). */
export async function verifyCredential(deps: Deps, credential: Credential, atMs: number, checkedClaims?: CpmClaims): Promise<VerifiedCredential> {
  if (credential.type === 'card') return cardCredential(credential);
  const nowMs = deps.clock.nowMs();
  const verdict = await deps.keys.verify(credential.token, atMs, nowMs, checkedClaims);
  if (!verdict.ok) {
    throw new DomainError(verdict.code, verdict.code === 'token_expired' ? 'the QR code has expired; ask the customer to refresh it' : 'the QR code is not a valid KumaPAY code');
  }
  return { type: 'cpm', claims: verdict.claims };
}

/** Readers type UIDs in either case, with or without separators (one rule for backend and terminal). */
export const normalizeUid = normalizeCardUid;

const WALLET_COLUMNS = ['id', 'kind', 'status', 'debt_yen', 'display_name', 'migrated_to'] as const;

function toWalletRow(row: { id: string; kind: string; status: string; debt_yen: number; display_name: string; migrated_to: string | null }): WalletRow {
  return { id: row.id, kind: row.kind as WalletRow['kind'], status: row.status as WalletRow['status'], debtYen: row.debt_yen, displayName: row.display_name, migratedTo: row.migrated_to };
}

/**
 * The wallet a credential names, locked for the rest of the unit of work where the store has
 * row locks (PostgreSQL), so concurrent payments on one wallet run one after another.
 */
export async function findWallet(deps: Deps, tx: Tx, credential: VerifiedCredential, options: { allowRetired?: boolean; allowBlocked?: boolean; forRead?: boolean } = {}): Promise<WalletRow> {
  const { by, key } = walletKeyOf(credential);
  // A look-up outside a unit of work must not take (and at once drop) a row lock that payments wait on.
  const { rows } = await runHot<WalletColumns>(tx, options.forRead ? WALLET_BY[by].plain : WALLET_BY[by].locked, [key]);
  return usableWallet(rows[0], credential, options);
}

type WalletColumns = Parameters<typeof toWalletRow>[0];
type WalletKey = { by: keyof typeof WALLET_BY; key: string };

function walletKeyOf(credential: VerifiedCredential): WalletKey {
  if (credential.type === 'cpm') return { by: 'id', key: credential.claims.walletId };
  if (credential.type === 'wallet') return { by: 'id', key: credential.walletId };
  return credential.cardNumber !== undefined ? { by: 'cardNumber', key: credential.cardNumber } : { by: 'nfcUid', key: credential.nfcUid ?? '' };
}

function usableWallet(row: WalletColumns | undefined, credential: VerifiedCredential, options: { allowRetired?: boolean; allowBlocked?: boolean }): WalletRow {
  if (!row) {
    if (credential.type === 'card') throw new DomainError('card_unknown', 'this card is not a KumaPAY card we know');
    if (credential.type === 'wallet') throw new DomainError('not_found', 'no such wallet');
    throw new DomainError('token_invalid', 'the QR code names no wallet');
  }
  const wallet = toWalletRow(row);
  if (wallet.kind === 'card' && wallet.status === 'retired' && !options.allowRetired) {
    throw new DomainError('card_migrated', 'this card was moved to the app and can no longer be used');
  }
  if (wallet.status === 'blocked' && !options.allowRetired && !options.allowBlocked) {
    throw new DomainError('card_blocked', 'this card was blocked (reported lost or stolen); ask the customer to contact support');
  }
  return wallet;
}

/**
 * A payment's wallet, locked for the unit of work as findWallet locks it, and its lots as
 * loadLots reads them, asked in one pipeline (one round trip on PostgreSQL instead of two, issue
 * 16), with `between` (a CPM token's claim) run after the lock and before the lots. The lots'
 * statement starts after the lock was granted, so it sees every lot the lock's last holder
 * committed. Refusals come in the order the statements would have given them one by one: the
 * wallet's first, then `between`'s (its answer is returned for the caller to judge).
 */
export async function lockWalletWithLots(
  deps: Pick<Deps, 'settings'>,
  tx: Tx,
  credential: VerifiedCredential,
  merchantId: string | null,
  between?: HotRun,
): Promise<LockedWalletWithLots> {
  const results = await runHotPipeline(tx, walletWithLotsRuns(credential, merchantId, between));
  return walletWithLotsFrom(deps, credential, merchantId, results, between !== undefined);
}

export interface LockedWalletWithLots {
  wallet: WalletRow;
  lots: StoredLot[];
  between: QueryResult<unknown> | null;
}

/** lockWalletWithLots's statements, for a caller that sends them with others (idempotency's readAlong). */
export function walletWithLotsRuns(credential: VerifiedCredential, merchantId: string | null, between?: HotRun): HotRun[] {
  const { by, key } = walletKeyOf(credential);
  return [{ statement: WALLET_BY[by].locked, params: [key] }, ...(between ? [between] : []), { statement: WALLET_LOTS_BY[by], params: [key, merchantId ?? ''] }];
}

/** What walletWithLotsRuns's statements answered, as lockWalletWithLots gives it; its refusals too. */
export function walletWithLotsFrom(deps: Pick<Deps, 'settings'>, credential: VerifiedCredential, merchantId: string | null, results: readonly QueryResult<unknown>[], withBetween: boolean): LockedWalletWithLots {
  assert(results.length === (withBetween ? 3 : 2), `a wallet with its lots is read by ${withBetween ? 3 : 2} statements, not ${results.length}`);
  const wallet = usableWallet(results[0]!.rows[0] as WalletColumns | undefined, credential, {});
  const { chargeMoneyLabel } = deps.settings.cached();
  const lots = (results[results.length - 1]!.rows as LotRow[]).map((r) => toStoredLot(r, merchantId, chargeMoneyLabel));
  return { wallet, lots, between: withBetween ? results[1]! : null };
}

export async function lockWalletById(deps: Deps, tx: Tx, walletId: string): Promise<WalletRow> {
  let query = tx.selectFrom('wallets').select(WALLET_COLUMNS).where('id', '=', walletId);
  query = forUpdate(deps.store, query);
  const row = await query.executeTakeFirst();
  if (!row) throw new DomainError('not_found', 'no such wallet');
  return toWalletRow(row);
}

/** A lot as the payment path's hot statement reads it (store/hot-statements.ts WALLET_LOTS). */
export interface LotRow {
  id: string;
  kind: string;
  campaign_id: string | null;
  balance_yen: number;
  expires_at_ms: number;
  created_at_ms: number;
  eligible_all: number | null;
  label: string | null;
  eligible_here: number;
}

/**
 * The wallet's lots with their eligibility at `merchantId` (R1, R2). Campaign membership is
 * asked of the store for this merchant only, so a long merchant list costs nothing here.
 */
export async function loadLots(deps: Pick<Deps, 'settings'>, tx: Tx, walletId: string, merchantId: string | null): Promise<StoredLot[]> {
  const { chargeMoneyLabel } = deps.settings.cached();
  const { rows } = await runHot<LotRow>(tx, WALLET_LOTS, [walletId, merchantId ?? '']);
  return rows.map((r) => toStoredLot(r, merchantId, chargeMoneyLabel));
}

function toStoredLot(r: LotRow, merchantId: string | null, chargeMoneyLabel: string): StoredLot {
  const everywhere = r.kind === 'charge' || r.eligible_all === 1 || r.campaign_id === null;
  const eligibleMerchantIds = everywhere ? null : new Set(r.eligible_here === 1 && merchantId ? [merchantId] : []);
  return {
    id: r.id,
    kind: r.kind as Lot['kind'],
    campaignId: r.campaign_id,
    balanceYen: r.balance_yen,
    expiresAtMs: r.expires_at_ms,
    createdAtMs: r.created_at_ms,
    eligibleMerchantIds,
    label: r.kind === 'charge' ? chargeMoneyLabel : (r.label ?? 'limited'),
  };
}

/**
 * R4: an expired lot's value goes to breakage, recorded as its own entry. Runs lazily inside
 * every unit of work that touches the wallet, so no expired yen is ever spent or shown, and
 * from the scheduled sweep (usecases/expiry-sweep.ts, R27). `lots` must have been read in the
 * same unit of work after the wallet's lock, or two writers could write one lot off twice.
 * Returns the lots with the written-off balances zeroed.
 */
export async function writeOffExpired(deps: Pick<Deps, 'newId'>, tx: Tx, walletId: string, lots: StoredLot[], nowMs: number, refId: string | null = null): Promise<{ lots: StoredLot[]; writtenOffYen: number; lotsWrittenOff: number }> {
  const expired = lots.filter((l) => l.balanceYen > 0 && isExpired(l, nowMs));
  if (expired.length === 0) return { lots, writtenOffYen: 0, lotsWrittenOff: 0 };
  const writtenOffYen = expired.reduce((s, l) => s + l.balanceYen, 0);
  await postEntry(tx, { id: deps.newId(), type: 'expiry', occurredAtMs: nowMs, recordedAtMs: nowMs, walletId, refId }, [
    ...expired.map((l) => ({ account: account.lot, lotId: l.id, amountYen: -l.balanceYen })),
    { account: account.breakage, amountYen: writtenOffYen },
  ]);
  await moveLots(tx, expired.map((l) => ({ lotId: l.id, deltaYen: -l.balanceYen })));
  const ids = new Set(expired.map((l) => l.id));
  return { lots: lots.map((l) => (ids.has(l.id) ? { ...l, balanceYen: 0 } : l)), writtenOffYen, lotsWrittenOff: expired.length };
}

/** Lots a person should see: everything unexpired (a spent-out lot shows as ¥0 until it expires). */
export function lotViews(lots: readonly StoredLot[], nowMs: number, merchantId: string | null): LotView[] {
  return lots
    .filter((l) => !isExpired(l, nowMs))
    .sort((a, b) => a.expiresAtMs - b.expiresAtMs || a.createdAtMs - b.createdAtMs)
    .map((l) => ({
      lotId: l.id,
      kind: l.kind,
      campaignId: l.campaignId,
      label: l.label,
      amountYen: l.balanceYen,
      expiresAt: toIso(l.expiresAtMs),
      expired: false,
      ...(merchantId ? { eligible: isEligibleAt(l, merchantId) } : {}),
    }));
}

export function totalYen(lots: readonly StoredLot[], nowMs: number): number {
  return lots.filter((l) => !isExpired(l, nowMs)).reduce((s, l) => s + l.balanceYen, 0);
}

export function chargeBalanceYen(lots: readonly StoredLot[], nowMs: number): number {
  return lots.filter((l) => l.kind === 'charge' && !isExpired(l, nowMs)).reduce((s, l) => s + l.balanceYen, 0);
}

/**
 * Verification runs before the unit of work; its refusal is carried into it so the refusal is
 * stored under the clientTxnId like any other answer.
 */
export async function verifyOrRefusal(deps: Deps, credential: Credential, atMs: number, checkedClaims?: CpmClaims): Promise<VerifiedCredential | DomainError> {
  try {
    return await verifyCredential(deps, credential, atMs, checkedClaims);
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
}

/**
 * R3: every charge or payment (and R15 a payment's cancel) moves the wallet's charge money to
 * expire two years after it (the rule: domain/expiry.ts). A payment rolls in the same statement
 * that spends its lots and shows the new dates with `applyRolls`.
 */
export async function rollChargeMoneyExpiry(tx: Tx, lots: readonly StoredLot[], nowMs: number): Promise<void> {
  await moveLots(tx, [], chargeMoneyExpiryRolls(lots, nowMs));
}

/** The answer shows the new dates: `byId` is updated in place. */
export function applyRolls(byId: Map<string, StoredLot>, rolls: readonly ExpiryRoll[]): void {
  for (const roll of rolls) {
    const lot = byId.get(roll.lotId);
    if (lot) byId.set(roll.lotId, { ...lot, expiresAtMs: roll.expiresAtMs });
  }
}

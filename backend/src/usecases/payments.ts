import { z } from 'zod';
import type { QueryResult } from 'kysely';
import type { CpmClaims } from '../../../common/cpm-token';
import { assert } from '../../../common/assert';
import { DomainError } from '../../../common/errors';
import { toIso } from '../../../common/time';
import type { paymentRequest, paymentResponse } from '../../../common/wire/terminal';
import { paymentMethodOf } from '../../../common/wire/terminal';
import type { Allocation } from '../../../common/wire/primitives';
import { allocate, allocateWithShortfall, type AllocationLine } from '../domain/allocation';
import { feeYenFor } from '../domain/fee';
import { requireRole } from '../domain/roles';
import { isEligibleAt, isExpired } from '../domain/lot';
import { checkShortNo } from './terminal-no';
import { recordingInstant } from './day-closes';
import { chargeMoneyExpiryRolls } from '../domain/expiry';
import { rowsChanged, runHot, runHotWrites, type HotRun } from '../store/hot-sql';
import { CLAIM_TOKEN, INSERT_PAYMENT, INSERT_PAYMENT_ALLOCATIONS } from '../store/hot-statements';
import type { Tx } from '../store/store';
import type { Deps, Replayable, TerminalActor } from './context';
import { account, addToDebt, entryInserts, lotMoves } from './ledger';
import { writeIdempotent, requestHash, type RowsWithAnswer } from './idempotency';
import { merchantOf } from './merchants';
import { applyRolls, lockWalletWithLots, lotViews, totalYen, verifyOrRefusal, walletWithLotsFrom, walletWithLotsRuns, writeOffExpired, type LockedWalletWithLots, type StoredLot, type VerifiedCredential } from './wallets';

type PaymentRequest = z.infer<typeof paymentRequest>;
type PaymentResponse = z.infer<typeof paymentResponse>;

/** The short number and the cash part are part of the request: a replay must match them too. */
export function paymentRequestHash(req: PaymentRequest): string {
  return requestHash('payment', req);
}

/** `hash`: paymentRequestHash(req), when the HTTP thread has worked it out already (http/route.ts). */
export async function pay(deps: Deps, actor: TerminalActor, req: PaymentRequest, checkedClaims?: CpmClaims, hash: string = paymentRequestHash(req)): Promise<Replayable<PaymentResponse>> {
  requireRole(actor.staff?.role ?? null, 'pay');
  const nowMs = deps.clock.nowMs();
  await deps.settings.current(nowMs);
  const shortNo = checkShortNo(actor, req.shortNo);
  const credential = await verifyOrRefusal(deps, req.credential, nowMs, checkedClaims);
  const { feeRateBp } = await merchantOf(deps, actor.merchantId);
  // The wallet's lock, the CPM token's claim (R22) and the lots go with the prior answer: one
  // round trip fewer (issue 16). A replay rolls the claim back (writeIdempotent).
  const paymentId = deps.newId();
  const claim = credential instanceof DomainError || credential.type !== 'cpm' ? undefined : claimRun(credential.claims, paymentId, nowMs);
  const readAlong = credential instanceof DomainError ? [] : walletWithLotsRuns(credential, actor.merchantId, claim);
  return writeIdempotent(deps, { terminalId: actor.terminalId, clientTxnId: req.clientTxnId, hash, holdsTerminal: true, readAlong }, async (tx, withAnswer, readWith) => {
    if (credential instanceof DomainError) throw credential;
    const locked = walletWithLotsFrom(deps, credential, actor.merchantId, readWith, claim !== undefined);
    const occurredAtMs = await recordingInstant(tx, actor.terminalId, nowMs);
    const result = await applyPayment(deps, tx, actor, {
      clientTxnId: req.clientTxnId,
      amountYen: req.amountYen,
      credential,
      occurredAtMs,
      offline: false,
      feeRateBp,
      shortNo,
      cashYen: req.cashYen ?? 0,
    }, withAnswer, { paymentId, locked });
    return { status: 201, body: result.response };
  });
}

export interface PaymentInput {
  clientTxnId: string;
  amountYen: number;
  credential: VerifiedCredential;
  occurredAtMs: number;
  /** Offline items (R20) were already approved at the counter: a shortfall becomes debt. */
  offline: boolean;
  /** R9: the merchant's fee rate, recorded per payment (0 by default). */
  feeRateBp: number;
  /** Issue 10: the terminal's short number for the sale (prefix already checked). */
  shortNo?: string | null;
  /** R32: the cash part of a split sale; recorded, moves no e-money. */
  cashYen?: number;
}

/**
 * A payment's wallet, locked, its lots and its CPM token's claim (walletWithLotsRuns), asked in
 * the unit of work before applyPayment runs; `paymentId` is the one the claim names.
 */
export interface AskedAlong {
  paymentId: string;
  locked: LockedWalletWithLots;
}

export async function applyPayment(
  deps: Deps,
  tx: Tx,
  actor: TerminalActor,
  input: PaymentInput,
  /** Given: the payment's rows are written with the unit's stored answer, not now. */
  withAnswer?: RowsWithAnswer,
  /** Given: what the unit asked with its prior answer, so the payment does not ask it again. */
  askedAlong?: AskedAlong,
): Promise<{ response: PaymentResponse; shortfallYen: number; paymentId: string }> {
  const nowMs = deps.clock.nowMs();
  const paymentId = askedAlong?.paymentId ?? deps.newId();
  // R22: a CPM token is claimed between the wallet's lock and its lots, in the same round trip.
  const claim = !askedAlong && input.credential.type === 'cpm' ? claimRun(input.credential.claims, paymentId, nowMs) : undefined;
  assert(!askedAlong || (input.credential.type === 'cpm') === (askedAlong.locked.between !== null), 'a CPM payment asks its claim with its wallet and lots, any other payment none');
  const { wallet, lots: loaded, between: claimed } = askedAlong?.locked ?? (await lockWalletWithLots(deps, tx, input.credential, actor.merchantId, claim));
  if (claimed) checkClaimed(claimed);

  // Offline items spend as of the scan, so lots that lapsed while the item waited still pay.
  const spendAtMs = input.offline ? input.occurredAtMs : nowMs;
  let lots: StoredLot[];
  let lines: AllocationLine[];
  let shortfallYen = 0;
  if (input.offline) {
    ({ lines, shortfallYen } = allocateWithShortfall(loaded, input.amountYen, actor.merchantId, spendAtMs));
    lots = loaded;
  } else {
    lots = (await writeOffExpired(deps, tx, wallet.id, loaded, nowMs)).lots;
    try {
      lines = allocate(lots, input.amountYen, actor.merchantId, nowMs);
    } catch (error) {
      if (error instanceof DomainError && error.code === 'insufficient_funds') throw declineWithReasons(error, lots, actor.merchantId, nowMs);
      throw error;
    }
  }

  const entryId = deps.newId();
  const byId = new Map(lots.map((l) => [l.id, l]));
  // Checked (it balances) now; written below with the payment's own rows.
  const entry = entryInserts(
    { id: entryId, type: 'payment', occurredAtMs: input.occurredAtMs, recordedAtMs: nowMs, walletId: wallet.id, merchantId: actor.merchantId, terminalId: actor.terminalId, staffId: actor.staff?.staffId ?? null, refId: paymentId },
    [
      ...lines.map((l) => ({ account: account.lot, lotId: l.lotId, amountYen: -l.amountYen })),
      { account: account.debt(wallet.id), amountYen: -shortfallYen },
      { account: account.merchantPayable(actor.merchantId), amountYen: input.amountYen },
    ],
  );
  // R3: the charge money's expiry rolls in the same statement that spends the lots.
  const rolls = chargeMoneyExpiryRolls(lots, nowMs);
  const lotUpdate = lotMoves(lines.map((l) => ({ lotId: l.lotId, deltaYen: -l.amountYen })), rolls);
  for (const line of lines) byId.set(line.lotId, { ...byId.get(line.lotId)!, balanceYen: byId.get(line.lotId)!.balanceYen - line.amountYen });
  applyRolls(byId, rolls);
  await addToDebt(tx, wallet.id, shortfallYen);

  const payment: HotRun = {
    statement: INSERT_PAYMENT,
    params: [
      paymentId,
      input.clientTxnId,
      actor.merchantId,
      actor.terminalId,
      actor.staff?.staffId ?? null,
      wallet.id,
      input.amountYen,
      feeYenFor(input.amountYen, input.feeRateBp),
      entryId,
      input.occurredAtMs,
      nowMs,
      input.offline ? 1 : 0,
      shortfallYen,
      input.credential.type === 'cpm' ? input.credential.claims.tokenId : null,
      input.shortNo ?? null,
      input.cashYen ?? 0,
      paymentMethodOf(input.credential),
    ],
  };
  const allocationRows: HotRun[] =
    lines.length === 0
      ? []
      : [
          {
            statement: INSERT_PAYMENT_ALLOCATIONS.get(lines.length),
            params: lines.flatMap((line, i) => {
              const lot = byId.get(line.lotId)!;
              return [paymentId, i + 1, lot.id, lot.kind, lot.campaignId, line.amountYen, lot.expiresAtMs];
            }),
          },
        ];
  // The lots' update, the entry, its postings, the payment and its allocations: one round trip
  // on PostgreSQL, or none of their own when they go with the stored answer.
  const rows = [...entry, payment, ...allocationRows];
  if (withAnswer) {
    if (lotUpdate) withAnswer.update(lotUpdate);
    withAnswer.insert(rows);
  } else {
    await runHotWrites(tx, lotUpdate ? [lotUpdate] : [], rows);
  }
  const allocations: Allocation[] = lines.map((line) => {
    const lot = byId.get(line.lotId)!;
    // R2: the name the lot has now (a spent-out lot can be missing from balanceAfter's list).
    return { lotId: lot.id, kind: lot.kind, campaignId: lot.campaignId, amountYen: line.amountYen, expiresAt: toIso(lot.expiresAtMs), label: lot.label };
  });
  const after = [...byId.values()];
  return {
    paymentId,
    shortfallYen,
    response: {
      paymentId,
      status: 'approved',
      amountYen: input.amountYen,
      allocations,
      balanceAfter: { totalYen: totalYen(after, nowMs), lots: lotViews(after, nowMs, actor.merchantId) },
      occurredAt: toIso(input.occurredAtMs),
      ...(input.cashYen ? { cashYen: input.cashYen } : {}),
      shortNo: input.shortNo ?? null,
    },
  };
}

/**
 * R8/R32: why the wallet cannot pay here — the whole live balance, and the balances with value
 * this shop does not accept (by campaign, with its display name), so the cashier can say which
 * money is not good here or that the wallet is simply short, and take the rest in cash.
 */
export function declineWithReasons(error: DomainError, lots: readonly StoredLot[], merchantId: string, nowMs: number): DomainError {
  const live = lots.filter((l) => l.balanceYen > 0 && !isExpired(l, nowMs));
  const notAccepted = new Map<string, { campaignId: string | null; label: string; amountYen: number }>();
  for (const lot of live) {
    if (isEligibleAt(lot, merchantId)) continue;
    const key = lot.campaignId ?? `kind:${lot.kind}`;
    const entry = notAccepted.get(key) ?? { campaignId: lot.campaignId, label: lot.label, amountYen: 0 };
    entry.amountYen += lot.balanceYen;
    notAccepted.set(key, entry);
  }
  return new DomainError(error.code, error.message, {
    ...error.details,
    totalYen: live.reduce((s, l) => s + l.balanceYen, 0),
    notAcceptedHere: [...notAccepted.values()],
  });
}

/**
 * R22: a CPM token pays once, for a payment or a KumaPo spend (`paymentId` null). Claimed where
 * it used to be only checked, so one statement both asks and records: a refusal later in the
 * unit of work rolls the claim back with the rest, and on PostgreSQL a twin in flight is waited
 * for (the unique key) and then seen as used.
 */
export async function claimToken(tx: Tx, tokenId: string, walletId: string, paymentId: string | null, nowMs: number): Promise<void> {
  checkClaimed(await runHot(tx, CLAIM_TOKEN, [tokenId, walletId, paymentId, nowMs]));
}

/** The claim as a statement to run with others (lockWalletWithLots); its token names its wallet. */
function claimRun(claims: CpmClaims, paymentId: string | null, nowMs: number): HotRun {
  return { statement: CLAIM_TOKEN, params: [claims.tokenId, claims.walletId, paymentId, nowMs] };
}

function checkClaimed(claimed: QueryResult<unknown>): void {
  if (rowsChanged(claimed) !== 1) throw new DomainError('token_used', 'this QR code was already used; ask the customer to show a new one');
}

import { z } from 'zod';
import { DomainError } from '../../../common/errors';
import { toIso } from '../../../common/time';
import type { paymentRequest, paymentResponse } from '../../../common/wire/terminal';
import type { Allocation } from '../../../common/wire/primitives';
import { allocate, allocateWithShortfall, type AllocationLine } from '../domain/allocation';
import { chargeMoneyExpiryAfterActivity } from '../domain/expiry';
import { requireRole } from '../domain/roles';
import { isExpired } from '../domain/lot';
import type { Tx } from '../store/store';
import type { Answer, Deps, TerminalActor } from './context';
import { account, addToDebt, addToLot, postEntry } from './ledger';
import { idempotent, requestHash } from './idempotency';
import { merchantOf } from './merchants';
import { findWallet, loadLots, lotViews, totalYen, verifyOrRefusal, writeOffExpired, type StoredLot, type VerifiedCredential } from './wallets';

type PaymentRequest = z.infer<typeof paymentRequest>;
type PaymentResponse = z.infer<typeof paymentResponse>;

export async function pay(deps: Deps, actor: TerminalActor, req: PaymentRequest): Promise<Answer<unknown>> {
  requireRole(actor.staff?.role ?? null, 'pay');
  const nowMs = deps.clock.nowMs();
  await deps.settings.current(nowMs);
  const hash = requestHash('payment', req);
  const credential = await verifyOrRefusal(deps, req.credential, nowMs);
  const { feeRateBp } = await merchantOf(deps, actor.merchantId);
  return deps.store.write((tx) =>
    idempotent(deps, tx, { terminalId: actor.terminalId, clientTxnId: req.clientTxnId, hash }, async () => {
      if (credential instanceof DomainError) throw credential;
      const result = await applyPayment(deps, tx, actor, {
        clientTxnId: req.clientTxnId,
        amountYen: req.amountYen,
        credential,
        occurredAtMs: nowMs,
        offline: false,
        feeRateBp,
      });
      return { status: 201, body: result.response };
    }),
  );
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
}

export async function applyPayment(
  deps: Deps,
  tx: Tx,
  actor: TerminalActor,
  input: PaymentInput,
): Promise<{ response: PaymentResponse; shortfallYen: number; paymentId: string }> {
  const nowMs = deps.clock.nowMs();
  const wallet = await findWallet(deps, tx, input.credential);
  if (input.credential.type === 'cpm') await assertTokenUnused(tx, input.credential.claims.tokenId);

  const loaded = await loadLots(deps, tx, wallet.id, actor.merchantId);
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
    lines = allocate(lots, input.amountYen, actor.merchantId, nowMs);
  }

  const paymentId = deps.newId();
  const entryId = deps.newId();
  const byId = new Map(lots.map((l) => [l.id, l]));
  await postEntry(
    tx,
    { id: entryId, type: 'payment', occurredAtMs: input.occurredAtMs, recordedAtMs: nowMs, walletId: wallet.id, merchantId: actor.merchantId, terminalId: actor.terminalId, staffId: actor.staff?.staffId ?? null, refId: paymentId },
    [
      ...lines.map((l) => ({ account: account.lot, lotId: l.lotId, amountYen: -l.amountYen })),
      { account: account.debt(wallet.id), amountYen: -shortfallYen },
      { account: account.merchantPayable(actor.merchantId), amountYen: input.amountYen },
    ],
  );
  for (const line of lines) {
    await addToLot(tx, line.lotId, -line.amountYen);
    byId.set(line.lotId, { ...byId.get(line.lotId)!, balanceYen: byId.get(line.lotId)!.balanceYen - line.amountYen });
  }
  await addToDebt(tx, wallet.id, shortfallYen);
  await rollChargeMoneyExpiry(tx, [...byId.values()], nowMs, byId);

  await tx
    .insertInto('payments')
    .values({
      id: paymentId,
      client_txn_id: input.clientTxnId,
      merchant_id: actor.merchantId,
      terminal_id: actor.terminalId,
      staff_id: actor.staff?.staffId ?? null,
      wallet_id: wallet.id,
      amount_yen: input.amountYen,
      fee_yen: feeYenFor(input.amountYen, input.feeRateBp),
      entry_id: entryId,
      occurred_at_ms: input.occurredAtMs,
      recorded_at_ms: nowMs,
      offline: input.offline ? 1 : 0,
      shortfall_yen: shortfallYen,
      token_id: input.credential.type === 'cpm' ? input.credential.claims.tokenId : null,
      cancelled_at_ms: null,
    })
    .execute();
  const allocations: Allocation[] = lines.map((line) => {
    const lot = byId.get(line.lotId)!;
    return { lotId: lot.id, kind: lot.kind, campaignId: lot.campaignId, amountYen: line.amountYen, expiresAt: toIso(lot.expiresAtMs) };
  });
  if (lines.length > 0) {
    await tx
      .insertInto('payment_allocations')
      .values(lines.map((line, i) => {
        const lot = byId.get(line.lotId)!;
        return { payment_id: paymentId, line_no: i + 1, lot_id: lot.id, kind: lot.kind, campaign_id: lot.campaignId, amount_yen: line.amountYen, expires_at_ms: lot.expiresAtMs };
      }))
      .execute();
  }
  if (input.credential.type === 'cpm') {
    // R22: the unique key is what stops a second use, even from another instance.
    await tx.insertInto('used_tokens').values({ token_id: input.credential.claims.tokenId, wallet_id: wallet.id, payment_id: paymentId, used_at_ms: nowMs }).execute();
  }
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
    },
  };
}

/** R9: the fee is a whole-yen share of the payment, rounded down in the merchant's favour. */
export function feeYenFor(amountYen: number, feeRateBp: number): number {
  return Math.floor((amountYen * feeRateBp) / 10_000);
}

export async function assertTokenUnused(tx: Tx, tokenId: string): Promise<void> {
  const used = await tx.selectFrom('used_tokens').select('token_id').where('token_id', '=', tokenId).executeTakeFirst();
  if (used) throw new DomainError('token_used', 'this QR code was already used; ask the customer to show a new one');
}

/**
 * R3: every charge or payment moves the wallet's charge money to expire two years after it.
 * Updates the in-memory lots too, so the answer shows the new date.
 */
export async function rollChargeMoneyExpiry(tx: Tx, lots: readonly StoredLot[], nowMs: number, byId?: Map<string, StoredLot>): Promise<void> {
  const expiresAtMs = chargeMoneyExpiryAfterActivity(nowMs);
  for (const lot of lots) {
    if (lot.kind !== 'charge' || isExpired(lot, nowMs) || lot.expiresAtMs >= expiresAtMs) continue;
    await tx.updateTable('lots').set({ expires_at_ms: expiresAtMs }).where('id', '=', lot.id).execute();
    byId?.set(lot.id, { ...lot, expiresAtMs });
  }
}

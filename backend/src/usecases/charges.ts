import type { CpmClaims } from '../../../common/cpm-token';
import type { z } from 'zod';
import { DomainError } from '../../../common/errors';
import { toIso } from '../../../common/time';
import type { chargeRequest, chargeResponse } from '../../../common/wire/terminal';
import { paymentMethodOf } from '../../../common/wire/terminal';
import { bonusRateBpAt, planCharge } from '../domain/charge';
import { chargeMoneyExpiryAfterActivity } from '../domain/expiry';
import { isExpired } from '../domain/lot';
import { requireRole } from '../domain/roles';
import type { Deps, Replayable, TerminalActor } from './context';
import { writeIdempotent, requestHash } from './idempotency';
import { account, addToDebt, addToLot, postEntry } from './ledger';
import { checkShortNo } from './terminal-no';
import { recordingInstant } from './day-closes';
import { chargeBalanceYen, loadLots, lockWalletWithLots, lotViews, rollChargeMoneyExpiry, totalYen, verifyOrRefusal, writeOffExpired } from './wallets';
import { merchantOf } from './merchants';

type ChargeRequest = z.infer<typeof chargeRequest>;

/** R10–R13: a face-to-face cash charge at a charge point. Online only (R21). */
export async function charge(deps: Deps, actor: TerminalActor, req: ChargeRequest, checkedClaims?: CpmClaims): Promise<Replayable<z.infer<typeof chargeResponse>>> {
  requireRole(actor.staff?.role ?? null, 'charge');
  const merchant = await merchantOf(deps, actor.merchantId);
  if (!merchant.chargePoint) throw new DomainError('not_charge_point', 'this shop is not a charge point');
  const nowMs = deps.clock.nowMs();
  const settings = await deps.settings.current(nowMs);
  const hash = requestHash('charge', req);
  const shortNo = checkShortNo(actor, req.shortNo);
  const credential = await verifyOrRefusal(deps, req.credential, nowMs, checkedClaims);
  return writeIdempotent(deps, { terminalId: actor.terminalId, clientTxnId: req.clientTxnId, hash, holdsTerminal: true }, async (tx) => {
    if (credential instanceof DomainError) throw credential;
    const occurredAtMs = await recordingInstant(tx, actor.terminalId, nowMs);
    // The wallet's lock and its lots in one round trip on PostgreSQL (issue 16).
    const { wallet, lots: loaded } = await lockWalletWithLots(deps, tx, credential, actor.merchantId);
    const lots = (await writeOffExpired(deps, tx, wallet.id, loaded, nowMs)).lots;
    const rateBp = bonusRateBpAt(settings.bonusWindows, nowMs, settings.bonusDefaultRateBp);
    const plan = planCharge(req.amountYen, chargeBalanceYen(lots, nowMs), wallet.debtYen, rateBp);

    // One rolling charge-money lot per wallet (R2); a lapsed one is reused once written off.
    const chargeLots = lots.filter((l) => l.kind === 'charge').sort((a, b) => a.createdAtMs - b.createdAtMs);
    const live = chargeLots.find((l) => !isExpired(l, nowMs)) ?? chargeLots[0];
    const expiresAtMs = chargeMoneyExpiryAfterActivity(nowMs);
    let lotId: string;
    if (live) {
      lotId = live.id;
      await tx.updateTable('lots').set({ expires_at_ms: expiresAtMs }).where('id', '=', lotId).execute();
    } else {
      lotId = deps.newId();
      await tx.insertInto('lots').values({ id: lotId, wallet_id: wallet.id, kind: 'charge', campaign_id: null, balance_yen: 0, expires_at_ms: expiresAtMs, created_at_ms: nowMs }).execute();
    }
    await rollChargeMoneyExpiry(tx, lots.filter((l) => l.id !== lotId), nowMs);

    const chargeId = deps.newId();
    const entryId = deps.newId();
    await postEntry(
      tx,
      { id: entryId, type: 'charge', occurredAtMs, recordedAtMs: nowMs, walletId: wallet.id, merchantId: actor.merchantId, terminalId: actor.terminalId, staffId: actor.staff?.staffId ?? null, refId: chargeId },
      [
        { account: account.cash(actor.merchantId), amountYen: -plan.amountYen },
        { account: account.bonus, amountYen: -plan.bonusYen },
        { account: account.debt(wallet.id), amountYen: plan.debtRepaidYen },
        { account: account.lot, lotId, amountYen: plan.creditedYen },
      ],
    );
    await addToLot(tx, lotId, plan.creditedYen);
    await addToDebt(tx, wallet.id, -plan.debtRepaidYen);
    await tx
      .insertInto('charges')
      .values({
        id: chargeId,
        client_txn_id: req.clientTxnId,
        merchant_id: actor.merchantId,
        terminal_id: actor.terminalId,
        staff_id: actor.staff?.staffId ?? null,
        wallet_id: wallet.id,
        lot_id: lotId,
        amount_yen: plan.amountYen,
        bonus_yen: plan.bonusYen,
        debt_repaid_yen: plan.debtRepaidYen,
        entry_id: entryId,
        occurred_at_ms: occurredAtMs,
        cancelled_at_ms: null,
        short_no: shortNo,
        method: paymentMethodOf(credential),
      })
      .execute();
    const after = await loadLots(deps, tx, wallet.id, actor.merchantId);
    return {
      status: 201,
      body: {
        chargeId,
        amountYen: plan.amountYen,
        bonusYen: plan.bonusYen,
        debtRepaidYen: plan.debtRepaidYen,
        balanceAfter: { totalYen: totalYen(after, nowMs), lots: lotViews(after, nowMs, actor.merchantId) },
        occurredAt: toIso(occurredAtMs),
      },
    };
  });
}

import type { z } from 'zod';
import { DomainError } from '../../../common/errors';
import type { migrationRequest, migrationResponse } from '../../../common/wire/terminal';
import { requireRole } from '../domain/roles';
import type { Tx } from '../store/store';
import type { Deps, Replayable, TerminalActor } from './context';
import { writeIdempotent, requestHash } from './idempotency';
import { account, addToDebt, addToLot, postEntry } from './ledger';
import { checkShortNo } from './terminal-no';
import { recordingInstant } from './day-closes';
import { findWallet, loadLots, lotViews, cardCredential, totalYen, verifyOrRefusal, writeOffExpired } from './wallets';

type MigrationRequest = z.infer<typeof migrationRequest>;

/** Both identifiers of the card, so the terminal can refuse either offline from now on (R20a). */
async function cardIdentity(tx: Tx, cardWalletId: string) {
  const row = await tx.selectFrom('wallets').select(['card_number', 'nfc_uid']).where('id', '=', cardWalletId).executeTakeFirstOrThrow();
  return { cardNumber: row.card_number ?? '', nfcUid: row.nfc_uid };
}

/**
 * R19: a card's whole value moves into an app wallet in one atomic step: every lot keeps its
 * kind, campaign and expiry; debt moves too; the card is retired. The unique key on
 * migrations.card_wallet_id makes a second migration of the same card impossible anywhere.
 */
export async function migrateCard(deps: Deps, actor: TerminalActor, req: MigrationRequest): Promise<Replayable<z.infer<typeof migrationResponse>>> {
  requireRole(actor.staff?.role ?? null, 'migrate');
  const nowMs = deps.clock.nowMs();
  await deps.settings.current(nowMs);
  const hash = requestHash('migration', req);
  const shortNo = checkShortNo(actor, req.shortNo);
  const to = await verifyOrRefusal(deps, req.to, nowMs);
  const card = cardCredential(req.card);
  return writeIdempotent(deps, { terminalId: actor.terminalId, clientTxnId: req.clientTxnId, hash, holdsTerminal: true }, async (tx) => {
    if (to instanceof DomainError) throw to;
    const occurredAtMs = await recordingInstant(tx, actor.terminalId, nowMs);
    // Lock order is card before app wallet everywhere, so two migrations cannot deadlock.
    // A blocked (lost) card may still be moved: that is how its owner gets the value back.
    const cardWallet = await findWallet(deps, tx, card, { allowBlocked: true });
    if (cardWallet.kind !== 'card') throw new DomainError('card_unknown', 'this is not a physical card');
    const appWallet = await findWallet(deps, tx, to);
    if (appWallet.kind !== 'app') throw new DomainError('wallet_not_app', 'the destination must be the customer’s app wallet');

    const cardLots = (await writeOffExpired(deps, tx, cardWallet.id, await loadLots(deps, tx, cardWallet.id, null), nowMs)).lots.filter((l) => l.balanceYen > 0);
    const migrationId = deps.newId();
    const moves = cardLots.map((l) => ({ from: l, toLotId: deps.newId() }));
    for (const m of moves) {
      await tx
        .insertInto('lots')
        .values({ id: m.toLotId, wallet_id: appWallet.id, kind: m.from.kind, campaign_id: m.from.campaignId, balance_yen: 0, expires_at_ms: m.from.expiresAtMs, created_at_ms: m.from.createdAtMs })
        .execute();
    }
    const movedYen = moves.reduce((s, m) => s + m.from.balanceYen, 0);
    const entryId = deps.newId();
    await postEntry(
      tx,
      { id: entryId, type: 'migration', occurredAtMs, recordedAtMs: nowMs, walletId: appWallet.id, merchantId: actor.merchantId, terminalId: actor.terminalId, staffId: actor.staff?.staffId ?? null, refId: migrationId },
      [
        ...moves.flatMap((m) => [
          { account: account.lot, lotId: m.from.id, amountYen: -m.from.balanceYen },
          { account: account.lot, lotId: m.toLotId, amountYen: m.from.balanceYen },
        ]),
        { account: account.debt(cardWallet.id), amountYen: cardWallet.debtYen },
        { account: account.debt(appWallet.id), amountYen: -cardWallet.debtYen },
      ],
    );
    for (const m of moves) {
      await addToLot(tx, m.from.id, -m.from.balanceYen);
      await addToLot(tx, m.toLotId, m.from.balanceYen);
    }
    await addToDebt(tx, cardWallet.id, -cardWallet.debtYen);
    await addToDebt(tx, appWallet.id, cardWallet.debtYen);
    await tx.updateTable('wallets').set({ status: 'retired', migrated_to: appWallet.id, status_changed_at_ms: nowMs }).where('id', '=', cardWallet.id).execute();
    // A later refund of the card's payments lands in the lot its value moved to (R19).
    if (moves.length > 0) {
      await tx.insertInto('migration_lots').values(moves.map((m) => ({ migration_id: migrationId, from_lot_id: m.from.id, to_lot_id: m.toLotId }))).execute();
    }
    await tx
      .insertInto('migrations')
      .values({ id: migrationId, client_txn_id: req.clientTxnId, card_wallet_id: cardWallet.id, to_wallet_id: appWallet.id, moved_yen: movedYen, entry_id: entryId, terminal_id: actor.terminalId, staff_id: actor.staff?.staffId ?? null, occurred_at_ms: occurredAtMs, short_no: shortNo })
      .execute();
    const after = await loadLots(deps, tx, appWallet.id, null);
    // `lots` are the moved lots as they now stand in the app wallet; `balanceAfter` is the whole wallet.
    const movedIds = new Set(moves.map((m) => m.toLotId));
    return {
      status: 201,
      body: {
        migrationId,
        movedYen,
        card: await cardIdentity(tx, cardWallet.id),
        lots: lotViews(after.filter((l) => movedIds.has(l.id)), nowMs, null),
        debtMovedYen: cardWallet.debtYen,
        balanceAfter: { totalYen: totalYen(after, nowMs), lots: lotViews(after, nowMs, null) },
      },
    };
  });
}

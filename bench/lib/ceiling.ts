import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { openSqliteStore } from '../../backend/src/store/sqlite';
import { createDeps } from '../../backend/src/deps';
import { DataKeys, newDataKey } from '../../backend/src/usecases/data-keys';
import * as admin from '../../backend/src/usecases/admin';
import { pay } from '../../backend/src/usecases/payments';
import { systemClock } from '../../common/time';
import { timeOrderedUuid } from '../../common/time-ordered-uuid';
import { runLoad, type LoadResult } from './http-load';

/**
 * The same payment use case, in-process, one after another, each its own transaction and
 * fsync (group commit off): the ceiling a one-transaction-per-request server cannot pass.
 */
export interface CeilingOptions {
  concurrency?: number;
  groupCommit?: boolean;
  /**
   * `terminal` (the default): time-ordered clientTxnIds, as this project's terminal makes them;
   * `random`: version 4 UUIDs, which the contract accepts from any other client.
   */
  clientTxnIds?: 'terminal' | 'random';
  /** The run's 200 cards are `${cardPrefix}00000`…; a second run on the same file needs another. */
  cardPrefix?: string;
  /** A second run on the same file must bring the first run's data key (it sealed the signing key). */
  dataKeys?: DataKeys;
}

export interface CeilingRun extends LoadResult {
  /** The till the payments were made at (a run's own, so a second run on the same file is told apart). */
  terminalId: string;
}

/** A ceiling's ledger, till and cards, set up once: `run` may be called again and again (the interleaved ratio). */
export interface Ceiling {
  terminalId: string;
  /** `payments` more payments, each checked approved; a figure over refusals would measure refusals. */
  run(payments: number): Promise<LoadResult>;
  close(): Promise<void>;
}

export async function openCeiling(file: string, options: CeilingOptions = {}): Promise<Ceiling> {
  const store = await openSqliteStore(file, options.groupCommit ? {} : { batchWritesMax: 1 });
  const deps = await createDeps({ store, clock: systemClock, log: pino({ level: 'silent' }), dataKeys: options.dataKeys ?? new DataKeys([newDataKey()]) });
  const m = await admin.createMerchant(deps, { name: 'ceiling', chargePoint: false });
  const campaign = await admin.createCampaign(deps, { name: 'c', kind: 'limited', validity: { years: 2 }, eligibleMerchantIds: 'all' });
  const cards: string[] = [];
  for (let i = 0; i < 200; i++) {
    const cardNumber = `${options.cardPrefix ?? 'CEIL'}${String(i).padStart(5, '0')}`;
    const { walletId } = await admin.createCard(deps, { cardNumber });
    const far = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString();
    await admin.seedLot(deps, walletId, { kind: 'charge', amountYen: 1_000_000, expiresAt: far(700) });
    for (let l = 1; l < 3 + (i % 3); l++) await admin.seedLot(deps, walletId, { kind: 'limited', campaignId: campaign.id, amountYen: 1_000_000, expiresAt: far(100 + 30 * l) });
    cards.push(cardNumber);
  }
  // A till and a cashier as the operator creates them (every money path holds its terminal's
  // row, R30); the use case is called directly, so neither needs enrolling nor logging in.
  const till = await admin.createTerminal(deps, { merchantId: m.id, name: 'ceiling till' });
  const cashier = await admin.createStaff(deps, { merchantId: m.id, staffCode: 'ceiling', name: 'ceiling', role: 'cashier', pin: '1234' });
  const actor = { terminalId: till.id, merchantId: m.id, terminalNo: till.terminalNo, staff: { staffId: cashier.id, role: 'cashier' as const } };
  const newClientTxnId = options.clientTxnIds === 'random' ? () => randomUUID() : () => timeOrderedUuid(Date.now(), randomUUID());
  let made = 0;
  return {
    terminalId: till.id,
    async run(payments) {
      const first = made;
      made += payments;
      const result = await runLoad(options.concurrency ?? 1, payments, async (i) => {
        const n = first + i;
        const answer = await pay(deps, actor, { clientTxnId: newClientTxnId(), amountYen: 100 + (n % 900), credential: { type: 'card', cardNumber: cards[n % cards.length]! } });
        return answer.status === 201;
      });
      if (result.okCount !== result.count) throw new Error(`the in-process ceiling: ${result.count - result.okCount} of ${result.count} payments were not approved`);
      return result;
    },
    close: () => store.close(),
  };
}

export async function measureInProcessCeiling(file: string, payments: number, options: CeilingOptions = {}): Promise<CeilingRun> {
  const ceiling = await openCeiling(file, options);
  try {
    return { ...(await ceiling.run(payments)), terminalId: ceiling.terminalId };
  } finally {
    await ceiling.close();
  }
}

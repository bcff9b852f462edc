/**
 * A synthetic half-year ledger for the issue 14 report benchmark, written straight into the
 * tables (no use case, no HTTP: a million entries through the API would take hours). The
 * generator keeps the ledger's rules itself (usecases/ledger.ts): every entry balances, every
 * lot's cached balance is the sum of its postings, a wallet's debt is minus its debt account,
 * online payments write lapsed lots off first (R4), offline ones spend as of the scan and turn
 * what is missing into debt (R20), a cancel returns each allocated yen to its lot and writes
 * off at once what returned to a lapsed lot (R15). Deterministic: the same options give the
 * same rows. Left out, as no report reads them: staff, grant codes, charge cancels, card
 * migrations, CPM tokens, idempotency keys, short numbers.
 */
import { businessDayRangeMs, endOfJstDayAfter, type Validity } from '../../common/time';
import { LIMITS } from '../../common/limits';
import { chargeMoneyExpiryAfterActivity } from '../../backend/src/domain/expiry';
import { feeYenFor } from '../../backend/src/domain/fee';
import { seededRandom as prng } from '../../test/crash/random';

/** Columns in insert order; the PostgreSQL sink casts each array to its type. */
export const SEED_TABLES = {
  merchants: { id: 'text', name: 'text', charge_point: 'int', offline_card_payments: 'int', fee_rate_bp: 'int', created_at_ms: 'bigint' },
  terminals: { id: 'text', merchant_id: 'text', name: 'text', enrollment_code_hash: 'text', enrolled_at_ms: 'bigint', created_at_ms: 'bigint', terminal_no: 'int' },
  campaigns: { id: 'text', name: 'text', label: 'text', kind: 'text', validity_years: 'int', validity_months: 'int', validity_days: 'int', eligible_all: 'int', created_at_ms: 'bigint' },
  journal_entries: { id: 'text', type: 'text', occurred_at_ms: 'bigint', recorded_at_ms: 'bigint', wallet_id: 'text', merchant_id: 'text', terminal_id: 'text', ref_id: 'text' },
  postings: { entry_id: 'text', line_no: 'int', account: 'text', lot_id: 'text', amount_yen: 'bigint' },
  payments: {
    id: 'text', client_txn_id: 'text', merchant_id: 'text', terminal_id: 'text', wallet_id: 'text', amount_yen: 'bigint', fee_yen: 'bigint', entry_id: 'text',
    occurred_at_ms: 'bigint', recorded_at_ms: 'bigint', offline: 'int', shortfall_yen: 'bigint', method: 'text',
  },
  payment_allocations: { payment_id: 'text', line_no: 'int', lot_id: 'text', kind: 'text', campaign_id: 'text', amount_yen: 'bigint', expires_at_ms: 'bigint' },
  charges: { id: 'text', client_txn_id: 'text', merchant_id: 'text', terminal_id: 'text', wallet_id: 'text', lot_id: 'text', amount_yen: 'bigint', bonus_yen: 'bigint', debt_repaid_yen: 'bigint', entry_id: 'text', occurred_at_ms: 'bigint', method: 'text' },
  cancellations: { id: 'text', kind: 'text', target_id: 'text', client_txn_id: 'text', terminal_id: 'text', amount_yen: 'bigint', written_off_yen: 'bigint', entry_id: 'text', occurred_at_ms: 'bigint' },
  lots: { id: 'text', wallet_id: 'text', kind: 'text', campaign_id: 'text', balance_yen: 'bigint', expires_at_ms: 'bigint', created_at_ms: 'bigint' },
  wallets: { id: 'text', kind: 'text', status: 'text', display_name: 'text', card_number: 'text', debt_yen: 'bigint', created_at_ms: 'bigint' },
} as const;
export type SeedTable = keyof typeof SEED_TABLES;
export type SeedValue = string | number | null;

/** Where rows go. `flush` ends a chunk: the generator holds no rows across it. */
export interface SeedSink {
  insert(table: SeedTable, row: SeedValue[]): void;
  markPaymentCancelled(paymentId: string, atMs: number): void;
  flush(): Promise<void>;
}

export interface SeedOptions {
  /** Journal entries to write (the generator stops at exactly this many). */
  entries: number;
  wallets: number;
  merchants: number;
  /** JST business days, both included. */
  from: string;
  to: string;
  /** Entries per chunk (one transaction on SQLite, one round of bulk inserts on PostgreSQL). */
  chunkEntries: number;
}

/** What the seed wrote, and the figures the reports must find in it. */
export interface SeedTotals {
  entries: number;
  postings: number;
  payments: number;
  allocations: number;
  charges: number;
  grants: number;
  cancels: number;
  expiries: number;
  offlinePayments: number;
  shortfallPayments: number;
  lots: number;
  paymentsYen: number;
  cancelsYen: number;
  feeYen: number;
  cancelledFeeYen: number;
  writtenOffYen: number;
  /** Lots alive at the end of `to` with value left; debt still owed. */
  unusedYen: number;
  debtYen: number;
}


const CAMPAIGNS: { name: string; validity: Validity; share: number }[] = [
  { name: '春の子育て応援マネー', validity: { months: 1 }, share: 0.4 },
  { name: '夏のにぎわいマネー', validity: { months: 2 }, share: 0.35 },
  { name: 'ふるさとクマPAYマネー', validity: { months: 6 }, share: 0.25 },
];
/** Shares of events: charges, grants and cancels; the rest are payments (some offline). */
const MIX = { charge: 0.09, grant: 0.06, cancel: 0.03, offlineOfPayments: 0.03 };
/** Residents who got a wallet (and grants) but never pay with it: their grants lapse. */
const ACTIVE_WALLET_SHARE = 0.7;
const RECENT_PAYMENTS = 4_096;
const OFFLINE_DELAY_MS_MAX = 6 * 3_600_000;

interface RecentPayment {
  id: string;
  wallet: number;
  merchant: number;
  amountYen: number;
  feeYen: number;
  lots: number[];
  linesYen: number[];
  cancellable: boolean;
}

export async function seedLedger(sink: SeedSink, options: SeedOptions): Promise<SeedTotals> {
  const rand = prng(0x14_2024);
  const hex8 = () => Math.floor(rand() * 4294967296).toString(16).padStart(8, '0');
  // Random (v4-shaped) ids like the use cases' `newId`: index inserts and lookups land on random pages.
  const newId = () => {
    const a = hex8(), b = hex8(), c = hex8(), d = hex8();
    return `${a}-${b.slice(0, 4)}-4${b.slice(5)}-${(8 + (parseInt(c[0]!, 16) & 3)).toString(16)}${c.slice(1, 4)}-${c.slice(4)}${d}`;
  };
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  // Some customers and shops are far busier than others.
  const skewed = (n: number) => Math.floor(n * rand() ** 1.6);
  const activeWallets = Math.max(1, Math.floor(options.wallets * ACTIVE_WALLET_SHARE));

  const startMs = businessDayRangeMs(options.from).startMs;
  const endMs = businessDayRangeMs(options.to).endMs;
  const openedMs = startMs - 30 * 86_400_000;
  const totals: SeedTotals = {
    entries: 0, postings: 0, payments: 0, allocations: 0, charges: 0, grants: 0, cancels: 0, expiries: 0, offlinePayments: 0, shortfallPayments: 0, lots: 0,
    paymentsYen: 0, cancelsYen: 0, feeYen: 0, cancelledFeeYen: 0, writtenOffYen: 0, unusedYen: 0, debtYen: 0,
  };

  const merchants = Array.from({ length: options.merchants }, (_, i) => ({
    id: newId(),
    feeRateBp: [0, 100, 150, 200, 325][i % 5]!,
    chargePoint: i % 10 === 0,
    terminals: [newId(), newId()],
  }));
  merchants.forEach((m, i) => {
    sink.insert('merchants', [m.id, `店舗${String(i + 1).padStart(3, '0')}`, m.chargePoint ? 1 : 0, 1, m.feeRateBp, openedMs]);
    m.terminals.forEach((t, n) => sink.insert('terminals', [t, m.id, `レジ${n + 1}`, `bench-enrollment-${t}`, openedMs, openedMs, n + 1]));
  });
  const chargePoints = merchants.filter((m) => m.chargePoint);
  const campaigns = CAMPAIGNS.map((c) => ({ ...c, id: newId() }));
  for (const c of campaigns) sink.insert('campaigns', [c.id, c.name, c.name, 'limited', c.validity.years ?? 0, c.validity.months ?? 0, c.validity.days ?? 0, 1, openedMs]);

  const walletIds = Array.from({ length: options.wallets }, () => newId());
  const walletDebt = new Float64Array(options.wallets);
  const walletChargeLot = new Int32Array(options.wallets).fill(-1);
  const walletLots: number[][] = Array.from({ length: options.wallets }, () => []);
  // Lots: index → fields. `campaign` -1 is charge money.
  const lotId: string[] = [];
  const lotWallet: number[] = [];
  const lotCampaign: number[] = [];
  const lotBalance: number[] = [];
  const lotExpires: number[] = [];
  const lotCreated: number[] = [];
  const newLot = (wallet: number, campaign: number, expiresAtMs: number, createdAtMs: number) => {
    lotId.push(newId());
    lotWallet.push(wallet);
    lotCampaign.push(campaign);
    lotBalance.push(0);
    lotExpires.push(expiresAtMs);
    lotCreated.push(createdAtMs);
    walletLots[wallet]!.push(lotId.length - 1);
    return lotId.length - 1;
  };

  type Line = { account: string; lot?: number; yen: number };
  const entry = (type: string, occurredAtMs: number, recordedAtMs: number, wallet: number, merchant: number | null, terminal: string | null, refId: string | null, lines: Line[]) => {
    const id = newId();
    const nonZero = lines.filter((l) => l.yen !== 0);
    if (nonZero.reduce((s, l) => s + l.yen, 0) !== 0) throw new Error(`seed: ${type} entry does not balance`);
    sink.insert('journal_entries', [id, type, occurredAtMs, recordedAtMs, walletIds[wallet]!, merchant === null ? null : merchants[merchant]!.id, terminal, refId]);
    nonZero.forEach((l, i) => {
      sink.insert('postings', [id, i + 1, l.lot === undefined ? l.account : 'lot', l.lot === undefined ? null : lotId[l.lot]!, l.yen]);
      if (l.lot !== undefined) lotBalance[l.lot]! += l.yen;
    });
    totals.entries++;
    totals.postings += nonZero.length;
    return id;
  };
  const rollChargeMoney = (wallet: number, atMs: number) => {
    const lot = walletChargeLot[wallet]!;
    if (lot >= 0) lotExpires[lot] = Math.max(lotExpires[lot]!, chargeMoneyExpiryAfterActivity(atMs));
  };
  const writeOffExpired = (wallet: number, atMs: number, refId: string | null) => {
    const lapsed = walletLots[wallet]!.filter((l) => lotBalance[l]! > 0 && atMs > lotExpires[l]!);
    if (lapsed.length === 0) return 0;
    const yen = lapsed.reduce((s, l) => s + lotBalance[l]!, 0);
    entry('expiry', atMs, atMs, wallet, null, null, refId, [...lapsed.map((l) => ({ account: 'lot', lot: l, yen: -lotBalance[l]! })), { account: 'breakage', yen }]);
    totals.expiries++;
    totals.writtenOffYen += yen;
    return yen;
  };
  /** R5: earliest expiry first, limited before charge on a tie, then the older lot. */
  const spendable = (wallet: number, atMs: number) =>
    walletLots[wallet]!
      .filter((l) => lotBalance[l]! > 0 && atMs <= lotExpires[l]!)
      .sort((a, b) => lotExpires[a]! - lotExpires[b]! || (lotCampaign[b]! >= 0 ? 1 : 0) - (lotCampaign[a]! >= 0 ? 1 : 0) || lotCreated[a]! - lotCreated[b]!);

  const recent: (RecentPayment | undefined)[] = new Array<RecentPayment | undefined>(RECENT_PAYMENTS);
  let recentNext = 0;

  const charge = (wallet: number, atMs: number) => {
    const m = merchants.indexOf(pick(chargePoints));
    const terminal = pick(merchants[m]!.terminals);
    writeOffExpired(wallet, atMs, null);
    if (walletChargeLot[wallet]! < 0) walletChargeLot[wallet] = newLot(wallet, -1, chargeMoneyExpiryAfterActivity(atMs), atMs);
    rollChargeMoney(wallet, atMs);
    const lot = walletChargeLot[wallet]!;
    const amountYen = pick([1_000, 2_000, 3_000, 5_000, 5_000, 10_000, 10_000, 20_000]);
    const bonusYen = Math.floor((amountYen * LIMITS.bonusRateBpDefault) / 10_000);
    const repaidYen = Math.min(walletDebt[wallet]!, amountYen + bonusYen);
    walletDebt[wallet]! -= repaidYen;
    const chargeId = newId();
    const entryId = entry('charge', atMs, atMs, wallet, m, terminal, chargeId, [
      { account: `cash:${merchants[m]!.id}`, yen: -amountYen },
      { account: 'funding:bonus', yen: -bonusYen },
      { account: `debt:${walletIds[wallet]!}`, yen: repaidYen },
      { account: 'lot', lot, yen: amountYen + bonusYen - repaidYen },
    ]);
    sink.insert('charges', [chargeId, newId(), merchants[m]!.id, terminal, walletIds[wallet]!, lotId[lot]!, amountYen, bonusYen, repaidYen, entryId, atMs, rand() < 0.5 ? 'card' : 'qr']);
    totals.charges++;
  };

  const grant = (wallet: number, atMs: number) => {
    let r = rand();
    const c = campaigns.findIndex((x) => (r -= x.share) < 0);
    const campaign = c < 0 ? campaigns.length - 1 : c;
    const lot = newLot(wallet, campaign, endOfJstDayAfter(atMs, campaigns[campaign]!.validity), atMs);
    const amountYen = 1_000 + 500 * Math.floor(rand() * 9);
    entry('grant', atMs, atMs, wallet, null, null, lotId[lot]!, [
      { account: `funding:campaign:${campaigns[campaign]!.id}`, yen: -amountYen },
      { account: 'lot', lot, yen: amountYen },
    ]);
    totals.grants++;
  };

  /**
   * False (no entry written) when the wallet cannot cover the amount and `mustCover`: an online
   * sale is declined; an offline one went to another customer. Online always must cover.
   */
  const payment = (wallet: number, recordedAtMs: number, offline: boolean, mustCover: boolean): boolean => {
    const m = skewed(merchants.length);
    const merchant = merchants[m]!;
    const amountYen = 10 * (10 + Math.floor(rand() ** 4 * 490));
    const occurredAtMs = offline ? recordedAtMs - Math.floor(rand() * OFFLINE_DELAY_MS_MAX) : recordedAtMs;
    if ((mustCover || !offline) && spendable(wallet, occurredAtMs).reduce((s, l) => s + lotBalance[l]!, 0) < amountYen) return false;
    if (!offline) writeOffExpired(wallet, recordedAtMs, null);
    const lots = spendable(wallet, occurredAtMs);
    const take: number[] = [];
    const linesYen: number[] = [];
    let left = amountYen;
    for (const l of lots) {
      if (left === 0) break;
      const yen = Math.min(left, lotBalance[l]!);
      take.push(l);
      linesYen.push(yen);
      left -= yen;
    }
    const shortfallYen = left;
    walletDebt[wallet]! += shortfallYen;
    const paymentId = newId();
    const terminal = pick(merchant.terminals);
    const entryId = entry('payment', occurredAtMs, recordedAtMs, wallet, m, terminal, paymentId, [
      ...take.map((l, i) => ({ account: 'lot', lot: l, yen: -linesYen[i]! })),
      { account: `debt:${walletIds[wallet]!}`, yen: -shortfallYen },
      { account: `merchant_payable:${merchant.id}`, yen: amountYen },
    ]);
    rollChargeMoney(wallet, recordedAtMs);
    const feeYen = feeYenFor(amountYen, merchant.feeRateBp);
    const r = rand();
    sink.insert('payments', [paymentId, newId(), merchant.id, terminal, walletIds[wallet]!, amountYen, feeYen, entryId, occurredAtMs, recordedAtMs, offline ? 1 : 0, shortfallYen, r < 0.15 ? 'mpm' : r < 0.6 ? 'qr' : 'card']);
    take.forEach((l, i) => sink.insert('payment_allocations', [paymentId, i + 1, lotId[l]!, lotCampaign[l]! < 0 ? 'charge' : 'limited', lotCampaign[l]! < 0 ? null : campaigns[lotCampaign[l]!]!.id, linesYen[i]!, lotExpires[l]!]));
    recent[recentNext++ % RECENT_PAYMENTS] = { id: paymentId, wallet, merchant: m, amountYen, feeYen, lots: take, linesYen, cancellable: shortfallYen === 0 };
    totals.payments++;
    totals.allocations += take.length;
    totals.paymentsYen += amountYen;
    totals.feeYen += feeYen;
    if (offline) totals.offlinePayments++;
    if (shortfallYen > 0) totals.shortfallPayments++;
    return true;
  };

  /** R14/R15: a recent payment taken back at its shop; false when none is left to cancel. */
  const cancel = (atMs: number): boolean => {
    const p = recent[Math.floor(rand() * Math.min(recentNext, RECENT_PAYMENTS))];
    if (!p || !p.cancellable) return false;
    p.cancellable = false;
    const merchant = merchants[p.merchant]!;
    const terminal = pick(merchant.terminals);
    const cancellationId = newId();
    const entryId = entry('cancel_payment', atMs, atMs, p.wallet, p.merchant, terminal, cancellationId, [
      { account: `merchant_payable:${merchant.id}`, yen: -p.amountYen },
      ...p.lots.map((l, i) => ({ account: 'lot', lot: l, yen: p.linesYen[i]! })),
    ]);
    rollChargeMoney(p.wallet, atMs);
    const writtenOffYen = writeOffExpired(p.wallet, atMs, cancellationId);
    sink.insert('cancellations', [cancellationId, 'payment', p.id, newId(), terminal, p.amountYen, writtenOffYen, entryId, atMs]);
    sink.markPaymentCancelled(p.id, atMs);
    totals.cancels++;
    totals.cancelsYen += p.amountYen;
    totals.cancelledFeeYen += p.feeYen;
    return true;
  };

  /**
   * The scheduled sweep (expiry-sweep.ts) writes off every lapsed lot, one entry per wallet.
   * Here it runs on the 1st of each month: what lapses after the last run stays lapsed unseen,
   * which the unused balance must leave out by expiry alone.
   */
  const sweep = (atMs: number) => {
    const wallets = new Set<number>();
    for (let l = 0; l < lotId.length; l++) if (lotBalance[l]! > 0 && atMs > lotExpires[l]!) wallets.add(lotWallet[l]!);
    for (const wallet of wallets) {
      if (totals.entries >= options.entries - 1) return;
      writeOffExpired(wallet, atMs, null);
    }
  };
  const sweepsAtMs: number[] = [];
  for (let month = Number(options.from.slice(5, 7)) + 1, year = Number(options.from.slice(0, 4)); ; month++) {
    if (month > 12) [month, year] = [1, year + 1];
    const atMs = businessDayRangeMs(`${year}-${String(month).padStart(2, '0')}-01`).startMs + 3 * 3_600_000;
    if (atMs >= endMs) break;
    sweepsAtMs.push(atMs);
  }

  const spanMs = endMs - startMs;
  let flushedAt = 0;
  while (totals.entries < options.entries) {
    // Events spread evenly over the period; a chunk is flushed between events, never inside one.
    const atMs = startMs + Math.floor(((totals.entries + rand()) / options.entries) * spanMs);
    if (sweepsAtMs.length > 0 && atMs >= sweepsAtMs[0]!) sweep(sweepsAtMs.shift()!);
    // The last entry must not be an event that writes two.
    const lastOne = totals.entries === options.entries - 1;
    const r = rand();
    const wallet = skewed(activeWallets);
    // Half the grants go to residents at large, busy or not: many lapse in idle wallets.
    const grantee = rand() < 0.5 ? wallet : Math.floor(rand() * options.wallets);
    if (lastOne) grant(grantee, atMs);
    else if (r < MIX.charge) charge(wallet, atMs);
    else if (r < MIX.charge + MIX.grant) grant(grantee, atMs);
    else if (r < MIX.charge + MIX.grant + MIX.cancel && cancel(atMs)) {
      // cancelled a recent payment
    } else {
      // A declined sale is retried on another customer; a customer with nothing left charges.
      // Offline, the fourth customer pays whatever the card holds and the rest becomes debt.
      const offline = rand() < MIX.offlineOfPayments;
      let paid = false;
      for (let tries = 0; tries < 4 && !paid; tries++) paid = payment(tries === 0 ? wallet : skewed(activeWallets), atMs, offline, !offline || tries < 3);
      if (!paid) charge(wallet, atMs);
    }
    if (totals.entries - flushedAt >= options.chunkEntries) {
      await sink.flush();
      flushedAt = totals.entries;
    }
  }

  const atMs = endMs - 1;
  for (let l = 0; l < lotId.length; l++) {
    const campaign = lotCampaign[l]!;
    sink.insert('lots', [lotId[l]!, walletIds[lotWallet[l]!]!, campaign < 0 ? 'charge' : 'limited', campaign < 0 ? null : campaigns[campaign]!.id, lotBalance[l]!, lotExpires[l]!, lotCreated[l]!]);
    if (lotExpires[l]! >= atMs && lotBalance[l]! > 0) totals.unusedYen += lotBalance[l]!;
  }
  totals.lots = lotId.length;
  walletIds.forEach((id, w) => {
    sink.insert('wallets', [id, w % 3 === 0 ? 'card' : 'app', 'active', `bench ${w}`, w % 3 === 0 ? `BR${String(w).padStart(10, '0')}` : null, walletDebt[w]!, openedMs]);
    totals.debtYen += walletDebt[w]!;
  });
  await sink.flush();
  return totals;
}

import type { BreakageReport, MerchantSettlementReport, PointsReport, UnusedBalanceReport, ValueKind } from '../../../common/wire/reports';
import type { CsvDocument } from './route';

/**
 * R27 reports as tables for the operator's Excel: Japanese headers, one row per line of the
 * JSON answer, yen as plain integers. Totals stay in the JSON (Excel sums a column itself, and a
 * totals row would be counted twice by anyone who does).
 */
const KIND_WORD: Record<ValueKind, string> = { charge: 'チャージ', limited: '限定', offline_debt: 'オフライン不足分' };
const CHANNEL_WORD = { cpm: 'CPM（店舗読取）', mpm: 'MPM（利用者読取）' } as const;

const SETTLEMENT_HEADER = ['加盟店ID', '加盟店名', '決済方式', '残高種別', 'キャンペーンID', '残高名称', '支払件数', '支払金額', '取消件数', '取消金額', '差引金額', '手数料', '支払予定額'];
/** R23: points have columns of their own, so summing a yen column never adds points in. */
const POINT_COLUMNS = ['ポイント利用件数', '利用ポイント', 'ポイント取消件数', '取消ポイント', '差引ポイント'];
const POINTS_KIND_WORD = 'クマポ（ポイント）';
const POINTS_LABEL = 'クマポ（円の支払なし）';

/**
 * One row per yen line, then one per points line (R23) with its yen columns empty (and a yen
 * line's points columns empty). The five points columns are always there, after the thirteen
 * yen ones, so a spreadsheet built on one month's file reads every month's, with or without
 * points.
 */
export function settlementCsv(r: MerchantSettlementReport): CsvDocument {
  const noPoints = ['', '', '', '', ''];
  return {
    filename: `merchant-settlement_${r.from}_${r.to}.csv`,
    header: [...SETTLEMENT_HEADER, ...POINT_COLUMNS],
    rows: r.merchants.flatMap((m) => [
      ...m.lines.map((l) => [m.merchantId, m.merchantName, CHANNEL_WORD[l.channel], KIND_WORD[l.valueKind], l.campaignId ?? '', l.label, l.paymentCount, l.paymentsYen, l.cancelCount, l.cancelsYen, l.netYen, l.feeYen, l.payableYen, ...noPoints]),
      ...(m.pointLines ?? []).map((l) => [m.merchantId, m.merchantName, CHANNEL_WORD[l.channel], POINTS_KIND_WORD, '', POINTS_LABEL, '', '', '', '', '', '', '', l.spendCount, l.spentPoints, l.cancelCount, l.cancelledPoints, l.netPoints]),
    ]),
  };
}

/**
 * R27 points report as one table: a row per figure, `区分` saying what it is (filter on it in
 * Excel; the ポイント column mixes directions, so it is not one sum). Points as plain integers.
 */
export function pointsCsv(r: PointsReport): CsvDocument {
  const row = (kind: string, name: string, refId: string, count: number | string, points: number) => [r.from, r.to, kind, name, refId, count, points];
  return {
    filename: `points_${r.from}_${r.to}.csv`,
    header: ['期間開始', '期間終了', '区分', '内訳', 'ID', '件数', 'ポイント'],
    rows: [
      row('期首残高', '期間開始時点の保有ポイント', '', '', r.openingPoints),
      ...r.issued.events.map((e) => row('付与', `イベント: ${e.name}`, e.eventId, e.claimCount, e.points)),
      row('付与', 'バス乗車', '', r.issued.bus.rideCount, r.issued.bus.points),
      row('移動', 'ポイント送付（利用者間）', '', r.transfers.count, r.transfers.points),
      ...r.spent.flatMap((m) => [row('利用', m.merchantName, m.merchantId, m.spendCount, m.spentPoints), row('利用取消', m.merchantName, m.merchantId, m.cancelCount, m.cancelledPoints)]),
      row('失効', '有効期限切れ', '', r.expired.walletCount, r.expired.points),
      row('期末残高', '期間終了時点の保有ポイント（有効）', '', r.outstanding.walletCount, r.outstanding.points),
      row('期末残高', '期間終了時点で失効済み・未処理', '', '', r.outstanding.lapsedUnsweptPoints),
    ],
  };
}

export function unusedBalanceCsv(r: UnusedBalanceReport): CsvDocument {
  const day = r.at.slice(0, 10);
  return {
    filename: `unused-balance_${day}.csv`,
    header: ['基準時点', '残高種別', 'キャンペーンID', '残高名称', '保有ウォレット数', '未使用残高'],
    rows: [
      ...r.lines.map((l) => [r.at, KIND_WORD[l.valueKind], l.campaignId ?? '', l.label, l.walletCount, l.unusedYen]),
      // The issuer's claim on wallets, not a liability: its own row, kind named so no one adds it in.
      [r.at, KIND_WORD.offline_debt, '', 'オフライン不足分（利用者の未返済額・負債ではない）', '', r.offlineDebtYen],
    ],
  };
}

export function breakageCsv(r: BreakageReport): CsvDocument {
  return {
    filename: `breakage_${r.from}_${r.to}.csv`,
    header: ['期間開始', '期間終了', '残高種別', 'キャンペーンID', '残高名称', '失効ロット数', '失効金額'],
    rows: r.lines.map((l) => [r.from, r.to, KIND_WORD[l.valueKind], l.campaignId ?? '', l.label, l.lotCount, l.writtenOffYen]),
  };
}

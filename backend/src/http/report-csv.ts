import type { BreakageReport, MerchantSettlementReport, UnusedBalanceReport, ValueKind } from '../../../common/wire/reports';
import type { CsvDocument } from './route';

/**
 * R27 reports as tables for the operator's Excel: Japanese headers, one row per line of the
 * JSON answer, yen as plain integers. Totals stay in the JSON (Excel sums a column itself, and a
 * totals row would be counted twice by anyone who does).
 */
const KIND_WORD: Record<ValueKind, string> = { charge: 'チャージ', limited: '限定', offline_debt: 'オフライン不足分' };
const CHANNEL_WORD = { cpm: 'CPM（店舗読取）', mpm: 'MPM（利用者読取）' } as const;

export function settlementCsv(r: MerchantSettlementReport): CsvDocument {
  return {
    filename: `merchant-settlement_${r.from}_${r.to}.csv`,
    header: ['加盟店ID', '加盟店名', '決済方式', '残高種別', 'キャンペーンID', '残高名称', '支払件数', '支払金額', '取消件数', '取消金額', '差引金額', '手数料', '支払予定額'],
    rows: r.merchants.flatMap((m) =>
      m.lines.map((l) => [m.merchantId, m.merchantName, CHANNEL_WORD[l.channel], KIND_WORD[l.valueKind], l.campaignId ?? '', l.label, l.paymentCount, l.paymentsYen, l.cancelCount, l.cancelsYen, l.netYen, l.feeYen, l.payableYen]),
    ),
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

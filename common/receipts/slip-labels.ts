/**
 * The words printed on slips (R29), in the cashier's and the customer's language. Kept short:
 * on 58 mm paper (32 half-width columns, kanji take two) a label and a 7-digit amount
 * (`¥1,234,567`, 10 columns) share one line, so a label beside an amount is at most 10 kanji
 * (32 − 10 − 1 border = 21 columns).
 */
import type { SlipCopy, SlipMethod } from './slip';

export const SLIP_TITLES = {
  payment: 'ご利用明細',
  charge: 'チャージ',
  cancel: '取消',
  migration: '残高移行',
  /** R23: a points spend is a ご利用明細 too; the body says クマポ利用 and counts in points. */
  point_spend: 'ご利用明細',
  point_spend_cancel: '取消',
  check: '点検レポート',
  close: '精算レポート',
  test: 'テスト印刷',
  /** R28: the register's printed store QR (static MPM). */
  storeQr: 'クマPAY 店頭QR',
} as const;

export const COPY_LABELS: Record<SlipCopy, string> = { customer: 'お客様控え', shop: '加盟店控え' };

/** R28: a QR the register showed (MPM) and the register's printed store QR are told apart. */
export const METHOD_LABELS: Record<SlipMethod, string> = { qr: 'QR', card: 'カード', mpm: 'QR表示（MPM）', mpm_static: '店舗QR' };

/**
 * R2: balance names are configuration and come with the slip. These neutral words stand in only
 * for a balance whose name the terminal never learnt (e.g. a slip from an old journal); they
 * are deliberately none of the city's names, so a stale name is never printed as current.
 */
export const UNNAMED_BALANCE_LABELS = { charge: 'チャージ残高', limited: 'キャンペーン残高' } as const;

export const WORDS = {
  reprint: '再印刷',
  reprintedAt: '再印刷日時',
  terminal: '端末',
  staff: '担当',
  dateTime: '日時',
  shortNo: '取引番号',
  businessDay: '営業日',
  method: '支払方法',
  // payment
  paymentAmount: 'お支払い金額',
  breakdown: '内訳',
  cash: '現金',
  total: '合計',
  balanceAfter: 'ご利用後残高',
  balanceTotal: '残高合計',
  expires: '有効期限',
  offline: 'オフライン承認',
  offlineBalance: '残高はアプリでご確認ください',
  // charge
  chargeAmount: 'チャージ金額',
  cashReceived: 'お預かり',
  change: 'おつり',
  bonus: 'ボーナス',
  /** R13: the app's word for the customer's debt (renderer charge.debtRepaid: 未払い分の精算). */
  debtRepaid: '未払い分精算',
  chargeBalanceAfter: 'チャージ後残高',
  // cancel
  cancelOfPayment: 'お支払い取消',
  cancelOfCharge: 'チャージ取消',
  originalShortNo: '元取引番号',
  originalDateTime: '元取引日時',
  cancelAmount: '取消金額',
  writtenOff: '期限切れで戻らない額',
  refund: '現金返金',
  cashToReturn: '現金返却',
  approvedBy: '承認者',
  // KumaPo (R23): points, never yen
  kumapoUse: 'クマポ利用',
  pointsUsed: 'ご利用ポイント',
  pointsLeft: '残りポイント',
  /** Under ご利用ポイント, so 残り is read as points; 14 kanji fit one 58 mm line. */
  pointsInApp: '残りはアプリでご確認ください',
  cancelOfPointSpend: 'クマポ利用取消',
  pointsReturned: 'お戻しポイント',
  pointsHeld: '保有ポイント',
  // migration
  cardNumber: 'カード番号',
  movedAmount: '移行金額',
  movedLots: '移行内訳',
  debtMoved: '未払い分移行',
  // report
  payments: 'お支払い',
  charges: 'チャージ',
  gross: '総額',
  cancelled: '取消',
  net: '純額',
  count: '件',
  cashSales: '現金売上',
  cashCollected: '現金受取',
  cashReturned: '現金返却',
  expectedDrawer: 'ドロワー予定額',
  migrations: '残高移行',
  /** R26: the day's payments per balance (one line per campaign). */
  paymentsByBalance: 'お支払いの内訳（残高別）',
  /** R28: of the gross payments, those by MPM, and of them by the store QR. */
  ofMpm: 'うちMPM',
  ofStoreQr: 'うち店舗QR',
  /** R23: the KumaPo section's heading says its unit, so no one adds it to the yen. */
  kumapoPoints: 'クマポ利用（ポイント）',
  offlinePending: '未送信',
  differences: '差異',
  notCompared: '未照合',
  closedAt: '精算日時',
  closedBy: '精算者',
  // test slip
  paperWidth: '用紙幅',
  columnsUnit: '桁',
  testBody: '印刷テストです。',
  testCharsLine: 'ABCabc123 ｱｲｳ あいう 漢字 ¥1,234',
  // store QR (R28): what the customer does with it, for a QR posted at the counter
  storeQrHowTo: 'アプリで読み取り、金額を入力してお支払いください',
  storeQrIssued: '発行日時',
} as const;

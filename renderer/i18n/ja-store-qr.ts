/** Japanese for 設定 → 店頭QR: the register's printed store QR (R28 static MPM). */
export const jaStoreQr = {
  tab: '店頭QR',
  title: '店頭QRコード',
  qrLabel: '店頭QRコード',
  purpose: 'お客様がスマートフォンのアプリで読み取り、金額を入力して支払います。入金はこのレジの売上になり、店内のすべてのレジに入金通知が届きます。',
  postHint: 'このレジ専用のQRコードです。印刷して、このレジのそばに掲示してください。',
  shop: '店舗名',
  terminalNo: '端末番号',
  loading: '店頭QRコードを受け取っています…',
  offline: '店頭QRコードの表示と印刷には通信が必要です。通信が戻ると、ここに表示します。',
  retry: 'もう一度受け取る',
  print: '印刷',
  printResult: '店頭QRコード：{{result}}',
  printed: '店頭QRコードを印刷しました',
  noPrinter: 'レシートプリンターが設定されていません。「プリンター」タブで設定してから印刷してください。',
};

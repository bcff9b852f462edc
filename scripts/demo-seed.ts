/**
 * Demo data (issue 6): two shops (the first a KumaPo store, R23), staff of every role, the
 * seed's R6 wallet, a second app customer (also the first one's points partner) and a physical
 * card to migrate, and a point event to claim from the customer page. Everything goes through the public admin API, so
 * the demo exercises the same paths as production. Expiries are relative to today, in the
 * seed's order (C before B before A), so the R6 breakdown shows on any date.
 */
export interface DemoData {
  shopId: string;
  shopName: string;
  bookshopId: string;
  enrollmentCode: string;
  bookshopEnrollmentCode: string;
  staff: { role: 'cashier' | 'charger' | 'support' | 'manager'; staffCode: string; pin: string; name: string }[];
  hanako: { walletId: string; customerToken: string };
  taro: { walletId: string; customerToken: string };
  card: { cardNumber: string; nfcUid: string; walletId: string };
  /** R23: a daily event whose code the customer page offers as the demo event QR (older demo.json files have none). */
  pointEvent?: { id: string; code: string; name: string; points: number };
}

export const DEMO_STAFF = [
  { role: 'cashier', staffCode: '1001', pin: '1111', name: '佐藤 レジ' },
  { role: 'charger', staffCode: '2001', pin: '2222', name: '鈴木 チャージ' },
  { role: 'support', staffCode: '3001', pin: '3333', name: '高橋 サポート' },
  { role: 'manager', staffCode: '9001', pin: '9999', name: '田中 店長' },
] as const;

export async function seedDemo(baseUrl: string, adminToken: string, nowMs: number = Date.now()): Promise<DemoData> {
  const post = async <T>(path: string, body: unknown): Promise<T> => {
    const res = await fetch(`${baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` }, body: JSON.stringify(body) });
    const json = (await res.json()) as T;
    if (res.status >= 300) throw new Error(`demo seed ${path}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  const endOfDayIn = (days: number) => {
    const d = new Date(nowMs + 9 * 3_600_000 + days * 86_400_000);
    return `${d.toISOString().slice(0, 10)}T23:59:59.999+09:00`;
  };
  const shop = await post<{ id: string }>('/v1/admin/merchants', { name: '熊谷うどん本店', chargePoint: true, offlineCardPayments: true, kumapoStore: true });
  const bookshop = await post<{ id: string }>('/v1/admin/merchants', { name: 'まちなか書店', chargePoint: false });
  const terminal = await post<{ enrollmentCode: string }>('/v1/admin/terminals', { merchantId: shop.id, name: 'レジ1' });
  const bookTerminal = await post<{ enrollmentCode: string }>('/v1/admin/terminals', { merchantId: bookshop.id, name: '書店レジ' });
  for (const s of DEMO_STAFF) await post('/v1/admin/staff', { merchantId: shop.id, ...s });
  for (const s of DEMO_STAFF) await post('/v1/admin/staff', { merchantId: bookshop.id, ...s });
  const limited1 = await post<{ id: string }>('/v1/admin/campaigns', { name: '限定マネー①', label: '限定マネー①', kind: 'limited', validity: { years: 2 }, eligibleMerchantIds: [shop.id] });
  const limited2 = await post<{ id: string }>('/v1/admin/campaigns', { name: '限定マネー②', label: '限定マネー②', kind: 'limited', validity: { months: 3 }, eligibleMerchantIds: 'all' });
  const hanako = await post<{ walletId: string; customerToken: string }>('/v1/admin/customers', { displayName: '熊谷 花子' });
  // R6: A charge 5,000 (latest), B limited① 3,000, C limited② 2,000 (earliest).
  await post(`/v1/admin/wallets/${hanako.walletId}/lots`, { kind: 'charge', amountYen: 5000, expiresAt: endOfDayIn(400) });
  await post(`/v1/admin/wallets/${hanako.walletId}/lots`, { kind: 'limited', campaignId: limited1.id, amountYen: 3000, expiresAt: endOfDayIn(90) });
  await post(`/v1/admin/wallets/${hanako.walletId}/lots`, { kind: 'limited', campaignId: limited2.id, amountYen: 2000, expiresAt: endOfDayIn(30) });
  const taro = await post<{ walletId: string; customerToken: string }>('/v1/admin/customers', { displayName: '熊谷 太郎' });
  await post(`/v1/admin/wallets/${taro.walletId}/lots`, { kind: 'charge', amountYen: 1200, expiresAt: endOfDayIn(300) });
  const card = { cardNumber: 'KC00012345', nfcUid: '04A1B2C3D4E5F6' };
  const cardWallet = await post<{ walletId: string }>('/v1/admin/cards', card);
  await post(`/v1/admin/wallets/${cardWallet.walletId}/lots`, { kind: 'charge', amountYen: 3500, expiresAt: endOfDayIn(200) });
  await post(`/v1/admin/wallets/${cardWallet.walletId}/lots`, { kind: 'limited', campaignId: limited2.id, amountYen: 1000, expiresAt: endOfDayIn(60) });
  // R23: daily, so a person trying the demo can claim again tomorrow; open from yesterday so
  // the seed's own clock and the backend's never disagree about whether it has started.
  const pointEventInput = { name: 'クマポ体験デモ', points: 100, from: endOfDayIn(-1), to: endOfDayIn(365), rule: 'daily' };
  const pointEvent = await post<{ id: string; code: string }>('/v1/admin/point-events', pointEventInput);
  return {
    shopId: shop.id,
    shopName: '熊谷うどん本店',
    bookshopId: bookshop.id,
    enrollmentCode: terminal.enrollmentCode,
    bookshopEnrollmentCode: bookTerminal.enrollmentCode,
    staff: DEMO_STAFF.map((s) => ({ ...s })),
    hanako,
    taro,
    card: { ...card, walletId: cardWallet.walletId },
    pointEvent: { id: pointEvent.id, code: pointEvent.code, name: pointEventInput.name, points: pointEventInput.points },
  };
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS } from '../../../../common/limits';
import { TestBackend } from '../../testing/harness';
import { STORE_KINDS } from '../../testing/stores';
import { asShiftJis, asUtf8, asUtf8Bom, busCsv, countRows, importBusFile, pointsOf, seedPoints, type RideLine } from '../../testing/bus-rides';

/** R24: the bus system's ride file through `POST /v1/admin/imports/bus-rides`, on both stores. */

const NOW = '2024-07-01T10:00:00+09:00';
const RIDE = LIMITS.busRidePoints;
let serial = 0;
/** Ride ids unique across this suite, as the bus system's are. */
const rideId = (tag: string) => `${tag}-${(serial += 1)}`;

describe.each(STORE_KINDS)('bus-ride import through HTTP on %s', (kind) => {
  let t: TestBackend;
  beforeAll(async () => {
    t = await TestBackend.start(kind);
    await t.setClock(NOW);
  });
  afterAll(async () => {
    expect(await t.ledgerDifferences()).toEqual([]);
    await t.stop();
  });

  /** Three answered rides for `a`, one 【未選択】 and one empty for `a`, one answered for `b`. */
  const sampleRides = (a: string, b: string): RideLine[] => [
    { rideId: rideId('s'), customerId: a, alightingStop: '市役所前' },
    { rideId: rideId('s'), customerId: a, alightingStop: null },
    { rideId: rideId('s'), customerId: a, alightingStop: '熊谷駅', boardingStop: '妻沼聖天山, 北口' },
    { rideId: rideId('s'), customerId: a, alightingStop: '' },
    { rideId: rideId('s'), customerId: a, alightingStop: '熊谷スポーツ文化公園', usedAt: '2024/6/30 21:05' },
    { rideId: rideId('s'), customerId: b, alightingStop: '籠原駅' },
  ];

  it('R24: When the same rides arrive as UTF-8, UTF-8 with a BOM and Shift_JIS, then each file credits the same points, 10 per answered ride, and 【未選択】 or an empty stop earns nothing', async () => {
    const outcomes: { body: Record<string, unknown>; points: number[] }[] = [];
    for (const [encode, encoding] of [[asUtf8, 'utf-8'], [asUtf8Bom, 'utf-8'], [asShiftJis, 'shift_jis']] as const) {
      const a = await t.customer('乗客A');
      const b = await t.customer('乗客B');
      const r = await importBusFile(t, encode(busCsv(sampleRides(a.walletId, b.walletId))));
      expect(r.status).toBe(200);
      expect(r.body.encoding).toBe(encoding);
      expect(r.body.importId).not.toBeNull();
      const { importId: _id, encoding: _enc, fileSha256: _sha, ...counts } = r.body;
      outcomes.push({ body: counts, points: [await pointsOf(t, a.walletId), await pointsOf(t, b.walletId)] });
    }
    for (const o of outcomes) {
      expect(o.body).toEqual({ rows: 6, credited: 4, creditedPoints: 4 * RIDE, alreadyImported: 0, unanswered: 2, unknownCustomer: 0, capExceeded: 0, malformed: 0, malformedLines: [], applied: true, duplicates: 0 });
      expect(o.points).toEqual([3 * RIDE, RIDE]);
    }
  });

  it('R24: When the same file is imported twice, then the second import credits nothing new and counts every ride as already imported or unanswered', async () => {
    const a = await t.customer();
    const b = await t.customer();
    const file = asShiftJis(busCsv(sampleRides(a.walletId, b.walletId)));
    const first = await importBusFile(t, file);
    expect(first.body.credited).toBe(4);
    const ridesBefore = await countRows(t, 'bus_rides');
    const entriesBefore = await countRows(t, 'point_entries');

    const second = await importBusFile(t, file);
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ applied: true, rows: 6, credited: 0, creditedPoints: 0, alreadyImported: 4, unanswered: 2, unknownCustomer: 0 });
    expect(second.body.fileSha256).toBe(first.body.fileSha256);
    expect([await pointsOf(t, a.walletId), await pointsOf(t, b.walletId)]).toEqual([3 * RIDE, RIDE]);
    expect(await countRows(t, 'bus_rides')).toBe(ridesBefore);
    expect(await countRows(t, 'point_entries')).toBe(entriesBefore);
  });

  it('R24: When the same file is sent twice at the same moment, then its rides are credited once', async () => {
    const a = await t.customer();
    const rides = Array.from({ length: 30 }, () => ({ rideId: rideId('race'), customerId: a.walletId }));
    const file = asUtf8(busCsv(rides));
    const [x, y] = await Promise.all([importBusFile(t, file), importBusFile(t, file)]);
    expect([x.status, y.status]).toEqual([200, 200]);
    expect(x.body.credited + y.body.credited).toBe(30);
    expect(x.body.alreadyImported + y.body.alreadyImported).toBe(30);
    expect(await pointsOf(t, a.walletId)).toBe(30 * RIDE);
  });

  it('R24: When a ride names a wallet the ledger does not know, or a card (cards hold no points), then it is an unknown customer and nothing is credited to it', async () => {
    const a = await t.customer();
    const card = await t.card();
    const r = await importBusFile(t, asUtf8(busCsv([
      { rideId: rideId('u'), customerId: a.walletId },
      { rideId: rideId('u'), customerId: 'no-such-wallet' },
      { rideId: rideId('u'), customerId: card.walletId },
    ])));
    expect(r.body).toMatchObject({ applied: true, rows: 3, credited: 1, unknownCustomer: 2 });
    expect(await pointsOf(t, a.walletId)).toBe(RIDE);
    expect(await pointsOf(t, card.walletId)).toBe(0);
  });

  it('R24: When one line is malformed (bad date, missing field, wrong column count), then nothing of the file is applied and the lines are named with their codes; the fixed file then credits in full', async () => {
    const a = await t.customer();
    const good = [{ rideId: rideId('m'), customerId: a.walletId }, { rideId: rideId('m'), customerId: a.walletId }];
    const ridesBefore = await countRows(t, 'bus_rides');
    const importsBefore = await countRows(t, 'bus_imports');
    const broken = `${busCsv(good)}${rideId('m')},${a.walletId},2024-06-31 08:00,b,s,t\r\n${rideId('m')},,2024-06-01 08:00,b,s,t\r\n${rideId('m')},${a.walletId},2024-06-01 08:00,b,s\r\n`;
    const r = await importBusFile(t, asUtf8(broken));
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ applied: false, importId: null, rows: 5, credited: 0, creditedPoints: 0, malformed: 3 });
    expect(r.body.malformedLines.map((m) => [m.line, m.code, m.field ?? null])).toEqual([
      [4, 'bad_used_at', 'usedAt'],
      [5, 'empty_field', 'customerId'],
      [6, 'wrong_field_count', null],
    ]);
    expect(r.body.malformedLines[0]).toMatchObject({ value: '2024-06-31 08:00', reason: expect.stringContaining('usedAt') as string });
    expect(await pointsOf(t, a.walletId)).toBe(0);
    expect(await countRows(t, 'bus_rides')).toBe(ridesBefore);
    expect(await countRows(t, 'bus_imports')).toBe(importsBefore);

    const fixed = await importBusFile(t, asUtf8(busCsv(good)));
    expect(fixed.body).toMatchObject({ applied: true, credited: 2 });
    expect(await pointsOf(t, a.walletId)).toBe(2 * RIDE);
  });

  it('R23, R24: When a wallet is near the cap, then only the rides that fit are credited; the rest are counted, not recorded, and a later import may credit them', async () => {
    const a = await t.customer();
    await seedPoints(t, a.walletId, LIMITS.pointsWalletMax - 25, Date.parse(NOW));
    const rides = Array.from({ length: 4 }, () => ({ rideId: rideId('cap'), customerId: a.walletId }));
    const r = await importBusFile(t, asUtf8(busCsv(rides)));
    expect(r.body).toMatchObject({ applied: true, credited: 2, creditedPoints: 2 * RIDE, capExceeded: 2 });
    expect(await pointsOf(t, a.walletId)).toBe(LIMITS.pointsWalletMax - 5);
    const again = await importBusFile(t, asUtf8(busCsv(rides)));
    expect(again.body).toMatchObject({ credited: 0, alreadyImported: 2, capExceeded: 2 });
    expect(await pointsOf(t, a.walletId)).toBe(LIMITS.pointsWalletMax - 5);
  });

  it('R23, R24: When a wallet\'s points lapsed before the import, then they are written off first and only the new rides remain', async () => {
    const a = await t.customer();
    await seedPoints(t, a.walletId, 500, Date.parse('2023-05-01T12:00:00+09:00'));
    const r = await importBusFile(t, asUtf8(busCsv([{ rideId: rideId('lapse'), customerId: a.walletId }])));
    expect(r.body.credited).toBe(1);
    expect(await pointsOf(t, a.walletId)).toBe(RIDE);
    const expiry = await t.backend.deps.store.read.selectFrom('point_entries').select('id').where('wallet_id', '=', a.walletId).where('type', '=', 'expiry').execute();
    expect(expiry).toHaveLength(1);
  });

  it('R24: When the header lacks a column, then the file is refused whole (400) with reason missing_columns naming it, and nothing is applied; an empty body is refused too (reason empty)', async () => {
    const a = await t.customer();
    const r = await t.call('POST', '/v1/admin/imports/bus-rides', { token: t.adminToken, rawBody: asUtf8(`rideId,customerId,usedAt,bus,boardingStop\r\n${rideId('h')},${a.walletId},2024-06-01 08:00,b,s\r\n`), headers: { 'content-type': 'text/csv' } });
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ error: { code: 'invalid_request', reason: 'missing_columns', missingColumns: ['alightingStop'] } });
    expect(await pointsOf(t, a.walletId)).toBe(0);
    const empty = await importBusFile(t, new Uint8Array());
    expect(empty.status).toBe(400);
    expect(empty.body).toMatchObject({ error: { code: 'invalid_request', reason: 'empty' } });
  });

  it('R24: Only the operator imports: with no token, a customer token or a terminal token the file is refused (401) and nothing is credited', async () => {
    const a = await t.customer();
    const file = asUtf8(busCsv([{ rideId: rideId('auth'), customerId: a.walletId }]));
    const shop = await t.merchant('熊谷バス案内所');
    const till = await t.terminal(shop);
    for (const token of [undefined, a.customerToken, till.token]) {
      const r = await t.call('POST', '/v1/admin/imports/bus-rides', { ...(token ? { token } : {}), rawBody: file, headers: { 'content-type': 'text/csv' } });
      expect(r.status).toBe(401);
    }
    expect(await pointsOf(t, a.walletId)).toBe(0);
  });

  it('R24: An applied import is in the operator audit trail, and a body over the bound is refused in the contract\'s error shape', async () => {
    const a = await t.customer();
    const r = await importBusFile(t, asUtf8(busCsv([{ rideId: rideId('audit'), customerId: a.walletId }])));
    const audit = await t.call<{ items: { action: string; targetId: string | null; details: Record<string, unknown> }[] }>('GET', '/v1/admin/audit?limit=5', { token: t.adminToken });
    expect(audit.body.items.find((i) => i.action === 'bus_rides_import' && i.targetId === r.body.importId)?.details).toMatchObject({ credited: 1, fileSha256: r.body.fileSha256 });

    const tooBig = await importBusFile(t, new Uint8Array(LIMITS.busImportBytesMax + 1));
    expect(tooBig.status).toBe(400);
    expect(tooBig.body).toMatchObject({ error: { code: 'invalid_request', bytesMax: LIMITS.busImportBytesMax } });
  });

  it('R24: The OpenAPI document describes the route as a text/csv upload', async () => {
    const doc = (await t.call<{ paths: Record<string, Record<string, { requestBody?: { content: Record<string, unknown> } }>> }>('GET', '/openapi.json')).body;
    expect(Object.keys(doc.paths['/v1/admin/imports/bus-rides']!.post!.requestBody!.content)).toEqual(['text/csv']);
  });
});

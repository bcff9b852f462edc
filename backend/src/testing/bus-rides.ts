import iconv from 'iconv-lite';
import type { z } from 'zod';
import type { busImportResponse } from '../../../common/wire/points';
import { BUS_RIDE_COLUMNS, UNANSWERED_STOP } from '../domain/bus-rides-csv';
import { pointAccount, postPointEntry, movePoints } from '../usecases/points-ledger';
import type { ApiClient, Reply, TestBackend } from './harness';

/** R24 test helpers: bus export files as the bus system writes them, and what the ledger holds. */

export type BusImport = z.output<typeof busImportResponse>;

export interface RideLine {
  rideId: string;
  customerId: string;
  /** As the bus system writes it: JST local time. */
  usedAt?: string;
  bus?: string;
  boardingStop?: string;
  /** `null` = skipped question (【未選択】); '' = left empty. */
  alightingStop?: string | null;
}

const quoted = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

/** The file's text: header row, CRLF line ends (what Excel and the bus system write). */
export function busCsv(rides: readonly RideLine[]): string {
  const lines = rides.map((r) => [r.rideId, r.customerId, r.usedAt ?? '2024-06-01 08:30', r.bus ?? '熊谷駅南口行', r.boardingStop ?? '籠原駅', r.alightingStop === null ? UNANSWERED_STOP : (r.alightingStop ?? '市役所前')].map(quoted).join(','));
  return [BUS_RIDE_COLUMNS.join(','), ...lines].join('\r\n') + '\r\n';
}

export const asUtf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
export const asUtf8Bom = (text: string): Uint8Array => new Uint8Array([0xef, 0xbb, 0xbf, ...asUtf8(text)]);
export const asShiftJis = (text: string): Uint8Array => new Uint8Array(iconv.encode(text, 'shift_jis'));

export function importBusFile(t: ApiClient, bytes: Uint8Array, options: { token?: string; contentType?: string } = {}): Promise<Reply<BusImport>> {
  return t.call<BusImport>('POST', '/v1/admin/imports/bus-rides', { token: options.token ?? t.adminToken, rawBody: bytes, headers: { 'content-type': options.contentType ?? 'text/csv' } });
}

/** A wallet's cached points, as the ledger holds them (the customer's points screen reads the same row). */
export async function pointsOf(t: TestBackend, walletId: string): Promise<number> {
  const row = await t.backend.deps.store.read.selectFrom('wallets').select('points').where('id', '=', walletId).executeTakeFirstOrThrow();
  return Number(row.points);
}

export async function countRows(t: TestBackend, table: 'bus_rides' | 'bus_imports' | 'point_entries'): Promise<number> {
  const rows = await t.backend.deps.store.read.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(rows.n);
}

/**
 * Points put straight into a wallet through the points ledger (a balanced entry, as an event
 * claim would write), for a test that needs a wallet near the cap or with points that lapse.
 */
export async function seedPoints(t: TestBackend, walletId: string, points: number, atMs: number): Promise<void> {
  await t.writeBehind(async (tx) => {
    const id = t.backend.deps.newId();
    await postPointEntry(tx, { id, type: 'claim', occurredAtMs: atMs, recordedAtMs: atMs, walletId }, [
      { account: pointAccount.event('test-seed'), points: -points },
      { account: pointAccount.wallet, walletId, points },
    ]);
    await movePoints(tx, walletId, points, atMs);
  });
}

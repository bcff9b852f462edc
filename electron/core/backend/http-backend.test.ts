import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { LIMITS } from '../../../common/limits';
import type { TerminalTransaction } from '../../../common/wire/terminal';
import { CORE_LIMITS } from '../limits';
import { HttpBackend } from './http-backend';

const servers: http.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

/** A backend stand-in answering every request with `body`, recording what it was asked. */
async function answering(
  status: number,
  body: unknown,
): Promise<{ url: string; seen: { url: string; authorization: string | undefined }[] }> {
  const seen: { url: string; authorization: string | undefined }[] = [];
  const server = http.createServer((req, res) => {
    seen.push({ url: req.url ?? '', authorization: req.headers.authorization });
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

describe('HttpBackend: blocked cards and terminal refusals', () => {
  it('When the blocked-card list is asked from a cursor, then the query carries it and the page is parsed', async () => {
    const page = {
      cards: [
        {
          cardNumber: 'KC-1',
          nfcUid: '04A2B3C4',
          status: 'blocked',
          changedAt: '2026-12-01T05:05:00.000Z',
        },
      ],
      next: { since: '2026-12-01T05:05:00.000Z', afterWalletId: 'w-9' },
    };
    const far = await answering(200, page);
    const backend = new HttpBackend(far.url);
    expect(await backend.blockedCards('tok', {})).toEqual({ kind: 'ok', status: 200, value: page });
    expect(
      await backend.blockedCards('tok', {
        since: '2026-12-01T05:05:00.000Z',
        afterWalletId: 'w 9&x',
      }),
    ).toMatchObject({ kind: 'ok' });
    expect(far.seen).toEqual([
      { url: '/v1/terminal/blocked-cards', authorization: 'Bearer tok' },
      {
        url: '/v1/terminal/blocked-cards?since=2026-12-01T05%3A05%3A00.000Z&afterWalletId=w+9%26x',
        authorization: 'Bearer tok',
      },
    ]);
  });

  it('When a terminal call is answered 401 with a reason, then the refusal keeps the reason for the core to act on', async () => {
    const far = await answering(401, {
      error: { code: 'unauthorized', message: 'revoked', reason: 'terminal_revoked' },
    });
    const backend = new HttpBackend(far.url);
    expect(await backend.keys('tok')).toEqual({
      kind: 'refused',
      status: 401,
      code: 'unauthorized',
      message: 'revoked',
      details: { reason: 'terminal_revoked' },
    });
  });

  it('When the keys answer carries a rotated token, then it is parsed (additive fields)', async () => {
    const answer = {
      keys: [],
      offlineLimits: {
        paymentMaxYen: 5_000,
        terminalUnsyncedMaxYen: 100_000,
        tokenMaxYen: 5_000,
        deadlineMs: 86_400_000,
        offlineCardPayments: true,
      },
      offlineWindowOpenedAt: '2026-12-01T05:05:00.000Z',
      terminalToken: 'new-token',
      terminalTokenExpiresAt: '2026-12-31T05:05:00.000Z',
    };
    const far = await answering(200, answer);
    expect(await new HttpBackend(far.url).keys('tok')).toEqual({
      kind: 'ok',
      status: 200,
      value: answer,
    });
  });
});

describe('HttpBackend: issue 10 endpoints', () => {
  it('When the heartbeat asks /livez, then no token is sent; an older backend answers 404 as a refusal the monitor can read', async () => {
    const up = await answering(200, { ok: true });
    expect(await new HttpBackend(up.url).livez()).toEqual({ kind: 'ok', status: 200, value: { ok: true } });
    expect(up.seen).toEqual([{ url: '/livez', authorization: undefined }]);
    const old = await answering(404, { error: { code: 'not_found', message: 'no route' } });
    expect(await new HttpBackend(old.url).livez()).toMatchObject({ kind: 'refused', status: 404 });
  });

  it('When the shop is searched and a day is closed, then the query is encoded and a 409 day_closed is a refusal with its code', async () => {
    const search = await answering(200, { transactions: [] });
    const auth = { terminalToken: 'tok', staffSession: 'sess' };
    expect(await new HttpBackend(search.url).searchTransactions(auth, '¥1,000')).toEqual({ kind: 'ok', status: 200, value: { transactions: [] } });
    expect(search.seen[0]?.url).toBe(`/v1/terminal/transactions/search?q=${encodeURIComponent('¥1,000')}`);
    const closed = await answering(409, { error: { code: 'day_closed', message: 'closed' } });
    expect(await new HttpBackend(closed.url).closeDay(auth, { businessDay: '2026-12-01', acknowledgements: [] })).toMatchObject({
      kind: 'refused',
      status: 409,
      code: 'day_closed',
    });
    expect(closed.seen[0]?.url).toBe('/v1/terminal/settlement/close');
  });
});

/** One sale as the backend lists it, about as big as a real one (~750 bytes, the reason for pages). */
function sale(n: number): TerminalTransaction {
  const id = `0190a8f2-7c3e-7d41-9b2a-${String(n).padStart(12, '0')}`;
  return {
    id,
    type: 'payment',
    clientTxnId: `5f0c2d1e-8a7b-4c3d-9e2f-${String(n).padStart(12, '0')}`,
    occurredAt: new Date(Date.parse('2026-12-01T00:00:00.000Z') + Math.floor(n / 3) * 1_000).toISOString(),
    amountYen: 1_280,
    feeYen: 0,
    walletId: '0190a8f2-0000-7000-8000-00000000beef',
    staffId: '0190a8f2-0000-7000-8000-00000000cafe',
    offline: false,
    shortfallYen: 0,
    cancelled: false,
    cancelledAt: null,
    allocations: [
      { lotId: '0190a8f2-0000-7000-8000-0000000010a1', kind: 'limited', campaignId: '0190a8f2-0000-7000-8000-0000000c0de1', amountYen: 1_000, expiresAt: '2027-03-31T14:59:59.999Z', label: '熊谷プレミアム商品券2026' },
      { lotId: '0190a8f2-0000-7000-8000-0000000010a2', kind: 'charge', campaignId: null, amountYen: 280, expiresAt: '2028-12-01T14:59:59.999Z', label: 'チャージマネー' },
    ],
    businessDay: '2026-12-01',
    shortNo: `0001-${String(n % 1_000_000).padStart(6, '0')}`,
    method: 'qr',
    staffName: '熊谷 花子',
    cashYen: 0,
    cancelApprovedByName: null,
    terminalId: '0190a8f2-0000-7000-8000-00000000aaaa',
    terminalNo: 1,
    terminalName: '駅前店 1番レジ',
  };
}

/**
 * A backend stand-in serving a day of `day` rows in pages as docs/api.md says (`limit`, `after` =
 * the previous page's `nextCursor`), unless `serve` answers a request itself.
 */
async function pagingBackend(
  day: TerminalTransaction[],
  serve: (request: number, query: URLSearchParams) => { status: number; body: unknown } | null = () => null,
): Promise<{ url: string; seen: URLSearchParams[] }> {
  const seen: URLSearchParams[] = [];
  const server = http.createServer((req, res) => {
    const query = new URL(req.url ?? '/', 'http://stand-in').searchParams;
    seen.push(query);
    const own = serve(seen.length, query);
    const limit = Number(query.get('limit') ?? day.length);
    const from = query.has('after') ? Number(query.get('after')) : 0;
    const page = day.slice(from, from + limit);
    const more = from + limit < day.length;
    const answer = own ?? { status: 200, body: { businessDay: '2026-12-01', transactions: page, ...(more ? { nextCursor: String(from + limit) } : {}) } };
    res.writeHead(answer.status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(answer.body));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

describe('HttpBackend: a business day in pages (R30)', () => {
  const auth = { terminalToken: 'tok', staffSession: 'sess' };

  it('R30: When a register’s day holds 12,000 sales, more than one answer may carry, then 点検/精算 still get the whole day, in order, read a page of the bound at a time', async () => {
    const day = Array.from({ length: 12_000 }, (_, n) => sale(n));
    // The day in one answer would be refused by the core's bound: this is the day that could not close.
    expect(Buffer.byteLength(JSON.stringify({ businessDay: '2026-12-01', transactions: day }))).toBeGreaterThan(CORE_LIMITS.responseBodyBytesMax);
    const far = await pagingBackend(day);
    const read = await new HttpBackend(far.url).transactions(auth, '2026-12-01');
    expect(read).toEqual({ kind: 'ok', status: 200, value: { businessDay: '2026-12-01', transactions: day } });
    expect(far.seen.map((q) => [q.get('businessDay'), q.get('limit'), q.get('after')])).toEqual(
      Array.from({ length: 12 }, (_, i) => ['2026-12-01', String(LIMITS.terminalTransactionsPageMax), i === 0 ? null : String(i * LIMITS.terminalTransactionsPageMax)]),
    );
  }, 30_000);

  it('When the backend does not page (an older one answers the whole day, without a cursor), then that one answer is the day', async () => {
    const day = [sale(1), sale(2), sale(3)];
    const far = await pagingBackend(day, () => ({ status: 200, body: { businessDay: '2026-12-01', transactions: day } }));
    expect(await new HttpBackend(far.url).transactions(auth, '2026-12-01')).toEqual({ kind: 'ok', status: 200, value: { businessDay: '2026-12-01', transactions: day } });
    expect(far.seen).toHaveLength(1);
  });

  it('When a later page is refused or unreadable, then the read fails with it and never hands back part of the day (精算 would call the rest missing)', async () => {
    const day = Array.from({ length: 2_500 }, (_, n) => sale(n));
    const refused = await pagingBackend(day, (request) => (request === 2 ? { status: 401, body: { error: { code: 'unauthorized', message: 'session expired' } } } : null));
    expect(await new HttpBackend(refused.url).transactions(auth, '2026-12-01')).toMatchObject({ kind: 'refused', status: 401, code: 'unauthorized' });
    const broken = await pagingBackend(day, (request) => (request === 3 ? { status: 200, body: { businessDay: '2026-12-01' } } : null));
    expect(await new HttpBackend(broken.url).transactions(auth, '2026-12-01')).toMatchObject({ kind: 'ambiguous' });
    expect(broken.seen).toHaveLength(3);
  });

  it('When a broken backend never stops saying "more", then the read ends after the stated number of pages instead of looping, and a repeated cursor ends it at once', async () => {
    const endless = await pagingBackend([], (request) => ({ status: 200, body: { businessDay: '2026-12-01', transactions: [sale(request)], nextCursor: `c${request}` } }));
    expect(await new HttpBackend(endless.url).transactions(auth, '2026-12-01')).toMatchObject({ kind: 'ambiguous', reason: expect.stringContaining(`${CORE_LIMITS.transactionPagesMax} pages`) });
    expect(endless.seen).toHaveLength(CORE_LIMITS.transactionPagesMax);
    const stuck = await pagingBackend([], () => ({ status: 200, body: { businessDay: '2026-12-01', transactions: [sale(1)], nextCursor: 'same' } }));
    expect(await new HttpBackend(stuck.url).transactions(auth, '2026-12-01')).toMatchObject({ kind: 'ambiguous' });
    expect(stuck.seen.map((q) => q.get('after'))).toEqual([null, 'same']);
  }, 30_000);
});

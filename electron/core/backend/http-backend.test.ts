import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
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

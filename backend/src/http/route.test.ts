/**
 * `route()` checks a handler against its route's contract: its answer against the response
 * schema and what it may assume of the caller against the route's auth kind. The
 * `@ts-expect-error` lines are the compile-time half: were route() to loosen, the typecheck
 * would fail on them.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Deps } from '../usecases/context';
import { answered, route, type Authenticators, type RouteRequest } from './route';

const answer = z.object({ id: z.string(), count: z.number().int() });
const deps = {} as Deps;
const request = (body: unknown = {}, query: Record<string, string> = {}): RouteRequest => ({ body, query, params: { id: 'p1' }, headers: {} });

const terminal = { terminalId: 't1', merchantId: 'm1', terminalNo: 1, staff: null };
const authenticators: Authenticators = {
  none: async () => ({}),
  admin: async () => ({ actor: 'admin:0000' }),
  terminal: async () => ({ terminal }),
  staff: async () => ({ terminal: { ...terminal, staff: { staffId: 's1', role: 'cashier' } } }),
  customer: async () => ({ customerWalletId: 'w1' }),
};

describe('route()', () => {
  it('When a handler answers a body, then it goes out with the route’s okStatus', async () => {
    const r = route({ method: 'post', path: '/x/:id', auth: 'none', summary: 'x', response: answer, okStatus: 201, handler: async (c) => ({ id: c.params.id ?? '', count: 1 }) });
    expect(await r.serve(request(), authenticators, deps)).toEqual({ status: 201, body: { id: 'p1', count: 1 } });
  });

  it('When a money handler answers in full (a replayed refusal), then its own status and body go out', async () => {
    const refusal = { error: { code: 'insufficient_funds', message: 'not enough' } };
    const r = route({ method: 'post', path: '/x', auth: 'none', summary: 'x', response: answer, okStatus: 201, handler: async () => answered<z.infer<typeof answer>>({ status: 402, body: refusal }) });
    expect(await r.serve(request(), authenticators, deps)).toEqual({ status: 402, body: refusal });
  });

  it('When the body or the query does not match, then the request is refused invalid_request before the handler runs', async () => {
    let ran = false;
    const r = route({
      method: 'get', path: '/x', auth: 'none', summary: 'x', response: answer,
      body: z.object({ n: z.number() }), query: z.object({ limit: z.coerce.number().int() }),
      handler: async (c, b) => {
        ran = true;
        return { id: String(b.n), count: c.query.limit };
      },
    });
    await expect(r.serve(request({ n: 'one' }, { limit: '2' }), authenticators, deps)).rejects.toMatchObject({ code: 'invalid_request' });
    await expect(r.serve(request({ n: 1 }, { limit: 'two' }), authenticators, deps)).rejects.toMatchObject({ code: 'invalid_request' });
    expect(ran).toBe(false);
    // The handler sees the query as its schema parsed it: a number, not the string sent.
    expect(await r.serve(request({ n: 1 }, { limit: '2' }), authenticators, deps)).toEqual({ status: 200, body: { id: '1', count: 2 } });
  });

  it('When a route is served, then the authenticator of its auth kind decides who the handler acts for', async () => {
    const staff = route({ method: 'get', path: '/x', auth: 'staff', summary: 'x', response: answer, handler: async (c) => ({ id: `${c.terminal.terminalId}/${c.terminal.staff.role}`, count: 0 }) });
    const customer = route({ method: 'get', path: '/x', auth: 'customer', summary: 'x', response: answer, handler: async (c) => ({ id: c.customerWalletId, count: 0 }) });
    expect((await staff.serve(request(), authenticators, deps)).body).toEqual({ id: 't1/cashier', count: 0 });
    expect((await customer.serve(request(), authenticators, deps)).body).toEqual({ id: 'w1', count: 0 });
    const refused = { ...authenticators, staff: async () => Promise.reject(new Error('no session')) };
    await expect(staff.serve(request(), refused, deps)).rejects.toThrow('no session');
  });

  it('Issue 16: When a route names the CPM token in its body, then prepare checks it in the HTTP thread and the handler, wherever it runs, gets the claims only of a token that checked out', async () => {
    const claims = { kid: 'k1', walletId: 'w1', tokenId: 'tok-0123456789abcdef', issuedAtMs: 1_000, expiresAtMs: 301_000, offlineLimitYen: 0 };
    const checked: string[] = [];
    const ring = {
      keys: { checkSignatureNow: async (token: string) => (checked.push(token), token === 'good' ? claims : null) },
      clock: { nowMs: () => 5_000 },
    } as unknown as Deps;
    const r = route({
      method: 'post', path: '/x', auth: 'none', summary: 'x', response: answer,
      body: z.object({ token: z.string().optional() }),
      cpmToken: (b) => b.token,
      handler: async (c) => ({ id: c.checkedClaims?.walletId ?? 'none', count: 0 }),
    });
    // What crosses to the ledger worker is a structured clone of the prepared call.
    const prepared = structuredClone(await r.prepare(request({ token: 'good' }), authenticators, ring));
    expect((await r.run(prepared, deps)).body).toEqual({ id: 'w1', count: 0 });
    expect((await r.serve(request({ token: 'forged' }), authenticators, ring)).body).toEqual({ id: 'none', count: 0 });
    expect((await r.serve(request({}), authenticators, ring)).body).toEqual({ id: 'none', count: 0 });
    expect(checked).toEqual(['good', 'forged']);
  });

  it('Issue 16: When a route works out its idempotency hash, then prepare does it in the HTTP thread and the handler, wherever it runs, gets the hash of the body it was given', async () => {
    const hashed: unknown[] = [];
    const r = route({
      method: 'post', path: '/x', auth: 'none', summary: 'x', response: answer,
      body: z.object({ n: z.number() }),
      requestHash: (b) => (hashed.push(b), `hash-of-${b.n}`),
      handler: async (c, b) => ({ id: c.requestHash ?? 'none', count: b.n }),
    });
    const prepared = structuredClone(await r.prepare(request({ n: 7 }), authenticators, deps));
    expect(hashed).toEqual([{ n: 7 }]);
    expect((await r.run(prepared, deps)).body).toEqual({ id: 'hash-of-7', count: 7 });
    // Nothing is worked out again where the handler runs.
    expect(hashed).toHaveLength(1);
    const plain = route({ method: 'post', path: '/x', auth: 'none', summary: 'x', response: answer, handler: async (c) => ({ id: c.requestHash ?? 'none', count: 0 }) });
    expect((await plain.serve(request(), authenticators, deps)).body).toEqual({ id: 'none', count: 0 });
  });

  it('When a handler drifts from its contract, then it does not compile', () => {
    // @ts-expect-error `count` is missing from the answer.
    route({ method: 'get', path: '/x', auth: 'none', summary: 'x', response: answer, handler: async () => ({ id: 'a' }) });
    // @ts-expect-error `count` is a string, the contract says a number.
    route({ method: 'get', path: '/x', auth: 'none', summary: 'x', response: answer, handler: async () => ({ id: 'a', count: '1' }) });
    // @ts-expect-error a full answer's body must be the response or an error body too.
    route({ method: 'post', path: '/x', auth: 'none', summary: 'x', response: answer, handler: async () => answered({ status: 201, body: { id: 'a' } }) });
    // @ts-expect-error a `terminal` route may have no staff member logged in.
    route({ method: 'get', path: '/x', auth: 'terminal', summary: 'x', response: answer, handler: async (c) => ({ id: c.terminal.staff.staffId, count: 0 }) });
    // @ts-expect-error an `admin` route has no terminal.
    route({ method: 'get', path: '/x', auth: 'admin', summary: 'x', response: answer, handler: async (c) => ({ id: c.terminal.terminalId, count: 0 }) });
    // @ts-expect-error a route without a response schema does not exist.
    route({ method: 'get', path: '/x', auth: 'none', summary: 'x', handler: async () => ({ id: 'a', count: 0 }) });
  });
});

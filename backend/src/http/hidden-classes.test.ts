/**
 * Issue 16: the objects every request builds on its way (the staff authenticator's actor, the
 * handler's context, in the HTTP thread and again in the ledger worker after a structured clone)
 * keep one V8 hidden class from request to request. Built as an object spread followed by more
 * properties (`{ ...base, staff }`), each got a hidden class of its own: the two threads then
 * allocated maps that only a full collection frees, and on a virtual machine where a page
 * fault is dear the HTTP thread took ~9,000 faults a second. Removing them cut the backend's CPU
 * a payment by 15–25 % (docs/performance.md "Twenty-fourth session"). V8's own test,
 * `%HaveSameMap`, tells; a spread put back fails it. Beside them, Express's response keeps fast
 * properties (`%HasFastProperties`) on the backend's server (http/express-server.ts).
 */
import type { AddressInfo } from 'node:net';
import type { ServerResponse } from 'node:http';
import { setFlagsFromString } from 'node:v8';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { TestBackend } from '../testing/harness';
import { authenticators } from './authenticators';
import { createExpressServer } from './express-server';
import { route, type RouteContext, type RouteRequest } from './route';

setFlagsFromString('--allow-natives-syntax');
// Parsed after the flag is set: V8's intrinsics are syntax only in code compiled from then on.
const haveSameMap = new Function('a', 'b', 'return %HaveSameMap(a, b)') as (a: object, b: object) => boolean;
const hasFastProperties = new Function('o', 'return %HasFastProperties(o)') as (o: object) => boolean;

let t: TestBackend;
beforeAll(async () => {
  t = await TestBackend.start('sqlite');
});
afterAll(async () => {
  await t.stop();
});

const staffRequest = (token: string, session: string): RouteRequest => ({ body: {}, query: {}, params: {}, headers: { authorization: `Bearer ${token}`, 'x-staff-session': session } });

describe('Issue 16: one hidden class a request, not one per request', () => {
  it('When two cashiers at two tills are authenticated and their calls run, then the actors and the handler contexts share one hidden class each', async () => {
    const merchantId = await t.merchant('hidden classes');
    const tills = [await t.terminal(merchantId), await t.terminal(merchantId)];
    const authenticate = authenticators(t.backend.deps, t.adminToken);
    const seen: RouteContext<'staff'>[] = [];
    const r = route({
      method: 'post', path: '/x', auth: 'staff', summary: 'x', response: z.object({ ok: z.boolean() }),
      handler: async (c) => {
        seen.push(c);
        return { ok: true };
      },
    });
    const actors = [];
    for (const till of tills) {
      const prepared = await r.prepare(staffRequest(till.token, till.sessions.cashier!), authenticate, t.backend.deps);
      actors.push(prepared.who);
      await r.run(prepared, t.backend.deps);
      // As the ledger worker receives it: cloned, then run.
      await r.run(structuredClone(prepared), t.backend.deps);
    }
    expect(seen.map((c) => c.terminal.terminalId)).toEqual([tills[0]!.terminalId, tills[0]!.terminalId, tills[1]!.terminalId, tills[1]!.terminalId]);
    const [first, second] = actors as [{ terminal: object }, { terminal: object }];
    expect(haveSameMap(first.terminal, second.terminal)).toBe(true);
    expect(haveSameMap(seen[0]!, seen[2]!)).toBe(true);
    expect(haveSameMap(seen[1]!, seen[3]!)).toBe(true);
  });

  it('When Express answers on the backend’s server, then each response keeps fast properties, not a dictionary', async () => {
    const app = express();
    const answered: boolean[] = [];
    app.post('/x', (_req, res) => {
      res.on('finish', () => answered.push(hasFastProperties(res)));
      // As app.ts's sendJson answers.
      res.writeHead(201, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': 11 });
      res.end('{"ok":true}');
    });
    const server = createExpressServer(app);
    const fresh: boolean[] = [];
    server.prependListener('request', (_req, res: ServerResponse) => fresh.push(hasFastProperties(res)));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/x`;
      for (let i = 0; i < 3; i++) expect((await fetch(url, { method: 'POST' })).status).toBe(201);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    expect(fresh).toEqual([true, true, true]);
    expect(answered).toEqual([true, true, true]);
  });
});

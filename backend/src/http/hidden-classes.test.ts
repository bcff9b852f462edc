/**
 * Issue 16: the objects every request builds on its way (the staff authenticator's actor, the
 * handler's context, in the HTTP thread and again in the ledger worker after a structured clone)
 * keep one V8 hidden class from request to request. Built as an object spread followed by more
 * properties (`{ ...base, staff }`), each got a hidden class of its own: the two threads then
 * allocated maps that only a full collection frees, and on a virtual machine where a page
 * fault is dear the HTTP thread took ~9,000 faults a second. Removing them cut the backend's CPU
 * a payment by 15–25 % (docs/performance.md "Twenty-fourth session"). V8's own test,
 * `%HaveSameMap`, tells; a spread put back fails it, and eslint.config.js refuses one on the
 * request path. Express's responses keep fast properties: express-server.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { TestBackend } from '../testing/harness';
import { authenticators } from './authenticators';
import { route, type RouteContext, type RouteRequest } from './route';
import { haveSameMap } from '../testing/v8-intrinsics';

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

  it('When one request brings a staff session and another does not, then both actors share one hidden class (one literal builds them)', async () => {
    const merchantId = await t.merchant('hidden classes, no session');
    const till = await t.terminal(merchantId);
    const authenticate = authenticators(t.backend.deps, t.adminToken);
    const withSession = (await authenticate.terminal(staffRequest(till.token, till.sessions.cashier!))) as { terminal: { staff: unknown; sessionHash?: string } };
    const without = (await authenticate.terminal({ body: {}, query: {}, params: {}, headers: { authorization: `Bearer ${till.token}` } })) as { terminal: { staff: unknown; sessionHash?: string } };
    expect(withSession.terminal.staff).not.toBeNull();
    expect(typeof withSession.terminal.sessionHash).toBe('string');
    expect(without.terminal.staff).toBeNull();
    expect(without.terminal.sessionHash).toBeUndefined();
    expect(haveSameMap(withSession.terminal, without.terminal)).toBe(true);
  });
});

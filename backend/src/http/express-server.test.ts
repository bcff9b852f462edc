import { afterEach, describe, expect, it } from 'vitest';
import type { AddressInfo } from 'node:net';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import express from 'express';
import { createExpressServer, listenExpress } from './express-server';
import { hasFastProperties } from '../testing/v8-intrinsics';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
});

async function listening(server: Server): Promise<string> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('the backend HTTP server (issue 16: requests born with Express prototypes)', () => {
  it('When a request arrives, then its request and response already have the prototypes Express would give them, and Express serves it as usual', async () => {
    const app = express();
    app.use(express.json());
    app.post('/echo/:id', (req, res) => {
      res.status(201).json({ id: req.params.id, body: req.body as unknown, type: req.get('content-type') });
    });
    const server = createExpressServer(app);
    // Seen before Express dispatches (it would set the same prototypes itself).
    const seen: { request: boolean; response: boolean }[] = [];
    server.prependListener('request', (req: IncomingMessage, res: ServerResponse) => {
      seen.push({ request: Object.getPrototypeOf(req) === app.request, response: Object.getPrototypeOf(res) === app.response });
    });
    const url = await listening(server);

    const answer = await fetch(`${url}/echo/7`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ amountYen: 1234 }) });

    expect(answer.status).toBe(201);
    expect(await answer.json()).toEqual({ id: '7', body: { amountYen: 1234 }, type: 'application/json' });
    expect(seen).toEqual([{ request: true, response: true }]);
  });

  it('Issue 16: When Express answers on the backend’s server, then each response keeps fast properties, not a dictionary', async () => {
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
    const url = await listening(server);

    for (let i = 0; i < 3; i++) expect((await fetch(`${url}/x`, { method: 'POST' })).status).toBe(201);

    expect(fresh).toEqual([true, true, true]);
    expect(answered).toEqual([true, true, true]);
  });

  it('When its port is taken, then listening fails with the reason', async () => {
    const first = await listening(createExpressServer(express()));
    const port = Number(new URL(first).port);

    await expect(listenExpress(express(), port, '127.0.0.1')).rejects.toMatchObject({ code: 'EADDRINUSE' });
  });
});

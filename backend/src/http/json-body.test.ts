import { request as httpRequest, Agent, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toApiErrorBody } from '../../../common/errors';
import { toDomainError } from './contract-errors';
import { jsonBody } from './json-body';

const LIMIT_BYTES = 1024;

/** An app that answers what its body reader made of the body, or the contract's refusal. */
function echoApp(reader: RequestHandler): express.Express {
  const app = express();
  app.use(reader);
  app.all('/echo', (req, res) => {
    res.json({ body: req.body === undefined ? '(no body)' : (req.body as unknown) });
  });
  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const mapped = toDomainError(error);
    res.status(mapped ? 400 : 500).json(mapped ? toApiErrorBody(mapped) : { error: { code: 'internal', message: String(error) } });
  });
  return app;
}

function listen(app: express.Express): Promise<{ server: Server; port: number }> {
  return new Promise((resolve) => {
    const server = app.listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as AddressInfo).port }));
  });
}

interface Sent {
  method?: string;
  headers?: Record<string, string | number>;
  /** Written as chunks, without Content-Length unless the headers give one (chunked). */
  chunks?: (string | Buffer)[];
  body?: string | Buffer;
  agent?: Agent;
}

function send(port: number, sent: Sent): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { 'content-type': 'application/json', ...sent.headers };
    if (sent.body !== undefined && sent.chunks === undefined) headers['content-length'] ??= Buffer.byteLength(sent.body);
    const req = httpRequest({ host: '127.0.0.1', port, path: '/echo', method: sent.method ?? 'POST', headers, agent: sent.agent ?? false }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(Buffer.concat(parts).toString('utf8')) as unknown }));
    });
    req.on('error', reject);
    for (const chunk of sent.chunks ?? []) req.write(chunk);
    req.end(sent.body);
  });
}

describe('the JSON body reader (issue 16: body-parser’s behaviour without its pipeline for UTF-8 bodies)', () => {
  let ours: { server: Server; port: number };
  let library: { server: Server; port: number };
  beforeAll(async () => {
    ours = await listen(echoApp(jsonBody(LIMIT_BYTES)));
    library = await listen(echoApp(express.json({ limit: LIMIT_BYTES, type: () => true })));
  });
  afterAll(() => {
    ours.server.close();
    library.server.close();
  });

  it('When a body is any text a client might send, then the answer is the one express.json gives: the same value, or the same refusal', async () => {
    const odd = fc.constantFrom('', ' ', '\uFEFF{"a":1}', '"熊谷"', '42', 'null', 'true', '{', '[1,2]', ' \n{"shop":"熊谷駅前店","yen":1200} ', '{"a":1}garbage', '\t[ ]', 'x'.repeat(LIMIT_BYTES + 1));
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.json(), fc.string(), odd), async (body) => {
        const [a, b] = await Promise.all([send(ours.port, { body }), send(library.port, { body })]);
        expect(a).toEqual(b);
      }),
      { numRuns: 150 },
    );
  });

  it('When an object arrives in several chunks, then it is read whole, Japanese text intact', async () => {
    const text = JSON.stringify({ shop: '熊谷うちわ祭り', yen: 1200 });
    const bytes = Buffer.from(text);
    const parts = { chunks: [bytes.subarray(0, 7), bytes.subarray(7, 20)], body: bytes.subarray(20) };
    // Split inside a character's bytes, with its length declared and without (chunked).
    expect(await send(ours.port, { ...parts, headers: { 'content-length': bytes.length } })).toEqual({ status: 200, body: { body: { shop: '熊谷うちわ祭り', yen: 1200 } } });
    expect(await send(ours.port, parts)).toEqual({ status: 200, body: { body: { shop: '熊谷うちわ祭り', yen: 1200 } } });
  });

  it('When a request has no body, then none is read; when its body is empty, then it is {}', async () => {
    expect(await send(ours.port, { method: 'GET' })).toEqual({ status: 200, body: { body: '(no body)' } });
    expect(await send(ours.port, { headers: { 'content-length': 0 } })).toEqual({ status: 200, body: { body: {} } });
  });

  it('When a body is over the limit, by its Content-Length or as it streams, then it is refused and the connection carries the next request', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const tooLarge = JSON.stringify({ pad: 'x'.repeat(LIMIT_BYTES) });
      const declared = await send(ours.port, { body: tooLarge, agent });
      expect(declared).toEqual({ status: 400, body: { error: { code: 'invalid_request', message: `the body is larger than ${LIMIT_BYTES} bytes`, bytesMax: LIMIT_BYTES } } });
      const streamed = await send(ours.port, { chunks: [tooLarge.slice(0, 600), tooLarge.slice(600)], agent });
      expect(streamed).toEqual(declared);
      expect(await send(ours.port, { body: '{"after":1}', agent })).toEqual({ status: 200, body: { body: { after: 1 } } });
    } finally {
      agent.destroy();
    }
  });

  it('When a body is gzip or in another charset, then express.json reads it as before', async () => {
    const gz = await send(ours.port, { body: gzipSync(Buffer.from('{"yen":500}')), headers: { 'content-encoding': 'gzip' } });
    expect(gz).toEqual({ status: 200, body: { body: { yen: 500 } } });
    const latin1 = await send(ours.port, { body: '{"yen":500}', headers: { 'content-type': 'application/json; charset=latin1' } });
    expect(latin1).toEqual(await send(library.port, { body: '{"yen":500}', headers: { 'content-type': 'application/json; charset=latin1' } }));
    expect(latin1.status).toBe(400);
  });
});

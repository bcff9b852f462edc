import { afterEach, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { JsonClient } from '../../bench/lib/http-load';

describe("the bench's load generator (bench/lib/http-load.ts)", () => {
  let server: Server | undefined;
  let client: JsonClient;
  afterEach(async () => {
    client.close();
    const closing = server;
    server = undefined;
    if (closing) await new Promise((r) => closing.close(r));
  });

  /** `s` listening on a free loopback port (closed after the test); its URL. */
  async function listening(s: Server): Promise<string> {
    server = s;
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
  }

  function serve(): Promise<string> {
    return listening(createServer((req, res) => {
      let text = '';
      req.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      req.on('end', () => {
        const sent = JSON.parse(text) as { amountYen: number };
        const body = JSON.stringify({ echoed: sent.amountYen, shop: 'クマ商店', path: req.url });
        res.writeHead(sent.amountYen > 0 ? 201 : 402, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
        res.end(body);
      });
    }));
  }

  it('Issue 16: When a payment is sent for its status alone, then the status comes back and the keep-alive socket serves the next request, whose body is read whole', async () => {
    client = new JsonClient(await serve(), 2);
    expect(await client.status('POST', '/v1/payments', { amountYen: 500 })).toBe(201);
    expect(await client.status('POST', '/v1/payments', { amountYen: 0 })).toBe(402);
    expect(await client.request('POST', '/v1/payments', { amountYen: 700 })).toEqual({ status: 201, body: { echoed: 700, shop: 'クマ商店', path: '/v1/payments' } });
    const many = await Promise.all(Array.from({ length: 20 }, (_, i) => client.status('POST', '/x', { amountYen: i })));
    expect(many).toEqual(Array.from({ length: 20 }, (_, i) => (i > 0 ? 201 : 402)));
  });

  it('When an answer arrives in pieces (head, then the body in two parts), then it is read whole, and the socket serves the next request', async () => {
    const url = await listening(createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        const body = JSON.stringify({ shop: 'クマ商店', amountYen: 1234 });
        const bytes = Buffer.from(body);
        res.writeHead(201, { 'content-type': 'application/json', 'content-length': bytes.length });
        res.flushHeaders();
        setTimeout(() => res.write(bytes.subarray(0, 7)), 5);
        setTimeout(() => res.end(bytes.subarray(7)), 10);
      });
    }));
    client = new JsonClient(url, 1);
    expect(await client.request('POST', '/x', { a: 1 })).toEqual({ status: 201, body: { shop: 'クマ商店', amountYen: 1234 } });
    expect(await client.status('POST', '/x', { a: 2 })).toBe(201);
  });

  it('When the server closes a kept-alive socket, then the next request on it fails with the reason instead of waiting for ever, and a new socket serves the one after', async () => {
    let answered = 0;
    const tcp = createTcpServer((socket) => {
      socket.once('data', () => {
        answered += 1;
        // One answer, then the server hangs up.
        socket.end('HTTP/1.1 201 Created\r\ncontent-length: 2\r\n\r\n{}');
      });
    });
    client = new JsonClient(await listening(tcp as unknown as Server), 1);
    expect(await client.status('POST', '/x', {})).toBe(201);
    await new Promise((r) => setTimeout(r, 50));
    await expect(client.status('POST', '/x', {})).rejects.toThrow(/closed/);
    expect(await client.status('POST', '/x', {})).toBe(201);
    expect(answered).toBe(2);
  });

  it('When the backend is not there, then each request fails with the reason, and a socket that never connected takes no room from the next one', async () => {
    // A port just freed: nothing listens on it.
    const probe = createTcpServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((r) => probe.close(r));
    client = new JsonClient(`http://127.0.0.1:${port}`, 1);
    await expect(client.status('POST', '/x', {})).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    await expect(client.status('POST', '/x', {})).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});

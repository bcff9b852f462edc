import { describe, expect, it, vi } from 'vitest';
import type { TerminalEvent } from '../../common/terminal-api';
import { fakeStatus } from './fake';
import { HostError } from './host-error';
import { createHttpHost, SECRET_HEADER, type EventSourceLike } from './http-host';

const ORIGIN = 'http://127.0.0.1:4310';

function jsonResponse(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

class FakeEventSource implements EventSourceLike {
  onmessage: ((message: MessageEvent<string>) => void) | null = null;
  onopen: (() => void) | null = null;
  onerror: (() => void) | null = null;
  closed = false;
  constructor(readonly url: string) {}
  message(data: string): void {
    this.onmessage?.(new MessageEvent('message', { data }));
  }
  close(): void {
    this.closed = true;
  }
}

function setup(answer: (url: string, init: RequestInit) => Response | Promise<Response>) {
  const requests: Array<{ url: string; init: RequestInit }> = [];
  const sources: FakeEventSource[] = [];
  const malformed: string[] = [];
  const host = createHttpHost({
    secret: 's3cret',
    origin: ORIGIN,
    fetch: async (url, init) => {
      requests.push({ url: String(url), init: init ?? {} });
      return answer(String(url), init ?? {});
    },
    openEventSource: (url) => {
      const source = new FakeEventSource(url);
      sources.push(source);
      return source;
    },
    onMalformedEvent: (raw) => malformed.push(raw),
  });
  return { host, requests, sources, malformed };
}

describe('browser host protocol', () => {
  it('When a command is called, then it is POSTed to /api/call/<command> with the secret header and the JSON input', async () => {
    const { host, requests } = setup(() => jsonResponse(200, { ok: true, staff: { role: 'cashier' } }));
    const result = await host.call('login', { staffCode: 'S1', pin: '1234' });
    expect(result.ok).toBe(true);
    expect(requests[0]?.url).toBe(`${ORIGIN}/api/call/login`);
    expect(requests[0]?.init.method).toBe('POST');
    expect(new Headers(requests[0]?.init.headers).get(SECRET_HEADER)).toBe('s3cret');
    expect(JSON.parse(String(requests[0]?.init.body))).toEqual({ staffCode: 'S1', pin: '1234' });
  });

  it('When the host refuses the input (400), then the screen gets an invalid_request failure with its message', async () => {
    const { host } = setup(() => jsonResponse(400, { error: { code: 'invalid_request', message: 'amountYen: too big' } }));
    expect(await host.call('pay', { amountYen: 1, credential: { type: 'card', cardNumber: '1234' } })).toEqual({
      ok: false,
      code: 'invalid_request',
      message: 'amountYen: too big',
      details: {},
    });
  });

  it('When the secret is wrong (401), then the failure says unauthorized', async () => {
    const { host } = setup(() => new Response('nope', { status: 401 }));
    expect(await host.call('syncNow', {})).toMatchObject({ ok: false, code: 'unauthorized' });
  });

  it('When the host cannot be reached, then a network failure comes back instead of an exception', async () => {
    const { host } = setup(() => Promise.reject(new TypeError('Failed to fetch')));
    expect(await host.call('syncNow', {})).toMatchObject({ ok: false, code: 'network' });
  });

  it('When getStatus cannot be answered, then it throws a HostError (it has no failure arm)', async () => {
    const { host } = setup(() => jsonResponse(200, { not: 'a status' }));
    await expect(host.call('getStatus', {})).rejects.toBeInstanceOf(HostError);
  });

  it('When a 200 answer is not a Result, then it becomes a failure, not a crash later on screen', async () => {
    const { host } = setup(() => jsonResponse(200, 'surprise'));
    expect(await host.call('history', { businessDay: '2024-06-01' })).toMatchObject({ ok: false, code: 'network' });
  });

  it('When events arrive, then good ones reach listeners and malformed ones are reported and skipped', () => {
    const { host, sources, malformed } = setup(() => jsonResponse(200, {}));
    const heard: TerminalEvent[] = [];
    const unsubscribe = host.subscribe((event) => heard.push(event));
    const source = sources[0];
    if (!source) throw new Error('no event source opened');
    expect(source.url).toBe(`${ORIGIN}/api/events?secret=s3cret`);
    source.message('{not json');
    source.message(JSON.stringify({ type: 'card', uid: '' }));
    source.message(JSON.stringify({ type: 'scan', text: 'KP1.x', source: 'hid', at: '2024-06-01T00:00:00Z' }));
    expect(heard).toEqual([{ type: 'scan', text: 'KP1.x', source: 'hid', at: '2024-06-01T00:00:00Z' }]);
    expect(malformed).toHaveLength(2);
    unsubscribe();
    expect(source.closed).toBe(true);
  });

  it('When the core tells the customer display what to show, then the second page hears it (and a view without its amount is skipped)', () => {
    const { host, sources, malformed } = setup(() => jsonResponse(200, {}));
    const heard: TerminalEvent[] = [];
    host.subscribe((event) => heard.push(event));
    const source = sources[0];
    if (!source) throw new Error('no event source opened');
    source.message(JSON.stringify({ type: 'customer_display', view: { screen: 'amount', purpose: 'payment', amountYen: 1500 } }));
    source.message(JSON.stringify({ type: 'customer_display', view: { screen: 'amount', purpose: 'payment' } }));
    expect(heard).toEqual([{ type: 'customer_display', view: { screen: 'amount', purpose: 'payment', amountYen: 1500 } }]);
    expect(malformed).toHaveLength(1);
  });

  it('When one listener throws, then the other listeners still hear the event', () => {
    const { host, sources } = setup(() => jsonResponse(200, {}));
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const heard: string[] = [];
    host.subscribe(() => {
      throw new Error('screen bug');
    });
    host.subscribe((event) => heard.push(event.type));
    sources[0]?.message(JSON.stringify({ type: 'payment_checking', clientTxnId: 'c1' }));
    expect(heard).toEqual(['payment_checking']);
    expect(errors).toHaveBeenCalled();
    errors.mockRestore();
  });

  it('When the event stream reconnects, then the status is fetched again so missed changes show', async () => {
    const status = fakeStatus({ connectivity: 'offline' });
    const { host, sources, requests } = setup(() => jsonResponse(200, status));
    const heard: TerminalEvent[] = [];
    host.subscribe((event) => heard.push(event));
    sources[0]?.onopen?.();
    sources[0]?.onopen?.();
    await vi.waitFor(() => expect(heard).toEqual([{ type: 'status', status }]));
    expect(requests.map((r) => r.url)).toEqual([`${ORIGIN}/api/call/getStatus`]);
  });
});

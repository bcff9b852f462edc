import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { DemoHardware } from '../../hardware/simulators/index';
import type { DeviceManager } from '../../hardware/index';
import type { LinkSwitch } from '../host-common/link-switch';
import { createSimController, simInputs, type SimController } from './sim';

interface Seen {
  method: string;
  url: string;
  authorization: string | undefined;
  body: unknown;
}

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (closers.length > 0) await closers.pop()?.();
});

/** The backend as the browser host reaches it: scripted answers by path, every request kept. */
async function fakeBackend(answers: Record<string, { status: number; body: unknown }>) {
  const seen: Seen[] = [];
  const server = http.createServer((req, res) => {
    let text = '';
    req.on('data', (chunk: Buffer) => (text += chunk.toString()));
    req.on('end', () => {
      seen.push({
        method: req.method ?? '',
        url: req.url ?? '',
        authorization: req.headers.authorization,
        body: text ? (JSON.parse(text) as unknown) : null,
      });
      const answer = answers[`${req.method} ${req.url}`] ?? {
        status: 404,
        body: { error: { code: 'not_found', message: 'no route' } },
      };
      res.writeHead(answer.status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

/** The simulator with only what the citizen actions use: the devices and the link are never touched by them. */
function controller(
  backendUrl: string,
  options: {
    partnerToken?: string | null;
    demoEventCode?: string | null;
    shopQr?: () => Promise<string | null>;
  } = {},
): SimController {
  return createSimController({
    hardware: {} as DemoHardware,
    devices: {} as DeviceManager,
    link: {} as LinkSwitch,
    customerToken: 'hanako-token',
    partnerToken: options.partnerToken ?? null,
    demoEventCode: options.demoEventCode ?? null,
    ...(options.shopQr ? { shopQr: options.shopQr } : {}),
    backendUrl: () => backendUrl,
  });
}

const UUID = '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b';

describe('browser host: the demo citizen app reaches the backend as the demo customer (R23, R28)', () => {
  it("R28: When the page pays a shop QR, then the host sends the same body with the customer's token and passes the payment on", async () => {
    const payment = {
      kind: 'dynamic',
      merchantName: '熊谷うどん本店',
      paymentId: 'p-1',
      amountYen: 1_200,
      totalYenAfter: 8_800,
      occurredAt: '2026-05-01T03:00:00.000Z',
    };
    const backend = await fakeBackend({
      'POST /v1/customer/mpm/pay': { status: 201, body: payment },
    });
    const outcome = await controller(backend.url).run('customer-mpm-pay', {
      clientTxnId: UUID,
      qr: 'KPM1.x',
    });
    expect(outcome).toEqual({ status: 200, body: payment });
    expect(backend.seen).toEqual([
      {
        method: 'POST',
        url: '/v1/customer/mpm/pay',
        authorization: 'Bearer hanako-token',
        body: { clientTxnId: UUID, qr: 'KPM1.x' },
      },
    ]);
  });

  it('R23: When the backend refuses a claim, then the page gets the same status and code (the details stay behind)', async () => {
    const backend = await fakeBackend({
      'POST /v1/customer/points/claim': {
        status: 409,
        body: {
          error: {
            code: 'points_already_claimed',
            message: 'Already claimed.',
            details: { eventId: 'e-1' },
          },
        },
      },
    });
    const outcome = await controller(backend.url).run('customer-points-claim', {
      code: 'KPE1.abc',
    });
    expect(outcome).toEqual({
      status: 409,
      body: { error: { code: 'points_already_claimed', message: 'Already claimed.' } },
    });
  });

  it("R23: When the backend answers outside the contract's shape, then the page is told 502 rather than handed it", async () => {
    const backend = await fakeBackend({
      'GET /v1/customer/points': { status: 200, body: { points: -5, expiresAt: null } },
    });
    const outcome = await controller(backend.url).run('customer-points', {});
    expect(outcome.status).toBe(502);
    expect(outcome.body).toMatchObject({ error: { code: 'network' } });
  });

  it("R23: When the partner's receive-QR is asked for, then it is minted with the partner's token; without a partner the host says how to set one", async () => {
    const qr = { qr: 'KPR1.k.w-2.q.a.b.sig', expiresAt: '2026-05-01T03:05:00.000Z' };
    const backend = await fakeBackend({
      'POST /v1/customer/points/receive-qr': { status: 201, body: qr },
    });
    expect(
      await controller(backend.url, { partnerToken: 'taro-token' }).run('partner-receive-qr', {}),
    ).toEqual({ status: 200, body: qr });
    expect(backend.seen.map((s) => s.authorization)).toEqual(['Bearer taro-token']);
    const missing = await controller(backend.url).run('partner-receive-qr', {});
    expect(missing.status).toBe(404);
    expect(JSON.stringify(missing.body)).toContain('KUMAPAY_DEMO_PARTNER_TOKEN');
  });

  it("R23, R28: When the page asks for the demo fill-ins, then it gets the seed's event code and the QR the counter shows now", async () => {
    const sim = controller('http://127.0.0.1:1', {
      partnerToken: 'taro-token',
      demoEventCode: 'KPE1.demo',
      shopQr: async () => 'KPM1.shown',
    });
    expect(await sim.run('demo-info', {})).toEqual({
      status: 200,
      body: { eventCode: 'KPE1.demo', partner: true },
    });
    expect(await sim.run('shop-qr', {})).toEqual({ status: 200, body: { qr: 'KPM1.shown' } });
  });

  it("R23, R28: When the page sends out-of-bounds input, then the host refuses it before the backend is asked (the wire schemas' bounds)", () => {
    expect(
      simInputs['customer-points-transfer'].safeParse({
        clientTxnId: UUID,
        to: 'KPR1.x',
        points: 0,
      }).success,
    ).toBe(false);
    expect(
      simInputs['customer-points-transfer'].safeParse({
        clientTxnId: 'not-a-uuid',
        to: 'KPR1.x',
        points: 5,
      }).success,
    ).toBe(false);
    expect(simInputs['customer-points-claim'].safeParse({ code: 'x'.repeat(129) }).success).toBe(
      false,
    );
    expect(
      simInputs['customer-mpm-pay'].safeParse({ clientTxnId: UUID, qr: 'KPM1.x', amountYen: 0 })
        .success,
    ).toBe(false);
    expect(simInputs['customer-mpm-preview'].safeParse({ qr: 'KPM1.x', extra: true }).success).toBe(
      false,
    );
  });
});

import { randomUUID } from 'node:crypto';
import { timeOrderedUuid } from '../../common/time-ordered-uuid';
import { runLoad, type JsonClient } from './http-load';

export const ADMIN = { authorization: 'Bearer bench-admin-token-0123456789' };

export interface Fixture {
  terminalHeaders: Record<string, string>;
  cardNumbers: string[];
  /** The limited campaigns the wallets' lots belong to (`addAppCustomers` gives app wallets the same). */
  campaignIds: string[];
}

/**
 * A shop, a till with a logged-in cashier, and `walletCount` card wallets holding 3–5 lots
 * each (charge money plus limited lots of two campaigns), rich enough never to run dry.
 */
export async function buildFixture(client: JsonClient, walletCount: number, prefix: string): Promise<Fixture> {
  const merchant = (await client.request('POST', '/v1/admin/merchants', { name: 'Bench shop', chargePoint: true }, ADMIN)).body as { id: string };
  const terminal = (await client.request('POST', '/v1/admin/terminals', { merchantId: merchant.id, name: 'bench till' }, ADMIN)).body as { enrollmentCode: string };
  await client.request('POST', '/v1/admin/staff', { merchantId: merchant.id, staffCode: 'bench', name: 'Bench', role: 'cashier', pin: '1234' }, ADMIN);
  const enrolled = (await client.request('POST', '/v1/terminals/enroll', { enrollmentCode: terminal.enrollmentCode })).body as { terminalToken: string };
  const session = (await client.request('POST', '/v1/staff/sessions', { staffCode: 'bench', pin: '1234' }, { authorization: `Bearer ${enrolled.terminalToken}` })).body as { staffSession: string };
  const campaigns = await Promise.all(
    ['限定①', '限定②'].map(async (name) => ((await client.request('POST', '/v1/admin/campaigns', { name, kind: 'limited', validity: { years: 2 }, eligibleMerchantIds: 'all' }, ADMIN)).body as { id: string }).id),
  );
  const cardNumbers: string[] = [];
  for (let start = 0; start < walletCount; start += SETUP_CONCURRENCY) {
    await Promise.all(
      Array.from({ length: Math.min(SETUP_CONCURRENCY, walletCount - start) }, async (_, k) => {
        const i = start + k;
        const cardNumber = `${prefix}${String(i).padStart(6, '0')}`;
        const w = (await client.request('POST', '/v1/admin/cards', { cardNumber }, ADMIN)).body as { walletId: string };
        await seedLots(client, w.walletId, i, campaigns);
        cardNumbers.push(cardNumber);
      }),
    );
  }
  return { terminalHeaders: { authorization: `Bearer ${enrolled.terminalToken}`, 'x-staff-session': session.staffSession }, cardNumbers, campaignIds: campaigns };
}

const SETUP_CONCURRENCY = 16;

/** The `i`-th wallet's 3–5 lots: charge money plus limited lots of the fixture's campaigns. */
async function seedLots(client: JsonClient, walletId: string, i: number, campaignIds: readonly string[]): Promise<void> {
  const far = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
  await client.request('POST', `/v1/admin/wallets/${walletId}/lots`, { kind: 'charge', amountYen: 1_000_000, expiresAt: far(700) }, ADMIN);
  for (let l = 1; l < 3 + (i % 3); l++) {
    await client.request('POST', `/v1/admin/wallets/${walletId}/lots`, { kind: 'limited', campaignId: campaignIds[l % 2], amountYen: 1_000_000, expiresAt: far(100 + l * 30) }, ADMIN);
  }
}

/** App wallets (customers) with the same lots as the cards: their customer tokens, for CPM QR tokens. */
export async function addAppCustomers(client: JsonClient, fixture: Fixture, count: number): Promise<string[]> {
  const customerTokens: string[] = [];
  for (let start = 0; start < count; start += SETUP_CONCURRENCY) {
    await Promise.all(
      Array.from({ length: Math.min(SETUP_CONCURRENCY, count - start) }, async (_, k) => {
        const customer = (await client.request('POST', '/v1/admin/customers', { displayName: `Bench ${start + k}` }, ADMIN)).body as { walletId: string; customerToken: string };
        await seedLots(client, customer.walletId, start + k, fixture.campaignIds);
        customerTokens.push(customer.customerToken);
      }),
    );
  }
  return customerTokens;
}

/**
 * `count` fresh CPM tokens, as the app shows them in its QR (R22: each pays once, for five
 * minutes), round-robin over the customers. Issued before a timed run: only the payment is timed.
 */
export async function issueQrTokens(client: JsonClient, customerTokens: readonly string[], count: number): Promise<string[]> {
  const tokens: string[] = new Array<string>(count);
  await runLoad(SETUP_CONCURRENCY, count, async (i) => {
    const res = await client.request('POST', '/v1/customer/cpm-tokens', {}, { authorization: `Bearer ${customerTokens[i % customerTokens.length]!}` });
    if (res.status !== 201) throw new Error(`a CPM token was refused: ${res.status} ${JSON.stringify(res.body)}`);
    tokens[i] = (res.body as { token: string }).token;
    return true;
  });
  return tokens;
}

/** A payment as the terminal sends it: a time-ordered clientTxnId (UUID v7). */
function paymentBody(credential: { type: 'card'; cardNumber: string } | { type: 'cpm'; token: string }) {
  return { clientTxnId: timeOrderedUuid(Date.now(), randomUUID()), amountYen: 100 + Math.floor(Math.random() * 900), credential };
}

/**
 * The bench's payment: the fixture's `n`-th card (wrapping round) pays at its till. True when
 * approved (201).
 */
export async function payWithCard(client: JsonClient, fixture: Fixture, n: number): Promise<boolean> {
  return (await client.status('POST', '/v1/payments', paymentBody({ type: 'card', cardNumber: fixture.cardNumbers[n % fixture.cardNumbers.length]! }), fixture.terminalHeaders)) === 201;
}

/** A customer's app QR read at the fixture's till (R22: a CPM token, claimed by the payment). True when approved. */
export async function payWithQr(client: JsonClient, fixture: Fixture, token: string): Promise<boolean> {
  return (await client.status('POST', '/v1/payments', paymentBody({ type: 'cpm', token }), fixture.terminalHeaders)) === 201;
}

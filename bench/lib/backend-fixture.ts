import { randomUUID } from 'node:crypto';
import { timeOrderedUuid } from '../../common/time-ordered-uuid';
import type { JsonClient } from './http-load';

export const ADMIN = { authorization: 'Bearer bench-admin-token-0123456789' };

export interface Fixture {
  terminalHeaders: Record<string, string>;
  cardNumbers: string[];
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
  const far = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
  const SETUP_CONCURRENCY = 16;
  for (let start = 0; start < walletCount; start += SETUP_CONCURRENCY) {
    await Promise.all(
      Array.from({ length: Math.min(SETUP_CONCURRENCY, walletCount - start) }, async (_, k) => {
        const i = start + k;
        const cardNumber = `${prefix}${String(i).padStart(6, '0')}`;
        const w = (await client.request('POST', '/v1/admin/cards', { cardNumber }, ADMIN)).body as { walletId: string };
        const lotCount = 3 + (i % 3);
        await client.request('POST', `/v1/admin/wallets/${w.walletId}/lots`, { kind: 'charge', amountYen: 1_000_000, expiresAt: far(700) }, ADMIN);
        for (let l = 1; l < lotCount; l++) {
          await client.request('POST', `/v1/admin/wallets/${w.walletId}/lots`, { kind: 'limited', campaignId: campaigns[l % 2], amountYen: 1_000_000, expiresAt: far(100 + l * 30) }, ADMIN);
        }
        cardNumbers.push(cardNumber);
      }),
    );
  }
  return { terminalHeaders: { authorization: `Bearer ${enrolled.terminalToken}`, 'x-staff-session': session.staffSession }, cardNumbers };
}

/** A payment as the terminal sends it: a time-ordered clientTxnId (UUID v7). */
function paymentBody(cardNumber: string) {
  return { clientTxnId: timeOrderedUuid(Date.now(), randomUUID()), amountYen: 100 + Math.floor(Math.random() * 900), credential: { type: 'card', cardNumber } };
}

/**
 * The bench's payment: the fixture's `n`-th card (wrapping round) pays at its till. True when
 * approved (201).
 */
export async function payWithCard(client: JsonClient, fixture: Fixture, n: number): Promise<boolean> {
  const res = await client.request('POST', '/v1/payments', paymentBody(fixture.cardNumbers[n % fixture.cardNumbers.length]!), fixture.terminalHeaders);
  return res.status === 201;
}

import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { DomainError } from '../../../common/errors';
import { ManualClock } from '../testing/manual-clock';
import { PG_URL, STORE_KINDS } from '../testing/stores';
import { suiteStore } from '../testing/suite-store';
import { account, entryInserts } from './ledger';
import { writeIdempotent } from './idempotency';

const entry = (id: string) =>
  entryInserts({ id, type: 'payment', occurredAtMs: 1, recordedAtMs: 1, walletId: 'w-1', merchantId: 'm-1', terminalId: 't-1', staffId: null, refId: `ref-${id}` }, [
    { account: account.lot, lotId: 'lot-1', amountYen: -700 },
    { account: account.merchantPayable('m-1'), amountYen: 700 },
  ]);

describe.each(STORE_KINDS)('rows written with the stored answer (%s, issue 16)', (kind) => {
  const store = suiteStore(kind);
  const clock = new ManualClock();
  const scope = (clientTxnId: string) => ({ terminalId: 't-1', clientTxnId, hash: 'h' });
  const entriesOf = async (id: string) => (await store().read.selectFrom('journal_entries').select('id').where('id', '=', id).execute()).length;
  const postingsOf = async (id: string) => (await store().read.selectFrom('postings').select('line_no').where('entry_id', '=', id).execute()).length;

  it('When a unit leaves its rows with its answer, then they land with it, and a replay gets the answer and writes nothing more', async () => {
    let runs = 0;
    const pay = () =>
      writeIdempotent({ store: store(), clock }, scope('c-1'), async (_tx, withAnswer) => {
        runs += 1;
        withAnswer.insert(entry(`e-${runs}`));
        return { status: 201, body: { paid: runs } };
      });
    expect(await pay()).toEqual({ status: 201, body: { paid: 1 } });
    expect([await entriesOf('e-1'), await postingsOf('e-1')]).toEqual([1, 2]);
    expect(await pay()).toEqual({ status: 201, body: { paid: 1 } });
    expect(runs).toBe(1);
    expect(await entriesOf('e-2')).toBe(0);
  });

  it('When a unit is refused after leaving its rows, then none of them lands and the refusal is the stored answer', async () => {
    const refused = () =>
      writeIdempotent({ store: store(), clock }, scope('c-2'), async (_tx, withAnswer) => {
        withAnswer.insert(entry('e-refused'));
        throw new DomainError('insufficient_funds', 'short');
      });
    const first = await refused();
    expect(first).toMatchObject({ status: 402, body: { error: { code: 'insufficient_funds' } } });
    expect([await entriesOf('e-refused'), await postingsOf('e-refused')]).toEqual([0, 0]);
    expect(await refused()).toEqual(first);
    expect(await entriesOf('e-refused')).toBe(0);
  });
});

describe.skipIf(!PG_URL)('the answer and its rows as one statement on PostgreSQL (issue 16; skipped without KUMAPAY_TEST_PG_URL)', () => {
  // One connection, so the statements it prepared are the ones this test's unit sent.
  const store = suiteStore('postgres', { store: { postgres: { poolSizeMax: 1 } } });

  it('When a payment-like unit stores its answer, then its entry, postings and the key go in one round trip', async () => {
    await writeIdempotent({ store: store(), clock: new ManualClock() }, { terminalId: 't-1', clientTxnId: 'c-one', hash: 'h' }, async (_tx, withAnswer) => {
      withAnswer.insert(entry('e-one'));
      return { status: 201, body: {} };
    });
    const prepared = (await sql<{ statement: string }>`select statement from pg_prepared_statements`.execute(store().read)).rows.map((r) => r.statement);
    const combined = prepared.filter((t) => t.includes('insert into journal_entries') && t.includes('insert into postings') && t.includes('insert into idempotency_keys'));
    expect(combined).toHaveLength(1);
  });
});

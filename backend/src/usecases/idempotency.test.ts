import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { DomainError } from '../../../common/errors';
import { ManualClock } from '../testing/manual-clock';
import { PG_URL, STORE_KINDS } from '../testing/stores';
import { suiteStore } from '../testing/suite-store';
import { eventually } from '../testing/eventually';
import { closeInProgress, lockWaiters } from '../testing/pg-locks';
import { account, entryInserts } from './ledger';
import { hotSql, type HotRun } from '../store/hot-sql';
import { writeIdempotent } from './idempotency';
import { recordingInstant } from './day-closes';
import type { Tx } from '../store/store';
import { randomUUID } from 'node:crypto';

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

  it('When a unit leaves its rows with its answer, then they land with it, and a replay gets the answer, as the same JSON text, and writes nothing more', async () => {
    let runs = 0;
    const pay = () =>
      writeIdempotent({ store: store(), clock }, scope('c-1'), async (_tx, withAnswer) => {
        runs += 1;
        withAnswer.insert(entry(`e-${runs}`));
        return { status: 201, body: { paid: runs } };
      });
    // The answer carries the text it was stored as, which is what the HTTP thread sends (issue 16).
    expect(await pay()).toEqual({ status: 201, body: { paid: 1 }, json: '{"paid":1}' });
    expect([await entriesOf('e-1'), await postingsOf('e-1')]).toEqual([1, 2]);
    expect(await pay()).toEqual({ status: 201, body: { paid: 1 }, json: '{"paid":1}' });
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

describe.each(STORE_KINDS)('statements sent with the prior answer (%s, issue 16)', (kind) => {
  const store = suiteStore(kind);
  const clock = new ManualClock();
  const ENTRY_REF = hotSql('select ref_id from journal_entries where id = $1');
  const scope = (clientTxnId: string, readAlong: HotRun[]) => ({ terminalId: 't-1', clientTxnId, hash: 'h', readAlong });
  const along = (...ids: string[]): HotRun[] => ids.map((id) => ({ statement: ENTRY_REF, params: [id] }));

  it('When a unit reads along with its prior answer, then its work gets their rows in order; a replay gets the stored answer without running the work', async () => {
    await writeIdempotent({ store: store(), clock }, scope('c-seed', []), async (_tx, withAnswer) => {
      withAnswer.insert([...entry('e-a'), ...entry('e-b')]);
      return { status: 201, body: {} };
    });
    let runs = 0;
    const unit = () =>
      writeIdempotent({ store: store(), clock }, scope('c-along', along('e-b', 'e-missing', 'e-a')), async (_tx, _withAnswer, readAlong) => {
        runs += 1;
        return { status: 201, body: { refs: readAlong.map((r) => r.rows) } };
      });
    const first = await unit();
    expect(first.body).toEqual({ refs: [[{ ref_id: 'ref-e-b' }], [], [{ ref_id: 'ref-e-a' }]] });
    expect(await unit()).toEqual(first);
    expect(runs).toBe(1);
  });

  it('When a statement sent along writes and the request was answered before, then the replay gets the stored answer and the write is rolled back: a replay writes nothing', async () => {
    let sent = 0;
    const unit = () => {
      sent += 1;
      return writeIdempotent({ store: store(), clock }, scope('c-write-along', entry(`e-along-${sent}`)), async () => ({ status: 201, body: { sent } }));
    };
    expect((await unit()).body).toEqual({ sent: 1 });
    expect((await unit()).body).toEqual({ sent: 1 });
    const landed = (await store().read.selectFrom('journal_entries').select('id').where('id', 'like', 'e-along-%').orderBy('id').execute()).map((r) => r.id);
    expect(landed).toEqual(['e-along-1']);
  });
});

describe.each(STORE_KINDS)('a unit that records at its terminal reads its last close with its prior answer (%s, R30, issue 16)', (kind) => {
  const store = suiteStore(kind, {
    seed: async (seeded) => {
      await seeded.write(async (tx) => {
        await tx.insertInto('merchants').values({ id: 'm-1', name: 'shop', charge_point: 0, offline_card_payments: 0, fee_rate_bp: 0, created_at_ms: 1 }).execute();
        await tx.insertInto('terminals').values({ id: 't-1', merchant_id: 'm-1', name: 't-1', enrollment_code_hash: 'code-t-1', created_at_ms: 1, terminal_no: 1, last_closed_at_ms: 5_000_000 }).execute();
      });
    },
  });
  const clock = new ManualClock();
  /** A unit whose clock reads before the terminal's last close, and whose own write moves that close on before it asks for it. */
  const pay = (clientTxnId: string, holdsTerminal: boolean, movedToMs: number) =>
    writeIdempotent({ store: store(), clock }, { terminalId: 't-1', clientTxnId, hash: 'h', holdsTerminal }, async (tx, withAnswer) => {
      await tx.updateTable('terminals').set({ last_closed_at_ms: movedToMs }).where('id', '=', 't-1').execute();
      withAnswer.insert(entry(`e-${clientTxnId}`));
      return { status: 201, body: { recordedAtMs: await recordingInstant(tx, 't-1', 1_000) } };
    });

  it('When a payment records before its terminal’s last close, then it records at the close its first statement read; a replay gets that answer; without the hold the close is asked again', async () => {
    expect(await pay('c-held', true, 7_000_000)).toEqual({ status: 201, body: { recordedAtMs: 5_000_000 }, json: '{"recordedAtMs":5000000}' });
    expect(await pay('c-held', true, 8_000_000)).toEqual({ status: 201, body: { recordedAtMs: 5_000_000 }, json: '{"recordedAtMs":5000000}' });
    expect(await pay('c-asks', false, 9_000_000)).toEqual({ status: 201, body: { recordedAtMs: 9_000_000 }, json: '{"recordedAtMs":9000000}' });
  });

  it('When a unit holds a terminal that does not exist, then it stops before its work: it could not have seen a prior answer, so it must not run', async () => {
    let ran = false;
    const unit = writeIdempotent({ store: store(), clock }, { terminalId: 't-missing', clientTxnId: 'c-missing', hash: 'h', holdsTerminal: true }, async () => {
      ran = true;
      return { status: 201, body: {} };
    });
    await expect(unit).rejects.toThrow(/found no such terminal/);
    expect(ran).toBe(false);
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

describe.skipIf(!PG_URL)('a unit that holds its terminal from its first statement (PostgreSQL, R30, issue 16; skipped without KUMAPAY_TEST_PG_URL)', () => {
  const store = suiteStore('postgres', {
    seed: async (seeded) => {
      await seeded.write(async (tx) => {
        await tx.insertInto('merchants').values({ id: 'm-1', name: 'shop', charge_point: 0, offline_card_payments: 0, fee_rate_bp: 0, created_at_ms: 1 }).execute();
        for (const id of ['t-1', 't-2']) {
          await tx.insertInto('terminals').values({ id, merchant_id: 'm-1', name: id, enrollment_code_hash: `code-${id}`, created_at_ms: 1, terminal_no: id === 't-1' ? 1 : 2 }).execute();
        }
      });
    },
  });
  const clock = new ManualClock();
  // What a day close asks first (it takes the terminal for update), asked without waiting.
  const closeCouldStart = async (terminalId: string) => {
    try {
      await sql`select id from terminals where id = ${terminalId} for update nowait`.execute(store().read);
      return true;
    } catch (error) {
      if ((error as { code?: string }).code === '55P03') return false;
      throw error;
    }
  };
  /** Runs `inside` while a unit of work is held open just after its first statements. */
  const whileOpen = async (holdsTerminal: boolean, work: (tx: Tx) => Promise<void>, inside: () => Promise<void>) => {
    let open!: () => void;
    let finish!: () => void;
    const opened = new Promise<void>((resolve) => (open = resolve));
    const finished = new Promise<void>((resolve) => (finish = resolve));
    const unit = writeIdempotent({ store: store(), clock }, { terminalId: 't-1', clientTxnId: `c-${randomUUID()}`, hash: 'h', holdsTerminal }, async (tx) => {
      await work(tx);
      open();
      await finished;
      return { status: 201, body: {} };
    });
    await opened;
    try {
      await inside();
    } finally {
      finish();
      await unit;
    }
  };

  it.each([true, false])('R30: When a close commits while a payment waits for its terminal (holdsTerminal %s), then the payment records at the close’s instant, not before it', async (holdsTerminal) => {
    const terminalId = holdsTerminal ? 't-1' : 't-2';
    const closedAtMs = 5_000_000 + (holdsTerminal ? 1 : 2);
    const { release, close } = await closeInProgress(store(), terminalId, async (tx) => {
      await tx.updateTable('terminals').set({ last_closed_at_ms: closedAtMs }).where('id', '=', terminalId).execute();
    });
    const payment = writeIdempotent({ store: store(), clock }, { terminalId, clientTxnId: `c-${randomUUID()}`, hash: 'h', holdsTerminal }, async (tx) => ({
      status: 201,
      body: { recordedAtMs: await recordingInstant(tx, terminalId, 1_000) },
    }));
    await eventually(async () => (await lockWaiters(store().read)) > 0);
    release();
    await close;
    expect(await payment).toMatchObject({ status: 201, body: { recordedAtMs: closedAtMs } });
  });

  it('When a payment unit is open, then its terminal cannot be closed until it ends, and other terminals can', async () => {
    await whileOpen(true, async () => {}, async () => {
      expect(await closeCouldStart('t-1')).toBe(false);
      expect(await closeCouldStart('t-2')).toBe(true);
    });
    expect(await closeCouldStart('t-1')).toBe(true);
  });

  it('When a unit that holds one terminal records at another, then that one is locked too; without the hold the first statement locks none', async () => {
    await whileOpen(true, async (tx) => void (await recordingInstant(tx, 't-2', 1)), async () => {
      expect(await closeCouldStart('t-2')).toBe(false);
    });
    await whileOpen(false, async () => {}, async () => {
      expect(await closeCouldStart('t-1')).toBe(true);
    });
  });
});

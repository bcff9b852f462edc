/**
 * The crash-test child: runs the terminal core on a persistent journal under scripted load
 * until the parent SIGKILLs it. It prints one line per fact the parent must later find true:
 *
 *   READY                                   core open, logged in, load starting
 *   PHASE <pay|sync>                        what it is about to do (for the kill statistics)
 *   APPROVED <clientTxnId> <walletId> <yen> <online|offline>
 *                                           the cashier was told "approved"; printed only
 *                                           after `pay` returned, so it is on disk already
 *   FINAL <pending> <unknown>               (final mode) the queue after the last sync
 *
 * Modes: `load` (pay and sync forever, background loops on) and `final` (sync until nothing is
 * pending or unknown, then exit 0).
 */
import { writeSync } from 'node:fs';
import { z } from 'zod';
import axios from 'axios';
import { seededRandom } from './random';
import { openHttpCore } from '../../electron/core/testing/index';

const config = z
  .object({
    mode: z.enum(['load', 'final']),
    dir: z.string(),
    coreBackendUrl: z.string(),
    directBackendUrl: z.string(),
    enrollmentCode: z.string(),
    customers: z.array(z.object({ walletId: z.string(), customerToken: z.string() })),
    seed: z.number().int(),
  })
  .parse(JSON.parse(process.argv[2] ?? '{}'));

// Synchronous writes: a line the parent reads was written before the next step began.
function say(line: string): void {
  writeSync(1, `${line}\n`);
}


const FINAL_SYNC_ROUNDS_MAX = 200;
const FINAL_SYNC_PAUSE_MS = 100;

async function main(): Promise<void> {
  const rand = seededRandom(config.seed);
  const opened = await openHttpCore({
    dir: config.dir,
    backendUrl: config.coreBackendUrl,
    // Short money timeout: a cut link must not stall the load for long.
    timeouts: { moneyRequestTimeoutMs: 2_000, readRequestTimeoutMs: 2_000, probeTimeoutMs: 500 },
  });
  const { core } = opened;
  if (!core.status().enrolled) {
    const enrolled = await core.call('enroll', { enrollmentCode: config.enrollmentCode });
    if (!enrolled.ok) throw new Error(`enroll: ${enrolled.code} ${enrolled.message}`);
  }
  const login = await core.call('login', { staffCode: 'c1', pin: '1234' });
  if (!login.ok) throw new Error(`login: ${login.code} ${login.message}`);

  if (config.mode === 'final') {
    for (let round = 0; round < FINAL_SYNC_ROUNDS_MAX; round++) {
      await core.connectivity.probeNow();
      await core.sync.runOnce();
      const queue = core.status().queue;
      if (queue.pendingCount === 0 && (queue.unknownCount ?? 0) === 0) break;
      await new Promise((resolve) => setTimeout(resolve, FINAL_SYNC_PAUSE_MS));
    }
    const queue = core.status().queue;
    say(`FINAL ${queue.pendingCount} ${queue.unknownCount ?? 0}`);
    await opened.close();
    return;
  }

  core.start();
  say('READY');
  const direct = axios.create({ baseURL: config.directBackendUrl, proxy: false });
  for (;;) {
    const customer = config.customers[Math.floor(rand() * config.customers.length)];
    if (!customer) throw new Error('no customers');
    if (rand() < 0.1) {
      say('PHASE sync');
      await core.sync.runOnce();
      continue;
    }
    const minted = await direct.post<{ token: string }>('/v1/customer/cpm-tokens', {}, { headers: { Authorization: `Bearer ${customer.customerToken}` } });
    const amountYen = 1 + Math.floor(rand() * 400);
    say('PHASE pay');
    const result = await core.call('pay', { amountYen, credential: { type: 'cpm', token: minted.data.token } });
    if (result.ok) {
      say(`APPROVED ${result.payment.clientTxnId} ${customer.walletId} ${result.payment.amountYen} ${result.payment.offline ? 'offline' : 'online'}`);
    }
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`crash child failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});

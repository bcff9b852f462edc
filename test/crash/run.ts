/**
 * `npm run test:crash`: the terminal core is SIGKILLed at random points under scripted load,
 * at least 50 times, while the link to the backend is cut and restored at random. After a final
 * clean sync, the backend's record and the terminal's journal must agree:
 *
 *  - every payment a child printed as APPROVED is in the journal, approved or synced (nothing
 *    the cashier was told "approved" is lost);
 *  - every approved journal payment is on the backend exactly once, with the same amount, and
 *    the backend has no payment of this terminal the journal does not know;
 *  - nothing is left pending or unknown, nothing was rejected;
 *  - each wallet's balance is its seed less exactly the journal's approved payments for it;
 *  - the backend's own ledger check is clean.
 *
 * Prints the counts it checked; exits non-zero on any disagreement. `KUMAPAY_CRASH_KILLS`
 * (default 60) and `KUMAPAY_CRASH_SEED` change the run.
 */
import { spawn } from 'node:child_process';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FileSecretStore, Journal } from '../../electron/core/index';
import { RealBackend, SECRET_TERMINAL_TOKEN, TcpProxy, type TxnRow } from '../../electron/core/testing/index';
import { businessDayOf } from '../../common/time';
import { seededRandom } from './random';
import { transactionsResponse } from '../../common/wire/terminal';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
// `node --import tsx`, not the tsx CLI: the CLI runs the script in a grandchild process that a
// SIGKILL of the CLI would leave running.
const NODE_TSX = [process.execPath, '--import', 'tsx'] as const;
const CHILD = path.join(ROOT, 'test/crash/child.ts');

const KILLS = Number(process.env.KUMAPAY_CRASH_KILLS ?? 60);
const SEED = Number(process.env.KUMAPAY_CRASH_SEED ?? Date.now() % 1_000_000);
const CUSTOMERS = 6;
const WALLET_SEED_YEN = 1_000_000;
// A child lives this long after READY before the kill: long enough to pay and sync a batch or
// two, short enough for 60 kills in a couple of minutes.
const KILL_AFTER_MS_MIN = 50;
const KILL_AFTER_MS_MAX = 1_500;
const CHILD_START_TIMEOUT_MS = 30_000;
const FINAL_TIMEOUT_MS = 120_000;


interface Approval {
  clientTxnId: string;
  walletId: string;
  amountYen: number;
  offline: boolean;
}

interface ChildRun {
  approvals: Approval[];
  lastPhase: string;
  final: string | null;
  exit: { code: number | null; signal: NodeJS.Signals | null };
  stderr: string;
}

function runChild(config: object, killAfterReadyMs: number | null, onReady: () => void): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(NODE_TSX[0], [...NODE_TSX.slice(1), CHILD, JSON.stringify(config)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const run: ChildRun = { approvals: [], lastPhase: 'start', final: null, exit: { code: null, signal: null }, stderr: '' };
    let buffer = '';
    const startTimer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`crash child did not become ready in ${CHILD_START_TIMEOUT_MS} ms: ${run.stderr}`));
    }, killAfterReadyMs === null ? FINAL_TIMEOUT_MS : CHILD_START_TIMEOUT_MS);
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      let newline = buffer.indexOf('\n');
      while (newline >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        newline = buffer.indexOf('\n');
        const [word, ...rest] = line.split(' ');
        if (word === 'READY') {
          clearTimeout(startTimer);
          onReady();
          if (killAfterReadyMs !== null) setTimeout(() => child.kill('SIGKILL'), killAfterReadyMs);
        } else if (word === 'PHASE') {
          run.lastPhase = rest[0] ?? '?';
        } else if (word === 'APPROVED') {
          const [clientTxnId, walletId, amount, mode] = rest;
          run.approvals.push({ clientTxnId: clientTxnId ?? '', walletId: walletId ?? '', amountYen: Number(amount), offline: mode === 'offline' });
        } else if (word === 'FINAL') {
          clearTimeout(startTimer);
          run.final = rest.join(' ');
        }
      }
    });
    child.stderr.on('data', (chunk: Buffer) => {
      run.stderr += chunk.toString();
    });
    child.on('exit', (code, signal) => {
      clearTimeout(startTimer);
      run.exit = { code, signal };
      resolve(run);
    });
  });
}

/** What the kill left behind, read without recovering anything (the next life does that). */
function journalAtKill(journalPath: string): { sending: number; pending: number } {
  const db = new Database(journalPath, { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare<[], { state: string; n: number }>(`SELECT state, COUNT(*) AS n FROM txn WHERE state IN ('sending', 'pending') GROUP BY state`).all();
    return {
      sending: rows.find((r) => r.state === 'sending')?.n ?? 0,
      pending: rows.find((r) => r.state === 'pending')?.n ?? 0,
    };
  } finally {
    db.close();
  }
}

function runLedgerCheck(dbPath: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(NODE_TSX[0], [...NODE_TSX.slice(1), path.join(ROOT, 'backend/src/tools/ledger-check.ts')], {
      cwd: ROOT,
      env: { ...process.env, KUMAPAY_DB: dbPath },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.on('exit', (code) => resolve({ code, output }));
  });
}

async function main(): Promise<number> {
  const startedAtMs = Date.now();
  const rand = seededRandom(SEED);
  const dir = mkdtempSync(path.join(tmpdir(), 'kumapay-crash-'));
  const dbPath = path.join(dir, 'backend.sqlite');
  const terminalDir = path.join(dir, 'terminal');
  const backend = new RealBackend(dbPath);
  await backend.start();
  const target = new URL(backend.url);
  const proxy = new TcpProxy(target.hostname, Number(target.port));
  await proxy.start();
  const problems: string[] = [];
  try {
    const seeded = await backend.seedShop({ staff: [{ code: 'c1', pin: '1234', role: 'cashier' }] });
    const customers = await Promise.all(Array.from({ length: CUSTOMERS }, () => backend.customer(WALLET_SEED_YEN)));
    const baseConfig = {
      dir: terminalDir,
      coreBackendUrl: proxy.url,
      directBackendUrl: backend.url,
      enrollmentCode: seeded.enrollmentCode,
      customers,
    };
    console.log(`crash test: seed ${SEED}, ${KILLS} kills, backend ${backend.url}, link via proxy ${proxy.url}`);

    const approvals: Approval[] = [];
    const killsByPhase = new Map<string, number>();
    let kills = 0;
    let offlineKills = 0;
    let killsMidRequest = 0;
    let killsWithQueue = 0;
    for (let i = 0; i < KILLS; i++) {
      // Each life starts online or offline at random, and may see the link flip mid-run.
      // The first life enrolls the terminal, which needs the backend.
      const startOffline = i > 0 && rand() < 0.4;
      if (startOffline) await proxy.cut();
      else await proxy.restore();
      const killAfterMs = KILL_AFTER_MS_MIN + Math.floor(rand() * (KILL_AFTER_MS_MAX - KILL_AFTER_MS_MIN));
      const flipAtMs = rand() < 0.5 ? Math.floor(rand() * killAfterMs) : null;
      const run = await runChild({ ...baseConfig, mode: 'load', seed: SEED + i }, killAfterMs, () => {
        if (flipAtMs !== null) {
          setTimeout(() => void (startOffline ? proxy.restore() : proxy.cut()), flipAtMs);
        }
      });
      if (run.exit.signal !== 'SIGKILL') {
        problems.push(`life ${i}: child ended by itself (${run.exit.code}): ${run.stderr.slice(-2_000)}`);
        continue;
      }
      kills += 1;
      if (startOffline) offlineKills += 1;
      const left = journalAtKill(path.join(terminalDir, 'journal.sqlite'));
      if (left.sending > 0) killsMidRequest += 1;
      if (left.pending > 0) killsWithQueue += 1;
      killsByPhase.set(run.lastPhase, (killsByPhase.get(run.lastPhase) ?? 0) + 1);
      approvals.push(...run.approvals);
    }
    await proxy.restore();
    const final = await runChild({ ...baseConfig, mode: 'final', seed: SEED + KILLS }, null, () => undefined);
    if (final.exit.code !== 0 || final.final !== '0 0') {
      problems.push(`final sync left "${final.final}" (pending unknown), exit ${final.exit.code}: ${final.stderr.slice(-2_000)}`);
    }

    // ---- the journal ----------------------------------------------------------------------
    const journal = Journal.open(path.join(terminalDir, 'journal.sqlite'));
    const rows: TxnRow[] = [];
    for (let page = journal.txns.page(0, 1_000); page.length > 0; page = journal.txns.page(page[page.length - 1]?.seq ?? 0, 1_000)) {
      rows.push(...page);
    }
    journal.close();
    const payments = rows.filter((r) => r.kind === 'payment');
    const approvedRows = new Map(payments.filter((r) => r.state === 'approved' || r.state === 'synced').map((r) => [r.clientTxnId, r]));
    const open = payments.filter((r) => r.state === 'pending' || r.state === 'unknown' || r.state === 'sending');
    const rejected = payments.filter((r) => r.state === 'rejected');
    if (open.length > 0) problems.push(`${open.length} payments still pending/unknown after the final sync`);
    if (rejected.length > 0) problems.push(`${rejected.length} offline payments rejected: ${rejected.slice(0, 3).map((r) => `${r.clientTxnId} ${r.errorCode}`).join(', ')}`);
    for (const a of approvals) {
      const row = approvedRows.get(a.clientTxnId);
      if (!row) problems.push(`approved at the counter but not approved in the journal: ${a.clientTxnId} (${a.amountYen} yen, ${a.offline ? 'offline' : 'online'})`);
      else if (row.amountYen !== a.amountYen) problems.push(`amount differs for ${a.clientTxnId}: shown ${a.amountYen}, journal ${row.amountYen}`);
    }

    // ---- the backend ----------------------------------------------------------------------
    const terminalToken = await new FileSecretStore(path.join(terminalDir, 'secrets')).load(SECRET_TERMINAL_TOKEN);
    if (!terminalToken) throw new Error('terminal token missing from the secret store');
    const session = await backend.post<{ staffSession: string }>('/v1/staff/sessions', { staffCode: 'c1', pin: '1234' }, terminalToken);
    const days = new Set([...payments.map((r) => r.businessDay), businessDayOf(Date.now())]);
    const onBackend = new Map<string, number[]>();
    let backendPayments = 0;
    for (const day of days) {
      const raw = await backend.getWith(`/v1/terminal/transactions?businessDay=${day}`, { Authorization: `Bearer ${terminalToken}`, 'X-Staff-Session': session.staffSession });
      for (const tx of transactionsResponse.parse(raw).transactions) {
        if (tx.type !== 'payment') continue;
        backendPayments += 1;
        const key = tx.clientTxnId ?? `(no clientTxnId) ${tx.id}`;
        onBackend.set(key, [...(onBackend.get(key) ?? []), tx.amountYen]);
      }
    }
    for (const [clientTxnId, row] of approvedRows) {
      const amounts = onBackend.get(clientTxnId) ?? [];
      if (amounts.length !== 1) problems.push(`journal-approved ${clientTxnId} is on the backend ${amounts.length} times`);
      else if (amounts[0] !== row.amountYen) problems.push(`amount differs for ${clientTxnId}: journal ${row.amountYen}, backend ${amounts[0]}`);
    }
    for (const clientTxnId of onBackend.keys()) {
      if (!approvedRows.has(clientTxnId)) problems.push(`backend payment ${clientTxnId} is not approved in the journal`);
    }
    for (const customer of customers) {
      const paidYen = [...approvedRows.values()].filter((r) => r.credentialKey === `wallet:${customer.walletId}`).reduce((sum, r) => sum + r.amountYen, 0);
      const wallet = await backend.wallet(customer.customerToken);
      if (wallet.totalYen - wallet.debtYen !== WALLET_SEED_YEN - paidYen) {
        problems.push(`wallet ${customer.walletId}: ${wallet.totalYen} - debt ${wallet.debtYen} ≠ ${WALLET_SEED_YEN} - ${paidYen} paid`);
      }
    }
    await backend.stop();
    const ledger = await runLedgerCheck(dbPath);
    if (ledger.code !== 0) problems.push(`ledger:check failed:\n${ledger.output}`);

    const offlineApproved = payments.filter((r) => r.mode === 'offline' && approvedRows.has(r.clientTxnId)).length;
    console.log(
      [
        `kills: ${kills} (lives starting offline: ${offlineKills}; last phase before the kill: ${[...killsByPhase].map(([p, n]) => `${p} ${n}`).join(', ')})`,
        `approvals shown at the counter: ${approvals.length} (offline ${approvals.filter((a) => a.offline).length}), all found approved in the journal: ${approvals.every((a) => approvedRows.has(a.clientTxnId))}`,
        `journal payments: ${payments.length} attempts, ${approvedRows.size} approved (${offlineApproved} offline, all synced), ${payments.filter((r) => r.state === 'declined').length} declined, ${rejected.length} rejected, ${open.length} open`,
        `kills with an online request in flight (intent on disk, outcome not): ${killsMidRequest}; kills with offline items still queued: ${killsWithQueue}`,
        `backend payments for this terminal: ${backendPayments}; each journal-approved payment found exactly once: ${[...approvedRows.keys()].every((id) => (onBackend.get(id) ?? []).length === 1)}`,
        `wallets checked: ${customers.length}; ${ledger.output.trim().split('\n').pop() ?? ''}`,
        `took ${Math.round((Date.now() - startedAtMs) / 1000)} s`,
      ].join('\n'),
    );
  } finally {
    await proxy.close();
    await backend.stop();
    if (problems.length === 0) rmSync(dir, { recursive: true, force: true });
    else console.log(`kept ${dir} for inspection`);
  }
  if (problems.length > 0) {
    console.log(`\nCRASH TEST FAILED: ${problems.length} disagreement(s)`);
    for (const p of problems.slice(0, 50)) console.log(`  - ${p}`);
    return 1;
  }
  console.log('\ncrash test OK: backend ledger and terminal journal agree');
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`crash test error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(2);
  },
);

/**
 * `npm run demo`: the whole counter on one machine, offline.
 *
 *   1. the backend on an embedded SQLite file in data/demo, seeded once with the demo data
 *      (scripts/demo-seed.ts) — later starts reuse the data and print the same information;
 *   2. the browser host (electron/web) in demo mode with simulated devices, enrolled as
 *      熊谷うどん本店's terminal, its customer page showing 熊谷 花子's QR;
 *   3. the addresses to open and the staff codes/PINs per role.
 *
 * Ctrl-C stops both children (terminal first, so it closes its journal while the backend is
 * still there) and exits. `npm run demo -- --reset` deletes data/demo first and starts over.
 * Ports: backend 8787 and terminal 4310, or KUMAPAY_DEMO_BACKEND_PORT / KUMAPAY_DEMO_TERMINAL_PORT
 * (the terminal is told its backend's URL at every start; it keeps one only if a manager sets it
 * in Settings).
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { E2eBackend } from '../test/e2e/lib/backend';
import { E2eHost } from '../test/e2e/lib/host';
import { killAllChildren, ROOT } from './lib/processes';
import { ensureRendererBuilt } from '../test/e2e/lib/renderer-build';
import { DEMO_STAFF, seedDemo, type DemoData } from './demo-seed';

/** KUMAPAY_DEMO_DATA_DIR moves it (the e2e test of the demo uses a scratch folder). */
const DATA_DIR = path.resolve(ROOT, process.env.KUMAPAY_DEMO_DATA_DIR ?? 'data/demo');
const STATE_FILE = path.join(DATA_DIR, 'demo.json');
const BACKEND_DB = path.join(DATA_DIR, 'backend.sqlite');
const TERMINAL_DIR = path.join(DATA_DIR, 'terminal');
const DEFAULT_BACKEND_PORT = 8787;
const DEFAULT_TERMINAL_PORT = 4310;

/** What a restart needs to print the same information and find the same processes. */
interface DemoState {
  version: 1;
  seededAt: string;
  adminToken: string;
  data: DemoData;
}

const ROLE_NAMES: Record<DemoData['staff'][number]['role'], string> = {
  cashier: 'レジ担当 (cashier: pay)',
  charger: 'チャージ担当 (charger: pay, charge)',
  support: 'サポート担当 (support: card migration, look-up)',
  manager: '責任者 (manager: everything, cancel, 精算)',
};

function portFrom(env: string | undefined, fallback: number, name: string): number {
  if (env === undefined || env === '') return fallback;
  const port = Number(env);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) throw new Error(`${name} must be a TCP port, got ${JSON.stringify(env)}`);
  return port;
}

/** A taken port is the usual first-run problem; say which and what to do, before starting anything. */
async function assertPortFree(port: number, envName: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', (error: NodeJS.ErrnoException) =>
      reject(new Error(error.code === 'EADDRINUSE' ? `port ${port} on 127.0.0.1 is in use; pick another with ${envName}=…` : `port ${port}: ${error.message}`)),
    );
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve()));
  });
}

function readState(): DemoState | null {
  if (!existsSync(STATE_FILE)) return null;
  const state = JSON.parse(readFileSync(STATE_FILE, 'utf8')) as DemoState;
  if (state.version !== 1) throw new Error(`${STATE_FILE} is from another version of the demo: run \`npm run demo -- --reset\``);
  return state;
}

/** Child output goes to our stderr with a prefix, so the demo shows warnings as they happen. */
function prefixed(prefix: string): (text: string) => void {
  return (text) => {
    for (const line of text.split('\n')) if (line.trim()) process.stderr.write(`${prefix} ${line}\n`);
  };
}

async function enrollIfNeeded(host: E2eHost, enrollmentCode: string): Promise<void> {
  const status = await host.call('getStatus', {});
  const current = status.body as { enrolled?: boolean };
  if (current.enrolled) return;
  const answer = await host.call('enroll', { enrollmentCode });
  const result = answer.body as { ok?: boolean; code?: string; message?: string };
  if (answer.status !== 200 || result.ok !== true) {
    throw new Error(`enrolling the demo terminal failed (${result.code ?? answer.status}: ${result.message ?? ''}); run \`npm run demo -- --reset\` to start over`);
  }
}

function printInfo(state: DemoState, backendUrl: string, terminalUrl: string, reused: boolean): void {
  const { data } = state;
  const lines = [
    '',
    `KumaPAY demo ${reused ? `(data from ${state.seededAt}, reused)` : '(fresh data)'} — data folder: ${path.relative(ROOT, DATA_DIR)}`,
    '',
    `  Terminal (cashier screen):   ${terminalUrl}/`,
    `  Simulator panel:             ${terminalUrl}/#/simulator`,
    `  Customer wallet (熊谷 花子):  ${terminalUrl}/#/customer`,
    `  Backend:                     ${backendUrl}   (admin token in ${path.relative(ROOT, STATE_FILE)})`,
    '',
    `  Shop: ${data.shopName} (charge point), terminal レジ1 — already enrolled`,
    '  Staff (code / PIN):',
    ...DEMO_STAFF.map((s) => `    ${s.staffCode} / ${s.pin}   ${s.name}  ${ROLE_NAMES[s.role]}`),
    '',
    '  Customers: 熊谷 花子 (QR on the customer page: charge ¥5,000, 限定マネー① ¥3,000, 限定マネー② ¥2,000 — R6),',
    '             熊谷 太郎 (app wallet ¥1,200, the target of a card migration; 花子 can send him KumaPo points)',
    data.pointEvent
      ? `  KumaPo: ${data.shopName} is a KumaPo store; event「${data.pointEvent.name}」(${data.pointEvent.points} pt a day) — claim it on the customer page (クマポ → デモのイベントQR)`
      : '  KumaPo: this demo data predates points; `npm run demo -- --reset` adds a demo event',
    `  Card: ${data.card.cardNumber}, NFC UID ${data.card.nfcUid} (tap it on the simulator panel)`,
    '',
    '  Try: sign in as 1001/1111, お支払い ¥7,000, then on the simulator panel "お客様のQRを作ってスキャン".',
    '  Ctrl-C stops everything.',
    '',
  ];
  console.log(lines.join('\n'));
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { reset: { type: 'boolean' } }, strict: true });
  if (values.reset && existsSync(DATA_DIR)) {
    rmSync(DATA_DIR, { recursive: true, force: true });
    console.log(`deleted ${path.relative(ROOT, DATA_DIR)}`);
  }
  let state = readState();
  if (!state && existsSync(DATA_DIR)) {
    // demo.json is written right after the seed: without it, a first start never finished and
    // nobody has seen (or used) this data. Start over rather than guess what is in it.
    rmSync(DATA_DIR, { recursive: true, force: true });
    console.log(`${path.relative(ROOT, DATA_DIR)} was left by an unfinished first start: starting over`);
  }

  const adminToken = state?.adminToken ?? randomBytes(24).toString('base64url');
  const backendPort = portFrom(process.env.KUMAPAY_DEMO_BACKEND_PORT, DEFAULT_BACKEND_PORT, 'KUMAPAY_DEMO_BACKEND_PORT');
  const terminalPort = portFrom(process.env.KUMAPAY_DEMO_TERMINAL_PORT, DEFAULT_TERMINAL_PORT, 'KUMAPAY_DEMO_TERMINAL_PORT');
  await assertPortFree(backendPort, 'KUMAPAY_DEMO_BACKEND_PORT');
  await assertPortFree(terminalPort, 'KUMAPAY_DEMO_TERMINAL_PORT');

  mkdirSync(TERMINAL_DIR, { recursive: true });
  await ensureRendererBuilt((line) => console.log(line));

  const backend = new E2eBackend(BACKEND_DB, { port: backendPort, adminToken, logLevel: 'warn', onOutputAfterReady: prefixed('[backend]') });
  let host: E2eHost | null = null;
  let stopping: Promise<void> | null = null;
  // Every signal waits for the one stop: Ctrl-C reaches this process twice under `npm run`
  // (the terminal's process group, then tsx passing it on), and a second signal must neither
  // kill the process half-way (`once` would leave the default handler) nor exit before the
  // children are down.
  const stop = (reason: string): Promise<void> =>
    (stopping ??= (async () => {
      console.log(`\nstopping (${reason})…`);
      // Terminal first: it closes its journal while the backend can still answer a last sync.
      await host?.stop();
      await backend.stop();
      console.log('demo stopped');
    })());
  process.on('SIGINT', () => void stop('Ctrl-C').then(() => process.exit(0), exitOnError));
  process.on('SIGTERM', () => void stop('SIGTERM').then(() => process.exit(0), exitOnError));

  try {
    await backend.start();
    const reused = state !== null;
    if (!state) {
      const data = await seedDemo(backend.url, adminToken);
      state = { version: 1, seededAt: new Date().toISOString(), adminToken, data };
      // Written only after the seed succeeded: a half-seeded database is detected above.
      writeFileSync(STATE_FILE, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
    }
    host = await E2eHost.start({
      dataDir: TERMINAL_DIR,
      backendUrl: backend.url,
      demoCustomerToken: state.data.hanako.customerToken,
      demoPartnerToken: state.data.taro.customerToken,
      ...(state.data.pointEvent ? { demoEventCode: state.data.pointEvent.code } : {}),
      port: terminalPort,
      logLevel: 'warn',
      onOutputAfterReady: prefixed('[terminal]'),
    });
    await enrollIfNeeded(host, state.data.enrollmentCode);
    printInfo(state, backend.url, host.url, reused);
  } catch (error) {
    await stop('start failed');
    throw error;
  }

  // Either child ending on its own ends the demo: half a counter is not a demo.
  const startedHost = host;
  const onChildExit = (name: string) => () => {
    if (stopping) return;
    console.error(`${name} stopped unexpectedly`);
    void stop(`${name} exited`).then(() => process.exit(1), exitOnError);
  };
  void backend.whenExited().then(onChildExit('the backend'));
  void startedHost.whenExited().then(onChildExit('the terminal'));
}

function exitOnError(error: unknown): void {
  console.error(`demo: ${error instanceof Error ? error.message : String(error)}`);
  killAllChildren();
  process.exit(1);
}

main().catch(exitOnError);

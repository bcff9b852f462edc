/**
 * The attack suite's target: real backend processes (`backend/src/main.ts`, as `npm run
 * backend` starts them) over one fresh ledger, one instance or two behind a round-robin
 * client. Two instances share the database and the data folder (and so the data key), as
 * several instances behind a load balancer do in operations.md.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { spawnBackendProcess, type BackendProcess } from '../../../scripts/lib/processes';
import { ApiClient } from '../../../backend/src/testing/harness';
import { freshDatabase, PG_URL, type TestDatabase } from '../../../backend/src/testing/stores';

/**
 * The attack suites start real backend processes and send them hundreds of requests at once; on a loaded
 * two-core machine one test can run well past vitest's 30 s default. This bounds a hang only:
 * no assertion reads a duration.
 */
export const ATTACK_TEST_TIMEOUT_MS = 180_000;

export interface Topology {
  store: 'sqlite' | 'postgres';
  instances: 1 | 2;
}

/** Every topology this machine can run: PostgreSQL ones only where KUMAPAY_TEST_PG_URL is set. */
export const TOPOLOGIES: Topology[] = [
  { store: 'sqlite', instances: 1 },
  { store: 'sqlite', instances: 2 },
  ...(PG_URL ? ([{ store: 'postgres', instances: 1 }, { store: 'postgres', instances: 2 }] as const) : []),
];

export const topologyName = (t: Topology) => `${t.store} × ${t.instances}`;

const ADMIN_TOKEN = 'attack-suite-admin-token-0123456789';

export class Cluster extends ApiClient {
  private constructor(
    readonly processes: BackendProcess[],
    readonly database: TestDatabase,
    readonly dataDir: string,
  ) {
    super(processes.map((p) => p.url), ADMIN_TOKEN);
  }

  static async start(topology: Topology, env: Record<string, string> = {}): Promise<Cluster> {
    const database = await freshDatabase(topology.store);
    // A folder the backend creates itself, so the test sees the mode it chose.
    const dataDir = path.join(mkdtempSync(path.join(tmpdir(), 'kumapay-attack-')), 'data');
    const processes: BackendProcess[] = [];
    try {
      // One after the other: the first creates the schema and the data key, the second finds them.
      for (let i = 0; i < topology.instances; i++) {
        processes.push(
          await spawnBackendProcess(
            { KUMAPAY_DB: database.url, KUMAPAY_DATA_DIR: dataDir, KUMAPAY_ADMIN_TOKEN: ADMIN_TOKEN, KUMAPAY_TEST_CLOCK: '1', KUMAPAY_LOG_LEVEL: 'warn', ...env },
            { name: `backend-${i + 1}` },
          ),
        );
      }
    } catch (error) {
      await Promise.all(processes.map((p) => p.stop()));
      await database.drop();
      throw error;
    }
    return new Cluster(processes, database, dataDir);
  }

  /** What the instances logged (pino JSON lines on stderr/stdout), for log assertions. */
  output(): string {
    return this.processes.map((p) => p.output()).join('\n');
  }

  /** Log lines arrive through pipes a moment after the answer: wait (bounded) for one. */
  async waitForOutput(predicate: (output: string) => boolean, attemptsMax = 100): Promise<string> {
    for (let attempt = 0; attempt < attemptsMax; attempt++) {
      const out = this.output();
      if (predicate(out)) return out;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return this.output();
  }

  async stop(): Promise<void> {
    await Promise.all(this.processes.map((p) => p.stop()));
    await this.database.drop();
    rmSync(path.dirname(this.dataDir), { recursive: true, force: true });
  }
}

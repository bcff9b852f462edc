/**
 * A core wired as a host wires it, against a backend URL: HttpBackend, a journal file, the
 * 0600 secret store, real timers. Used by the integration tests, the crash child and the bench.
 */
import path from 'node:path';
import type { Clock } from '../../../common/time';
import { systemClock } from '../../../common/time';
import { FileSecretStore } from '../adapters/file-secret-store';
import { NoDevices } from '../adapters/no-devices';
import { HttpBackend, type BackendTimeouts } from '../backend/http-backend';
import { Journal } from '../journal/journal';
import type { Logger } from '../ports';
import { TerminalCore } from '../terminal-core';

export interface HttpCore {
  core: TerminalCore;
  journal: Journal;
  backend: HttpBackend;
  close(): Promise<void>;
}

export async function openHttpCore(options: {
  dir: string;
  backendUrl: string;
  clock?: Clock;
  timeouts?: Partial<BackendTimeouts>;
  logger?: Logger;
}): Promise<HttpCore> {
  const journal = Journal.open(path.join(options.dir, 'journal.sqlite'));
  const backend = new HttpBackend(options.backendUrl, options.timeouts);
  const core = await TerminalCore.open({
    journal,
    backend,
    devices: new NoDevices(),
    secrets: new FileSecretStore(path.join(options.dir, 'secrets')),
    defaultBackendUrl: options.backendUrl,
    clock: options.clock ?? systemClock,
    ...(options.logger ? { logger: options.logger } : {}),
  });
  return {
    core,
    journal,
    backend,
    async close() {
      await core.stop();
      journal.close();
    },
  };
}

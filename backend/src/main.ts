/** `npm run backend`: start as docs/api.md says, one line when ready, non-zero on bad config. */
import { availableParallelism } from 'node:os';
import { loadConfig } from './config';
import { missingNodeFlagsAdvice } from './node-flags';
import { startBackend } from './server';

async function main(): Promise<void> {
  // Everything this process creates (database, WAL, keys, tokens, backups) is its user's only.
  process.umask(0o077);
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    process.stderr.write(`kumapay-backend: ${(error as Error).message}\n`);
    process.exit(2);
  }
  const backend = await startBackend(config, {
    // Half a backend (HTTP up, ledger gone) would answer every payment with 500: end the process
    // so its supervisor starts a whole one.
    onLedgerLost: (error) => {
      process.stderr.write(`kumapay-backend: ${error.message}; exiting\n`);
      process.exit(70);
    },
  });
  const advice = missingNodeFlagsAdvice(process.execArgv, availableParallelism());
  if (advice) backend.deps.log.warn(advice);
  if (backend.adminTokenPath) process.stdout.write(`admin token: ${backend.adminTokenPath}\n`);
  if (config.testClock) process.stdout.write('test clock enabled (POST /v1/test/clock): never in production\n');
  process.stdout.write(`kumapay-backend listening on ${backend.url}\n`);
  const shutdown = (signal: string) => {
    backend.deps.log.info({ signal }, 'shutting down');
    backend.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`kumapay-backend: shutdown failed: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(`kumapay-backend: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

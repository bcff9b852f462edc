/**
 * `npm run start:web`: the terminal core with the renderer in a browser, on 127.0.0.1.
 * Prints one line `kumapay-terminal listening on http://127.0.0.1:PORT` when ready; exits
 * non-zero with a one-line reason on a bad configuration or a missing renderer build.
 *
 *   npx vite build --config renderer/vite.config.ts      # once, builds dist/renderer
 *   KUMAPAY_DEMO_CUSTOMER_TOKEN=… npm run start:web -- --demo --backend-url http://127.0.0.1:8787
 *   (the token goes in the environment: base64url may start with "-", which a flag parser
 *   takes for an option, and the environment keeps it out of `ps`)
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { hostLogger } from '../host-common/logger';
import { openTerminal } from '../host-common/open-terminal';
import { loadWebHostConfig } from './config';
import { startWebHost } from './server';
import { createSimController } from './sim';

async function main(): Promise<void> {
  let config;
  try {
    config = loadWebHostConfig(process.argv.slice(2), process.env);
  } catch (error) {
    process.stderr.write(`kumapay-terminal: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  }
  const rendererDir = path.resolve(config.rendererDir);
  if (!existsSync(path.join(rendererDir, 'index.html'))) {
    process.stderr.write(`kumapay-terminal: no renderer build in ${rendererDir}; run: npx vite build --config renderer/vite.config.ts\n`);
    process.exit(2);
  }
  const logger = hostLogger();
  const terminal = await openTerminal({
    dataDir: path.resolve(config.dataDir),
    backendUrl: config.backendUrl,
    allowInsecureBackend: config.allowInsecureBackend,
    demo: config.demo,
    demoPcsc: config.demoPcsc,
    logger,
  });
  const demo = terminal.demo;
  const host = await startWebHost({
    core: terminal.core,
    rendererDir,
    port: config.port,
    logger,
    sim: demo
      ? createSimController({
          hardware: demo.hardware,
          devices: terminal.devices,
          link: demo.link,
          customerToken: config.demoCustomerToken,
          partnerToken: config.demoPartnerToken,
          demoEventCode: config.demoEventCode,
          // The customer page's "read the shop's QR": what the counter shows its customer now (R28).
          shopQr: async () => {
            const answer = await terminal.core.call('getCustomerDisplay', {});
            return answer.ok && answer.view.screen === 'mpm' ? answer.view.qr : null;
          },
          backendUrl: () => terminal.core.status().backendUrl,
          printer: demo.printer,
          // The header shows paper out at once instead of at the next status poll.
          printerChanged: () => void terminal.core.receipts.checkStatus(),
        })
      : null,
  });
  process.stdout.write(`kumapay-terminal listening on ${host.url}${config.demo ? ' (demo mode: simulated devices, /api/sim)' : ''}\n`);
  const shutdown = (signal: string) => {
    logger.info({ signal }, 'shutting down');
    host
      .close()
      .then(() => terminal.close())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          process.stderr.write(`kumapay-terminal: shutdown failed: ${String(error)}\n`);
          process.exit(1);
        },
      );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(`kumapay-terminal: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

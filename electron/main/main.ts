/**
 * The Electron shell, thin: one instance, one window, the core in this (main) process, IPC
 * checked in ipc-dispatch.ts, the terminal token in safeStorage. Built by electron/build.ts
 * into dist/electron/main.mjs.
 *
 * Configuration: KUMAPAY_BACKEND_URL (used until a manager sets another; https unless on this
 * machine), KUMAPAY_ALLOW_INSECURE_BACKEND=1 (development: plain http elsewhere), KUMAPAY_KIOSK=1
 * or --kiosk, KUMAPAY_DEVTOOLS=1 (DevTools in a packaged build), KUMAPAY_TERMINAL_DATA (default:
 * Electron's userData folder), KUMAPAY_CUSTOMER_DISPLAY (1: always open the customer-facing
 * window, 0: never; unset: when a second screen is connected).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, safeStorage, screen } from 'electron';
import { hostLogger } from '../host-common/logger';
import { openTerminal, type OpenTerminal } from '../host-common/open-terminal';
import { checkBackendUrl, INSECURE_BACKEND_FLAG } from '../core/index';
import { registerAppScheme, serveRenderer } from './app-protocol';
import { hardenSession, hardenWebContents } from './harden';
import { registerIpc } from './ipc';
import { customerDisplayPlacement, devToolsAllowed } from './policy';
import { SafeStorageSecretStore } from './safe-storage-secret-store';
import { createAppWindow, createCustomerWindow } from './window';

const here = path.dirname(fileURLToPath(import.meta.url));
const logger = hostLogger();
let terminal: OpenTerminal | null = null;
let appWindow: BrowserWindow | null = null;
let customerWindow: BrowserWindow | null = null;

if (!app.requestSingleInstanceLock()) {
  // Another instance owns the journal (and its exclusive lock): hand over to it and leave.
  app.quit();
} else {
  registerAppScheme();
  hardenWebContents((message, fields) => logger.warn(fields, message));
  app.on('second-instance', () => {
    if (appWindow) {
      if (appWindow.isMinimized()) appWindow.restore();
      appWindow.focus();
    }
  });
  app.whenReady().then(start, (error: unknown) => fail(error));
  app.on('window-all-closed', () => app.quit());
  app.on('before-quit', (event) => {
    if (!terminal) return;
    event.preventDefault();
    const closing = terminal;
    terminal = null;
    closing.close().then(
      () => app.quit(),
      (error: unknown) => {
        logger.error({ error: String(error) }, 'closing the terminal failed');
        app.exit(1);
      },
    );
  });
}

async function start(): Promise<void> {
  const backendUrl = process.env.KUMAPAY_BACKEND_URL ?? 'http://127.0.0.1:8787';
  const allowInsecureBackend = process.env[INSECURE_BACKEND_FLAG] === '1';
  const checked = checkBackendUrl(backendUrl, allowInsecureBackend);
  if (!checked.ok) {
    // A terminal token must not cross a network in clear: refuse to start, in one line.
    process.stderr.write(`kumapay-terminal: bad configuration: KUMAPAY_BACKEND_URL: ${checked.message}\n`);
    app.exit(2);
    return;
  }
  hardenSession((contents) => contents !== null && contents === customerWindow?.webContents);
  serveRenderer(path.resolve(here, '../renderer'));
  const dataDir = process.env.KUMAPAY_TERMINAL_DATA ?? app.getPath('userData');
  terminal = await openTerminal({
    dataDir,
    backendUrl,
    allowInsecureBackend,
    demo: false,
    logger,
    secrets: new SafeStorageSecretStore(safeStorage, path.join(dataDir, 'secrets')),
  });
  registerIpc(terminal.core, { app: () => appWindow, customer: () => customerWindow });
  const kiosk = process.env.KUMAPAY_KIOSK === '1' || process.argv.includes('--kiosk');
  const devTools = devToolsAllowed({ packaged: app.isPackaged, kiosk, env: process.env });
  const preloadPath = path.join(here, 'preload.cjs');
  appWindow = createAppWindow({ preloadPath, kiosk, devTools });
  appWindow.on('closed', () => {
    appWindow = null;
    // The customer display lives with the cashier's window.
    customerWindow?.close();
  });
  const placement = customerDisplayPlacement(screen.getAllDisplays(), screen.getPrimaryDisplay().id, process.env);
  if (placement) {
    customerWindow = createCustomerWindow({ preloadPath, devTools, ...placement });
    customerWindow.on('closed', () => {
      customerWindow = null;
    });
  }
}

function fail(error: unknown): void {
  logger.error({ error: error instanceof Error ? error.stack : String(error) }, 'terminal failed to start');
  app.exit(1);
}

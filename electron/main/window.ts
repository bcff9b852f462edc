/**
 * The shell's windows: context isolation, sandbox, no Node in the page, our preload only. The
 * cashier's app window, and the customer-facing display (same app on `#/customer-display`,
 * same sandbox; main answers it only its one read, policy.ts).
 */
import { BrowserWindow, type WebPreferences } from 'electron';
import { APP_ENTRY_URL, CUSTOMER_DISPLAY_URL } from './policy';

function webPreferences(preloadPath: string, devTools: boolean): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    spellcheck: false,
    // policy.ts devToolsAllowed: off in packaged builds unless KUMAPAY_DEVTOOLS=1.
    devTools,
  };
}

export function createAppWindow(options: { preloadPath: string; kiosk: boolean; devTools: boolean }): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 800,
    kiosk: options.kiosk,
    fullscreen: options.kiosk,
    autoHideMenuBar: true,
    show: false,
    webPreferences: webPreferences(options.preloadPath, options.devTools),
  });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(APP_ENTRY_URL);
  return window;
}

/** The customer-facing display: full screen on the second screen, or a plain window (setup, demo). */
export function createCustomerWindow(options: {
  preloadPath: string;
  devTools: boolean;
  bounds: { x: number; y: number; width: number; height: number } | null;
  fullscreen: boolean;
}): BrowserWindow {
  const window = new BrowserWindow({
    ...(options.bounds ?? { width: 1024, height: 768 }),
    fullscreen: options.fullscreen,
    frame: !options.fullscreen,
    autoHideMenuBar: true,
    focusable: !options.fullscreen,
    show: false,
    title: 'KumaPAY',
    webPreferences: webPreferences(options.preloadPath, options.devTools),
  });
  window.once('ready-to-show', () => window.showInactive());
  void window.loadURL(CUSTOMER_DISPLAY_URL);
  return window;
}

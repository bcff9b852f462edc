/** The one app window: context isolation, sandbox, no Node in the page, our preload only. */
import { BrowserWindow } from 'electron';
import { APP_ENTRY_URL } from './policy';

export function createAppWindow(options: { preloadPath: string; kiosk: boolean; devTools: boolean }): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 800,
    kiosk: options.kiosk,
    fullscreen: options.kiosk,
    autoHideMenuBar: true,
    show: false,
    webPreferences: {
      preload: options.preloadPath,
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
      devTools: options.devTools,
    },
  });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(APP_ENTRY_URL);
  return window;
}

/**
 * Electron's security checklist applied to every webContents and the default session:
 * navigation and redirects stay inside the app, no new windows, no <webview>, permissions
 * only for the camera (policy.ts decides; this file only wires it to Electron's events).
 */
import { app, session, type WebContents } from 'electron';
import { navigationAllowed, permissionAllowed, permissionCheckAllowed, windowOpenAllowed } from './policy';

export function hardenWebContents(log: (message: string, fields: Record<string, unknown>) => void): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event) => {
      if (!navigationAllowed(event.url)) {
        event.preventDefault();
        log('navigation blocked', { url: event.url });
      }
    });
    contents.on('will-frame-navigate', (event) => {
      if (!navigationAllowed(event.url)) event.preventDefault();
    });
    contents.on('will-redirect', (event) => {
      if (!navigationAllowed(event.url)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      log('window.open blocked', { url });
      return windowOpenAllowed(url) ? { action: 'allow' } : { action: 'deny' };
    });
  });
}

/** `noPermissions`: webContents granted nothing at all (the customer-facing display needs no camera). */
export function hardenSession(noPermissions: (contents: WebContents | null) => boolean = () => false): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((contents, permission, callback, details) => {
    const mediaTypes = 'mediaTypes' in details ? (details.mediaTypes ?? []) : [];
    callback(!noPermissions(contents) && permissionAllowed({ permission, requestingUrl: details.requestingUrl, mediaTypes }));
  });
  ses.setPermissionCheckHandler(
    (contents, permission, requestingOrigin, details) =>
      !noPermissions(contents) && permissionCheckAllowed(permission, requestingOrigin, details.mediaType),
  );
  // Nothing in the app is downloaded to disk.
  ses.on('will-download', (event) => event.preventDefault());
}

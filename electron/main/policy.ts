/**
 * The Electron shell's security policy as pure functions (tested without Electron): the app
 * is served from one origin (kumapay://app), navigates only inside it, opens no windows,
 * embeds nothing, is granted only the camera, and takes IPC only from its own top frame.
 */
export const APP_SCHEME = 'kumapay';
export const APP_HOST = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;
/** The customer-facing display: the same app, on its own hash route, in its own window. */
export const CUSTOMER_DISPLAY_URL = `${APP_ENTRY_URL}#/customer-display`;

export { CONTENT_SECURITY_POLICY } from '../../common/content-security-policy';

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    // Not a URL at all: the callers treat it as hostile.
    return null;
  }
}

/** Same scheme and host as the app, nothing else (no file:, no http:, no javascript:). */
export function isAppUrl(url: string): boolean {
  const parsed = parse(url);
  return parsed !== null && parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST && parsed.username === '' && parsed.password === '';
}

/** will-navigate / will-redirect / will-frame-navigate: stay inside the app (hash routes). */
export function navigationAllowed(url: string): boolean {
  return isAppUrl(url);
}

/** window.open and target=_blank: never. Outside links are not opened either (no shell.openExternal). */
export function windowOpenAllowed(_url: string): false {
  return false;
}

export interface PermissionQuery {
  permission: string;
  requestingUrl: string;
  /** For 'media': which devices the page asked for. */
  mediaTypes?: readonly string[];
}

/** Only the camera, only for the app's own pages: QR codes are read with it (docs/device-facts.md). */
export function permissionAllowed(query: PermissionQuery): boolean {
  if (!isAppUrl(query.requestingUrl)) return false;
  if (query.permission !== 'media') return false;
  const types = query.mediaTypes ?? [];
  return types.length > 0 && types.every((t) => t === 'video');
}

/** Permission checks (navigator.permissions.query, device enumeration) follow the same rule. */
export function permissionCheckAllowed(permission: string, requestingOrigin: string, mediaType?: string): boolean {
  if (!isAppUrl(requestingOrigin) && requestingOrigin !== APP_ORIGIN) return false;
  return permission === 'media' && (mediaType === undefined || mediaType === 'video' || mediaType === 'unknown');
}

export interface IpcSenderFacts {
  /** URL of the frame that sent the message. */
  frameUrl: string;
  /** Whether that frame is the top frame of its window. */
  isMainFrame: boolean;
  /** Whether the sending webContents is the app window the shell created. */
  isAppWindow: boolean;
  /** Whether it is the customer-facing window the shell created (reads the display view only). */
  isCustomerWindow?: boolean;
}

/** IPC is answered only for the app window's top frame on the app origin. */
export function ipcSenderAllowed(facts: IpcSenderFacts): boolean {
  return facts.isAppWindow && facts.isMainFrame && isAppUrl(facts.frameUrl);
}

/**
 * The customer-facing window faces the customer: it may read what to show and nothing else —
 * no payments, no status (staff names, the queue), whatever script ends up in it.
 */
export const CUSTOMER_WINDOW_COMMANDS: ReadonlySet<string> = new Set(['getCustomerDisplay']);

export function customerSenderAllowed(facts: IpcSenderFacts): boolean {
  return facts.isCustomerWindow === true && !facts.isAppWindow && facts.isMainFrame && isAppUrl(facts.frameUrl);
}

/** Which command a sender may call: the app window any, the customer window its one read. */
export function ipcCommandAllowed(facts: IpcSenderFacts, command: string): boolean {
  if (ipcSenderAllowed(facts)) return true;
  return customerSenderAllowed(facts) && CUSTOMER_WINDOW_COMMANDS.has(command);
}

/** Events the customer window hears: what it shows, nothing about staff, queue or devices. */
export function customerWindowHears(event: { type: string }): boolean {
  return event.type === 'customer_display';
}

/** `KUMAPAY_CUSTOMER_DISPLAY`: `1` always open the customer window, `0` never; unset: when a second screen is there. */
export const CUSTOMER_DISPLAY_FLAG = 'KUMAPAY_CUSTOMER_DISPLAY';

export interface DisplayFacts {
  id: number;
  bounds: { x: number; y: number; width: number; height: number };
}

/**
 * Where the customer window goes: full screen on a screen other than the cashier's when there
 * is one; with `KUMAPAY_CUSTOMER_DISPLAY=1` and one screen, a plain window on it (a setup or
 * demo); `KUMAPAY_CUSTOMER_DISPLAY=0`: none.
 */
export function customerDisplayPlacement(
  displays: readonly DisplayFacts[],
  primaryId: number,
  env: Readonly<Record<string, string | undefined>>,
): { bounds: DisplayFacts['bounds'] | null; fullscreen: boolean } | null {
  const flag = env[CUSTOMER_DISPLAY_FLAG];
  if (flag === '0') return null;
  const second = displays.find((d) => d.id !== primaryId);
  if (second) return { bounds: second.bounds, fullscreen: true };
  return flag === '1' ? { bounds: null, fullscreen: false } : null;
}

/** Maps kumapay://app/<path> to a file inside the renderer build, refusing escapes. */
export function rendererPathFor(url: string): string | null {
  const parsed = parse(url);
  if (!parsed || !isAppUrl(url)) return null;
  const pathname = decodeURIComponent(parsed.pathname);
  if (pathname.includes('\0')) return null;
  const segments = pathname.split('/').filter((s) => s.length > 0);
  if (segments.some((s) => s === '..' || s === '.' || s.includes('\\'))) return null;
  return segments.length === 0 ? 'index.html' : segments.join('/');
}

/** The explicit switch for DevTools in a packaged build (support on site, never by default). */
export const DEVTOOLS_FLAG = 'KUMAPAY_DEVTOOLS';

/**
 * DevTools run any script with the page's rights (the IPC bridge, the camera): only in a
 * development build, not in kiosk mode, or when the person at the machine sets
 * KUMAPAY_DEVTOOLS=1 on purpose.
 */
export function devToolsAllowed(facts: { packaged: boolean; kiosk: boolean; env: Readonly<Record<string, string | undefined>> }): boolean {
  if (facts.env[DEVTOOLS_FLAG] === '1') return true;
  return !facts.packaged && !facts.kiosk;
}

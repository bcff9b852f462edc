/**
 * Which host runs this page, decided once at start: Electron's preload if present, else the
 * browser host protocol (secret in a meta tag), else nothing we can talk to.
 */
import type { TerminalApi } from '../../common/terminal-api';
import { createHttpHost } from './http-host';
import { isPreloadApi, wrapPreload } from './preload-host';

export type HostChoice =
  | { kind: 'electron'; api: TerminalApi }
  | { kind: 'browser'; api: TerminalApi; secret: string; origin: string }
  | { kind: 'none'; reason: string };

export const SECRET_META_NAME = 'kumapay-secret';

export function readSecret(doc: Document): string | null {
  const content = doc.querySelector(`meta[name="${SECRET_META_NAME}"]`)?.getAttribute('content')?.trim();
  return content ? content : null;
}

export function pickHost(win: Window & { kumapay?: unknown }): HostChoice {
  if (isPreloadApi(win.kumapay)) return { kind: 'electron', api: wrapPreload(win.kumapay) };
  const secret = readSecret(win.document);
  const origin = win.location.origin;
  if (secret && origin.startsWith('http')) {
    return { kind: 'browser', api: createHttpHost({ secret, origin }), secret, origin };
  }
  return { kind: 'none', reason: secret ? `unsupported origin ${origin}` : 'no window.kumapay and no kumapay-secret meta tag' };
}

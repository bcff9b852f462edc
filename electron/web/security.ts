/**
 * The browser host's security decisions, as pure functions the tests call directly:
 * per-launch secret (constant-time compare), same-origin only (no CORS, Host and Origin
 * checked against 127.0.0.1/localhost on our port, which also defeats DNS rebinding), strict
 * CSP on every response.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { CONTENT_SECURITY_POLICY } from '../../common/content-security-policy';
import { WEB_LIMITS } from './limits';

export { CONTENT_SECURITY_POLICY };

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  // The camera reads QR codes; nothing else is wanted.
  'Permissions-Policy': 'camera=(self), microphone=(), geolocation=(), usb=(), serial=(), hid=(), payment=()',
};

export const SECRET_HEADER = 'x-kumapay-secret';

export function newSecret(): string {
  return randomBytes(WEB_LIMITS.secretBytes).toString('base64url');
}

export function secretMatches(expected: string, given: unknown): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Only our own origin, by the names a local browser uses for it. */
export function allowedHosts(port: number): ReadonlySet<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
}

export function hostAllowed(hostHeader: string | undefined, port: number): boolean {
  return hostHeader !== undefined && allowedHosts(port).has(hostHeader.toLowerCase());
}

/** A request with an Origin must come from our page; none (curl, tests) is fine for secrets. */
export function originAllowed(originHeader: string | undefined, port: number): boolean {
  if (originHeader === undefined) return true;
  return originHeader === `http://127.0.0.1:${port}` || originHeader === `http://localhost:${port}`;
}

/** index.html with the secret the page reads back (renderer/bridge/pick-host.ts). */
export function injectSecret(html: string, secret: string): string {
  const meta = `<meta name="kumapay-secret" content="${secret}">`;
  const at = html.search(/<head[^>]*>/i);
  if (at < 0) throw new Error('index.html has no <head>');
  const end = html.indexOf('>', at) + 1;
  return `${html.slice(0, end)}\n    ${meta}${html.slice(end)}`;
}

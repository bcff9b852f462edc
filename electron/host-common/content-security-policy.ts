/**
 * The page's Content-Security-Policy, sent as a header by both hosts: the policy the renderer's
 * build writes into index.html (renderer/vite.config.ts — it cannot be imported from here, the
 * renderer is another part) plus `frame-ancestors`, which only works as a header.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "font-src 'self'",
  // Camera frames are a MediaStream on a <video> element.
  "media-src 'self' blob: mediastream:",
  // Browser host: same-origin commands and events. Electron: IPC, no network at all.
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The page's Content-Security-Policy, one definition for everyone who states it: the renderer's
 * build writes the meta-tag form into index.html; both hosts send the header form, which adds
 * `frame-ancestors` (ignored in a meta tag). No inline script or style and no eval anywhere:
 * React, i18next, XState and @zxing/library are plain JS.
 */
const DIRECTIVES = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  // R29 slip previews: receiptline's SVG handed to an <img> as a Blob URL made by this page. An
  // SVG shown through <img> runs no script and fetches nothing (not even its own @import), so
  // `blob:` images add no way in; data: stays out.
  "img-src 'self' blob:",
  "font-src 'self'",
  // Camera frames are a MediaStream on a <video> element (srcObject), never a URL.
  "media-src 'self' blob: mediastream:",
  // Browser host: same-origin commands and the event stream. Electron: IPC, no network at all.
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
];

export const CONTENT_SECURITY_POLICY_META = DIRECTIVES.join('; ');
export const CONTENT_SECURITY_POLICY = [...DIRECTIVES, "frame-ancestors 'none'"].join('; ');

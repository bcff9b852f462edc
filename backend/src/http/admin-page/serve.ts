import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type Response } from 'express';
import { DomainError } from '../../../../common/errors';

/**
 * The operator pages (issue 14): static files of this folder at `/admin/`. Only the files named
 * here are served, so the folder's TypeScript and tests never leave the server.
 */
const PAGE_DIR = path.dirname(fileURLToPath(import.meta.url));
export const ADMIN_PAGE_FILES = ['index.html', 'admin.js', 'api.js', 'texts.js', 'kumapo.js', 'qr.js', 'admin.css', 'favicon.svg'] as const;

/**
 * Self only, nothing inline: the page holds the admin token (in sessionStorage), so an injected
 * script must have nowhere to run and nowhere to send it. `frame-ancestors` keeps the page out of
 * other sites' frames (clickjacking of the revoke button).
 */
export const ADMIN_PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

function pageHeaders(res: Response): void {
  res.set({
    'Content-Security-Policy': ADMIN_PAGE_CSP,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    // A new backend version must not meet an old script in the operator's cache.
    'Cache-Control': 'no-cache',
  });
}

export function adminPageRouter(): express.Router {
  const router = express.Router({ strict: true, caseSensitive: true });
  router.get('/admin', (_req, res) => {
    res.redirect(301, '/admin/');
  });
  router.get(['/admin/', '/admin/:file'], (req, res, next) => {
    const requested = typeof req.params.file === 'string' ? req.params.file : 'index.html';
    const file = ADMIN_PAGE_FILES.find((name) => name === requested);
    if (!file) {
      next(new DomainError('not_found', 'no such route'));
      return;
    }
    pageHeaders(res);
    res.sendFile(file, { root: PAGE_DIR, dotfiles: 'deny' }, (error) => {
      if (error) next(error);
    });
  });
  return router;
}

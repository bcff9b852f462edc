/**
 * Builds the cashier renderer to dist/renderer with relative URLs (base './'), so Electron can
 * load it from file:// and the browser host can serve it from any port.
 *
 * Strict CSP: the build has no inline script or style and no eval (React, i18next, XState and
 * @zxing/library are plain JS), and common/content-security-policy.ts is written into the built index.html. The
 * dev server is left without it, because React Fast Refresh injects an inline preamble there.
 */
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { CONTENT_SECURITY_POLICY_META } from '../common/content-security-policy.ts';


function contentSecurityPolicy(): Plugin {
  return {
    name: 'kumapay-content-security-policy',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler: () => [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY_META }, injectTo: 'head-prepend' }],
    },
  };
}

export default defineConfig({
  root: import.meta.dirname,
  base: './',
  plugins: [react(), contentSecurityPolicy()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    // Nothing becomes a data: URL; every asset is a file the CSP's 'self' covers.
    assetsInlineLimit: 0,
    sourcemap: true,
    // The polyfill is for browsers without <link rel=modulepreload>; Chromium has it.
    modulePreload: { polyfill: false },
  },
  server: { host: '127.0.0.1', strictPort: false },
});

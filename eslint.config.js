// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import path from 'node:path';
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import kumapay from './scripts/lint/import-boundaries.js';

const ROOT = path.dirname(fileURLToPath(import.meta.url));

/**
 * Node's built-ins in both spellings (`events`, `node:events`), from Node itself so none is
 * forgotten; `node:` also covers the prefix-only ones (`node:test`) that Node 20 leaves out.
 */
const NODE_BUILTINS = [...builtinModules.flatMap((name) => (name.startsWith('node:') ? [name] : [name, `node:${name}`])), 'node:'];
const SERVER_PACKAGES = ['express', 'better-sqlite3', 'pg', 'kysely', 'pino', 'axios', 'node-hid', 'serialport'];
const UI_PACKAGES = ['electron', 'react', 'react-dom'];
const TESTS = ['**/*.test.{ts,tsx}'];
const HOSTS = ['electron/main/**', 'electron/preload/**', 'electron/web/**', 'electron/host-common/**'];
/** Build-time Node code that lives beside the renderer and never runs in the page. */
const RENDERER_BUILD = ['renderer/vite.config.ts', 'renderer/tools/**'];

/**
 * Import direction (docs/architecture.md, "Import direction"): who may import what. Every entry
 * whose `from` matches a file applies to it. `paths` are globs over the repository path an
 * import names (resolved, no extension; a folder is its index); `packages` are bare names.
 * Checked by scripts/lint/import-boundaries.js, tested by test/lint/import-rules.test.ts.
 * @type {import('./scripts/lint/import-boundaries.js').Boundary[]}
 */
const BOUNDARIES = [
  {
    from: ['common/**'],
    paths: ['backend/**', 'electron/**', 'renderer/**', 'hardware/**', 'test/**', 'bench/**', 'scripts/**'],
    because: 'common/ is imported by every part and imports none of them',
  },
  {
    from: ['common/**'],
    packages: [...NODE_BUILTINS, ...SERVER_PACKAGES, ...UI_PACKAGES],
    because: 'common/ is pure TypeScript that runs in Node and in the browser: no Node built-in, no framework',
  },
  {
    from: ['backend/**'],
    paths: ['electron/**', 'renderer/**', 'hardware/**', 'test/**', 'bench/**'],
    because: 'the backend imports common/ and npm packages only',
  },
  {
    from: ['backend/src/domain/**'],
    paths: ['backend/src/http/**', 'backend/src/store/**', 'backend/src/usecases/**'],
    packages: [...NODE_BUILTINS, 'express', 'better-sqlite3', 'pg', 'kysely', 'pino'],
    because: 'the domain is pure: no I/O, no clock reads, no store or HTTP types',
  },
  {
    from: ['hardware/**'],
    paths: ['backend/**', 'electron/**', 'renderer/**', 'test/**', 'bench/**', 'scripts/**'],
    packages: UI_PACKAGES,
    because: 'hardware/ imports common/ and npm packages only',
  },
  {
    from: ['electron/core/**'],
    paths: ['backend/**', 'renderer/**', 'electron/main/**', 'electron/preload/**', 'electron/web/**', 'electron/host-common/**', 'test/**', 'bench/**', 'scripts/**'],
    packages: UI_PACKAGES,
    because: 'the terminal core is plain Node that imports common/ and npm packages; hosts plug in through its ports',
  },
  {
    from: ['electron/core/**'],
    notFrom: TESTS,
    paths: ['hardware/**'],
    because: 'the core hears devices and drives printers through its Devices and Printers ports; the hosts plug hardware/ in',
  },
  {
    from: ['electron/core/**'],
    notFrom: [...TESTS, 'electron/core/testing/**'],
    paths: ['electron/core/testing/**', 'electron/core/index'],
    because: 'core code imports the module it needs: the testing surface is for tests, and index.ts is the door for outside (importing it back makes a loop)',
  },
  {
    from: ['**'],
    notFrom: ['electron/core/**'],
    paths: [{ path: 'electron/core/**', except: ['electron/core/index', 'electron/core/testing/index'] }],
    because: "outside electron/core, import the core's declared surface: electron/core/index.ts (tests and bench: electron/core/testing/index.ts)",
  },
  {
    from: HOSTS,
    paths: ['backend/**', 'renderer/**', 'test/**', 'bench/**', 'scripts/**'],
    because: 'a host wires the core, hardware/ and common/; it reaches the backend over HTTP and the renderer through the bridge',
  },
  {
    from: HOSTS,
    paths: [{ path: 'hardware/**', except: ['hardware/index', 'hardware/simulators/index', 'hardware/printers/index'] }],
    because: "hosts use hardware/ through its declared surfaces: hardware/index.ts, hardware/simulators/index.ts, hardware/printers/index.ts",
  },
  {
    from: HOSTS,
    notFrom: TESTS,
    paths: ['electron/core/testing/**'],
    because: "the core's testing surface (fakes, harness) is for tests, never for a host",
  },
  {
    from: ['electron/web/**', 'electron/host-common/**'],
    packages: ['electron'],
    because: 'the browser host runs in plain Node (npm run start:web), and host-common/ serves both hosts',
  },
  {
    from: ['electron/host-common/**'],
    paths: ['electron/main/**', 'electron/preload/**', 'electron/web/**'],
    because: 'host-common/ is shared by both hosts and depends on neither',
  },
  {
    from: ['electron/web/**'],
    paths: ['electron/main/**', 'electron/preload/**'],
    because: 'the browser host shares code with the Electron host only through electron/host-common/',
  },
  {
    from: ['electron/main/**'],
    paths: ['electron/web/**'],
    because: 'the Electron host shares code with the browser host only through electron/host-common/',
  },
  {
    from: ['electron/preload/**'],
    paths: ['electron/core/**', 'electron/host-common/**', 'electron/main/**', 'electron/web/**', 'hardware/**'],
    because: 'the preload runs sandboxed beside the page: it forwards calls over IPC and holds no core, device or host code',
  },
  {
    from: ['renderer/**'],
    notFrom: RENDERER_BUILD,
    paths: ['backend/**', 'electron/**', 'hardware/**', 'test/**', 'bench/**', 'scripts/**'],
    packages: [...NODE_BUILTINS, ...SERVER_PACKAGES, 'electron'],
    because: 'the renderer imports common/ and browser packages; it reaches the core through the TerminalApi bridge, never by import',
  },
  {
    from: ['renderer/**'],
    notFrom: ['renderer/app/**', 'renderer/main.tsx', 'renderer/test-support/**', ...TESTS, ...RENDERER_BUILD],
    paths: ['renderer/app/**'],
    because: 'renderer/app/ is the shell at the top; screens, components and the rest use renderer/hooks/, never the shell',
  },
  {
    from: ['renderer/hooks/**'],
    notFrom: TESTS,
    paths: ['renderer/screens/**', 'renderer/components/**', 'renderer/demo/**'],
    because: 'renderer/hooks/ sits below the screens and components that use it',
  },
];

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'out/**', 'data/**', 'test-results/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-empty': ['error', { allowEmptyCatch: false }],
    },
  },
  {
    // Plain JS scripts and tools run in Node.
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    // The operator page's scripts run in the browser, served as they are (issue 14).
    files: ['backend/src/http/admin-page/**/*.js'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // Issue 16: on the path every request takes, an object literal that spreads an object and
    // then adds properties (`{ ...base, staff }`) made V8 (Node 20) build a new hidden class each
    // time it ran: maps allocated per request, freed only by full collections
    // (docs/performance.md "Twenty-fourth session"). Elsewhere (reports, day close, sweep) the
    // pattern runs rarely and stays allowed, as in the OpenAPI document (built once).
    files: ['backend/src/http/**/*.ts', 'backend/src/worker/**/*.ts', 'backend/src/usecases/auth.ts'],
    ignores: ['**/*.test.ts', '**/__tests__/**', 'backend/src/http/openapi.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'ObjectExpression > SpreadElement ~ Property',
          message: 'On the request path, write the object out (or Object.assign onto a literal): a spread followed by more properties makes a new V8 hidden class every time (docs/performance.md "Twenty-fourth session").',
        },
      ],
    },
  },
  {
    files: ['**/*.{ts,tsx,js,mjs,cjs}'],
    plugins: { kumapay },
    rules: { 'kumapay/import-boundaries': ['error', { root: ROOT, boundaries: BOUNDARIES }] },
  },
);

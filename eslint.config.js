// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

/**
 * Import direction (docs/architecture.md): common ← backend, hardware, electron/core ←
 * electron/main+preload; renderer imports common and its bridge only. A part never reaches
 * into another part's internals.
 */
const nodeBuiltins = ['node:*', 'fs', 'path', 'crypto', 'os', 'child_process', 'net', 'http'];
const restrict = (patterns) => ({
  'no-restricted-imports': ['error', { patterns: patterns.map((group) => ({ group, message: 'import direction: see docs/architecture.md' })) }],
});

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
    files: ['common/**/*.ts'],
    rules: restrict([
      ['**/backend/src/**', '**/electron/**', '**/renderer/**', '**/hardware/**', '**/test/**', '**/bench/**'],
      nodeBuiltins,
      ['express', 'better-sqlite3', 'pg', 'kysely', 'electron', 'react', 'react-dom'],
    ]),
  },
  {
    files: ['backend/**/*.ts'],
    rules: restrict([['**/electron/**', '**/renderer/**', '**/hardware/**', '**/test/**', '**/bench/**']]),
  },
  {
    files: ['backend/src/domain/**/*.ts'],
    rules: restrict([
      ['**/electron/**', '**/renderer/**', '**/hardware/**', '**/test/**', '**/bench/**'],
      ['**/http/**', '**/store/**', '**/usecases/**'],
      nodeBuiltins,
      ['express', 'better-sqlite3', 'pg', 'kysely', 'pino'],
    ]),
  },
  {
    files: ['hardware/**/*.ts'],
    rules: restrict([['**/backend/src/**', '**/electron/**', '**/renderer/**', '**/test/**', '**/bench/**'], ['electron', 'react', 'react-dom']]),
  },
  {
    files: ['electron/core/**/*.ts'],
    rules: restrict([
      ['**/backend/src/**', '**/renderer/**', '**/test/**', '**/bench/**', '**/electron/main/**', '**/electron/preload/**'],
      ['electron', 'react', 'react-dom'],
    ]),
  },
  {
    files: ['electron/main/**/*.ts', 'electron/preload/**/*.ts'],
    rules: restrict([['**/backend/src/**', '**/renderer/**', '**/test/**', '**/bench/**']]),
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    rules: restrict([
      ['**/backend/src/**', '**/electron/**', '**/hardware/**', '**/test/**', '**/bench/**'],
      nodeBuiltins,
      ['electron', 'better-sqlite3', 'express', 'pg', 'kysely', 'node-hid', 'serialport'],
    ]),
  },
);

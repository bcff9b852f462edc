import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{common,backend,hardware,electron,renderer,test}/**/*.test.{ts,tsx}'],
    exclude: ['**/node_modules/**', 'test/e2e/**', 'test/crash/**'],
    // DOM tests wait by condition, with a bound on a hang rather than on speed.
    setupFiles: ['renderer/test-support/setup-dom.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: forks keep native modules (better-sqlite3, serialport) in separate processes.
    pool: 'forks',
    maxWorkers: 2,
    // The JSON report lets CI print one plain 'N passed, N failed' line.
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
  },
});

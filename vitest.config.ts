// One test run for everything in `npm test`: unit, hub routes, core on real SQLite, integration
// over real processes and sockets, and Playwright end-to-end tests against real Chromium.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts', '**/*.test.tsx'],
    exclude: ['node_modules/**', 'dist/**', '.tsbuild/**', 'bench/**'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});

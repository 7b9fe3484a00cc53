import { defineConfig } from 'vitest/config';

// Integration tests start real PostgreSQL, Redis and gateway processes: one file per fork,
// at most two at once on a 2-core machine, with timeouts sized for process start-up.
export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', 'reports/runs/**'],
    pool: 'forks',
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    testTimeout: 60_000,
    hookTimeout: 90_000,
    teardownTimeout: 30_000,
    reporters: ['default'],
  },
});

import { defineConfig } from 'vitest/config';

// Two groups, one after the other. First every unit and integration file, two forks at a time on a
// 2-core machine. Then the end-to-end drills (tests/*.e2e.test.ts), one file at a time: they judge
// timing criteria, so they must compete neither with each other nor with the rest of the suite for
// the cores (on a busy machine their verdicts would be honest but inconclusive, and CI would be red).
const E2E = ['tests/**/*.e2e.test.ts'];
const EXCLUDE = ['node_modules/**', 'reports/runs/**'];

export default defineConfig({
  test: {
    pool: 'forks',
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    testTimeout: 60_000,
    hookTimeout: 90_000,
    teardownTimeout: 30_000,
    reporters: ['default'],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['**/*.test.ts'],
          exclude: [...EXCLUDE, ...E2E],
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: E2E,
          exclude: EXCLUDE,
          // One fork for all of them: one file after another.
          poolOptions: { forks: { singleFork: true } },
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});

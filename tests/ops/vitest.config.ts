import { defineConfig } from 'vitest/config';

// Operations tests (issue 21): they start processes and clusters of their own, so one file at a time.
//   npx vitest run --config tests/ops/vitest.config.ts [file]
export default defineConfig({
  test: {
    root: new URL('../..', import.meta.url).pathname,
    include: ['tests/ops/**/*.test.ts', 'tests/backup/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    maxWorkers: 1,
  },
});

import { configDefaults, defineConfig } from 'vitest/config';

// Mutation testing (npm run test:mutation) runs the pure legal core's own tests only: no database,
// no server, so each of the thousands of mutants is judged in milliseconds.
// MUTATION_EXCLUDE (comma-separated globs) leaves test files out of a run, e.g. one that someone
// else's unfinished work has broken for the moment: Stryker refuses to start while any test fails.
const excluded = (process.env.MUTATION_EXCLUDE ?? '').split(',').map((g) => g.trim()).filter(Boolean);

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts'],
    exclude: [...configDefaults.exclude, ...excluded],
    pool: 'forks',
  },
});

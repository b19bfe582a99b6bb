import { defineConfig } from 'vitest/config';

// Mutation testing (npm run test:mutation) runs the pure legal core's own tests only: no database,
// no server, so each of the thousands of mutants is judged in milliseconds.
export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts'],
    pool: 'forks',
  },
});

// Mutation testing of the pure legal core (issue 24): a date a day off must not survive the tests.
// `npm run test:mutation` (all files below, about a quarter of an hour on two cores), or one file:
// `npx stryker run --mutate src/domain/identity.ts`. The report is written to reports/mutation/.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts' },
  mutate: [
    'src/domain/calendar.ts',
    'src/domain/time.ts',
    'src/domain/transitions.ts',
    'src/domain/clockRules.ts',
    'src/domain/identity.ts',
    'src/domain/statistics.ts',
  ],
  coverageAnalysis: 'perTest',
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  thresholds: { high: 95, low: 90, break: null },
  // Two cores shared with others: pass --concurrency 1 when running beside other work.
  concurrency: 2,
  tempDirName: '.stryker-tmp',
};

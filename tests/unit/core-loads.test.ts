/**
 * The legal core's tables are data checked while their modules load: a clock rule, an extension
 * limit or a referral route without a legal basis, or citing a law the catalogue does not know,
 * makes `basisZh` throw and the module refuse to load (src/domain/law.ts). Loaded here inside a
 * test, so that such a table fails this test by name. (Mutation testing, issue 24: a module that
 * fails while loading makes vitest report its test files as failed with no test run, which
 * Stryker counts as a change no test noticed.)
 */
import { describe, expect, it } from 'vitest';

describe('the legal core loads, every table citing its law', () => {
  it('clock rules and extension limits', async () => {
    const { CLOCK_RULES, EXTENSION_LIMITS } = await import('../../src/domain/clockRules.js');
    for (const rule of Object.values(CLOCK_RULES)) expect(rule.basis, rule.kind).not.toBe('');
    for (const [kind, limit] of Object.entries(EXTENSION_LIMITS)) expect(limit!.basis, kind).toMatch(/^《[^》]+》第/);
  });

  it('the referral routes and the transition table', async () => {
    const { REFERRAL_ROUTES, TRANSITIONS } = await import('../../src/domain/transitions.js');
    for (const r of REFERRAL_ROUTES) expect(r.basis, `${r.from} → ${r.to}`).toMatch(/^《[^》]+》第/);
    expect(Object.keys(TRANSITIONS).length).toBeGreaterThan(0);
  });

  it('the statistics definitions, each of the ministry’s cuts with its source', async () => {
    const { STAT_FIELDS } = await import('../../src/domain/statistics.js');
    for (const f of STAT_FIELDS) if ('source' in f) expect(f.source.length, f.key).toBeGreaterThan(0);
  });
});

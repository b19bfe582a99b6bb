import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CLOCK_RULES } from '../../src/domain/clockRules.js';
import { proceedingDiagram, referralDiagram, withGeneratedSections } from '../../src/domain/docs.js';
import { STAT_FIELDS } from '../../src/domain/statistics.js';
import { ACTIONS, REFERRAL_ROUTES, TRANSITIONS } from '../../src/domain/transitions.js';

describe('README generated sections', () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

  it('are the ones generated from the current rules (run npm run docs:generate)', () => {
    expect(withGeneratedSections(readme)).toBe(readme);
  });

  it('draw every state-changing action and every referral route', () => {
    const states = proceedingDiagram();
    for (const a of ACTIONS.filter((x) => TRANSITIONS[x].to)) expect(states).toContain(`: ${a}`);
    expect(referralDiagram().split('\n')).toHaveLength(REFERRAL_ROUTES.length + 1);
  });

  it('explain every statistic in Chinese and English and every clock with its legal basis', () => {
    for (const f of STAT_FIELDS) expect(readme).toContain(`| \`${f.key}\` | ${f.zh} |`);
    for (const r of Object.values(CLOCK_RULES)) expect(readme).toContain(r.basis);
  });
});

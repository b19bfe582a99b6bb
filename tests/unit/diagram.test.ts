import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { proceedingDiagram, referralDiagram, withDiagram } from '../../src/domain/diagram.js';
import { ACTIONS, REFERRAL_ROUTES, TRANSITIONS } from '../../src/domain/transitions.js';

describe('README transition diagrams', () => {
  it('are the ones generated from the current transition table (run npm run docs:diagram)', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    expect(withDiagram(readme)).toBe(readme);
  });

  it('draw every state-changing action and every referral route', () => {
    const states = proceedingDiagram();
    for (const a of ACTIONS.filter((x) => TRANSITIONS[x].to)) expect(states).toContain(`: ${a}`);
    expect(referralDiagram().split('\n')).toHaveLength(REFERRAL_ROUTES.length + 1);
  });
});

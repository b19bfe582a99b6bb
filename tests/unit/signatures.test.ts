import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { signedByAll, unsigned, type Signature } from '../../src/domain/signatures.js';

const sig = (party: Signature['party'], applicantIndex?: number): Signature => ({ party, ...(applicantIndex === undefined ? {} : { applicantIndex }), name: 'x', method: 'otp', signedAt: '2026-03-02T00:00:00Z' });

describe('who has yet to sign a settlement (SPEC §10)', () => {
  it('lists the applicants by index and the employer until each has signed', () => {
    expect(unsigned([], 3)).toEqual({ applicants: [0, 1, 2], respondent: true });
    expect(unsigned([sig('applicant', 1), sig('respondent')], 3)).toEqual({ applicants: [0, 2], respondent: false });
    expect(signedByAll([sig('applicant', 0), sig('applicant', 1), sig('applicant', 2)], 3)).toBe(false);
    expect(signedByAll([sig('applicant', 0), sig('applicant', 1), sig('applicant', 2), sig('respondent')], 3)).toBe(true);
    // The employer's signature alone, or one applicant's standing in for another's, is not enough.
    expect(signedByAll([sig('respondent'), sig('applicant', 0), sig('applicant', 0)], 2)).toBe(false);
  });

  it('in any order, effective exactly when every applicant and the employer appear', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 }), fc.array(fc.option(fc.nat(35), { nil: undefined })), (n, picks) => {
        const sigs = picks.map((i) => (i === undefined ? sig('respondent') : sig('applicant', i)));
        const signedIdx = new Set(picks.filter((i): i is number => i !== undefined));
        const all = Array.from({ length: n }, (_, i) => i).every((i) => signedIdx.has(i)) && picks.includes(undefined);
        expect(signedByAll(sigs, n)).toBe(all);
        expect(unsigned(sigs, n).applicants.every((i) => i < n && !signedIdx.has(i))).toBe(true);
      }),
    );
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isoInstant } from '../../src/db/prepared.js';

/**
 * A timestamptz as PostgreSQL writes it in a UTC session, as a column's text or inside JSON
 * (to_json, json_build_object): microseconds, trailing zeros of the fraction dropped.
 */
function pgText(ms: number, micros: number, json = false): string {
  const iso = new Date(ms).toISOString();
  const fraction = `${iso.slice(20, 23)}${String(micros).padStart(3, '0')}`.replace(/0+$/, '');
  return `${iso.slice(0, 10)}${json ? 'T' : ' '}${iso.slice(11, 19)}${fraction ? `.${fraction}` : ''}${json ? '+00:00' : '+00'}`;
}

describe('isoInstant: timestamptz text to the API form without a Date', () => {
  it('agrees with Date#toISOString for any instant PostgreSQL writes in UTC, microseconds cut as Date cuts them', () => {
    const instants = fc.integer({ min: Date.UTC(1000, 0, 1), max: Date.UTC(9999, 11, 31, 23, 59, 59, 999) });
    fc.assert(
      fc.property(instants, fc.integer({ min: 0, max: 999 }), fc.boolean(), (ms, micros, json) => {
        const text = pgText(ms, micros, json);
        expect(isoInstant(text)).toBe(new Date(text).toISOString());
        expect(isoInstant(text)).toBe(new Date(ms).toISOString());
      }),
      { numRuns: 2000 },
    );
  });

  it.each([
    ['2025-03-02 17:00:00+00', '2025-03-02T17:00:00.000Z'],
    ['2025-03-02 17:00:00.1+00', '2025-03-02T17:00:00.100Z'],
    ['2025-03-02 17:00:00.12+00', '2025-03-02T17:00:00.120Z'],
    ['2025-03-02 17:00:00.123456+00', '2025-03-02T17:00:00.123Z'],
    ['2025-03-02T17:00:00+00:00', '2025-03-02T17:00:00.000Z'],
    ['2025-03-02T17:00:00.5+00:00', '2025-03-02T17:00:00.500Z'],
    ['2025-03-02T17:00:00.123456+00:00', '2025-03-02T17:00:00.123Z'],
  ])('%s → %s', (text, iso) => {
    expect(isoInstant(text)).toBe(iso);
  });

  it('takes any other form through Date: another session time zone, a Date', () => {
    expect(isoInstant('2025-03-03 01:00:00+08')).toBe('2025-03-02T17:00:00.000Z');
    expect(isoInstant('2025-03-03T01:00:00.5+08:00')).toBe('2025-03-02T17:00:00.500Z');
    expect(isoInstant(new Date(Date.UTC(2025, 2, 2, 17)))).toBe('2025-03-02T17:00:00.000Z');
  });
});

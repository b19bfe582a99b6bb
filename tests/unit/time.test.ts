import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { chinaDate, chinaMidnight, chinaYear, isValidDate, toChinaIso } from '../../src/domain/time.js';

describe('chinaDate: legal dates are dates in China time (SPEC §5)', () => {
  it.each([
    ['2025-03-02T17:00:00Z', '2025-03-03'], // SPEC's own example
    ['2025-03-02T16:00:00Z', '2025-03-03'], // China midnight exactly
    ['2025-03-02T15:59:59Z', '2025-03-02'],
    ['2025-03-02T15:59:59.999Z', '2025-03-02'],
    ['2025-03-02T00:00:00Z', '2025-03-02'],
    ['2025-03-03T01:00:00+08:00', '2025-03-03'],
    ['2024-12-31T16:00:00Z', '2025-01-01'], // new year arrives in Beijing first
    ['2024-02-28T16:30:00Z', '2024-02-29'], // leap day
    ['2025-02-28T16:30:00Z', '2025-03-01'],
  ])('%s happened on %s', (instant, date) => {
    expect(chinaDate(new Date(instant))).toBe(date);
  });

  it('chinaYear follows the China-time date', () => {
    expect(chinaYear(new Date('2024-12-31T15:59:59Z'))).toBe(2024);
    expect(chinaYear(new Date('2024-12-31T16:00:00Z'))).toBe(2025);
  });
});

describe('chinaMidnight', () => {
  it('is the instant a China-time date begins', () => {
    expect(chinaMidnight('2025-03-03').toISOString()).toBe('2025-03-02T16:00:00.000Z');
    expect(chinaMidnight('2025-01-01').toISOString()).toBe('2024-12-31T16:00:00.000Z');
    expect(chinaMidnight('2024-02-29').toISOString()).toBe('2024-02-28T16:00:00.000Z');
  });

  it('property: the midnight of a date falls on that date, and the millisecond before on the day before', () => {
    const dates = fc
      .date({ min: new Date('1950-01-01T00:00:00Z'), max: new Date('2100-12-31T00:00:00Z'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(dates, (d) => {
        const midnight = chinaMidnight(d);
        const before = new Date(midnight.getTime() - 1);
        const dayBefore = new Date(Date.parse(`${d}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
        return chinaDate(midnight) === d && chinaDate(before) === dayBefore;
      }),
      { numRuns: 1000 },
    );
  });
});

describe('toChinaIso', () => {
  it('writes an instant with the +08:00 offset and means the same instant', () => {
    const iso = toChinaIso(new Date('2025-03-02T17:00:00Z'));
    expect(iso).toBe('2025-03-03T01:00:00+08:00');
    expect(new Date(iso).toISOString()).toBe('2025-03-02T17:00:00.000Z');
  });
});

describe('isValidDate', () => {
  it.each(['2025-03-03', '2024-02-29', '2000-02-29', '1999-12-31', '2025-01-01'])('accepts %s', (d) => {
    expect(isValidDate(d)).toBe(true);
  });

  it.each([
    '2025-02-29', // not a leap year
    '1900-02-29', // century, not a leap year
    '2025-02-30',
    '2025-04-31',
    '2025-13-01',
    '2025-00-10',
    '2025-01-00',
    '2025-1-5',
    '20250303',
    '2025/03/03',
    '2025-03-03T00:00:00Z',
    ' 2025-03-03',
    '',
    'yesterday',
  ])('rejects %j', (d) => {
    expect(isValidDate(d)).toBe(false);
  });
});

describe('independent of the server\'s time zone', () => {
  const original = process.env.TZ;
  afterEach(() => {
    if (original === undefined) delete process.env.TZ;
    else process.env.TZ = original;
  });

  it.each(['America/Los_Angeles', 'Europe/London', 'Asia/Shanghai', 'Pacific/Kiritimati'])('gives the same answers with TZ=%s', (tz) => {
    process.env.TZ = tz;
    expect(chinaDate(new Date('2025-03-02T17:00:00Z'))).toBe('2025-03-03');
    expect(chinaDate(new Date('2025-03-02T15:59:59Z'))).toBe('2025-03-02');
    expect(chinaMidnight('2025-03-03').toISOString()).toBe('2025-03-02T16:00:00.000Z');
    expect(isValidDate('2025-03-09')).toBe(true); // a US daylight-saving switch day
    expect(toChinaIso(new Date('2025-03-02T17:00:00Z'))).toBe('2025-03-03T01:00:00+08:00');
  });
});

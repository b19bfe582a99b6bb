/** The pages' date rule (src/web/format.ts): a legal date as it is, an instant as its China-time day. */
import { describe, expect, it } from 'vitest';
import { chinaDate, dateZh, legalDate, timeZh } from '../../src/web/format.js';

describe('dates on the pages', () => {
  it('shows an act at 07:30 China time (23:30 UTC the day before) on its China-time day', () => {
    expect(dateZh('2026-12-05T23:30:00.000Z')).toBe('2026年12月6日 周日');
    expect(dateZh('2026-12-06T07:30:00+08:00', false)).toBe('2026年12月6日');
    expect(timeZh('2026-12-05T23:30:00Z')).toBe('2026年12月6日 07:30');
  });

  it('shows a legal date as it is, with its weekday', () => {
    expect(dateZh('2025-03-03')).toBe('2025年3月3日 周一');
    expect(legalDate('2025-02-05')).toBe('2025-02-05');
    expect(dateZh(null)).toBe('—');
  });

  it('turns the last instant of a China day and the first of the next into different days', () => {
    expect(chinaDate('2026-12-06T15:59:59Z')).toBe('2026-12-06');
    expect(chinaDate('2026-12-06T16:00:00Z')).toBe('2026-12-07');
    expect(legalDate('2026-12-31T16:00:00Z')).toBe('2027-01-01');
  });
});

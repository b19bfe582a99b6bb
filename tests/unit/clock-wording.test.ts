/**
 * Explanations stored before the Chinese wording are rewritten line by line (src/clocks/wording.ts).
 * The fixture holds what the old calendar and engine wrote for 137 due-date computations (named
 * and unnamed holidays, make-up days, pauses closed and ongoing, extensions, year periods across
 * Feb 29, provisional years, an administrator's calendar) and four instalments; the rewrite must
 * give exactly what the code writes now for the same input.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { performanceExplanation, yuanZh } from '../../src/clocks/engine.js';
import { rewordLegacyExplanation, rewordLegacyLine } from '../../src/clocks/wording.js';
import { computeDue, WorkCalendar, type DueInput, type YearCalendar } from '../../src/domain/calendar.js';

interface Fixture {
  computed: { input: DueInput; calendar?: YearCalendar[]; explanation: string[] }[];
  performance: { index: number; dueOn: string; amountFen: number; explanation: string[] }[];
}
const fixture = JSON.parse(readFileSync(new URL('./fixtures/legacy-clock-explanations.json', import.meta.url), 'utf8')) as Fixture;

describe('yuanZh', () => {
  it('writes fen as yuan with thousands separators and two decimals', () => {
    expect(yuanZh(123450)).toBe('¥1,234.50');
    expect(yuanZh(5)).toBe('¥0.05');
    expect(yuanZh(100_000_000)).toBe('¥1,000,000.00');
    expect(yuanZh(-99)).toBe('-¥0.99');
    expect(() => yuanZh(1.5)).toThrow(RangeError);
  });

  it('is what the performance clock says', () => {
    expect(performanceExplanation({ index: 2, dueOn: '2026-12-21', amountFen: 123450 })).toEqual(['按协议，第2期应于2026年12月21日前支付¥1,234.50']);
  });
});

describe('rewording the old explanations', () => {
  it('covers every kind of line the old code wrote', () => {
    const shapes = new Set(fixture.computed.flatMap((c) => c.explanation.map((l) => l.replace(/\d{4}-\d{2}-\d{2}/g, 'D').replace(/\d+/g, 'N'))));
    expect(shapes.size).toBeGreaterThanOrEqual(20);
  });

  it.each(fixture.computed.map((c, i) => [i, c] as const))('computation %i reads exactly as the calendar explains it now', (_, c) => {
    const byYear = new Map((c.calendar ?? []).map((y) => [y.year, y]));
    const now = computeDue(c.input, new WorkCalendar((y) => byYear.get(y))).explanation;
    expect(rewordLegacyExplanation(c.explanation)).toEqual(now);
  });

  it.each(fixture.performance.map((p) => [p.index, p] as const))('instalment %i reads as the engine writes it now', (_, p) => {
    expect(rewordLegacyExplanation(p.explanation)).toEqual(performanceExplanation(p));
  });

  it('leaves text in today\'s wording as it is', () => {
    for (const c of fixture.computed.slice(0, 30)) {
      const now = rewordLegacyExplanation(c.explanation);
      expect(rewordLegacyExplanation(now)).toEqual(now);
    }
  });

  it('writes any ISO date in a line it does not know the Chinese way', () => {
    expect(rewordLegacyLine('另行约定 2026-03-09 复查')).toBe('另行约定 2026年3月9日 复查');
    expect(rewordLegacyLine('没有日期')).toBe('没有日期');
    expect(rewordLegacyLine('2026-02-30 不是日期')).toBe('2026-02-30 不是日期');
  });
});

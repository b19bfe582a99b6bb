import { createRequire } from 'node:module';
import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  addCalendarDays,
  addYears,
  checkYearCalendar,
  computeDue,
  daysBetween,
  fromDayNumber,
  legalDateZh,
  officialYear,
  officialYears,
  provisionalYear,
  toDayNumber,
  weekdayName,
  WorkCalendar,
  type ClockUnit,
  type DueInput,
  type YearCalendar,
} from '../../src/domain/calendar.js';

// A fresh calendar for every test. A WorkCalendar builds a year's index the first time it is asked
// and keeps it; with one calendar shared by the file only the first test to ask for a year would
// build it, and mutation testing (issue 24) would judge a change to that building by that one test.
let cal = new WorkCalendar();
beforeEach(() => {
  cal = new WorkCalendar();
});
const due = (input: DueInput, c: WorkCalendar = cal) => computeDue(input, c);
// The package's holiday data is read once per process and kept (officialData). Read it here, while
// the file loads and before any test runs, so that no single test is taken for its only reader.
officialYears();

describe('the chinese-days data these tests rely on', () => {
  // Read straight from the package so that a data update that changes a fact fails here first.
  const raw = createRequire(import.meta.url)('chinese-days/dist/chinese-days.json') as {
    holidays: Record<string, string>;
    workdays: Record<string, string>;
  };
  const holidaysOf = (prefix: string) => Object.keys(raw.holidays).filter((d) => d.startsWith(prefix)).sort();
  const makeupOf = (prefix: string) => Object.keys(raw.workdays).filter((d) => d.startsWith(prefix)).sort();

  it('2025: Spring Festival 01-28..02-04, make-up 01-26 (Sun) and 02-08 (Sat)', () => {
    expect(holidaysOf('2025-01').concat(holidaysOf('2025-02'))).toEqual([
      '2025-01-01', '2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31', '2025-02-01', '2025-02-02', '2025-02-03', '2025-02-04',
    ]);
    expect(makeupOf('2025-01').concat(makeupOf('2025-02'))).toEqual(['2025-01-26', '2025-02-08']);
    expect([weekdayName('2025-01-26'), weekdayName('2025-02-08')]).toEqual(['星期日', '星期六']);
  });

  it('2025: National Day 10-01..10-08 (10-06 Mid-autumn), make-up 09-28 (Sun) and 10-11 (Sat)', () => {
    expect(holidaysOf('2025-10')).toEqual(['2025-10-01', '2025-10-02', '2025-10-03', '2025-10-04', '2025-10-05', '2025-10-06', '2025-10-07', '2025-10-08']);
    expect(raw.holidays['2025-10-06']).toContain('中秋');
    expect(makeupOf('2025-09').concat(makeupOf('2025-10'))).toEqual(['2025-09-28', '2025-10-11']);
    expect(holidaysOf('2025-12')).toEqual([]);
  });

  it('2026: New Year 01-01..01-03 with make-up 01-04 (Sun); Spring Festival 02-15..02-23 with make-up 02-14 and 02-28 (Sat)', () => {
    expect(holidaysOf('2026-01')).toEqual(['2026-01-01', '2026-01-02', '2026-01-03']);
    expect(makeupOf('2026-01')).toEqual(['2026-01-04']);
    expect(holidaysOf('2026-02')).toEqual(['2026-02-15', '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20', '2026-02-21', '2026-02-22', '2026-02-23']);
    expect(makeupOf('2026-02')).toEqual(['2026-02-14', '2026-02-28']);
  });

  it('2026: Mid-autumn 09-25..09-27, National Day 10-01..10-07, make-up 09-20 (Sun) and 10-10 (Sat)', () => {
    expect(holidaysOf('2026-09')).toEqual(['2026-09-25', '2026-09-26', '2026-09-27']);
    expect(holidaysOf('2026-10')).toEqual(['2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07']);
    expect(makeupOf('2026-09').concat(makeupOf('2026-10'))).toEqual(['2026-09-20', '2026-10-10']);
  });

  it('2021-02-28 is an ordinary Sunday', () => {
    expect(raw.holidays['2021-02-28']).toBeUndefined();
    expect(raw.workdays['2021-02-28']).toBeUndefined();
    expect(weekdayName('2021-02-28')).toBe('星期日');
  });
});

describe('plain date arithmetic', () => {
  it('adds calendar days across month, year and leap-day boundaries', () => {
    expect(addCalendarDays('2025-01-20', 15)).toBe('2025-02-04');
    expect(addCalendarDays('2025-12-17', 15)).toBe('2026-01-01');
    expect(addCalendarDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addCalendarDays('2025-02-28', 1)).toBe('2025-03-01');
    expect(addCalendarDays('2025-03-01', -1)).toBe('2025-02-28');
    expect(addCalendarDays('2025-03-30', 0)).toBe('2025-03-30');
  });

  it('counts days between dates', () => {
    expect(daysBetween('2025-01-20', '2025-02-04')).toBe(15);
    expect(daysBetween('2025-02-04', '2025-01-20')).toBe(-15);
    expect(daysBetween('2024-01-01', '2025-01-01')).toBe(366);
  });

  it('adds years on the same month and day, Feb 29 → Feb 28 without one (民法典 art. 202)', () => {
    expect(addYears('2025-01-20', 1)).toBe('2026-01-20');
    expect(addYears('2024-02-29', 1)).toBe('2025-02-28');
    expect(addYears('2024-02-29', 4)).toBe('2028-02-29');
    expect(addYears('2023-02-28', 1)).toBe('2024-02-28');
    expect(addYears('2025-12-31', 1)).toBe('2026-12-31');
  });

  it('rejects what is not a real YYYY-MM-DD date', () => {
    for (const bad of ['2025-02-29', '2025-2-1', '2025-13-01', '2025-00-10', '20250101', '', '2025-01-1x']) {
      expect(() => toDayNumber(bad), bad).toThrow(RangeError);
    }
    expect(() => addCalendarDays('2025-01-01', 1.5)).toThrow(RangeError);
    expect(fromDayNumber(toDayNumber('2024-02-29'))).toBe('2024-02-29');
    expect(toDayNumber('1970-01-01')).toBe(0);
  });
});

describe('year calendars', () => {
  it('ships 2004–2026 from chinese-days', () => {
    const years = officialYears();
    expect(years[0]).toBe(2004);
    expect(years).toContain(2025);
    expect(years).toContain(2026);
    expect(years).toEqual(Array.from({ length: years.length }, (_, i) => 2004 + i));
    const y2025 = officialYear(2025)!;
    expect(y2025).toMatchObject({ year: 2025, official: true, source: 'chinese-days' });
    expect(y2025.holidays).toContain('2025-02-04');
    expect(y2025.makeupWorkdays).toEqual(['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11']);
    expect(y2025.holidayNames?.['2025-02-04']).toBe('春节');
    expect(officialYear(2027)).toBeNull();
    expect(officialYear(1999)).toBeNull();
  });

  it('computes a year without official data on weekends alone', () => {
    expect(provisionalYear(2027)).toEqual({ year: 2027, holidays: [], makeupWorkdays: [], official: false, source: 'weekends-only' });
    expect(cal.yearCalendar(2027)).toMatchObject({ official: false, source: 'weekends-only' });
    expect(cal.yearCalendar(2026)).toMatchObject({ official: true, source: 'chinese-days' });
  });

  it('reports what is wrong with a calendar an administrator loads', () => {
    const good: YearCalendar = { year: 2027, holidays: ['2027-01-01'], makeupWorkdays: ['2027-02-20'], official: true, source: 'admin' };
    expect(checkYearCalendar(good)).toEqual([]);
    const bad: YearCalendar = {
      year: 2027,
      holidays: ['2027-02-30', '2026-12-31', '2027-01-01'],
      makeupWorkdays: ['2027-01-01', '2027-01-05'],
      official: true,
      source: 'admin',
    };
    const problems = checkYearCalendar(bad);
    expect(problems).toHaveLength(5);
    expect(problems.join('\n')).toMatch(/2027-02-30 is not a date/);
    expect(problems.join('\n')).toMatch(/2026-12-31 is not in 2027/);
    expect(problems.join('\n')).toMatch(/2027-01-05 is not a Saturday or Sunday/);
    expect(problems.join('\n')).toMatch(/2027-01-01 is both/);
    // The calendar still applies what is usable, so one bad row cannot stop every clock.
    const lenient = new WorkCalendar((y) => (y === 2027 ? bad : undefined));
    expect(lenient.isWorkingDay('2027-01-01')).toBe(true); // listed both ways: the make-up wins
    expect(lenient.isWorkingDay('2027-03-01')).toBe(true);
    expect(lenient.isWorkingDay('2026-12-31')).toBe(true); // 2026 comes from the package, not from the 2027 row
  });
});

describe('WorkCalendar', () => {
  it('knows working days: weekdays, holidays, make-up weekend days', () => {
    expect(cal.isWorkingDay('2025-01-27')).toBe(true); // Monday before Spring Festival
    expect(cal.isWorkingDay('2025-01-28')).toBe(false); // holiday, Tuesday
    expect(cal.isWorkingDay('2025-02-01')).toBe(false); // holiday, Saturday
    expect(cal.isWorkingDay('2025-01-26')).toBe(true); // make-up Sunday
    expect(cal.isWorkingDay('2025-02-08')).toBe(true); // make-up Saturday
    expect(cal.isWorkingDay('2025-02-09')).toBe(false); // ordinary Sunday
    expect(cal.isWorkingDay('2026-01-04')).toBe(true); // make-up Sunday
    expect(cal.isWorkingDay('2026-10-07')).toBe(false);
    expect(cal.isWorkingDay('2026-10-10')).toBe(true);
    expect(cal.isWorkingDay('2027-01-01')).toBe(true); // no 2027 data: an ordinary Friday
  });

  it('adds working days, skipping holidays and counting make-up days', () => {
    expect(cal.addWorkingDays('2025-09-26', 5)).toBe('2025-10-10');
    expect(cal.addWorkingDays('2025-09-26', 0)).toBe('2025-09-26');
    expect(cal.addWorkingDays('2025-10-01', 0)).toBe('2025-10-01');
    expect(cal.addWorkingDays('2025-09-30', 1)).toBe('2025-10-09');
    expect(cal.addWorkingDays('2025-12-30', 3)).toBe('2026-01-05'); // 12-31, 01-04 (Sun), 01-05
    expect(cal.addWorkingDays('2024-12-31', 250)).toBe(cal.addWorkingDays(cal.addWorkingDays('2024-12-31', 100), 150));
    expect(() => cal.addWorkingDays('2025-01-01', -1)).toThrow(RangeError);
  });

  it('counts working days in (from, to]', () => {
    expect(cal.workingDaysBetween('2025-09-26', '2025-10-10')).toBe(5);
    expect(cal.workingDaysBetween('2025-10-10', '2025-09-26')).toBe(0);
    expect(cal.workingDaysBetween('2025-10-10', '2025-10-10')).toBe(0);
    expect(cal.workingDaysBetween('2025-09-30', '2025-10-08')).toBe(0);
    expect(cal.workingDaysBetween('2024-12-31', '2025-12-31')).toBe(countNaive(cal, '2024-12-31', '2025-12-31'));
  });

  it('finds the next working day on or after a date', () => {
    expect(cal.nextWorkingDayOnOrAfter('2025-02-04')).toBe('2025-02-05');
    expect(cal.nextWorkingDayOnOrAfter('2025-02-05')).toBe('2025-02-05');
    expect(cal.nextWorkingDayOnOrAfter('2026-01-01')).toBe('2026-01-04');
    expect(cal.nextWorkingDayOnOrAfter('2026-10-01')).toBe('2026-10-08');
  });

  it('gives the due-soon limit: at most n working days left', () => {
    // 2025-09-26 (Fri): 09-28, 09-29, 09-30 are the next three working days; the fourth is 10-09.
    expect(cal.dueSoonLimit('2025-09-26')).toBe('2025-10-08');
    // 2025-09-30: 10-09, 10-10, 10-11 (Sat, make-up); the fourth is 10-13.
    expect(cal.dueSoonLimit('2025-09-30')).toBe('2025-10-12');
    expect(cal.dueSoonLimit('2025-09-30', 0)).toBe('2025-10-08');
    expect(cal.dueSoonLimit('2025-12-30', 1)).toBe('2026-01-03');
  });

  it('takes an administrator-loaded year from lookup over the package, and forgets on request', () => {
    const loaded = new Map<number, YearCalendar>();
    const admin = new WorkCalendar((y) => loaded.get(y));
    // Nothing loaded: the package for 2025, weekends for 2027.
    expect(admin.isWorkingDay('2025-02-04')).toBe(false);
    expect(admin.yearCalendar(2027).official).toBe(false);

    loaded.set(2025, { ...officialYear(2025)!, holidays: officialYear(2025)!.holidays.filter((d) => d !== '2025-02-04'), source: 'admin', holidayNames: undefined });
    loaded.set(2027, { year: 2027, holidays: ['2027-01-01'], makeupWorkdays: [], official: true, source: 'admin' });
    // Cached until told otherwise.
    expect(admin.isWorkingDay('2025-02-04')).toBe(false);
    admin.forget(2025);
    expect(admin.isWorkingDay('2025-02-04')).toBe(true);
    admin.forget();
    expect(admin.yearCalendar(2027)).toMatchObject({ official: true, source: 'admin' });
    expect(admin.isWorkingDay('2027-01-01')).toBe(false);
  });

  it('rejects years it cannot represent', () => {
    expect(() => cal.yearCalendar(10000)).toThrow(RangeError);
    expect(() => cal.yearCalendar(2025.5)).toThrow(RangeError);
  });
});

describe('computeDue: the SPEC §5 examples', () => {
  it('mediation received 2025-01-20, 15 days → 2025-02-04 is Spring Festival → due 2025-02-05', () => {
    const r = due({ startedOn: '2025-01-20', unit: 'calendar', length: 15, startEvent: '收到申请' });
    expect(r).toMatchObject({ dueOn: '2025-02-05', pausedDays: 0, calendarYears: [2025], provisional: false });
    expect(r.explanation).toContain('2025年1月20日收到申请，当日不计入');
    expect(r.explanation).toContain('起算后第15日为2025年2月4日');
    expect(r.explanation).toContain('2025年2月4日为法定节假日（春节），顺延至2025年2月5日');
  });

  it('arbitration received 2025-09-26, 5 working days → 09-28, 09-29, 09-30, 10-09, 10-10', () => {
    const r = due({ startedOn: '2025-09-26', unit: 'working', length: 5 });
    expect(r).toMatchObject({ dueOn: '2025-10-10', pausedDays: 0, calendarYears: [2025], provisional: false });
    expect(r.explanation[0]).toBe('2025年9月26日为起算日，当日不计入');
    expect(r.explanation).toContain('起算后第5个工作日为2025年10月10日');
    expect(r.explanation).toContain('其间2025年9月28日（星期日）为调休上班日，计入');
    expect(r.explanation.some((s) => s.includes('国庆节') && s.includes('不计入'))).toBe(true);
  });
});

describe('computeDue: calendar periods over real holidays', () => {
  const cases: [string, string, number, string][] = [
    // [why, startedOn, length, dueOn]
    ['ends on the 2025 make-up Sunday 01-26', '2025-01-11', 15, '2025-01-26'],
    ['ends on the 2025 make-up Saturday 02-08', '2025-01-24', 15, '2025-02-08'],
    ['ends on a Saturday inside Spring Festival 2025', '2025-01-17', 15, '2025-02-05'],
    ['ends on an ordinary Sunday', '2025-01-25', 15, '2025-02-10'],
    ['ends on National Day 2025', '2025-09-16', 15, '2025-10-09'],
    ['ends on Mid-autumn 2025 (10-06)', '2025-09-21', 15, '2025-10-09'],
    ['ends on the 2025 make-up Saturday 10-11', '2025-09-26', 15, '2025-10-11'],
    ['ends in Spring Festival 2026', '2026-02-01', 15, '2026-02-24'],
    ['ends on the 2026 make-up Saturday 02-14', '2026-01-30', 15, '2026-02-14'],
    ['ends on the 2026 make-up Saturday 02-28', '2026-02-13', 15, '2026-02-28'],
    ['ends on the 2026 make-up Sunday 09-20', '2026-09-05', 15, '2026-09-20'],
    ['ends on Mid-autumn 2026 (09-26, Sat)', '2026-09-11', 15, '2026-09-28'],
    ['ends on National Day 2026', '2026-09-16', 15, '2026-10-08'],
    ['ends on the 2026 make-up Saturday 10-10', '2026-09-25', 15, '2026-10-10'],
    ['ends on 2025-12-31 (Wednesday)', '2025-12-16', 15, '2025-12-31'],
    ['ends in the 2026 New Year holiday → make-up Sunday 01-04', '2025-12-17', 15, '2026-01-04'],
    ['ends on 2026-01-03 (holiday Saturday)', '2025-12-19', 15, '2026-01-04'],
    ['arbitration award, 45 days, ends on 2025-10-04', '2025-08-20', 45, '2025-10-09'],
    ['30-day confirmation window across Spring Festival 2026', '2026-01-20', 30, '2026-02-24'],
  ];
  it.each(cases)('%s', (_why, startedOn, length, dueOn) => {
    expect(due({ startedOn, unit: 'calendar', length }).dueOn).toBe(dueOn);
  });

  it('names the weekday when the last day is an ordinary weekend day', () => {
    expect(due({ startedOn: '2025-01-25', unit: 'calendar', length: 15 }).explanation).toContain('2025年2月9日为星期日，顺延至2025年2月10日');
  });

  it('consults only the years whose days it looked at', () => {
    expect(due({ startedOn: '2025-12-16', unit: 'calendar', length: 15 }).calendarYears).toEqual([2025]);
    expect(due({ startedOn: '2025-12-17', unit: 'calendar', length: 15 }).calendarYears).toEqual([2026]);
  });
});

describe('computeDue: working periods over real holidays', () => {
  const cases: [string, string, number, string, number[]][] = [
    ['over Spring Festival 2025', '2025-01-24', 3, '2025-02-05', [2025]], // 01-26 (Sun), 01-27, 02-05
    ['over Spring Festival 2026 with make-up 02-14', '2026-02-12', 5, '2026-02-26', [2026]], // 02-13, 02-14, 02-24, 02-25, 02-26
    ['over make-up Sunday 2026-09-20', '2026-09-18', 3, '2026-09-22', [2026]],
    ['over National Day 2026 with make-up 10-10', '2026-09-29', 5, '2026-10-12', [2026]], // 09-30, 10-08, 10-09, 10-10, 10-12
    ['referral sent on the last day of 2025', '2025-12-31', 3, '2026-01-06', [2026]], // 01-04, 01-05, 01-06
    ['across the year end', '2025-12-30', 3, '2026-01-05', [2025, 2026]],
    ['a holiday start day', '2025-10-03', 1, '2025-10-09', [2025]],
  ];
  it.each(cases)('%s', (_why, startedOn, length, dueOn, years) => {
    const r = due({ startedOn, unit: 'working', length });
    expect(r.dueOn).toBe(dueOn);
    expect(r.calendarYears).toEqual(years);
    expect(r.provisional).toBe(false);
  });
});

describe('computeDue: year periods and leap days', () => {
  it('2024-02-29 + 1 year → 2025-02-28, a Friday: no roll-forward', () => {
    const r = due({ startedOn: '2024-02-29', unit: 'year', length: 1 });
    expect(r).toMatchObject({ dueOn: '2025-02-28', calendarYears: [2025], provisional: false });
    expect(r.explanation).toContain('1年后的2025年没有2月29日，以该月最后一日2025年2月28日为对应日');
  });

  it('2024-02-29 + 2 years → 2026-02-28, a make-up Saturday: stays', () => {
    expect(due({ startedOn: '2024-02-29', unit: 'year', length: 2 }).dueOn).toBe('2026-02-28');
  });

  it('2020-02-29 + 1 year → 2021-02-28, a Sunday: rolls to 2021-03-01', () => {
    const r = due({ startedOn: '2020-02-29', unit: 'year', length: 1 });
    expect(r.dueOn).toBe('2021-03-01');
    expect(r.explanation).toContain('2021年2月28日为星期日，顺延至2021年3月1日');
  });

  it('2024-02-29 + 4 years → 2028-02-29, provisional', () => {
    expect(due({ startedOn: '2024-02-29', unit: 'year', length: 4 })).toMatchObject({ dueOn: '2028-02-29', calendarYears: [2028], provisional: true });
  });

  it('rolls a limitation period out of holidays', () => {
    expect(due({ startedOn: '2025-01-04', unit: 'year', length: 1 }).dueOn).toBe('2026-01-04'); // make-up Sunday
    expect(due({ startedOn: '2025-01-01', unit: 'year', length: 1 }).dueOn).toBe('2026-01-04'); // New Year holiday
    expect(due({ startedOn: '2025-10-01', unit: 'year', length: 1 }).dueOn).toBe('2026-10-08');
    expect(due({ startedOn: '2025-02-17', unit: 'year', length: 1 }).dueOn).toBe('2026-02-24');
    expect(due({ startedOn: '2024-12-31', unit: 'year', length: 1 }).dueOn).toBe('2025-12-31');
  });

  it('adds extension and paused days after the anniversary, in calendar days', () => {
    // 2025-02-28 + 3 = 2025-03-03 (Monday).
    expect(due({ startedOn: '2024-02-29', unit: 'year', length: 1, extensionDays: 3 }).dueOn).toBe('2025-03-03');
    // 2025-01-25 + 10 paused days = 2025-02-04, in Spring Festival → 02-05.
    const r = due({ startedOn: '2024-01-25', unit: 'year', length: 1, pauses: [{ from: '2024-06-01', to: '2024-06-11' }] });
    expect(r).toMatchObject({ dueOn: '2025-02-05', pausedDays: 10, calendarYears: [2025] });
  });
});

describe('computeDue: pauses', () => {
  it('a calendar pause across Spring Festival lengthens by calendar days', () => {
    // Paused 01-27 → resumed 02-05: 9 days; 02-04 + 9 = 02-13 (Thursday).
    const r = due({ startedOn: '2025-01-20', unit: 'calendar', length: 15, pauses: [{ from: '2025-01-27', to: '2025-02-05' }] });
    expect(r).toMatchObject({ dueOn: '2025-02-13', pausedDays: 9 });
    expect(r.explanation).toContain('2025年1月27日至2025年2月5日中止，计9日');
    expect(r.explanation).toContain('合计24日');
  });

  it('a working pause across National Day counts only working days in [P, R)', () => {
    // [09-30, 10-10): 09-30 and 10-09 → 2; 7 working days: …, 10-10, 10-11 (Sat, make-up), 10-13.
    const r = due({ startedOn: '2025-09-26', unit: 'working', length: 5, pauses: [{ from: '2025-09-30', to: '2025-10-10' }] });
    expect(r).toMatchObject({ dueOn: '2025-10-13', pausedDays: 2 });
    expect(r.explanation).toContain('2025年9月30日至2025年10月10日中止，计2个工作日');
  });

  it('a pause entirely inside a holiday does not lengthen a working period', () => {
    const r = due({ startedOn: '2026-02-12', unit: 'working', length: 5, pauses: [{ from: '2026-02-15', to: '2026-02-24' }] });
    expect(r).toMatchObject({ dueOn: '2026-02-26', pausedDays: 0 });
  });

  it('an ongoing pause counts up to asOf, or nothing without one', () => {
    const base = { startedOn: '2025-09-26', unit: 'working' as const, length: 5 };
    expect(due({ ...base, pauses: [{ from: '2025-10-01', to: null }] }).pausedDays).toBe(0);
    expect(due({ ...base, pauses: [{ from: '2025-10-01', to: null }], asOf: '2025-10-09' }).pausedDays).toBe(0);
    const r = due({ ...base, pauses: [{ from: '2025-10-01', to: null }], asOf: '2025-10-10' });
    expect(r).toMatchObject({ pausedDays: 1, dueOn: '2025-10-11' });
    expect(r.explanation).toContain('自2025年10月1日起中止，截至2025年10月10日计1个工作日');
    const c = due({ startedOn: '2025-01-20', unit: 'calendar', length: 15, pauses: [{ from: '2025-01-22', to: null }], asOf: '2025-01-25' });
    expect(c).toMatchObject({ pausedDays: 3, dueOn: '2025-02-07' });
    // asOf before the pause began: nothing yet.
    expect(due({ ...base, pauses: [{ from: '2025-10-09', to: null }], asOf: '2025-10-01' }).pausedDays).toBe(0);
  });

  it('counts overlapping pauses once and ignores days before the start', () => {
    const r = due({
      startedOn: '2025-03-03',
      unit: 'calendar',
      length: 15,
      pauses: [
        { from: '2025-03-05', to: '2025-03-10' },
        { from: '2025-03-08', to: '2025-03-12' },
        { from: '2025-02-20', to: '2025-03-03' },
      ],
    });
    expect(r.pausedDays).toBe(7); // [03-05, 03-12)
    expect(r.dueOn).toBe('2025-03-25');
  });

  it('rejects a pause that resumes before it starts', () => {
    expect(() => due({ startedOn: '2025-03-03', unit: 'calendar', length: 15, pauses: [{ from: '2025-03-10', to: '2025-03-05' }] })).toThrow(RangeError);
  });
});

describe('computeDue: extensions', () => {
  it('arbitration award 45 + 15 is recomputed from the start', () => {
    // 2025-08-20 + 60 = 2025-10-19, a Sunday → 10-20.
    const r = due({ startedOn: '2025-08-20', unit: 'calendar', length: 45, extensionDays: 15 });
    expect(r.dueOn).toBe('2025-10-20');
    expect(r.explanation).toContain('延长15日');
    expect(r.explanation).toContain('合计60日');
    expect(r.dueOn).toBe(due({ startedOn: '2025-08-20', unit: 'calendar', length: 60 }).dueOn);
  });

  it('an extension and a pause add up', () => {
    // 45 + 15 + 5 = 65 → 2025-10-24 (Friday).
    const r = due({ startedOn: '2025-08-20', unit: 'calendar', length: 45, extensionDays: 15, pauses: [{ from: '2025-09-01', to: '2025-09-06' }] });
    expect(r).toMatchObject({ dueOn: '2025-10-24', pausedDays: 5 });
  });

  it('a working extension is in working days', () => {
    // 7 working days after 2025-09-26: …, 10-10, 10-11 (make-up), 10-13.
    expect(due({ startedOn: '2025-09-26', unit: 'working', length: 5, extensionDays: 2 }).dueOn).toBe('2025-10-13');
  });

  it('rejects lengths and extensions that are not whole non-negative numbers', () => {
    expect(() => due({ startedOn: '2025-01-01', unit: 'calendar', length: -1 })).toThrow(RangeError);
    expect(() => due({ startedOn: '2025-01-01', unit: 'calendar', length: 1.5 })).toThrow(RangeError);
    expect(() => due({ startedOn: '2025-01-01', unit: 'calendar', length: 15, extensionDays: -3 })).toThrow(RangeError);
    expect(() => due({ startedOn: '2025-01-01', unit: 'weeks' as ClockUnit, length: 15 })).toThrow(RangeError);
    expect(() => due({ startedOn: '2025-02-30', unit: 'calendar', length: 15 })).toThrow(RangeError);
  });
});

describe('computeDue: provisional and administrator-loaded years', () => {
  it('2027 has no official data: weekends only, provisional', () => {
    // 2026-12-17 + 15 = 2027-01-01: a Friday, a working day on weekends alone.
    const r = due({ startedOn: '2026-12-17', unit: 'calendar', length: 15 });
    expect(r).toMatchObject({ dueOn: '2027-01-01', calendarYears: [2027], provisional: true });
    expect(r.explanation).toContain('2027年尚无官方节假日安排，按周末推算，结果为暂定');
    expect(r.explanation[r.explanation.length - 1]).toBe('届满日为2027年1月1日');
  });

  it('a working period reaching into 2027 is provisional and consults both years', () => {
    const r = due({ startedOn: '2026-12-30', unit: 'working', length: 3 });
    expect(r).toMatchObject({ dueOn: '2027-01-04', calendarYears: [2026, 2027], provisional: true });
  });

  it('a period that stays in official years is not provisional even near the edge', () => {
    expect(due({ startedOn: '2026-12-01', unit: 'calendar', length: 15 })).toMatchObject({ dueOn: '2026-12-16', calendarYears: [2026], provisional: false });
  });

  it('an admin-loaded 2027 through lookup makes it official and moves the date', () => {
    const admin2027: YearCalendar = { year: 2027, holidays: ['2027-01-01', '2027-01-02', '2027-01-03'], makeupWorkdays: [], official: true, source: 'admin' };
    const admin = new WorkCalendar((y) => (y === 2027 ? admin2027 : undefined));
    const r = due({ startedOn: '2026-12-17', unit: 'calendar', length: 15 }, admin);
    expect(r).toMatchObject({ dueOn: '2027-01-04', calendarYears: [2027], provisional: false });
    // No names were loaded, so the explanation says only that it is a holiday.
    expect(r.explanation).toContain('2027年1月1日为法定节假日，顺延至2027年1月4日');
  });

  it('an admin-loaded year overrides the package', () => {
    const y2025 = officialYear(2025)!;
    const amended: YearCalendar = { year: 2025, holidays: y2025.holidays.filter((d) => d !== '2025-02-04'), makeupWorkdays: y2025.makeupWorkdays, official: true, source: 'admin' };
    const admin = new WorkCalendar((y) => (y === 2025 ? amended : undefined));
    expect(due({ startedOn: '2025-01-20', unit: 'calendar', length: 15 }, admin).dueOn).toBe('2025-02-04');
    expect(due({ startedOn: '2025-01-19', unit: 'calendar', length: 15 }, admin).explanation).toContain('2025年2月3日为法定节假日（春节），顺延至2025年2月4日');
    // A provisional admin load still marks the clock provisional.
    const weekends = new WorkCalendar((y) => (y === 2025 ? provisionalYear(2025) : undefined));
    expect(due({ startedOn: '2025-01-20', unit: 'calendar', length: 15 }, weekends)).toMatchObject({ dueOn: '2025-02-04', provisional: true });
  });
});

// ---------------------------------------------------------------------------------------------
// Properties, over 2004–2027 (2027 is weekends only).

function countNaive(c: WorkCalendar, fromExclusive: string, toInclusive: string): number {
  let n = 0;
  for (let d = toDayNumber(fromExclusive) + 1; d <= toDayNumber(toInclusive); d++) if (c.isWorkingDay(fromDayNumber(d))) n++;
  return n;
}

const FIRST = toDayNumber('2004-01-01');
const LAST = toDayNumber('2027-06-30');
const dateArb = fc.integer({ min: FIRST, max: LAST }).map(fromDayNumber);
const unitArb = fc.constantFrom<ClockUnit>('calendar', 'working', 'year');
const lengthFor = (unit: ClockUnit) => (unit === 'year' ? fc.integer({ min: 0, max: 3 }) : fc.integer({ min: 0, max: 120 }));
const inputArb = unitArb.chain((unit) =>
  fc.record({ startedOn: dateArb, unit: fc.constant(unit), length: lengthFor(unit), extensionDays: fc.integer({ min: 0, max: 20 }) }),
);
const pauseArb = fc.record({ offset: fc.integer({ min: 0, max: 60 }), days: fc.integer({ min: 0, max: 40 }), more: fc.integer({ min: 1, max: 30 }) });
const withPause = (input: DueInput, offset: number, days: number): DueInput => {
  const from = addCalendarDays(input.startedOn, offset);
  return { ...input, pauses: [{ from, to: addCalendarDays(from, days) }] };
};

describe('properties', () => {
  it('explains every due date in Chinese: Chinese-form dates, no ISO dates, no Latin letters, ending on the due date', () => {
    fc.assert(
      fc.property(inputArb, pauseArb, fc.boolean(), (input, p, paused) => {
        const r = due(paused ? withPause(input, p.offset, p.days) : input);
        for (const line of r.explanation) {
          expect(line).not.toMatch(/\d{4}-\d{2}-\d{2}/);
          expect(line).not.toMatch(/[A-Za-z]/);
        }
        expect(r.explanation[r.explanation.length - 1]).toBe(`届满日为${legalDateZh(r.dueOn)}`);
        expect(r.explanation[0].startsWith(legalDateZh(input.startedOn))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('a calendar or year period never ends on a non-working day, and rolls no further than needed', () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: 0, max: 120 }), fc.integer({ min: 0, max: 3 }), (startedOn, days, years) => {
        for (const input of [
          { startedOn, unit: 'calendar' as const, length: days },
          { startedOn, unit: 'year' as const, length: years },
        ]) {
          const r = due(input);
          expect(cal.isWorkingDay(r.dueOn)).toBe(true);
          const nominal = input.unit === 'calendar' ? addCalendarDays(startedOn, days) : addYears(startedOn, years);
          expect(r.dueOn >= nominal).toBe(true);
          expect(cal.workingDaysBetween(addCalendarDays(nominal, -1), addCalendarDays(r.dueOn, -1))).toBe(0);
          expect(r.calendarYears).toContain(Number(r.dueOn.slice(0, 4)));
          expect(r.provisional).toBe(r.calendarYears.some((y) => y > 2026));
        }
      }),
      { numRuns: 400 },
    );
  });

  it('a working period of N days holds exactly N working days after the start and ends on one', () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: 1, max: 300 }), (startedOn, n) => {
        const r = due({ startedOn, unit: 'working', length: n });
        expect(cal.isWorkingDay(r.dueOn)).toBe(true);
        expect(cal.workingDaysBetween(startedOn, r.dueOn)).toBe(n);
        expect(cal.workingDaysBetween(startedOn, addCalendarDays(r.dueOn, -1))).toBe(n - 1);
        expect(r.dueOn).toBe(cal.addWorkingDays(startedOn, n));
      }),
      { numRuns: 400 },
    );
  });

  it('the year-jumping working-day arithmetic agrees with a day-by-day count', () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: 0, max: 800 }), (from, span) => {
        const to = addCalendarDays(from, span);
        const n = countNaive(cal, from, to);
        expect(cal.workingDaysBetween(from, to)).toBe(n);
        if (n > 0) expect(cal.addWorkingDays(from, n) <= to).toBe(true);
        expect(cal.addWorkingDays(from, n + 1) > to).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  it('due dates never move earlier when N grows', () => {
    fc.assert(
      fc.property(inputArb, fc.integer({ min: 1, max: 30 }), (input, more) => {
        const longer = { ...input, length: input.length + (input.unit === 'year' ? 1 : more) };
        expect(due(longer).dueOn >= due(input).dueOn).toBe(true);
        const extended = { ...input, extensionDays: (input.extensionDays ?? 0) + more };
        expect(due(extended).dueOn >= due(input).dueOn).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('due dates never move earlier when a pause is added or lengthened', () => {
    fc.assert(
      fc.property(inputArb, pauseArb, (input, { offset, days, more }) => {
        const plain = due(input);
        const paused = due(withPause(input, offset, days));
        const longer = due(withPause(input, offset, days + more));
        expect(paused.dueOn >= plain.dueOn).toBe(true);
        expect(longer.dueOn >= paused.dueOn).toBe(true);
        expect(longer.pausedDays >= paused.pausedDays).toBe(true);
        if (input.unit !== 'working') expect(paused.pausedDays).toBe(days);
      }),
      { numRuns: 300 },
    );
  });

  it('an extension is the same as a longer period counted from the start', () => {
    fc.assert(
      fc.property(inputArb.filter((i) => i.unit !== 'year'), (input) => {
        const { extensionDays = 0, ...rest } = input;
        expect(due(input).dueOn).toBe(due({ ...rest, length: input.length + extensionDays }).dueOn);
      }),
      { numRuns: 200 },
    );
  });

  it('dueSoonLimit is consistent with workingDaysBetween', () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: 0, max: 10 }), (today, n) => {
        const limit = cal.dueSoonLimit(today, n);
        expect(limit >= today).toBe(true);
        expect(cal.workingDaysBetween(today, limit)).toBeLessThanOrEqual(n);
        expect(cal.workingDaysBetween(today, addCalendarDays(limit, 1))).toBe(n + 1);
      }),
      { numRuns: 300 },
    );
  });

  it('addYears keeps the month and the day, or the month’s last day', () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: -20, max: 20 }), (date, n) => {
        const r = addYears(date, n);
        expect(Number(r.slice(0, 4))).toBe(Number(date.slice(0, 4)) + n);
        expect(r.slice(5, 7)).toBe(date.slice(5, 7));
        if (date.slice(5) !== '02-29') expect(r.slice(5)).toBe(date.slice(5));
        else expect(['02-28', '02-29']).toContain(r.slice(5));
      }),
      { numRuns: 300 },
    );
  });
});

describe('legalDateZh', () => {
  it('writes a legal date the Chinese way, without leading zeros', () => {
    expect(legalDateZh('2026-12-21')).toBe('2026年12月21日');
    expect(legalDateZh('2025-01-05')).toBe('2025年1月5日');
    expect(legalDateZh('2024-02-29')).toBe('2024年2月29日');
    expect(() => legalDateZh('2025-02-29')).toThrow(RangeError);
    expect(() => legalDateZh('2025-1-5')).toThrow(RangeError);
  });
});

// ---------------------------------------------------------------------------------------------
// Issue 24: what mutation testing found no test for.

/** The Gregorian rule, as the platform's own calendar applies it: 29 February exists. */
const hasLeapDay = (y: number) => new Date(Date.UTC(y, 1, 29)).getUTCDate() === 29;
/** Working days of a year on weekends alone, counted on the platform's calendar day by day. */
const weekdaysOf = (y: number) => {
  let n = 0;
  for (let t = Date.UTC(y, 0, 1); new Date(t).getUTCFullYear() === y; t += 86_400_000) if (new Date(t).getUTCDay() % 6 !== 0) n++;
  return n;
};

const lastWeekday = (y: number) => {
  let t = Date.UTC(y, 11, 31);
  while (new Date(t).getUTCDay() % 6 === 0) t -= 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
};

describe('century years and the edges of the representable range', () => {
  it('1900 and 2100 have no 29 February; 2000 has one (a century year is leap only when divisible by 400)', () => {
    expect(() => toDayNumber('1900-02-29')).toThrow(RangeError);
    expect(() => toDayNumber('2100-02-29')).toThrow(RangeError);
    expect(toDayNumber('2000-02-29')).toBe(toDayNumber('2000-02-28') + 1);
    expect(addYears('2096-02-29', 4)).toBe('2100-02-28');
    expect(addYears('1996-02-29', 4)).toBe('2000-02-29');
    expect(addCalendarDays('2100-02-28', 1)).toBe('2100-03-01');
    expect(daysBetween('2100-01-01', '2101-01-01')).toBe(365);
    // A year on weekends alone: 2100 starts on a Friday and has 365 days, 261 of them Monday–Friday.
    expect(cal.workingDaysBetween('2099-12-31', '2100-12-31')).toBe(261);
  });

  it('any year: 29 February exists exactly when the Gregorian calendar has it, and the year has as many working days as weekdays', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1001, max: 9998 }), (y) => {
        const leap = `${y}-02-29`;
        if (hasLeapDay(y)) expect(fromDayNumber(toDayNumber(leap))).toBe(leap);
        else expect(() => toDayNumber(leap)).toThrow(RangeError);
        expect(daysBetween(`${y}-01-01`, `${y + 1}-01-01`)).toBe(hasLeapDay(y) ? 366 : 365);
        if (officialYear(y) === null) {
          expect(cal.workingDaysBetween(`${y - 1}-12-31`, `${y}-12-31`)).toBe(weekdaysOf(y));
          // The year's last working day is its weekdaysOf(y)-th.
          expect(cal.addWorkingDays(`${y - 1}-12-31`, weekdaysOf(y))).toBe(cal.nextWorkingDayOnOrAfter(`${y}-12-31`) === `${y}-12-31` ? `${y}-12-31` : lastWeekday(y));
        }
      }),
      { numRuns: 200 },
    );
  });

  it('dates run from 1000-01-01 to 9999-12-31: a year of 999 or 10000 is refused everywhere', () => {
    expect(toDayNumber('1000-01-01')).toBeLessThan(0);
    expect(() => toDayNumber('0999-12-31')).toThrow('not a date (YYYY-MM-DD): 0999-12-31');
    expect(() => addCalendarDays('9999-12-31', 1)).toThrow('date out of range (year 1000–9999)');
    expect(addCalendarDays('9999-12-30', 1)).toBe('9999-12-31');
    expect(addYears('9998-03-01', 1)).toBe('9999-03-01');
    expect(addYears('1001-03-01', -1)).toBe('1000-03-01');
    expect(() => addYears('9999-03-01', 1)).toThrow('date out of range: 9999-03-01 + 1 years');
    expect(() => addYears('1000-03-01', -1)).toThrow('date out of range: 1000-03-01 + -1 years');
    expect(cal.yearCalendar(1000).official).toBe(false);
    expect(cal.yearCalendar(9999).official).toBe(false);
    expect(() => cal.yearCalendar(999)).toThrow('year out of range (1000–9999): 999');
    expect(() => cal.yearCalendar(10000)).toThrow('year out of range (1000–9999): 10000');
  });

  it('an administrator’s calendar for year 999 or 10000 is refused by the check before it is stored; 1000 and 9999 pass', () => {
    const year = (y: number): YearCalendar => ({ year: y, holidays: [], makeupWorkdays: [], official: true, source: 'admin' });
    expect(checkYearCalendar(year(999))).toEqual(['year 999 is out of range']);
    expect(checkYearCalendar(year(10000))).toEqual(['year 10000 is out of range']);
    expect(checkYearCalendar(year(2027.5))).toEqual(['year 2027.5 is out of range']);
    expect(checkYearCalendar(year(1000))).toEqual([]);
    expect(checkYearCalendar(year(9999))).toEqual([]);
    expect(checkYearCalendar({ ...year(2027), holidays: ['2027-02-30'] })).toEqual(['holiday 2027-02-30 is not a date']);
    expect(checkYearCalendar({ ...year(2027), makeupWorkdays: ['2027-02-30'] })).toEqual(['make-up working day 2027-02-30 is not a date']);
  });

  it('every year the package ships passes the check an administrator’s load must pass, its days in date order', () => {
    for (const y of officialYears()) {
      const c = officialYear(y)!;
      expect(checkYearCalendar(c), String(y)).toEqual([]);
      expect(c.holidays, String(y)).toEqual([...c.holidays].sort());
      expect(c.makeupWorkdays, String(y)).toEqual([...c.makeupWorkdays].sort());
      expect(c.holidays.length, String(y)).toBeGreaterThan(0);
    }
  });

  it('refusals say what was wrong', () => {
    expect(() => toDayNumber(null as unknown as string)).toThrow('not a date (YYYY-MM-DD): null');
    expect(() => toDayNumber('2025-02-30')).toThrow('not a date (YYYY-MM-DD): 2025-02-30');
    expect(() => toDayNumber('2025-+1-01')).toThrow(RangeError);
    expect(() => toDayNumber('2025- 1-01')).toThrow(RangeError);
    // Day 0 and day 31 of a 30-day month are no days (not the last day of the month before, nor the 1st of the next).
    expect(() => toDayNumber('2025-01-00')).toThrow('not a date (YYYY-MM-DD): 2025-01-00');
    expect(() => toDayNumber('2025-04-31')).toThrow('not a date (YYYY-MM-DD): 2025-04-31');
    expect(() => addCalendarDays('2025-01-01', 1.5)).toThrow('n must be an integer: 1.5');
    expect(() => addYears('2025-01-01', 0.5)).toThrow('n must be an integer: 0.5');
    expect(() => provisionalYear(2027.5)).toThrow('year must be an integer: 2027.5');
    expect(() => cal.addWorkingDays('2025-01-01', -1)).toThrow('n must be an integer >= 0: -1');
    expect(() => cal.dueSoonLimit('2025-01-01', -1)).toThrow('n must be an integer >= 0: -1');
    expect(() => due({ startedOn: '2025-01-01', unit: 'calendar', length: -1 })).toThrow('length must be an integer >= 0: -1');
    expect(() => due({ startedOn: '2025-01-01', unit: 'calendar', length: 1, extensionDays: -1 })).toThrow('extensionDays must be an integer >= 0: -1');
    expect(() => due({ startedOn: '2025-01-01', unit: 'weeks' as ClockUnit, length: 1 })).toThrow('unknown clock unit: weeks');
    expect(() => due({ startedOn: '2025-03-03', unit: 'calendar', length: 15, pauses: [{ from: '2025-03-10', to: '2025-03-05' }] })).toThrow(
      'pause resumes (2025-03-05) before it starts (2025-03-10)',
    );
  });
});

describe('which years a computation consulted, and forgetting one', () => {
  it('reports the years in ascending order, and an outer call also sees the inner one’s', () => {
    const outer = cal.withConsultedYears(() => {
      cal.isWorkingDay('2026-01-05');
      const inner = cal.withConsultedYears(() => cal.isWorkingDay('2024-01-05'));
      expect(inner.years).toEqual([2024]);
      cal.isWorkingDay('2025-01-06');
      return inner.result;
    });
    expect(outer).toEqual({ result: true, years: [2024, 2025, 2026] });
    // Outside any call nothing is recorded.
    cal.isWorkingDay('2027-01-05');
    expect(cal.withConsultedYears(() => 0).years).toEqual([]);
  });

  it('forgets only the year it is told, or every year', () => {
    const loaded = new Map<number, YearCalendar>();
    const admin = new WorkCalendar((y) => loaded.get(y));
    expect(admin.isWorkingDay('2027-01-01')).toBe(true);
    expect(admin.isWorkingDay('2028-01-03')).toBe(true);
    loaded.set(2027, { year: 2027, holidays: ['2027-01-01'], makeupWorkdays: [], official: true, source: 'admin' });
    loaded.set(2028, { year: 2028, holidays: ['2028-01-03'], makeupWorkdays: [], official: true, source: 'admin' });
    admin.forget(2027);
    expect(admin.isWorkingDay('2027-01-01')).toBe(false);
    expect(admin.isWorkingDay('2028-01-03')).toBe(true); // still the year as first read
    admin.forget();
    expect(admin.isWorkingDay('2028-01-03')).toBe(false);
  });
});

describe('pauses in any order', () => {
  const pausesArb = fc.array(
    fc.record({ offset: fc.integer({ min: -10, max: 80 }), days: fc.integer({ min: 0, max: 30 }), ongoing: fc.boolean() }),
    { minLength: 1, maxLength: 5 },
  );
  const toPauses = (startedOn: string, ps: { offset: number; days: number; ongoing: boolean }[]) =>
    ps.map((p) => ({ from: addCalendarDays(startedOn, p.offset), to: p.ongoing ? null : addCalendarDays(startedOn, p.offset + p.days) }));
  /** The days of the unit in the union of [from, to) from the start on, counted one by one. */
  const pausedNaive = (c: WorkCalendar, input: DueInput, asOf: string) => {
    const days = new Set<number>();
    for (const p of input.pauses ?? []) {
      const to = p.to ?? (asOf > p.from ? asOf : p.from);
      for (let d = Math.max(toDayNumber(p.from), toDayNumber(input.startedOn)); d < toDayNumber(to); d++) days.add(d);
    }
    return [...days].filter((d) => input.unit !== 'working' || c.isWorkingDay(fromDayNumber(d))).length;
  };

  it('give the same due date and paused days whatever order they are listed in, and count each paused day once', () => {
    fc.assert(
      fc.property(inputArb, pausesArb, fc.integer({ min: 0, max: 90 }), (input, ps, asOfOffset) => {
        const asOf = addCalendarDays(input.startedOn, asOfOffset);
        const pauses = toPauses(input.startedOn, ps);
        const r = due({ ...input, pauses, asOf });
        expect(r.pausedDays).toBe(pausedNaive(cal, { ...input, pauses }, asOf));
        for (const order of [[...pauses].reverse(), [...pauses].sort((a, b) => (a.from < b.from ? 1 : -1))]) {
          const again = due({ ...input, pauses: order, asOf });
          expect(again.dueOn).toBe(r.dueOn);
          expect(again.pausedDays).toBe(r.pausedDays);
          // Two pauses that begin the same day, one running and one ended, merge into one
          // line whose running-or-ended wording follows the order given (see docs/MUTATION.md).
          if (new Set(pauses.map((p) => (p.from > input.startedOn ? p.from : input.startedOn))).size === pauses.length) {
            expect(again.explanation).toEqual(r.explanation);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('a later pause listed first: both counted (5 + 4 days), not the later one alone', () => {
    const r = due({
      startedOn: '2025-03-03',
      unit: 'calendar',
      length: 15,
      pauses: [
        { from: '2025-03-12', to: '2025-03-16' },
        { from: '2025-03-05', to: '2025-03-10' },
      ],
    });
    expect(r).toMatchObject({ dueOn: '2025-03-27', pausedDays: 9 });
    expect(r.explanation.filter((l) => l.includes('中止'))).toEqual(['2025年3月5日至2025年3月10日中止，计5日', '2025年3月12日至2025年3月16日中止，计4日']);
  });
});

describe('the explanation a worker reads', () => {
  it('a pause that resumed the day it began is no pause: no line for it, nothing added', () => {
    const r = due({ startedOn: '2025-03-03', unit: 'calendar', length: 15, pauses: [{ from: '2025-03-05', to: '2025-03-05' }] });
    expect(r).toMatchObject({ dueOn: '2025-03-18', pausedDays: 0 });
    expect(r.explanation).toEqual(['2025年3月3日为起算日，当日不计入', '期间为15日', '起算后第15日为2025年3月18日', '届满日为2025年3月18日']);
  });

  it('a pause still running is explained as running up to today, also when it overlaps one that ended', () => {
    // Ended 03-05 → 03-10, and one running since 03-08: 03-05 to today (03-15), still running.
    const later = due({
      startedOn: '2025-03-03',
      unit: 'calendar',
      length: 15,
      asOf: '2025-03-15',
      pauses: [{ from: '2025-03-05', to: '2025-03-10' }, { from: '2025-03-08', to: null }],
    });
    expect(later.explanation).toContain('自2025年3月5日起中止，截至2025年3月15日计10日');
    // Running since 03-05, and one 03-08 → 03-15 that ended today: still running.
    const same = due({
      startedOn: '2025-03-03',
      unit: 'calendar',
      length: 15,
      asOf: '2025-03-15',
      pauses: [{ from: '2025-03-05', to: null }, { from: '2025-03-08', to: '2025-03-15' }],
    });
    expect(same.explanation).toContain('自2025年3月5日起中止，截至2025年3月15日计10日');
    // A pause whose resume date is missing altogether (undefined, as from an old row) is running too.
    const missing = due({ startedOn: '2025-03-03', unit: 'calendar', length: 15, asOf: '2025-03-15', pauses: [{ from: '2025-03-05' } as { from: string; to: null }] });
    expect(missing).toMatchObject({ pausedDays: 10, dueOn: '2025-03-28' });
    expect(missing.explanation).toContain('自2025年3月5日起中止，截至2025年3月15日计10日');
  });

  it('a holiday on the first day of a working span is named; a make-up day on its first or last day is listed', () => {
    // 2025-01-01 (元旦) is the first day after the start; the one working day is 01-02.
    expect(due({ startedOn: '2024-12-31', unit: 'working', length: 1 }).explanation).toEqual([
      '2024年12月31日为起算日，当日不计入',
      '期间为1个工作日',
      '起算后第1个工作日为2025年1月2日',
      '其间法定节假日（元旦）不计入',
      '届满日为2025年1月2日',
    ]);
    // The make-up Sunday 2025-09-28 as the span's first day, and as its last.
    for (const startedOn of ['2025-09-27', '2025-09-26']) {
      expect(due({ startedOn, unit: 'working', length: 1 }).explanation, startedOn).toContain('其间2025年9月28日（星期日）为调休上班日，计入');
    }
    expect(due({ startedOn: '2025-09-27', unit: 'working', length: 2 }).explanation).toContain('其间2025年9月28日（星期日）为调休上班日，计入');
  });

  it('lists at most five make-up days, with 等 only when there are more', () => {
    // 2025 has exactly five make-up days; a span over the whole year lists them all, without 等.
    const five = due({ startedOn: '2025-01-01', unit: 'working', length: 245 }).explanation;
    expect(five).toContain(
      '其间2025年1月26日（星期日）、2025年2月8日（星期六）、2025年4月27日（星期日）、2025年9月28日（星期日）、2025年10月11日（星期六）为调休上班日，计入',
    );
    // 2024 has eight: the first five, then 等.
    const eight = due({ startedOn: '2024-01-01', unit: 'working', length: 245 }).explanation;
    expect(eight).toContain(
      '其间2024年2月4日（星期日）、2024年2月18日（星期日）、2024年4月7日（星期日）、2024年4月28日（星期日）、2024年5月11日（星期六）等为调休上班日，计入',
    );
  });

  it('holidays nobody named are counted instead', () => {
    const admin = new WorkCalendar((y) => (y === 2027 ? { year: 2027, holidays: ['2027-01-01', '2027-01-04'], makeupWorkdays: [], official: true, source: 'admin' } : undefined));
    const r = due({ startedOn: '2026-12-31', unit: 'working', length: 2 }, admin);
    expect(r.dueOn).toBe('2027-01-06');
    expect(r.explanation).toContain('其间法定节假日2日不计入');
  });
});

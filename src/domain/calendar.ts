/**
 * The working-day calendar and due-date math of SPEC §5. Pure: no I/O, no clock reading. Dates
 * are legal dates (YYYY-MM-DD in China time, see time.ts); internally they are whole days since
 * 1970-01-01 so that arithmetic never meets a time zone.
 *
 * Sources of the counting rules:
 * - 民事诉讼法 (2023) art. 85: the day an act happens is not counted; a period whose last day is a
 *   statutory rest day ends on the first day after it. Art. 86: a period lost for a legitimate
 *   reason is made up (the pause rule below).
 * - 民法典 arts. 200–204: the same for civil periods; art. 202: a year period ends on the
 *   corresponding day of the final month, or on that month's last day when it has none.
 * - 劳动人事争议仲裁办案规则 (2017): art. 19 applies the civil-procedure rules to arbitration
 *   periods; its closing provisions make the 3-, 5- and 10-day periods working days; arts. 28 and
 *   47 suspend limitation and the hearing period.
 * - 国务院关于职工工作时间的规定 art. 7 (Saturday and Sunday are rest days) and the State
 *   Council's yearly notice on holiday arrangements (public holidays and 调休 working days).
 */
import { createRequire } from 'node:module';

export interface YearCalendar {
  year: number;
  /** YYYY-MM-DD, public holidays (non-working days, including weekend days inside holiday periods). */
  holidays: readonly string[];
  /** YYYY-MM-DD, weekend days declared working days (调休上班). */
  makeupWorkdays: readonly string[];
  /** false = nothing announced for the year: weekends only (provisional). A year an administrator entered from the notice is announced. */
  official: boolean;
  /** 'chinese-days', 'weekends-only', or the source an administrator named. */
  source: string;
  /** Optional: the Chinese name of each holiday (e.g. '春节'), used only in explanations. */
  holidayNames?: Readonly<Record<string, string>>;
}

const DAY_MS = 86_400_000;
const MIN_YEAR = 1000;
const MAX_YEAR = 9999;
const WEEKDAY_NAMES = ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六'] as const;

// ---------------------------------------------------------------------------------------------
// Plain date arithmetic

/** Whole days since 1970-01-01 of a YYYY-MM-DD date; RangeError if it is not a real date. */
export function toDayNumber(date: string): number {
  if (typeof date !== 'string' || date.length !== 10 || date[4] !== '-' || date[7] !== '-') {
    throw new RangeError(`not a date (YYYY-MM-DD): ${String(date)}`);
  }
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  const d = Number(date.slice(8, 10));
  if (
    !Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(d) ||
    y < MIN_YEAR || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m) ||
    !/^\d{4}-\d{2}-\d{2}$/.test(date)
  ) {
    throw new RangeError(`not a date (YYYY-MM-DD): ${date}`);
  }
  return Date.UTC(y, m - 1, d) / DAY_MS;
}

/** The YYYY-MM-DD date of a day number. */
export function fromDayNumber(day: number): string {
  const iso = new Date(day * DAY_MS).toISOString();
  if (iso.length !== 24) throw new RangeError(`date out of range (year ${MIN_YEAR}–${MAX_YEAR})`);
  return iso.slice(0, 10);
}

function yearOfDay(day: number): number {
  return new Date(day * DAY_MS).getUTCFullYear();
}

/** 0 = Sunday … 6 = Saturday; 1970-01-01 was a Thursday. */
function weekdayOfDay(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function daysInMonth(y: number, m: number): number {
  return m === 2 ? (isLeapYear(y) ? 29 : 28) : [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
}

function requireInteger(name: string, n: number, min = -Infinity): void {
  if (!Number.isInteger(n) || n < min) {
    throw new RangeError(`${name} must be an integer${min > -Infinity ? ` >= ${min}` : ''}: ${n}`);
  }
}

/** Plain date arithmetic, UTC-safe. */
export function addCalendarDays(date: string, n: number): string {
  requireInteger('n', n);
  return fromDayNumber(toDayNumber(date) + n);
}

/** to − from in calendar days. */
export function daysBetween(from: string, to: string): number {
  return toDayNumber(to) - toDayNumber(from);
}

/**
 * Same month and day n years later. 民法典 art. 202: a year period ends on the corresponding day;
 * when the final month has none (Feb 29 → a common year), on the last day of that month.
 */
export function addYears(date: string, n: number): string {
  requireInteger('n', n);
  toDayNumber(date);
  const y = Number(date.slice(0, 4)) + n;
  if (y < MIN_YEAR || y > MAX_YEAR) throw new RangeError(`date out of range: ${date} + ${n} years`);
  const m = Number(date.slice(5, 7));
  const d = Math.min(Number(date.slice(8, 10)), daysInMonth(y, m));
  return `${String(y).padStart(4, '0')}-${date.slice(5, 7)}-${String(d).padStart(2, '0')}`;
}

/** A legal date as a Chinese reader writes it: 2026-12-21 → 2026年12月21日. */
export function legalDateZh(date: string): string {
  toDayNumber(date);
  return `${Number(date.slice(0, 4))}年${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;
}

/** 星期一 … 星期日 of a date. */
export function weekdayName(date: string): string {
  return WEEKDAY_NAMES[weekdayOfDay(toDayNumber(date))];
}

// ---------------------------------------------------------------------------------------------
// Year calendars

/** The `chinese-days` data file: holidays and make-up working days, "English,中文,n" per date. */
interface ChineseDaysData {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

let officialCache: Map<number, YearCalendar> | null = null;

// Read on first use rather than at import time, and through require so that tsc does not have to
// type a 900-key object literal.
function officialData(): Map<number, YearCalendar> {
  if (officialCache) return officialCache;
  const data = createRequire(import.meta.url)('chinese-days/dist/chinese-days.json') as ChineseDaysData;
  const byYear = new Map<number, { holidays: string[]; makeup: string[]; names: Record<string, string> }>();
  const entry = (date: string) => {
    const year = Number(date.slice(0, 4));
    let e = byYear.get(year);
    if (!e) byYear.set(year, (e = { holidays: [], makeup: [], names: {} }));
    return e;
  };
  for (const [date, label] of Object.entries(data.holidays)) {
    const e = entry(date);
    e.holidays.push(date);
    const zh = label.split(',')[1];
    if (zh) e.names[date] = zh;
  }
  for (const date of Object.keys(data.workdays)) entry(date).makeup.push(date);
  officialCache = new Map();
  for (const year of [...byYear.keys()].sort((a, b) => a - b)) {
    const e = byYear.get(year)!;
    officialCache.set(
      year,
      Object.freeze({
        year,
        holidays: Object.freeze(e.holidays.sort()),
        makeupWorkdays: Object.freeze(e.makeup.sort()),
        official: true,
        source: 'chinese-days',
        holidayNames: Object.freeze(e.names),
      }),
    );
  }
  return officialCache;
}

/** The official calendar chinese-days ships for a year, or null when it has none. */
export function officialYear(year: number): YearCalendar | null {
  return officialData().get(year) ?? null;
}

/** The years chinese-days covers, ascending. */
export function officialYears(): number[] {
  return [...officialData().keys()];
}

/** A year computed on weekends alone (official: false, source 'weekends-only'). */
export function provisionalYear(year: number): YearCalendar {
  requireInteger('year', year);
  return Object.freeze({ year, holidays: Object.freeze([]), makeupWorkdays: Object.freeze([]), official: false, source: 'weekends-only' });
}

/**
 * What is wrong with a year calendar (for validating an administrator's load before storing it):
 * dates that are malformed or outside the year, a date listed both ways, a make-up working day
 * that is not a weekend day. Empty when the calendar is usable.
 */
export function checkYearCalendar(cal: YearCalendar): string[] {
  const problems: string[] = [];
  if (!Number.isInteger(cal.year) || cal.year < MIN_YEAR || cal.year > MAX_YEAR) problems.push(`year ${cal.year} is out of range`);
  const prefix = `${cal.year}-`;
  const check = (list: readonly string[], what: string) => {
    for (const date of list) {
      let day: number;
      try {
        day = toDayNumber(date);
      } catch {
        problems.push(`${what} ${date} is not a date`);
        continue;
      }
      if (!date.startsWith(prefix)) problems.push(`${what} ${date} is not in ${cal.year}`);
      else if (what === 'make-up working day' && weekdayOfDay(day) % 6 !== 0) problems.push(`make-up working day ${date} is not a Saturday or Sunday`);
    }
  };
  check(cal.holidays, 'holiday');
  check(cal.makeupWorkdays, 'make-up working day');
  const holidays = new Set(cal.holidays);
  for (const date of cal.makeupWorkdays) if (holidays.has(date)) problems.push(`${date} is both a holiday and a make-up working day`);
  return problems;
}

// ---------------------------------------------------------------------------------------------
// The working calendar

interface YearIndex {
  readonly calendar: YearCalendar;
  readonly first: number; // day number of 1 January
  readonly length: number; // 365 or 366
  readonly working: Uint8Array; // 1 = working day, by day of year
  readonly before: Uint16Array; // before[i] = working days among days [0, i) of the year
  readonly holidays: ReadonlySet<string>;
}

export class WorkCalendar {
  private readonly years = new Map<number, YearIndex>();
  private consulted: Set<number> | null = null;

  /** `lookup` returns the loaded calendar of a year, or undefined → officialYear(year) ?? provisionalYear(year). */
  constructor(private readonly lookup?: (year: number) => YearCalendar | undefined) {}

  yearCalendar(year: number): YearCalendar {
    return this.index(year).calendar;
  }

  /** Drops cached years (one, or all) after the lookup's answer changed, e.g. an admin load. */
  forget(year?: number): void {
    if (year === undefined) this.years.clear();
    else this.years.delete(year);
  }

  /**
   * Runs `fn` and reports every year whose calendar it consulted, ascending. Calls nest: an outer
   * call also sees the years of the inner one.
   */
  withConsultedYears<T>(fn: () => T): { result: T; years: number[] } {
    const outer = this.consulted;
    const mine = new Set<number>();
    this.consulted = mine;
    try {
      const result = fn();
      return { result, years: [...mine].sort((a, b) => a - b) };
    } finally {
      this.consulted = outer;
      if (outer) for (const y of mine) outer.add(y);
    }
  }

  /**
   * Monday–Friday that is not a public holiday, or a weekend day declared a make-up working day
   * (国务院关于职工工作时间的规定 art. 7; the State Council's yearly holiday notice). A date listed
   * both ways counts as a working day: the make-up declaration is the more specific.
   */
  isWorkingDay(date: string): boolean {
    return this.isWorking(toDayNumber(date));
  }

  /** The n-th working day after start (start not counted); n = 0 → start. */
  addWorkingDays(start: string, n: number): string {
    requireInteger('n', n, 0);
    const day = toDayNumber(start);
    return n === 0 ? start : fromDayNumber(this.nthWorkingDayAfter(day, n));
  }

  /** Working days d with fromExclusive < d <= toInclusive; 0 if to <= from. */
  workingDaysBetween(fromExclusive: string, toInclusive: string): number {
    return this.countWorking(toDayNumber(fromExclusive) + 1, toDayNumber(toInclusive));
  }

  nextWorkingDayOnOrAfter(date: string): string {
    return fromDayNumber(this.nextWorkingOnOrAfter(toDayNumber(date)));
  }

  /**
   * SPEC §5 dueSoon: the last date D such that a clock due on D, seen on `today`, has at most `n`
   * working days left (working days in (today, D]): the day before the (n+1)-th working day after
   * today. Every D ≤ today also qualifies; the board bounds the other end itself.
   */
  dueSoonLimit(today: string, n = 3): string {
    requireInteger('n', n, 0);
    return fromDayNumber(this.nthWorkingDayAfter(toDayNumber(today), n + 1) - 1);
  }

  // --- day-number internals, shared with computeDue ---

  /** @internal */
  isWorking(day: number): boolean {
    const idx = this.index(yearOfDay(day));
    return idx.working[day - idx.first] === 1;
  }

  /** @internal The first working day on or after `day`. */
  nextWorkingOnOrAfter(day: number): number {
    return this.nthWorkingDayAfter(day - 1, 1);
  }

  /** @internal Working days in [lo, hi]; 0 when hi < lo. Jumps year by year on prefix counts. */
  countWorking(lo: number, hi: number): number {
    let count = 0;
    let day = lo;
    while (day <= hi) {
      const idx = this.index(yearOfDay(day));
      const last = Math.min(hi, idx.first + idx.length - 1);
      count += idx.before[last - idx.first + 1] - idx.before[day - idx.first];
      day = last + 1;
    }
    return count;
  }

  /** @internal The n-th (n ≥ 1) working day after `start`, jumping whole years on prefix counts. */
  nthWorkingDayAfter(start: number, n: number): number {
    let day = start + 1;
    let remaining = n;
    for (;;) {
      const idx = this.index(yearOfDay(day));
      const i = day - idx.first;
      const available = idx.before[idx.length] - idx.before[i];
      if (remaining <= available) {
        // Smallest j ≥ i with before[j + 1] ≥ target: the working day that completes the count.
        const target = idx.before[i] + remaining;
        let lo = i;
        let hi = idx.length - 1;
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          if (idx.before[mid + 1] >= target) hi = mid;
          else lo = mid + 1;
        }
        return idx.first + lo;
      }
      remaining -= available;
      day = idx.first + idx.length;
    }
  }

  /**
   * @internal The Chinese name of a holiday, from the year's calendar or else the package's; ''
   * for a holiday nobody named; undefined when the date is not a holiday.
   */
  holidayName(date: string): string | undefined {
    const year = Number(date.slice(0, 4));
    const idx = this.index(year);
    if (!idx.holidays.has(date)) return undefined;
    return idx.calendar.holidayNames?.[date] ?? officialYear(year)?.holidayNames?.[date] ?? '';
  }

  private index(year: number): YearIndex {
    if (!Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR) {
      throw new RangeError(`year out of range (${MIN_YEAR}–${MAX_YEAR}): ${year}`);
    }
    this.consulted?.add(year);
    let idx = this.years.get(year);
    if (!idx) {
      idx = buildIndex(year, this.lookup?.(year) ?? officialYear(year) ?? provisionalYear(year));
      this.years.set(year, idx);
    }
    return idx;
  }
}

/**
 * checkYearCalendar is the gate for what gets stored; here a stored year is applied as far as it
 * is usable (dates that are malformed or in another year are skipped) so that one bad row cannot
 * stop every clock from being computed.
 */
function buildIndex(year: number, calendar: YearCalendar): YearIndex {
  const first = Date.UTC(year, 0, 1) / DAY_MS;
  const length = isLeapYear(year) ? 366 : 365;
  const working = new Uint8Array(length);
  for (let i = 0; i < length; i++) working[i] = weekdayOfDay(first + i) % 6 === 0 ? 0 : 1;
  const mark = (dates: readonly string[], value: 0 | 1) => {
    for (const date of dates) {
      const i = dayOfYear(date, first, length);
      if (i !== undefined) working[i] = value;
    }
  };
  mark(calendar.holidays, 0);
  mark(calendar.makeupWorkdays, 1);
  const before = new Uint16Array(length + 1);
  for (let i = 0; i < length; i++) before[i + 1] = before[i] + working[i];
  return { calendar, first, length, working, before, holidays: new Set(calendar.holidays) };
}

function dayOfYear(date: string, first: number, length: number): number | undefined {
  let day: number;
  try {
    day = toDayNumber(date);
  } catch {
    return undefined;
  }
  const i = day - first;
  return i >= 0 && i < length ? i : undefined;
}

// ---------------------------------------------------------------------------------------------
// Due dates

export type ClockUnit = 'calendar' | 'working' | 'year';

/** Legal dates; `to` is the resume date, null while still paused. */
export interface Pause {
  from: string;
  to: string | null;
}

export interface DueInput {
  /** Legal date of the triggering act (China time already applied by the caller). */
  startedOn: string;
  unit: ClockUnit;
  /** N days (calendar/working) or N years. */
  length: number;
  /** Total extensions, in days of the clock's unit (for 'year', calendar days). */
  extensionDays?: number;
  pauses?: readonly Pause[];
  /** Today's legal date, to count an ongoing pause up to today. */
  asOf?: string;
  /** Optional short phrase for the triggering act in the explanation, e.g. '收到申请'. */
  startEvent?: string;
}

export interface DueResult {
  dueOn: string;
  /** In the clock's unit (calendar days for 'year'). */
  pausedDays: number;
  /** Every year whose calendar the computation consulted, ascending. */
  calendarYears: number[];
  /** True if any of those years has no official data. */
  provisional: boolean;
  /** Short steps in Simplified Chinese, dates in Chinese form (2025年2月5日). */
  explanation: string[];
}

const UNITS: readonly ClockUnit[] = ['calendar', 'working', 'year'];

export function computeDue(input: DueInput, cal: WorkCalendar): DueResult {
  const { unit, length } = input;
  if (!UNITS.includes(unit)) throw new RangeError(`unknown clock unit: ${String(unit)}`);
  requireInteger('length', length, 0);
  const extension = input.extensionDays ?? 0;
  requireInteger('extensionDays', extension, 0);
  const start = toDayNumber(input.startedOn);
  const asOf = input.asOf === undefined ? undefined : toDayNumber(input.asOf);

  const { result, years } = cal.withConsultedYears(() => {
    const steps: string[] = [];
    const zh = (day: number) => legalDateZh(fromDayNumber(day));
    // 民事诉讼法 art. 85 / 民法典 art. 201: the day of the act is not counted.
    steps.push(`${legalDateZh(input.startedOn)}${input.startEvent ?? '为起算日'}，当日不计入`);

    const dayWord = unit === 'working' ? '个工作日' : '日';
    steps.push(unit === 'year' ? `期间为${length}年` : `期间为${length}${dayWord}`);
    if (extension > 0) steps.push(`延长${extension}${dayWord}`);

    // 民事诉讼法 art. 86; 仲裁办案规则 arts. 28, 47: a pause from P to resume date R lengthens the
    // period by the days of its unit in [P, R). Overlapping pauses are counted once, and days
    // before the clock started cannot lengthen it.
    let pausedDays = 0;
    for (const [from, to, ongoing] of mergePauses(input.pauses ?? [], start, asOf)) {
      const days = unit === 'working' ? cal.countWorking(from, to - 1) : to - from;
      pausedDays += days;
      steps.push(ongoing ? `自${zh(from)}起中止，截至${zh(to)}计${days}${dayWord}` : `${zh(from)}至${zh(to)}中止，计${days}${dayWord}`);
    }
    const added = extension + pausedDays;

    let dueOn: number;
    if (unit === 'working') {
      // 仲裁办案规则 (closing provisions): 3/5/10-day periods are working days; the N-th working
      // day after the start day is always a working day, so no roll-forward.
      const total = length + added;
      if (added > 0) steps.push(`合计${total}个工作日`);
      dueOn = total === 0 ? start : cal.nthWorkingDayAfter(start, total);
      steps.push(`起算后第${total}个工作日为${zh(dueOn)}`);
      explainWorkingSpan(cal, start, dueOn, steps);
    } else {
      let nominal: number;
      if (unit === 'calendar') {
        const total = length + added;
        if (added > 0) steps.push(`合计${total}日`);
        nominal = start + total;
        steps.push(`起算后第${total}日为${zh(nominal)}`);
      } else {
        // 民法典 art. 202: the corresponding day N years later, or the month's last day.
        const anniversary = addYears(input.startedOn, length);
        const wanted = `${Number(input.startedOn.slice(0, 4)) + length}${input.startedOn.slice(4)}`;
        steps.push(
          anniversary === wanted
            ? `${length}年后的对应日为${legalDateZh(anniversary)}`
            : `${length}年后的${Number(anniversary.slice(0, 4))}年没有${Number(input.startedOn.slice(5, 7))}月${Number(input.startedOn.slice(8))}日，以该月最后一日${legalDateZh(anniversary)}为对应日`,
        );
        nominal = toDayNumber(anniversary) + added;
        if (added > 0) steps.push(`再加${added}日为${zh(nominal)}`);
      }
      // 民事诉讼法 art. 85 / 民法典 art. 203: a last day that is a rest day moves to the next working day.
      dueOn = cal.nextWorkingOnOrAfter(nominal);
      if (dueOn !== nominal) {
        const date = fromDayNumber(nominal);
        const name = cal.holidayName(date);
        const why = name === undefined ? WEEKDAY_NAMES[weekdayOfDay(nominal)] : name === '' ? '法定节假日' : `法定节假日（${name}）`;
        steps.push(`${legalDateZh(date)}为${why}，顺延至${zh(dueOn)}`);
      }
    }
    return { dueOn, pausedDays, steps };
  });

  const provisionalYears = years.filter((y) => !cal.yearCalendar(y).official);
  for (const y of provisionalYears) result.steps.push(`${y}年尚无官方节假日安排，按周末推算，结果为暂定`);
  result.steps.push(`届满日为${legalDateZh(fromDayNumber(result.dueOn))}`);
  return {
    dueOn: fromDayNumber(result.dueOn),
    pausedDays: result.pausedDays,
    calendarYears: years,
    provisional: provisionalYears.length > 0,
    explanation: result.steps,
  };
}

/** Pauses as disjoint half-open day ranges [from, to), ascending, each flagged if still ongoing. */
function mergePauses(pauses: readonly Pause[], start: number, asOf: number | undefined): [number, number, boolean][] {
  const ranges: [number, number, boolean][] = [];
  for (const p of pauses) {
    const from = toDayNumber(p.from);
    let to: number;
    if (p.to === null || p.to === undefined) {
      // An ongoing pause counts up to today (or not at all without a today).
      to = Math.max(from, asOf ?? from);
    } else {
      to = toDayNumber(p.to);
      if (to < from) throw new RangeError(`pause resumes (${p.to}) before it starts (${p.from})`);
    }
    const clipped = Math.max(from, start);
    if (to > clipped) ranges.push([clipped, to, p.to === null || p.to === undefined]);
  }
  ranges.sort((a, b) => a[0] - b[0]);
  const merged: [number, number, boolean][] = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r[0] <= last[1]) {
      if (r[1] > last[1]) {
        last[1] = r[1];
        last[2] = r[2];
      } else last[2] ||= r[2];
    } else merged.push([...r]);
  }
  return merged;
}

/** For a working period: the make-up days it counted and the holidays it skipped. */
function explainWorkingSpan(cal: WorkCalendar, start: number, due: number, steps: string[]): void {
  if (due <= start) return;
  const lo = fromDayNumber(start + 1);
  const hi = fromDayNumber(due);
  const makeup: string[] = [];
  const holidayNames = new Set<string>();
  let unnamed = 0;
  for (let y = yearOfDay(start + 1); y <= yearOfDay(due); y++) {
    const yc = cal.yearCalendar(y);
    for (const d of yc.makeupWorkdays) if (d >= lo && d <= hi) makeup.push(d);
    for (const d of yc.holidays) {
      if (d < lo || d > hi) continue;
      const name = cal.holidayName(d);
      if (name) holidayNames.add(name);
      else if (name === '') unnamed++;
    }
  }
  if (makeup.length > 0) {
    const shown = makeup.slice(0, 5).map((d) => `${legalDateZh(d)}（${weekdayName(d)}）`).join('、');
    steps.push(`其间${shown}${makeup.length > 5 ? '等' : ''}为调休上班日，计入`);
  }
  if (holidayNames.size > 0) steps.push(`其间法定节假日（${[...holidayNames].join('、')}）不计入`);
  else if (unnamed > 0) steps.push(`其间法定节假日${unnamed}日不计入`);
}

import { createRequire } from 'node:module';
import { eq, gte, or, sql } from 'drizzle-orm';
import type { Caller } from '../auth/caller.js';
import { applyClockRecomputations } from '../clocks/recompute.js';
import type { Database, Queryable } from '../db/client.js';
import { calendarYears, clocks, users } from '../db/schema/index.js';
import { officialYear, officialYears, provisionalYear } from '../domain/calendar.js';
import { canonicalHolidayName, checkYearDates, readHolidayNotice } from '../domain/holidayNotice.js';
import { validationFailed, type FieldProblem } from '../http/errors.js';

export interface CalendarDeps {
  db: Database;
  now: () => Date;
}

/** A year as GET /calendar/:year answers it. */
export interface CalendarAnswer {
  year: number;
  holidays: string[];
  makeupWorkdays: string[];
  /** The holiday each holiday and make-up working day belongs to, where known. */
  dayNames: Record<string, string>;
  /** True only for the chinese-days package's data. */
  official: boolean;
  /** No announced calendar: counted on weekends alone, its clocks provisional. */
  provisional: boolean;
  /** 'chinese-days', 'weekends-only', or the source an administrator named. */
  source: string;
  enteredBy: { id: string; name: string } | null;
  enteredAt: string | null;
  /** The text the administrator entered, as given. */
  notice: string | null;
}

/** The package's make-up working days with their labels ("Spring Festival,春节,4"); read once, on first use. */
let packageWorkdays: Record<string, string> | undefined;

/** The package's names of a year's days, in the notices' full form (清明 → 清明节). */
function packageDayNames(year: number): Record<string, string> {
  const y = officialYear(year);
  if (!y) return {};
  packageWorkdays ??= (createRequire(import.meta.url)('chinese-days/dist/chinese-days.json') as { workdays: Record<string, string> }).workdays;
  const names: Record<string, string> = {};
  for (const [date, name] of Object.entries(y.holidayNames ?? {})) if (name) names[date] = canonicalHolidayName(name);
  for (const date of y.makeupWorkdays) {
    const name = packageWorkdays[date]?.split(',')[1];
    if (name) names[date] = canonicalHolidayName(name);
  }
  return names;
}

/** Materialises the official years chinese-days ships, never overwriting a year an admin loaded. */
export async function syncOfficialCalendars(db: Queryable): Promise<void> {
  const rows = officialYears().map((y) => officialYear(y)!);
  if (!rows.length) return;
  await db
    .insert(calendarYears)
    .values(
      rows.map((r) => ({
        year: r.year,
        holidays: [...r.holidays],
        makeupWorkdays: [...r.makeupWorkdays],
        dayNames: packageDayNames(r.year),
        official: true,
        source: r.source,
      })),
    )
    .onConflictDoNothing();
}

export async function getCalendar(deps: CalendarDeps, year: number): Promise<CalendarAnswer> {
  const [row] = await deps.db
    .select({ year: calendarYears, enteredByName: users.name })
    .from(calendarYears)
    .leftJoin(users, eq(users.id, calendarYears.loadedBy))
    .where(eq(calendarYears.year, year));
  if (row) {
    const r = row.year;
    // Rows synced before names were stored carry none; the package still knows them.
    const dayNames = Object.keys(r.dayNames).length || !r.official ? r.dayNames : packageDayNames(year);
    return {
      year,
      holidays: r.holidays,
      makeupWorkdays: r.makeupWorkdays,
      dayNames,
      official: r.official,
      provisional: false,
      source: r.source,
      enteredBy: r.official || !r.loadedBy ? null : { id: r.loadedBy, name: row.enteredByName ?? '' },
      enteredAt: r.official ? null : r.loadedAt.toISOString(),
      notice: r.notice,
    };
  }
  const pkg = officialYear(year);
  const cal = pkg ?? provisionalYear(year);
  return {
    year,
    holidays: [...cal.holidays],
    makeupWorkdays: [...cal.makeupWorkdays],
    dayNames: pkg ? packageDayNames(year) : {},
    official: Boolean(pkg),
    provisional: !pkg,
    source: cal.source,
    enteredBy: null,
    enteredAt: null,
    notice: null,
  };
}

export interface CalendarInput {
  /** Where the dates come from: the notice's title and number, or what the administrator names. */
  source: string;
  /** The notice as pasted, or dates typed in its manner (read by readHolidayNotice). */
  notice?: string;
  /** Or the dates as two lists of YYYY-MM-DD. */
  holidays?: string[];
  makeupWorkdays?: string[];
  dayNames?: Record<string, string>;
}

/** The year's dates from either form of the request, or 400 naming each problem (on its line for a notice). */
function datesOf(year: number, input: CalendarInput): { holidays: string[]; makeupWorkdays: string[]; dayNames: Record<string, string> } {
  if (input.notice !== undefined) {
    const reading = readHolidayNotice(input.notice, year);
    if (reading.problems.length) {
      const details = reading.problems.map((p) => ({
        field: 'body.notice',
        line: p.line,
        message: p.line ? `第${p.line}行“${p.text}”：${p.message}` : p.message,
      }));
      throw validationFailed(details, '通知内容有问题，未保存');
    }
    const dayNames: Record<string, string> = {};
    for (const d of [...reading.holidays, ...reading.makeupWorkdays]) if (d.name) dayNames[d.date] = d.name;
    return { holidays: reading.holidays.map((d) => d.date), makeupWorkdays: reading.makeupWorkdays.map((d) => d.date), dayNames };
  }
  const holidays = input.holidays ?? [];
  const makeupWorkdays = input.makeupWorkdays ?? [];
  const problems: FieldProblem[] = checkYearDates(year, holidays, makeupWorkdays).map((p) => ({
    field: p.index < 0 ? `body.${p.list}` : `body.${p.list}.${p.index}`,
    message: p.message,
  }));
  const listed = new Set([...holidays, ...makeupWorkdays]);
  for (const date of Object.keys(input.dayNames ?? {})) {
    if (!listed.has(date)) problems.push({ field: `body.dayNames.${date}`, message: '这个日期不在放假日或调休上班日中' });
  }
  if (problems.length) throw validationFailed(problems, '日期有问题，未保存');
  const dayNames: Record<string, string> = {};
  for (const [date, name] of Object.entries(input.dayNames ?? {})) dayNames[date] = canonicalHolidayName(name);
  return { holidays: [...holidays].sort(), makeupWorkdays: [...makeupWorkdays].sort(), dayNames };
}

/**
 * PUT /calendar/:year: an administrator enters the State Council's notice for a year. The entry
 * records who entered it, when and from what source, and is not official (only the package's
 * data is). Running clocks that depend on the year are recomputed in the same transaction, and
 * each case whose due date moved gets an event.
 */
export async function putCalendar(deps: CalendarDeps, caller: Caller, year: number, input: CalendarInput) {
  const { holidays, makeupWorkdays, dayNames } = datesOf(year, input);
  const source = input.source.trim();
  const notice = input.notice ?? null;
  const now = deps.now();
  return deps.db.transaction(async (tx) => {
    const row = { holidays, makeupWorkdays, dayNames, official: false, source, notice, loadedBy: caller.userId, loadedAt: now };
    await tx
      .insert(calendarYears)
      .values({ year, ...row })
      .onConflictDoUpdate({ target: calendarYears.year, set: row });
    const recomputed = await applyClockRecomputations(tx, {
      // A clock depends on a year when it consulted it, or when its period could reach into it.
      where: or(sql`${year} = any(${clocks.calendarYears})`, gte(clocks.dueOn, `${year - 1}-12-01`)),
      reason: { action: 'calendar_loaded', year, source },
      actorUserId: caller.userId,
      now,
    });
    const answer: CalendarAnswer = {
      year,
      holidays,
      makeupWorkdays,
      dayNames,
      official: false,
      provisional: false,
      source,
      enteredBy: { id: caller.userId, name: caller.name },
      enteredAt: now.toISOString(),
      notice,
    };
    return { ...answer, recomputed };
  });
}

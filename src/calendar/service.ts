import { eq, gte, or, sql } from 'drizzle-orm';
import type { Caller } from '../auth/caller.js';
import { applyClockRecomputations } from '../clocks/recompute.js';
import type { Database, Queryable } from '../db/client.js';
import { calendarYears, clocks } from '../db/schema/index.js';
import { officialYear, officialYears, provisionalYear, type YearCalendar } from '../domain/calendar.js';
import { isValidDate } from '../domain/time.js';
import { validationFailed, type FieldProblem } from '../http/errors.js';

export interface CalendarDeps {
  db: Database;
  now: () => Date;
}

/** Materialises the official years chinese-days ships, never overwriting a year an admin loaded. */
export async function syncOfficialCalendars(db: Queryable): Promise<void> {
  const rows = officialYears().map((y) => officialYear(y)!);
  if (!rows.length) return;
  await db
    .insert(calendarYears)
    .values(rows.map((r) => ({ year: r.year, holidays: [...r.holidays], makeupWorkdays: [...r.makeupWorkdays], official: true, source: r.source })))
    .onConflictDoNothing();
}

export async function getCalendar(deps: CalendarDeps, year: number) {
  const [row] = await deps.db.select().from(calendarYears).where(eq(calendarYears.year, year));
  const cal: YearCalendar = row
    ? { year, holidays: row.holidays, makeupWorkdays: row.makeupWorkdays, official: row.official, source: row.source }
    : (officialYear(year) ?? provisionalYear(year));
  return { ...cal, holidays: [...cal.holidays], makeupWorkdays: [...cal.makeupWorkdays] };
}

function checkYear(year: number, input: { holidays: string[]; makeupWorkdays: string[] }) {
  const problems: FieldProblem[] = [];
  for (const field of ['holidays', 'makeupWorkdays'] as const) {
    const seen = new Set<string>();
    input[field].forEach((d, i) => {
      if (!isValidDate(d)) problems.push({ field: `body.${field}.${i}`, message: 'must be a date written YYYY-MM-DD' });
      else if (!d.startsWith(`${year}-`)) problems.push({ field: `body.${field}.${i}`, message: `is not in ${year}` });
      else if (seen.has(d)) problems.push({ field: `body.${field}.${i}`, message: 'is listed twice' });
      seen.add(d);
    });
  }
  const holidays = new Set(input.holidays);
  input.makeupWorkdays.forEach((d, i) => {
    if (holidays.has(d)) problems.push({ field: `body.makeupWorkdays.${i}`, message: `${d} cannot be both a holiday and a make-up working day` });
    const dow = new Date(`${d}T00:00:00Z`).getUTCDay();
    if (isValidDate(d) && dow !== 0 && dow !== 6) problems.push({ field: `body.makeupWorkdays.${i}`, message: `${d} is not a weekend day` });
  });
  if (problems.length) throw validationFailed(problems);
}

/**
 * PUT /calendar/:year: an administrator loads the State Council's announcement for a year.
 * Running clocks that depend on the year are recomputed in the same transaction, and each
 * case whose due date moved gets an event.
 */
export async function putCalendar(
  deps: CalendarDeps,
  caller: Caller,
  year: number,
  input: { holidays: string[]; makeupWorkdays: string[] },
) {
  checkYear(year, input);
  const holidays = [...input.holidays].sort();
  const makeupWorkdays = [...input.makeupWorkdays].sort();
  const now = deps.now();
  return deps.db.transaction(async (tx) => {
    await tx
      .insert(calendarYears)
      .values({ year, holidays, makeupWorkdays, official: true, source: 'admin', loadedBy: caller.userId, loadedAt: now })
      .onConflictDoUpdate({
        target: calendarYears.year,
        set: { holidays, makeupWorkdays, official: true, source: 'admin', loadedBy: caller.userId, loadedAt: now },
      });
    const recomputed = await applyClockRecomputations(tx, {
      // A clock depends on a year when it consulted it, or when its period could reach into it.
      where: or(sql`${year} = any(${clocks.calendarYears})`, gte(clocks.dueOn, `${year - 1}-12-01`)),
      reason: { action: 'calendar_loaded', year },
      actorUserId: caller.userId,
      now,
    });
    return { year, holidays, makeupWorkdays, official: true, source: 'admin', recomputed };
  });
}


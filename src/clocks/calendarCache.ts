/**
 * The working calendar, held in process memory and checked against the database on every use.
 *
 * Every action and case detail needs the calendar; reading all of `calendar_years` (two dozen
 * rows of date arrays) each time cost a statement and a rebuilt WorkCalendar per request. But
 * SPEC §8 runs several processes on one PostgreSQL, and a `PUT /calendar/:year` in one of them
 * must reach the others from its commit on, so a time-to-live alone would let a process compute
 * due dates on a superseded calendar for up to the TTL (docs/SCALING.md §2).
 *
 * So a request reads the calendar's *version* in a statement it runs anyway (the case load, the
 * board query) and uses the held calendar only when the versions agree; otherwise it reloads
 * (one statement). The version is the md5 of each row's year and `xmin`, the id of the
 * transaction that last wrote the row: any committed insert, update or delete of a year changes
 * it, in whichever process it happened, and reading it scans two dozen small rows without
 * touching their arrays. It is computed by the same statement snapshot as the data it
 * accompanies, so a request sees exactly the calendar it would have read itself. (A dump and
 * restore changes every xmin: that only costs one reload.)
 */
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { columnsAs, Statement, type StatementRunner } from '../db/prepared.js';
import { calendarYears } from '../db/schema/index.js';
import type { Database } from '../db/client.js';
import type { WorkCalendar } from '../domain/calendar.js';
import { calendarFromRows } from './engine.js';

/** The calendar's version as a scalar subquery, to add to a statement's select list. */
export const calendarVersionSql = sql`(select md5(coalesce(string_agg(cy.year || ':' || cy.xmin, ',' order by cy.year), '')) from calendar_years as cy)`;

const YEAR_COLUMNS = ['year', 'holidays', 'makeupWorkdays', 'official', 'source', 'dayNames'] as const;
/** A stored year under its schema keys, with its row version (xmin). */
type YearRow = Pick<typeof calendarYears.$inferSelect, (typeof YEAR_COLUMNS)[number]> & { xmin: string };

const loadYears = new Statement<YearRow>(
  'calendar_years_with_xmin',
  () => sql`select ${columnsAs(calendarYears, 'cy', YEAR_COLUMNS)}, cy.xmin::text as xmin from calendar_years cy order by cy.year`,
);

export class CalendarCache {
  #held: { version: string; calendar: WorkCalendar } | undefined;

  /** The calendar at `version` (read by the caller's own statement), reloading through `q` when it is not the one held. */
  async at(q: Database | StatementRunner, version: string): Promise<WorkCalendar> {
    const held = this.#held;
    return held?.version === version ? held.calendar : this.load(q);
  }

  /** The calendar held, for a query that must use one before it can read the version (check with `at` afterwards). */
  async held(q: Database | StatementRunner): Promise<{ version: string; calendar: WorkCalendar }> {
    if (!this.#held) await this.load(q);
    return this.#held!;
  }

  async load(q: Database | StatementRunner): Promise<WorkCalendar> {
    const rows = await loadYears.run(q);
    // The same string the SQL version hashes: "year:xmin" in year order, comma-separated.
    const version = createHash('md5')
      .update(rows.map((r) => `${r.year}:${r.xmin}`).join(','))
      .digest('hex');
    const calendar = calendarFromRows(rows);
    this.#held = { version, calendar };
    return calendar;
  }
}

const caches = new WeakMap<Database, CalendarCache>();

/** One cache per database handle (two handles may be two databases, whose xmins say nothing about each other). */
export function calendarCache(db: Database): CalendarCache {
  let c = caches.get(db);
  if (!c) caches.set(db, (c = new CalendarCache()));
  return c;
}

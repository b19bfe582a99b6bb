import { sql, type SQL } from 'drizzle-orm';
import type { Caller } from '../auth/caller.js';
import { regionRange } from '../cases/access.js';
import { calendarCache, calendarVersionSql } from '../clocks/calendarCache.js';
import { presentClock } from '../clocks/engine.js';
import { columnList, columnsAs, fromRow, StatementFamily } from '../db/prepared.js';
import type { Database } from '../db/client.js';
import { cases, clocks } from '../db/schema/index.js';
import { DUE_SOON_WORKING_DAYS } from '../domain/clockRules.js';
import { addCalendarDays } from '../domain/calendar.js';
import { isStaffRole } from '../domain/model.js';
import { chinaDate } from '../domain/time.js';
import { fieldProblem, forbidden } from '../http/errors.js';

export interface DeadlineDeps {
  db: Database;
  now: () => Date;
}

export interface DeadlineQuery {
  status?: 'due_soon' | 'breached' | 'running' | 'paused';
  orgId?: string;
  within?: number;
  limit: number;
  cursor?: string;
}

function decodeCursor(cursor: string): { dueOn: string; id: string } {
  const [dueOn, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(dueOn ?? '') || !/^[0-9a-f-]{36}$/.test(id ?? '')) throw fieldProblem('querystring.cursor', 'is not a cursor this server gave out');
  return { dueOn, id };
}

const CASE_COLUMNS = ['number', 'summary', 'respondentName'] as const satisfies readonly (keyof typeof cases.$inferSelect)[];
/** The clock's columns under their own names (id is null on the one row of an empty board), and its case's under their keys. */
type BoardRow = Record<string, unknown> & { calendar_version: string; id: string | null } & Pick<typeof cases.$inferSelect, (typeof CASE_COLUMNS)[number]>;

const boardStatements = new StatementFamily<BoardRow>('deadline_board');

/**
 * GET /deadlines: open clocks the caller is responsible for, soonest first, served by the board
 * indexes. One prepared statement per combination of filters. The open-status condition is
 * written as literals, not parameters: the board indexes are partial on exactly that condition,
 * and a generic plan can only use them if it can see it.
 */
export async function listDeadlines(deps: DeadlineDeps, caller: Caller, q: DeadlineQuery) {
  const p = sql.placeholder;
  const values: Record<string, unknown> = { limit: q.limit + 1 };
  const shape: string[] = [];
  const parts: (() => SQL)[] = [() => sql`k.status in ('running', 'paused')`];
  const where = (name: string, condition: () => SQL) => {
    shape.push(name);
    parts.push(condition);
  };
  if (isStaffRole(caller.role)) {
    if (q.orgId && q.orgId !== caller.orgId) throw forbidden("staff see only their own organisation's deadlines");
    values.orgId = caller.orgId;
    where('org', () => sql`k.org_id = ${p('orgId')}::uuid`);
  } else if (caller.role === 'supervisor') {
    [values.regionLo, values.regionHi] = regionRange(caller.regionCode!);
    where('region', () => sql`k.region_code between ${p('regionLo')} and ${p('regionHi')}`);
    if (q.orgId) {
      values.orgId = q.orgId;
      where('org', () => sql`k.org_id = ${p('orgId')}::uuid`);
    }
  } else {
    throw forbidden('the deadline board is for staff and supervisors');
  }
  const now = deps.now();
  const today = chinaDate(now);
  values.today = today;
  switch (q.status) {
    case 'running':
      where('running', () => sql`k.status = 'running' and k.due_on >= ${p('today')}::date`);
      break;
    case 'paused':
      where('paused', () => sql`k.status = 'paused'`);
      break;
    case 'breached':
      where('breached', () => sql`k.status = 'running' and k.due_on < ${p('today')}::date`);
      break;
    case 'due_soon':
      where('due_soon', () => sql`k.status = 'running' and k.due_on >= ${p('today')}::date and k.due_on <= ${p('dueSoonLimit')}::date`);
      break;
  }
  if (q.within !== undefined) {
    values.withinLimit = addCalendarDays(today, q.within);
    where('within', () => sql`k.due_on <= ${p('withinLimit')}::date`);
  }
  if (q.cursor) {
    const c = decodeCursor(q.cursor);
    values.cursorDueOn = c.dueOn;
    values.cursorId = c.id;
    // A row comparison, so the (org_id, due_on, id) index resumes right after the cursor.
    where('cursor', () => sql`(k.due_on, k.id) > (${p('cursorDueOn')}::date, ${p('cursorId')}::uuid)`);
  }
  // The board, joined to the calendar's version so that even an empty board says which calendar
  // it was read against (src/clocks/calendarCache.ts).
  const statement = boardStatements.get(shape.join(','), () => sql`
    select cv.version as calendar_version, ${columnList(clocks, 'b')}, ${sql.join(CASE_COLUMNS.map((k) => sql`b.${sql.identifier(k)}`), sql`, `)}
    from (select ${calendarVersionSql} as version) cv
    left join lateral (
      select ${columnList(clocks, 'k')}, ${columnsAs(cases, 'c', CASE_COLUMNS)}
      from clocks k join cases c on c.id = k.case_id
      where ${sql.join(parts.map((part) => part()), sql` and `)}
      order by k.due_on, k.id
      limit ${p('limit')}) b on true
    order by b.due_on, b.id`);

  // The calendar held bounds "due soon"; the version read with the board confirms it, or the
  // board is read again on the calendar as it now is.
  const cache = calendarCache(deps.db);
  let { version, calendar: cal } = await cache.held(deps.db);
  const run = async () => {
    if (q.status === 'due_soon') values.dueSoonLimit = cal.dueSoonLimit(today, DUE_SOON_WORKING_DAYS);
    const read = await statement.run(deps.db, values);
    return { version: read[0].calendar_version, rows: read.filter((r) => r.id !== null) };
  };
  let { version: seen, rows } = await run();
  if (seen !== version) {
    const bound = values.dueSoonLimit;
    cal = await cache.load(deps.db);
    if (q.status === 'due_soon' && cal.dueSoonLimit(today, DUE_SOON_WORKING_DAYS) !== bound) ({ rows } = await run());
  }
  const page = rows.slice(0, q.limit).map((r) => [r, fromRow(clocks, r)] as const);
  const items = page.map(([r, clock]) => {
    // Added to the presented clock rather than spread into a copy: a board is 50 of these.
    return Object.assign(presentClock(clock, cal, today), {
      caseId: clock.caseId,
      caseNumber: r.number,
      caseSummary: r.summary,
      respondentName: r.respondentName,
      orgId: clock.orgId,
    });
  });
  // The cursor holds the stored due date, which the board is ordered by (a paused clock is presented with its moving one).
  const last = page[page.length - 1]?.[1];
  return {
    items,
    nextCursor: rows.length > q.limit && last ? Buffer.from(`${last.dueOn}|${last.id}`).toString('base64url') : null,
  };
}

import { and, asc, eq, gte, inArray, lt, lte, sql, type SQL } from 'drizzle-orm';
import type { Caller } from '../auth/caller.js';
import { regionRange } from '../cases/access.js';
import { loadCalendar, presentClock } from '../clocks/engine.js';
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

/** GET /deadlines: open clocks the caller is responsible for, soonest first, served by the board indexes. */
export async function listDeadlines(deps: DeadlineDeps, caller: Caller, q: DeadlineQuery) {
  const where: (SQL | undefined)[] = [inArray(clocks.status, ['running', 'paused'])];
  if (isStaffRole(caller.role)) {
    if (q.orgId && q.orgId !== caller.orgId) throw forbidden("staff see only their own organisation's deadlines");
    where.push(eq(clocks.orgId, caller.orgId!));
  } else if (caller.role === 'supervisor') {
    const [lo, hi] = regionRange(caller.regionCode!);
    where.push(sql`${clocks.regionCode} between ${lo} and ${hi}`);
    if (q.orgId) where.push(eq(clocks.orgId, q.orgId));
  } else {
    throw forbidden('the deadline board is for staff and supervisors');
  }
  const now = deps.now();
  const today = chinaDate(now);
  const cal = await loadCalendar(deps.db);
  switch (q.status) {
    case 'running':
      where.push(eq(clocks.status, 'running'), gte(clocks.dueOn, today));
      break;
    case 'paused':
      where.push(eq(clocks.status, 'paused'));
      break;
    case 'breached':
      where.push(eq(clocks.status, 'running'), lt(clocks.dueOn, today));
      break;
    case 'due_soon':
      where.push(eq(clocks.status, 'running'), gte(clocks.dueOn, today), lte(clocks.dueOn, cal.dueSoonLimit(today, DUE_SOON_WORKING_DAYS)));
      break;
  }
  if (q.within !== undefined) where.push(lte(clocks.dueOn, addCalendarDays(today, q.within)));
  if (q.cursor) {
    const c = decodeCursor(q.cursor);
    // A row comparison, so the (org_id, due_on, id) index resumes right after the cursor.
    where.push(sql`(${clocks.dueOn}, ${clocks.id}) > (${c.dueOn}::date, ${c.id}::uuid)`);
  }
  const rows = await deps.db
    .select({ clock: clocks, caseNumber: cases.number, caseSummary: cases.summary, respondentName: cases.respondentName })
    .from(clocks)
    .innerJoin(cases, eq(cases.id, clocks.caseId))
    .where(and(...where))
    .orderBy(asc(clocks.dueOn), asc(clocks.id))
    .limit(q.limit + 1);
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  return {
    items: page.map((r) => ({
      ...presentClock(r.clock, cal, today),
      caseId: r.clock.caseId,
      caseNumber: r.caseNumber,
      caseSummary: r.caseSummary,
      respondentName: r.respondentName,
      orgId: r.clock.orgId,
    })),
    nextCursor: rows.length > q.limit && last ? Buffer.from(`${last.clock.dueOn}|${last.clock.id}`).toString('base64url') : null,
  };
}

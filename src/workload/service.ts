/**
 * Who carries how much at an organisation: its open proceedings per assigned staff member, with
 * their running clocks due soon and already breached, and what nobody has been assigned yet. For
 * the centre head sharing out the work, and for the supervisors above it.
 */
import { and, eq, inArray, or, sql } from 'drizzle-orm';
import type { Caller } from '../auth/caller.js';
import { calendarCache } from '../clocks/calendarCache.js';
import type { Database } from '../db/client.js';
import { clocks, organizations, proceedings, users } from '../db/schema/index.js';
import { DUE_SOON_WORKING_DAYS } from '../domain/clockRules.js';
import { isStaffRole, OPEN_STATES, type StaffRole } from '../domain/model.js';
import { chinaDate } from '../domain/time.js';
import { forbidden, notFound } from '../http/errors.js';
import type { Workload } from './schemas.js';

export interface WorkloadDeps {
  db: Database;
  now: () => Date;
}

/** GET /organizations/:id/workload: its own staff, the supervisors of its region, and the administrator. */
export async function orgWorkload(deps: WorkloadDeps, caller: Caller, orgId: string): Promise<Workload> {
  const colleague = isStaffRole(caller.role) && caller.orgId === orgId;
  if (!colleague && caller.role !== 'supervisor' && caller.role !== 'admin') throw forbidden("only the organisation's staff and its supervisors see its workload");
  const [org] = await deps.db.select({ id: organizations.id, regionCode: organizations.regionCode }).from(organizations).where(eq(organizations.id, orgId));
  if (!org) throw notFound('organisation');
  if (caller.role === 'supervisor' && (caller.regionCode === null || !org.regionCode.startsWith(caller.regionCode))) {
    throw forbidden('the organisation is outside your region');
  }

  const today = chinaDate(deps.now());
  const { calendar } = await calendarCache(deps.db).held(deps.db);
  const dueSoonLimit = calendar.dueSoonLimit(today, DUE_SOON_WORKING_DAYS);
  const running = sql`${clocks.status} = 'running'`;
  const loads = await deps.db
    .select({
      userId: proceedings.assignedUserId,
      openProceedings: sql<number>`count(distinct ${proceedings.id})::int`,
      dueSoon: sql<number>`(count(${clocks.id}) filter (where ${running} and ${clocks.dueOn} >= ${today} and ${clocks.dueOn} <= ${dueSoonLimit}))::int`,
      breached: sql<number>`(count(${clocks.id}) filter (where ${running} and ${clocks.dueOn} < ${today}))::int`,
    })
    .from(proceedings)
    .leftJoin(clocks, eq(clocks.proceedingId, proceedings.id))
    .where(and(eq(proceedings.orgId, orgId), inArray(proceedings.state, [...OPEN_STATES])))
    .groupBy(proceedings.assignedUserId);

  const assigned = loads.flatMap((l) => (l.userId ? [l.userId] : []));
  const people = await deps.db
    .select({ id: users.id, name: users.name, role: users.role, orgId: users.orgId, disabled: users.disabled })
    .from(users)
    .where(or(and(eq(users.orgId, orgId), eq(users.disabled, false)), assigned.length ? inArray(users.id, assigned) : undefined));

  const none = { openProceedings: 0, dueSoon: 0, breached: 0 };
  const loadOf = new Map(loads.map(({ userId, ...counts }) => [userId, counts]));
  const collator = new Intl.Collator('zh-CN');
  const staff = people
    .filter((u): u is typeof u & { role: StaffRole } => isStaffRole(u.role))
    .map((u) => ({ userId: u.id, name: u.name, role: u.role, active: u.orgId === orgId && !u.disabled, ...(loadOf.get(u.id) ?? none) }))
    // The busiest first, then by name as a Chinese reader looks it up.
    .sort((a, b) => b.openProceedings - a.openProceedings || collator.compare(a.name, b.name) || (a.userId < b.userId ? -1 : 1));
  return { orgId, asOf: today, staff, unassigned: loadOf.get(null) ?? none };
}

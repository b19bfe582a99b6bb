/**
 * A party's notifications (SPEC §10): the list at GET /me/notifications and marking them read.
 * Every query is scoped to the caller's own account; staff are told of their work by the
 * reminders and notices (src/reminders), not here.
 */
import { and, count, desc, eq, isNull, lt, sql } from 'drizzle-orm';
import type { Caller } from '../auth/caller.js';
import { queryRows, type Database } from '../db/client.js';
import { cases, notifications } from '../db/schema/index.js';
import { forbidden, notFound } from '../http/errors.js';
import type { NotificationKind } from './rules.js';
import type { ListNotificationsQuery, MarkReadBody, NotificationItem } from './schemas.js';

export interface NotificationDeps {
  db: Database;
  now: () => Date;
}

/** The roles a case tells things to: the workers who apply and the employer's representatives. */
const PARTY_ROLES: readonly Caller['role'][] = ['worker', 'employer'];

function requireParty(caller: Caller): void {
  if (!PARTY_ROLES.includes(caller.role)) throw forbidden('notifications are for the parties to a case: workers and employer representatives');
}

async function unreadOf(db: Database, userId: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(notifications).where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
  return Number(row?.n ?? 0);
}

/** The caller's notifications, newest first, a page at a time (keyset on id). */
export async function listNotifications(
  deps: NotificationDeps,
  caller: Caller,
  q: ListNotificationsQuery,
): Promise<{ items: NotificationItem[]; nextCursor: string | null; unread: number }> {
  requireParty(caller);
  const rows = await deps.db
    .select({
      id: notifications.id,
      caseId: notifications.caseId,
      caseNumber: cases.number,
      kind: notifications.kind,
      text: notifications.text,
      createdAt: notifications.createdAt,
      readAt: notifications.readAt,
    })
    .from(notifications)
    .innerJoin(cases, eq(cases.id, notifications.caseId))
    .where(and(eq(notifications.userId, caller.userId), q.cursor === undefined ? undefined : lt(notifications.id, q.cursor)))
    .orderBy(desc(notifications.id))
    .limit(q.limit + 1);
  const page = rows.slice(0, q.limit);
  const items = page.map((r) => ({ ...r, id: Number(r.id), kind: r.kind as NotificationKind, createdAt: r.createdAt.toISOString(), readAt: r.readAt ? r.readAt.toISOString() : null }));
  const nextCursor = rows.length > q.limit ? String(items[items.length - 1].id) : null;
  return { items, nextCursor, unread: await unreadOf(deps.db, caller.userId) };
}

/**
 * Marks notifications read: the ones named, each of which must be the caller's (else 404 and
 * nothing changes), or all of the caller's. Reading one again keeps the first time it was read.
 */
export async function markRead(deps: NotificationDeps, caller: Caller, body: MarkReadBody): Promise<{ marked: number; unread: number }> {
  requireParty(caller);
  const at = deps.now().toISOString();
  if (body.all) {
    const marked = await queryRows<{ id: number }>(
      deps.db,
      sql`update ${notifications} set read_at = ${at}::timestamptz
          where ${notifications.userId} = ${caller.userId}::uuid and ${notifications.readAt} is null
          returning ${notifications.id}`,
    );
    return { marked: marked.length, unread: await unreadOf(deps.db, caller.userId) };
  }
  const ids = [...new Set(body.ids ?? [])];
  // One statement: the named rows of the caller's, and the update only if every one of them is.
  const [row] = await queryRows<{ mine: number; marked: number }>(
    deps.db,
    sql`with wanted as (
          select (jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb))::bigint as id
        ), mine as (
          select n.id, n.read_at from ${notifications} n join wanted w on w.id = n.id
          where n.user_id = ${caller.userId}::uuid
          for update of n
        ), marked as (
          update ${notifications} n set read_at = ${at}::timestamptz
          from mine
          where n.id = mine.id and mine.read_at is null and (select count(*) from mine) = ${ids.length}
          returning n.id
        )
        select (select count(*) from mine)::int as mine, (select count(*) from marked)::int as marked`,
  );
  if (Number(row?.mine ?? 0) !== ids.length) throw notFound('notification');
  return { marked: Number(row.marked), unread: await unreadOf(deps.db, caller.userId) };
}

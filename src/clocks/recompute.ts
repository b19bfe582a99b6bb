import { and, asc, eq, inArray, type SQL } from 'drizzle-orm';
import { withEvents } from '../cases/decide.js';
import { appendEvent } from '../cases/repository.js';
import type { Tx } from '../db/client.js';
import { cases, clocks } from '../db/schema/index.js';
import { chinaDate } from '../domain/time.js';
import { loadCalendar, recompute } from './engine.js';

/**
 * Recomputes the open clocks matching `where` against the calendar as it now stands (after an
 * administrator changed it). Each case whose due dates moved is locked, its clocks updated, and an
 * event on its chain records old and new dates.
 */
export async function applyClockRecomputations(
  tx: Tx,
  opts: { where: SQL | undefined; reason: Record<string, unknown> & { action: string }; actorUserId: string; now: Date },
): Promise<{ clocks: number; cases: number }> {
  const cal = await loadCalendar(tx);
  const today = chinaDate(opts.now);
  const open = await tx
    .select()
    .from(clocks)
    .where(and(inArray(clocks.status, ['running', 'paused']), opts.where))
    .orderBy(asc(clocks.caseId), asc(clocks.id));
  const moved = new Map<string, { clock: typeof clocks.$inferSelect; from: string }[]>();
  for (const k of open) {
    const next = recompute(k, cal, today);
    if (next.dueOn === k.dueOn && next.provisional === k.provisional) continue;
    const list = moved.get(k.caseId) ?? [];
    list.push({ clock: next, from: k.dueOn });
    moved.set(k.caseId, list);
  }
  let count = 0;
  let casesMoved = 0;
  for (const [caseId, list] of moved) {
    const [row] = await tx.select().from(cases).where(eq(cases.id, caseId)).for('update');
    for (const { clock } of list) {
      await tx
        .update(clocks)
        .set({ dueOn: clock.dueOn, pausedDays: clock.pausedDays, calendarYears: clock.calendarYears, provisional: clock.provisional, explanation: clock.explanation })
        .where(eq(clocks.id, clock.id));
    }
    count += list.length;
    const dueMoved = list.filter((m) => m.clock.dueOn !== m.from);
    if (!dueMoved.length) continue;
    casesMoved++;
    const { action, ...data } = opts.reason;
    const event = {
      action,
      actorUserId: opts.actorUserId,
      actorOrgId: null,
      proceedingId: null,
      internal: false,
      data: { ...data, clocks: dueMoved.map((m) => ({ clockId: m.clock.id, kind: m.clock.kind, fromDueOn: m.from, toDueOn: m.clock.dueOn })) },
      occurredAt: new Date(Math.max(opts.now.getTime(), row.lastOccurredAt.getTime())),
    };
    await appendEvent(tx, row, withEvents(row, [event], opts.now));
  }
  return { clocks: count, cases: casesMoved };
}

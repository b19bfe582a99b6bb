/**
 * Keeps the statistics rollups (stat_months, stat_durations) in step with each action, inside
 * the action's transaction. Upserts add to counters atomically, and every transaction touches
 * rows in primary-key order, so concurrent actions neither lose counts nor deadlock.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Queryable } from '../db/client.js';
import { clocks, proceedings, statDurations, statMonths } from '../db/schema/index.js';
import type { ProceedingKind } from '../domain/model.js';
import { STAT_COUNTERS, type StatCounter, type StatDuration } from '../domain/statistics.js';

export interface StatDelta {
  orgId: string;
  kind: ProceedingKind;
  /** The legal date the counted act happened on. */
  on: string;
  counters?: Partial<Record<StatCounter, number>>;
  duration?: { measure: StatDuration; days: number };
  /** A conclusion whose on-time flag is settled once the clocks have stopped. */
  conclusionOf?: string;
}

export const monthOf = (date: string) => `${date.slice(0, 7)}-01`;

/** Whole calendar days between two legal dates. */
export const dayDiff = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

// Clocks that measure the organisation's own handling; a hand-off acknowledgement does not.
const STATUTORY_PROCEEDING_CLOCKS = ['mediation', 'arbitration_acceptance', 'arbitration_award', 'confirmation_review'] as const;

/** Whether a concluded proceeding met all of its statutory clocks; stored on the proceeding. */
async function settleOnTime(tx: Queryable, proceedingId: string): Promise<boolean> {
  const breached = await tx
    .select({ id: clocks.id })
    .from(clocks)
    .where(and(eq(clocks.proceedingId, proceedingId), eq(clocks.status, 'breached'), inArray(clocks.kind, [...STATUTORY_PROCEEDING_CLOCKS])))
    .limit(1);
  const onTime = breached.length === 0;
  await tx.update(proceedings).set({ onTime }).where(eq(proceedings.id, proceedingId));
  return onTime;
}

export async function applyStatDeltas(tx: Queryable, categories: readonly string[], deltas: StatDelta[]): Promise<void> {
  if (!deltas.length) return;
  const cats = ['*', ...[...categories].sort()];
  const counters = new Map<string, { month: string; orgId: string; kind: string; values: Record<StatCounter, number> }>();
  const durations = new Map<string, { month: string; orgId: string; kind: string; measure: string; days: number; n: number }>();
  for (const d of deltas) {
    const month = monthOf(d.on);
    const values = { ...d.counters };
    if (d.conclusionOf && (await settleOnTime(tx, d.conclusionOf))) values.onTime = (values.onTime ?? 0) + 1;
    if (Object.keys(values).length) {
      const key = `${month}|${d.orgId}|${d.kind}`;
      const row = counters.get(key) ?? { month, orgId: d.orgId, kind: d.kind, values: Object.fromEntries(STAT_COUNTERS.map((c) => [c, 0])) as Record<StatCounter, number> };
      for (const [c, v] of Object.entries(values)) row.values[c as StatCounter] += v ?? 0;
      counters.set(key, row);
    }
    if (d.duration) {
      const key = `${d.duration.measure}|${month}|${d.orgId}|${d.kind}|${d.duration.days}`;
      const row = durations.get(key) ?? { month, orgId: d.orgId, kind: d.kind, measure: d.duration.measure, days: d.duration.days, n: 0 };
      row.n++;
      durations.set(key, row);
    }
  }
  // Rows in primary-key order (category, month, org, kind): concurrent writers lock in the same order.
  const monthRows = cats
    .flatMap((category) => [...counters.values()].map((r) => ({ category, month: r.month, orgId: r.orgId, kind: r.kind, ...r.values })))
    .sort((a, b) => cmp([a.category, a.month, a.orgId, a.kind], [b.category, b.month, b.orgId, b.kind]));
  if (monthRows.length) {
    await tx
      .insert(statMonths)
      .values(monthRows)
      .onConflictDoUpdate({
        target: [statMonths.category, statMonths.month, statMonths.orgId, statMonths.kind],
        set: Object.fromEntries(STAT_COUNTERS.map((c) => [c, sql`${statMonths[c]} + excluded.${sql.identifier(statMonths[c].name)}`])),
      });
  }
  const durationRows = [...durations.values()]
    .flatMap((r) => cats.map((category) => ({ ...r, category })))
    .sort((a, b) => cmp([a.measure, a.category, a.month, a.orgId, a.kind, String(a.days).padStart(6, '0')], [b.measure, b.category, b.month, b.orgId, b.kind, String(b.days).padStart(6, '0')]));
  if (durationRows.length) {
    await tx
      .insert(statDurations)
      .values(durationRows)
      .onConflictDoUpdate({
        target: [statDurations.measure, statDurations.category, statDurations.month, statDurations.orgId, statDurations.kind, statDurations.days],
        set: { n: sql`${statDurations.n} + excluded.n` },
      });
  }
}

function cmp(a: string[], b: string[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  return 0;
}


/**
 * Keeps the statistics rollups (stat_months, stat_years, stat_histograms) in step with each
 * action, inside the action's transaction, as part of its one write statement. Upserts add to counters atomically,
 * and every transaction touches rows in primary-key order, so concurrent actions neither lose
 * counts nor deadlock.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { RowWrite } from '../db/writes.js';
import { statHistograms, statMonths, statYears } from '../db/schema/index.js';
import { STAT_COUNTERS, type StatCounter, type StatDelta, type StatDuration } from '../domain/statistics.js';

export const monthOf = (date: string) => `${date.slice(0, 7)}-01`;
export const yearOf = (date: string) => `${date.slice(0, 4)}-01-01`;

/** A histogram as the array of stat_histograms: element d (SQL's d + 1) counts the spans of d days. */
export function histogramList(days: ReadonlyMap<number, number>): number[] {
  const top = Math.max(...days.keys());
  if (!(top >= 0) || [...days.keys()].some((d) => !Number.isInteger(d) || d < 0)) throw new Error(`a span of days must be a whole number ≥ 0: ${[...days.keys()]}`);
  return Array.from({ length: top + 1 }, (_, d) => days.get(d) ?? 0);
}

type Counters = Record<StatCounter, number>;
interface CounterRow {
  period: string;
  orgId: string;
  kind: string;
  values: Counters;
}
interface HistogramRow {
  grain: 'month' | 'year';
  period: string;
  orgId: string;
  kind: string;
  measure: StatDuration;
  days: Map<number, number>;
}

function addTo<R>(map: Map<string, R>, key: string, make: () => R): R {
  let row = map.get(key);
  if (!row) map.set(key, (row = make()));
  return row;
}

/**
 * Hands the upserts for `deltas` (domain/statistics.ts statDeltas) to the transaction's write batch
 * (src/db/writes.ts), under '*' and each of the case's categories.
 */
export function applyStatDeltas(categories: readonly string[], deltas: StatDelta[], write: (w: RowWrite) => void): void {
  if (!deltas.length) return;
  const cats = ['*', ...[...categories].sort()];
  const months = new Map<string, CounterRow>();
  const years = new Map<string, CounterRow>();
  const histograms = new Map<string, HistogramRow>();
  for (const d of deltas) {
    const periods = { month: monthOf(d.on), year: yearOf(d.on) };
    if (Object.keys(d.counters).length) {
      for (const [map, period] of [[months, periods.month], [years, periods.year]] as const) {
        const row = addTo(map, `${period}|${d.orgId}|${d.kind}`, () => ({ period, orgId: d.orgId, kind: d.kind, values: Object.fromEntries(STAT_COUNTERS.map((c) => [c, 0])) as Counters }));
        for (const [c, v] of Object.entries(d.counters)) row.values[c as StatCounter] += v;
      }
    }
    for (const span of d.spans) {
      for (const grain of ['month', 'year'] as const) {
        const period = periods[grain];
        const row = addTo(histograms, `${span.measure}|${grain}|${period}|${d.orgId}|${d.kind}`, () => ({ grain, period, orgId: d.orgId, kind: d.kind, measure: span.measure, days: new Map() }));
        row.days.set(span.days, (row.days.get(span.days) ?? 0) + span.count);
      }
    }
  }

  // One row per key and category ('*' is every case), as json_populate_recordset reads them.
  const counterRows = (periodColumn: string, rows: Map<string, CounterRow>) =>
    cats.flatMap((category) =>
      [...rows.values()].map((r) => {
        const row: Record<string, unknown> = { category, [periodColumn]: r.period, org_id: r.orgId, kind: r.kind };
        // Only the counters that move (an action moves one to three of them): the upsert reads a
        // missing one as 0, and the JSON both sides handle is a fraction of the size.
        for (const c of STAT_COUNTERS) if (r.values[c]) row[statMonths[c].name] = r.values[c];
        return row;
      }),
    );
  const histRows = [...histograms.values()].flatMap((r) =>
    cats.map((category) => ({ grain: r.grain, category, period: r.period, org_id: r.orgId, kind: r.kind, measure: r.measure, counts: histogramList(r.days) })),
  );
  // Named so that a batch always places them in this order.
  write({ name: 'stats_1_months', text: ROLLUP_UPSERTS.months, rows: counterRows('month', months) });
  write({ name: 'stats_2_years', text: ROLLUP_UPSERTS.years, rows: counterRows('year', years) });
  write({ name: 'stats_3_histograms', text: ROLLUP_UPSERTS.histograms, rows: histRows });
}

const counters = STAT_COUNTERS.map((c) => sql.identifier(statMonths[c].name));
const counterUpsert = (table: typeof statMonths | typeof statYears, period: string) => (json: SQL) => {
  const key = sql`category, ${sql.identifier(period)}, org_id, kind`;
  const list = sql.join(counters, sql`, `);
  const given = sql.join(counters.map((c) => sql`coalesce(${c}, 0)`), sql`, `);
  const add = sql.join(counters.map((c) => sql`${c} = ${table}.${c} + excluded.${c}`), sql`, `);
  return sql`insert into ${table} (${key}, ${list})
    select ${key}, ${given} from json_populate_recordset(null::${table}, ${json}) order by ${key}
    on conflict (${key}) do update set ${add}`;
};
const histKey = sql`grain, category, period, org_id, kind, measure`;

/**
 * The upserts, each taking its rows as JSON in primary-key order, so that concurrent writers lock
 * rows in the same order; they always run in the same order too, so two actions cannot deadlock.
 */
const ROLLUP_UPSERTS = {
  months: counterUpsert(statMonths, 'month'),
  years: counterUpsert(statYears, 'year'),
  histograms: (json: SQL) => sql`insert into ${statHistograms} (${histKey}, counts)
    select ${histKey}, counts from json_populate_recordset(null::${statHistograms}, ${json}) order by ${histKey}
    on conflict (${histKey}) do update set counts = tiaojie_hist_add(${statHistograms}.counts, excluded.counts)`,
};


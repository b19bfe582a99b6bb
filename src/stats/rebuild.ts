/**
 * Rebuilds the statistics rollups (stat_months, stat_years, stat_histograms) from the proceedings,
 * agreements and payments, in set-based SQL and one transaction. Used after bulk loads and as a
 * repair tool. It counts the acts of src/stats/acts.ts, the definitions the actions' deltas and the
 * service's recount use too, so the rollups, their rebuild and the recount agree.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Database, type Tx } from '../db/client.js';
import { cases, statHistograms, statMonths, statYears } from '../db/schema/index.js';
import { STAT_COUNTERS } from '../domain/statistics.js';
import { actCounters, actSpans, counterColumn, legalMonth } from './acts.js';

const columns = sql.join(STAT_COUNTERS.map(counterColumn), sql`, `);
const sums = (of: string) =>
  sql.join(
    STAT_COUNTERS.map((k) => sql`sum(${sql.identifier(of)}.${counterColumn(k)}) as ${counterColumn(k)}`),
    sql`, `,
  );

export async function rebuildStatistics(db: Database | Tx): Promise<{ months: number; years: number; histograms: number }> {
  return db.transaction(async (tx) => {
    // Big one-off aggregations: keep the hash tables in memory.
    await tx.execute(sql`set local work_mem = '128MB'`);
    // Actions wait (their upserts need ROW EXCLUSIVE) until the rebuild commits and then add their
    // deltas to the rebuilt rows; statistics reads (ACCESS SHARE) go on seeing the old rows.
    await tx.execute(sql`lock table ${statMonths}, ${statYears}, ${statHistograms} in exclusive mode`);
    await tx.execute(sql`delete from ${statHistograms}`);
    await tx.execute(sql`delete from ${statYears}`);
    await tx.execute(sql`delete from ${statMonths}`);

    // Each act is counted under its month, organisation and proceeding kind, once under '*' and
    // once under each category of its case (the rollup keys of rollup.ts). Acts are first summed
    // per set of categories, and only those sums are spread over the categories.
    await tx.execute(sql`
      insert into ${statMonths} (month, org_id, kind, category, ${columns})
      select b.month, b.org_id, b.kind, cat.category, ${sums('b')}
      from (
        select ${legalMonth(sql`x.at`)} as month, x.org_id, x.kind, c.categories, ${sums('x')}
        from ${actCounters()} x join ${cases} c on c.id = x.case_id
        group by 1, 2, 3, 4
      ) b
      cross join lateral unnest(array['*']::text[] || b.categories) as cat(category)
      group by b.month, b.org_id, b.kind, cat.category`);

    // A year is the sum of its months.
    await tx.execute(sql`
      insert into ${statYears} (year, org_id, kind, category, ${columns})
      select date_trunc('year', m.month)::date, m.org_id, m.kind, m.category, ${sums('m')}
      from ${statMonths} m group by 1, 2, 3, 4`);

    // Spans of whole days, counted per (days) and then gathered into one array per period and key
    // (counts[d + 1] = spans of d days), for the month and for the year.
    await tx.execute(sql`drop table if exists _stat_spans`);
    await tx.execute(sql`
      create temporary table _stat_spans on commit drop as
      select b.month, b.org_id, b.kind, cat.category, b.measure, b.days, sum(b.n)::int as n
      from (
        select ${legalMonth(sql`x.at`)} as month, x.org_id, x.kind, c.categories, x.measure, x.days, count(*) as n
        from ${actSpans()} x join ${cases} c on c.id = x.case_id
        group by 1, 2, 3, 4, 5, 6
      ) b
      cross join lateral unnest(array['*']::text[] || b.categories) as cat(category)
      group by b.month, b.org_id, b.kind, cat.category, b.measure, b.days`);
    await tx.execute(sql`
      insert into ${statHistograms} (grain, period, org_id, kind, category, measure, counts)
      select h.grain, h.period, h.org_id, h.kind, h.category, h.measure,
             (select array_agg(coalesce(x.n, 0) order by s.d)
                from generate_series(0, max(h.days)) as s(d)
                left join unnest(array_agg(h.days), array_agg(h.n)) as x(days, n) on x.days = s.d)
      from (
        select 'month' as grain, month as period, org_id, kind, category, measure, days, n from _stat_spans
        union all
        select 'year', date_trunc('year', month)::date, org_id, kind, category, measure, days, sum(n)::int
        from _stat_spans group by 2, 3, 4, 5, 6, 7
      ) h
      group by 1, 2, 3, 4, 5, 6`);

    const [m] = await queryRows<{ n: number }>(tx, sql`select count(*)::int as n from ${statMonths}`);
    const [y] = await queryRows<{ n: number }>(tx, sql`select count(*)::int as n from ${statYears}`);
    const [h] = await queryRows<{ n: number }>(tx, sql`select count(*)::int as n from ${statHistograms}`);
    return { months: Number(m.n), years: Number(y.n), histograms: Number(h.n) };
  });
}

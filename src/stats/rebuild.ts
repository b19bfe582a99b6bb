/**
 * Rebuilds the statistics rollups (stat_months, stat_years, stat_histograms) from the proceedings, agreements
 * and payments, in set-based SQL and one transaction. Used after bulk loads and as a repair
 * tool: the result is by construction what `closureStats(..., 'recount')` reads from the base
 * tables (the definitions of fromBase() in service.ts), so the fast path and the recount agree.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Database, type Tx } from '../db/client.js';
import { agreements, cases, payments, proceedings, statHistograms, statMonths, statYears } from '../db/schema/index.js';

/** A timestamp column's legal date (China time, UTC+8), and the first day of its month. */
const legal = (col: string) => sql.raw(`((${col} at time zone 'UTC') + interval '8 hours')::date`);
const month = (col: string) => sql.raw(`date_trunc('month', ((${col} at time zone 'UTC') + interval '8 hours'))::date`);

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
      insert into ${statMonths} (month, org_id, kind, category, received, accepted, declined, concluded, settled, on_time,
                                 accepted_concluded, claimed_fen, agreed_fen, paid_fen, workers)
      select b.month, b.org_id, b.kind, cat.category, sum(b.received), sum(b.accepted), sum(b.declined), sum(b.concluded), sum(b.settled),
             sum(b.on_time), sum(b.accepted_concluded), sum(b.claimed_fen), sum(b.agreed_fen), sum(b.paid_fen), sum(b.workers)
      from (
        select month, org_id, kind, categories, sum(received) as received, sum(accepted) as accepted, sum(declined) as declined,
               sum(concluded) as concluded, sum(settled) as settled, sum(on_time) as on_time, sum(accepted_concluded) as accepted_concluded,
               sum(claimed_fen) as claimed_fen, sum(agreed_fen) as agreed_fen, sum(paid_fen) as paid_fen, sum(workers) as workers
        from (
          -- received: the proceeding's receipt, with its case's claimed amount and workers
          select ${month('p.received_at')} as month, p.org_id, p.kind, c.categories,
                 1 as received, 0 as accepted, 0 as declined, 0 as concluded, 0 as settled, 0 as on_time, 0 as accepted_concluded,
                 c.claimed_fen::bigint as claimed_fen, 0::bigint as agreed_fen, 0::bigint as paid_fen, c.applicant_count as workers
          from ${proceedings} p join ${cases} c on c.id = p.case_id
          union all
          select ${month('p.accepted_at')}, p.org_id, p.kind, c.categories, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0
          from ${proceedings} p join ${cases} c on c.id = p.case_id
          where p.accepted_at is not null
          union all
          -- declined and concluded proceedings both carry concluded_at
          select ${month('p.concluded_at')}, p.org_id, p.kind, c.categories, 0, 0,
                 (p.state = 'declined')::int,
                 (p.state = 'concluded')::int,
                 (p.state = 'concluded' and p.outcome in ('settled', 'confirmed'))::int,
                 (p.state = 'concluded' and coalesce(p.on_time, false))::int,
                 (p.state = 'concluded' and p.accepted_at is not null)::int,
                 0, 0, 0, 0
          from ${proceedings} p join ${cases} c on c.id = p.case_id
          where p.concluded_at is not null and p.state in ('declined', 'concluded')
          union all
          -- agreed: the agreement's recording, under the proceeding that recorded it
          select ${month('a.recorded_at')}, p.org_id, p.kind, c.categories, 0, 0, 0, 0, 0, 0, 0, 0, a.amount_fen, 0, 0
          from ${agreements} a join ${proceedings} p on p.id = a.proceeding_id join ${cases} c on c.id = p.case_id
          union all
          -- paid: the payment's date, under the proceeding that recorded the agreement
          select ${month('pm.paid_at')}, p.org_id, p.kind, c.categories, 0, 0, 0, 0, 0, 0, 0, 0, 0, pm.amount_fen, 0
          from ${payments} pm join ${agreements} a on a.id = pm.agreement_id join ${proceedings} p on p.id = a.proceeding_id
               join ${cases} c on c.id = p.case_id
        ) acts
        group by month, org_id, kind, categories
      ) b
      cross join lateral unnest(array['*']::text[] || b.categories) as cat(category)
      group by b.month, b.org_id, b.kind, cat.category`);

    // A year is the sum of its months.
    await tx.execute(sql`
      insert into ${statYears} (year, org_id, kind, category, received, accepted, declined, concluded, settled, on_time,
                                accepted_concluded, claimed_fen, agreed_fen, paid_fen, workers)
      select date_trunc('year', month)::date, org_id, kind, category, sum(received), sum(accepted), sum(declined), sum(concluded),
             sum(settled), sum(on_time), sum(accepted_concluded), sum(claimed_fen), sum(agreed_fen), sum(paid_fen), sum(workers)
      from ${statMonths} group by 1, 2, 3, 4`);

    // Spans of whole days, counted per (days) and then gathered into one array per period and key
    // (counts[d + 1] = spans of d days), for the month and for the year.
    await tx.execute(sql`drop table if exists _stat_spans`);
    await tx.execute(sql`
      create temporary table _stat_spans on commit drop as
      select b.month, b.org_id, b.kind, cat.category, b.measure, b.days, sum(b.n)::int as n
      from (
        select month, org_id, kind, categories, measure, days, count(*) as n
        from (
          select ${month('p.concluded_at')} as month, p.org_id, p.kind, c.categories, 'resolution' as measure,
                 (${legal('p.concluded_at')} - ${legal('p.accepted_at')}) as days
          from ${proceedings} p join ${cases} c on c.id = p.case_id
          where p.state = 'concluded' and p.accepted_at is not null and p.concluded_at is not null
          union all
          select ${month('p.accepted_at')}, p.org_id, p.kind, c.categories, 'handoff', (${legal('p.accepted_at')} - ${legal('p.received_at')})
          from ${proceedings} p join ${cases} c on c.id = p.case_id
          where p.referred_from_org_id is not null and p.accepted_at is not null
        ) spans
        group by month, org_id, kind, categories, measure, days
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

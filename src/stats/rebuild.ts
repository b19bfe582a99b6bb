/**
 * Rebuilds the statistics rollups (stat_months, stat_durations) from the proceedings, agreements
 * and payments, in set-based SQL and one transaction. Used after bulk loads and as a repair
 * tool: the result is by construction what `closureStats(..., 'recount')` reads from the base
 * tables (the definitions of fromBase() in service.ts), so the fast path and the recount agree.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Database, type Tx } from '../db/client.js';
import { agreements, cases, payments, proceedings, statDurations, statMonths } from '../db/schema/index.js';

/** A timestamp column's legal date (China time, UTC+8), and the first day of its month. */
const legal = (col: string) => sql.raw(`((${col} at time zone 'UTC') + interval '8 hours')::date`);
const month = (col: string) => sql.raw(`date_trunc('month', ((${col} at time zone 'UTC') + interval '8 hours'))::date`);

export async function rebuildStatistics(db: Database | Tx): Promise<{ months: number; durations: number }> {
  return db.transaction(async (tx) => {
    // Big one-off aggregations: keep the hash tables in memory.
    await tx.execute(sql`set local work_mem = '128MB'`);
    await tx.execute(sql`delete from ${statDurations}`);
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

    await tx.execute(sql`
      insert into ${statDurations} (month, org_id, kind, category, measure, days, n)
      select b.month, b.org_id, b.kind, cat.category, b.measure, b.days, sum(b.n)::int
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

    const [m] = await queryRows<{ n: number }>(tx, sql`select count(*)::int as n from ${statMonths}`);
    const [d] = await queryRows<{ n: number }>(tx, sql`select count(*)::int as n from ${statDurations}`);
    return { months: Number(m.n), durations: Number(d.n) };
  });
}

/**
 * Rebuilds the statistics rollups (stat_months, stat_durations) from the proceedings, agreements
 * and payments, in set-based SQL. Used after bulk loads and as a repair tool: the result is by
 * construction what `closureStats(..., 'recount')` reads from the base tables (the same
 * definitions as fromBase() in service.ts), so the fast path and the recount agree again.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Queryable } from '../db/client.js';
import { agreements, cases, payments, proceedings, statDurations, statMonths } from '../db/schema/index.js';

/** The first day of the month of a timestamp column's legal date (China time, UTC+8). */
const month = (col: string) => sql.raw(`date_trunc('month', ((${col} at time zone 'UTC') + interval '8 hours'))::date`);
const legal = (col: string) => sql.raw(`((${col} at time zone 'UTC') + interval '8 hours')::date`);

/**
 * Every proceeding counts once under '*' and once under each of its case's categories (the
 * rollup keys of rollup.ts: category '*' plus the case's categories).
 */
const categoriesOf = sql.raw(`cross join lateral unnest(array['*']::text[] || c.categories) as cat(category)`);

export async function rebuildStatistics(db: Queryable): Promise<{ months: number; durations: number }> {
  await db.execute(sql`delete from ${statDurations}`);
  await db.execute(sql`delete from ${statMonths}`);

  await db.execute(sql`
    insert into ${statMonths} (month, org_id, kind, category, received, accepted, declined, concluded, settled, on_time,
                               accepted_concluded, claimed_fen, agreed_fen, paid_fen, workers)
    select month, org_id, kind, category, sum(received), sum(accepted), sum(declined), sum(concluded), sum(settled), sum(on_time),
           sum(accepted_concluded), sum(claimed_fen), sum(agreed_fen), sum(paid_fen), sum(workers)
    from (
      -- received: the proceeding's receipt, with its case's claimed amount and workers
      select ${month('p.received_at')} as month, p.org_id, p.kind, cat.category,
             1 as received, 0 as accepted, 0 as declined, 0 as concluded, 0 as settled, 0 as on_time, 0 as accepted_concluded,
             c.claimed_fen::bigint as claimed_fen, 0::bigint as agreed_fen, 0::bigint as paid_fen, c.applicant_count as workers
      from ${proceedings} p join ${cases} c on c.id = p.case_id ${categoriesOf}
      union all
      select ${month('p.accepted_at')}, p.org_id, p.kind, cat.category, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0
      from ${proceedings} p join ${cases} c on c.id = p.case_id ${categoriesOf}
      where p.accepted_at is not null
      union all
      -- declined and concluded proceedings both carry concluded_at
      select ${month('p.concluded_at')}, p.org_id, p.kind, cat.category, 0, 0,
             (p.state = 'declined')::int,
             (p.state = 'concluded')::int,
             (p.state = 'concluded' and p.outcome in ('settled', 'confirmed'))::int,
             (p.state = 'concluded' and coalesce(p.on_time, false))::int,
             (p.state = 'concluded' and p.accepted_at is not null)::int,
             0, 0, 0, 0
      from ${proceedings} p join ${cases} c on c.id = p.case_id ${categoriesOf}
      where p.concluded_at is not null and p.state in ('declined', 'concluded')
      union all
      -- agreed: the agreement's recording, under the proceeding that recorded it
      select ${month('a.recorded_at')}, p.org_id, p.kind, cat.category, 0, 0, 0, 0, 0, 0, 0, 0, a.amount_fen, 0, 0
      from ${agreements} a join ${proceedings} p on p.id = a.proceeding_id join ${cases} c on c.id = p.case_id ${categoriesOf}
      union all
      -- paid: the payment's date, under the proceeding that recorded the agreement
      select ${month('pm.paid_at')}, p.org_id, p.kind, cat.category, 0, 0, 0, 0, 0, 0, 0, 0, 0, pm.amount_fen, 0
      from ${payments} pm join ${agreements} a on a.id = pm.agreement_id join ${proceedings} p on p.id = a.proceeding_id
           join ${cases} c on c.id = p.case_id ${categoriesOf}
    ) x
    group by month, org_id, kind, category`);

  await db.execute(sql`
    insert into ${statDurations} (month, org_id, kind, category, measure, days, n)
    select month, org_id, kind, category, measure, days, count(*)::int
    from (
      select ${month('p.concluded_at')} as month, p.org_id, p.kind, cat.category, 'resolution' as measure,
             (${legal('p.concluded_at')} - ${legal('p.accepted_at')}) as days
      from ${proceedings} p join ${cases} c on c.id = p.case_id ${categoriesOf}
      where p.state = 'concluded' and p.accepted_at is not null and p.concluded_at is not null
      union all
      select ${month('p.accepted_at')}, p.org_id, p.kind, cat.category, 'handoff', (${legal('p.accepted_at')} - ${legal('p.received_at')})
      from ${proceedings} p join ${cases} c on c.id = p.case_id ${categoriesOf}
      where p.referred_from_org_id is not null and p.accepted_at is not null
    ) x
    group by month, org_id, kind, category, measure, days`);

  const [m] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from ${statMonths}`);
  const [d] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from ${statDurations}`);
  return { months: Number(m.n), durations: Number(d.n) };
}

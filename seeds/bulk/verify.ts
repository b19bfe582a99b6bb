/**
 * Checks a database filled by the bulk generator against the invariants the app relies on,
 * through SQL (whole tables) and through the app's own service functions (a sample of cases).
 * Used by tests/api/bulk.test.ts and, on any database, by
 * `tsx seeds/bulk/verify.ts [--database-url URL] [--sample N] [--regions ,45,44]` (PGlite at PGLITE_DIR otherwise).
 */
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { sql, type SQL } from 'drizzle-orm';
import type { Caller } from '../../src/auth/caller.js';
import { getCase, listCases, listEvents, verifyCase } from '../../src/cases/service.js';
import { caseDetail, caseListItem, eventResponse, listQuery } from '../../src/cases/schemas.js';
import { openDatabase, queryRows, type DbHandle } from '../../src/db/client.js';
import { listDeadlines } from '../../src/deadlines/service.js';
import { addCalendarDays } from '../../src/domain/calendar.js';
import { creditCodeProblem, idNumberProblem, MOBILE_PATTERN } from '../../src/domain/identity.js';
import { chinaDate } from '../../src/domain/time.js';
import { closureStats } from '../../src/stats/service.js';
import { STAT_COUNTERS, STAT_GROUPS } from '../../src/domain/statistics.js';
import { actCounters, actSpans, counterColumn, legalMonth } from '../../src/stats/acts.js';

export interface VerifyOptions {
  /** How many cases to load through the services and verify the hash chain of. */
  sample?: number;
  /** Supervisor regions whose statistics are compared (default: the whole country and every province). */
  regions?: string[];
  now?: Date;
  log?: (line: string) => void;
}

export interface VerifyReport {
  /** Name of each SQL invariant → rows violating it (all must be 0). */
  violations: Record<string, number>;
  /** Problems found through the services (empty when all is well). */
  problems: string[];
  sampled: number;
  statsChecks: number;
  /** All-zero rows the fast path lists and the recount does not (a quirk of the service, not of the data). */
  zeroRows: number;
}

/** A stats row with nothing in it: every count zero, every rate and median null. */
export function isEmptyRow(r: object): boolean {
  return Object.entries(r).every(([k, v]) => k === 'key' || k === 'label' || v === 0 || v === null);
}

/** Queries whose count must be zero. */
export const INVARIANTS: Record<string, string> = {
  'no cases at all': `select (count(*) = 0)::int as count from cases`,
  'numbers gapless per org and year': `
    select count(*) from (
      select c.org_id, split_part(c.number, '-', 2) as year, count(*) as n, count(distinct split_part(c.number, '-', 3)::int) as d,
             min(split_part(c.number, '-', 3)::int) as lo, max(split_part(c.number, '-', 3)::int) as hi
      from cases c group by 1, 2) x
    left join case_counters cc on cc.org_id = x.org_id and cc.year::text = x.year
    where x.n <> x.d or x.lo <> 1 or x.hi <> x.n or cc.last is distinct from x.hi`,
  'number has the org intake code and China year': `
    select count(*) from cases c join organizations o on o.id = c.org_id
    where split_part(c.number, '-', 1) <> o.intake_code
       or split_part(c.number, '-', 2)::int <> extract(year from ((c.received_at at time zone 'UTC') + interval '8 hours'))::int`,
  'open proceeding that is not the newest': `
    select count(*) from proceedings p
    join (select case_id, max(seq) as m from proceedings group by case_id) n on n.case_id = p.case_id
    where p.state in ('received', 'accepted') and p.seq <> n.m`,
  'proceedings numbered 1..n': `
    select count(*) from (select case_id, count(*) n, max(seq) m, min(seq) l from proceedings group by 1) x where x.n <> x.m or x.l <> 1`,
  'case without proceedings': `select count(*) from cases c where not exists (select 1 from proceedings p where p.case_id = c.id)`,
  'proceeding dates out of order or in the future': `
    select count(*) from proceedings p
    where p.accepted_at < p.received_at or p.concluded_at < coalesce(p.accepted_at, p.received_at)
       or greatest(p.received_at, p.accepted_at, p.concluded_at) > now()
       or (p.state = 'received' and (p.accepted_at is not null or p.concluded_at is not null))
       or (p.state = 'accepted' and (p.accepted_at is null or p.concluded_at is not null))
       or (p.state = 'declined' and (p.accepted_at is not null or p.concluded_at is null))
       or (p.state = 'concluded' and p.concluded_at is null)`,
  'proceeding received before the previous one ended': `
    select count(*) from proceedings p join proceedings q on q.case_id = p.case_id and q.seq = p.seq - 1
    where q.concluded_at is null or p.received_at < q.concluded_at or p.referred_from_org_id is distinct from q.org_id`,
  'first proceeding referred': `select count(*) from proceedings where seq = 1 and referred_from_org_id is not null`,
  'on_time set exactly on concluded proceedings': `select count(*) from proceedings where (state = 'concluded') <> (on_time is not null)`,
  'on_time disagrees with its clocks': `
    select count(*) from proceedings p
    left join (select proceeding_id, bool_or(status = 'breached') as breached from clocks
               where proceeding_id is not null and kind in ('mediation', 'arbitration_acceptance', 'arbitration_award', 'confirmation_review')
               group by proceeding_id) k on k.proceeding_id = p.id
    where p.state = 'concluded' and p.on_time = coalesce(k.breached, false)`,
  'proceeding at an organisation of the wrong kind': `
    select count(*) from proceedings p join organizations o on o.id = p.org_id
    where not ((p.kind = 'mediation' and o.kind in ('enterprise_committee', 'union', 'township_center', 'people_mediation', 'mediation_center'))
            or (p.kind = 'arbitration' and o.kind = 'arbitration_commission') or (p.kind in ('confirmation', 'litigation') and o.kind = 'court'))`,
  'proceeding outcome not of its kind': `
    select count(*) from proceedings where outcome is not null and not (
      (kind = 'mediation' and outcome in ('settled', 'failed', 'withdrawn')) or (kind = 'confirmation' and outcome in ('confirmed', 'refused', 'withdrawn'))
      or (kind = 'arbitration' and outcome in ('awarded', 'settled', 'withdrawn')) or (kind = 'litigation' and outcome in ('judged', 'settled', 'withdrawn')))`,
  'case_orgs missing a proceeding organisation': `
    select count(*) from (select distinct case_id, org_id from proceedings) p
    where not exists (select 1 from case_orgs co where co.case_id = p.case_id and co.org_id = p.org_id)`,
  'case_orgs region differs from the organisation': `
    select count(*) from case_orgs co join organizations o on o.id = co.org_id where co.region_code <> o.region_code`,
  'case current_* differ from the newest proceeding': `
    select count(*) from cases c
    join (select distinct on (case_id) case_id, org_id, state, kind from proceedings order by case_id, seq desc) p on p.case_id = c.id
    where c.current_org_id <> p.org_id or c.current_state <> p.state or c.current_kind <> p.kind`,
  'case claimed_fen, applicant_count or kind wrong': `
    select count(*) from cases c
    left join (select case_id, sum(amount_fen) s from claims group by 1) cl on cl.case_id = c.id
    left join (select case_id, count(*) n, max(position) m from applicants group by 1) a on a.case_id = c.id
    where c.claimed_fen is distinct from cl.s or c.applicant_count is distinct from a.n or a.m <> a.n
       or c.kind <> case when c.applicant_count >= 10 then 'collective' else 'individual' end`,
  'claim category not among the case categories': `
    select count(*) from claims cl join cases c on c.id = cl.case_id where not (cl.category = any(c.categories))`,
  'applicant without a claim': `select count(*) from applicants a where not exists (select 1 from claims c where c.applicant_id = a.id)`,
  'duplicate ID number within a case': `
    select count(*) from (select case_id, id_number from applicants where id_number is not null group by 1, 2 having count(*) > 1) x`,
  'case event head wrong': `
    select count(*) from cases c
    left join (select case_id, count(*) as n, max(seq) as m, max(occurred_at) as last from events group by case_id) e on e.case_id = c.id
    left join events h on h.case_id = c.id and h.seq = c.event_count
    where e.n is distinct from c.event_count or e.m <> e.n or c.version <> c.event_count or h.hash is distinct from c.last_event_hash
       or c.last_occurred_at <> e.last or h.occurred_at <> e.last`,
  'event chain links broken': `
    select count(*) from events e left join events p on p.case_id = e.case_id and p.seq = e.seq - 1
    where (e.seq = 1 and e.prev_hash <> repeat('0', 64)) or (e.seq > 1 and (p.hash is distinct from e.prev_hash or p.occurred_at > e.occurred_at))`,
  'first event not the filing': `select count(*) from events e where e.seq = 1 and e.action <> 'file'`,
  'closed case with an open proceeding, or closed wrongly': `
    select count(*) from cases c
    join (select distinct on (case_id) case_id, state, outcome from proceedings order by case_id, seq desc) p on p.case_id = c.id
    left join (select distinct on (case_id) case_id, status from agreements order by case_id, recorded_at desc, id desc) a on a.case_id = c.id
    where c.status = 'closed' and (c.closed_at is null or c.closed_at <> c.last_occurred_at or p.state in ('received', 'accepted')
      or (c.outcome = 'withdrawn' and p.outcome is distinct from 'withdrawn')
      or (c.outcome = 'judged' and p.outcome is distinct from 'judged')
      or (c.outcome = 'performed' and a.status is distinct from 'performed'))`,
  'open case with closed_at': `select count(*) from cases where status = 'open' and closed_at is not null`,
  'agreement without a producing outcome': `
    select count(*) from agreements a join proceedings p on p.id = a.proceeding_id
    where p.outcome not in ('settled', 'awarded', 'judged') or a.recorded_at <> p.concluded_at or a.org_id <> p.org_id or a.case_id <> p.case_id`,
  // SPEC §10: a court confirms only an agreement every applicant and the employer signed (人民调解法 art. 29, 33).
  'confirmation of a settlement not signed by every party': `
    select count(*) from proceedings cf
    join cases c on c.id = cf.case_id
    join proceedings st on st.case_id = cf.case_id and st.seq = cf.seq - 1
    left join agreements a on a.proceeding_id = st.id
    where cf.kind = 'confirmation' and (st.kind <> 'mediation' or st.outcome is distinct from 'settled' or a.id is null
      or (select count(distinct (x->>'applicantIndex')::int) from jsonb_array_elements(a.signatures) x
           where x->>'party' = 'applicant' and (x->>'applicantIndex')::int between 0 and c.applicant_count - 1) <> c.applicant_count
      or not exists (select 1 from jsonb_array_elements(a.signatures) x where x->>'party' = 'respondent'))`,
  'signatures on an award or a judgement': `
    select count(*) from agreements a join proceedings p on p.id = a.proceeding_id where p.outcome <> 'settled' and jsonb_array_length(a.signatures) > 0`,
  'agreement amount above the claim': `select count(*) from agreements a join cases c on c.id = a.case_id where a.amount_fen > c.claimed_fen`,
  'agreement paid_fen or status disagrees with payments': `
    select count(*) from agreements a left join (select agreement_id, sum(amount_fen) s, max(paid_at) m, min(paid_at) f from payments group by 1) p on p.agreement_id = a.id
    where a.paid_fen <> coalesce(p.s, 0) or (a.status = 'performed') <> (a.paid_fen = a.amount_fen)
       or (a.status = 'defaulted' and a.defaulted_at is null) or p.f < a.recorded_at`,
  'instalments do not add up or are not ascending': `
    select count(*) from agreements a
    join (select agreement_id, sum(amount_fen) as s, count(*) as n, max(seq) as m,
                 bool_and(prev is null or due_on > prev) as ascending
          from (select agreement_id, seq, amount_fen, due_on, lag(due_on) over (partition by agreement_id order by seq) as prev from instalments) x
          group by agreement_id) i on i.agreement_id = a.id
    where i.s <> a.amount_fen or i.n <> i.m or not i.ascending`,
  'payment on a superseded agreement': `
    select count(*) from payments pm
    join (select distinct on (case_id) case_id, id from agreements order by case_id, recorded_at desc, id desc) a on a.case_id = pm.case_id
    where pm.agreement_id <> a.id`,
  'open proceeding without its clock': `
    select count(*) from (
      select p.id, p.case_id, case when p.kind = 'mediation' then 'mediation'
                        when p.kind = 'arbitration' and p.state = 'received' then 'arbitration_acceptance'
                        when p.kind = 'arbitration' then 'arbitration_award'
                        when p.kind = 'confirmation' and p.state = 'accepted' then 'confirmation_review'
                        when p.seq > 1 and p.state = 'received' then 'referral_ack' end as needs
      from proceedings p where p.state in ('received', 'accepted')) x
    where x.needs is not null and not exists (
      select 1 from clocks k where k.case_id = x.case_id and k.proceeding_id = x.id and k.kind = x.needs and k.status in ('running', 'paused'))`,
  'open clock on a finished proceeding': `
    select count(*) from clocks k join proceedings p on p.id = k.proceeding_id
    where k.status in ('running', 'paused') and (p.state not in ('received', 'accepted')
      or (k.kind in ('arbitration_acceptance', 'referral_ack') and p.state = 'accepted'))`,
  'clock scope differs from its proceeding': `
    select count(*) from clocks k join proceedings p on p.id = k.proceeding_id join organizations o on o.id = p.org_id
    where k.org_id <> p.org_id or k.region_code <> o.region_code or k.case_id <> p.case_id
       or (k.status = 'paused') <> (p.paused and k.kind in ('mediation', 'arbitration_award', 'confirmation_review'))
       or (k.stopped_on is null) <> (k.status in ('running', 'paused'))
       or (k.status = 'met' and k.stopped_on > k.due_on) or (k.status = 'breached' and k.stopped_on <= k.due_on)`,
  'open clock on a closed case': `select count(*) from clocks k join cases c on c.id = k.case_id where c.status = 'closed' and k.status in ('running', 'paused')`,
  'case clock stopped before it started, or with a wrong status': `
    select count(*) from clocks k where k.stopped_on < k.started_on or (k.stopped_on is not null and k.status not in ('met', 'breached'))`,
  'paused proceeding not accepted': `select count(*) from proceedings where paused and state <> 'accepted'`,
  'staff of the wrong kind of organisation': `
    select count(*) from users u join organizations o on o.id = u.org_id
    where not ((u.role = 'mediator' and o.kind in ('enterprise_committee', 'union', 'township_center', 'people_mediation', 'mediation_center'))
            or (u.role = 'arbitrator' and o.kind = 'arbitration_commission') or (u.role = 'court_liaison' and o.kind = 'court'))`,
  'online case not filed by its first applicant': `
    select count(*) from cases c join applicants a on a.case_id = c.id and a.position = 1
    where (c.channel = 'online') <> (a.user_id is not null) or (c.channel = 'online' and c.filed_by <> a.user_id)`,
  'file event disagrees with the case': `
    select count(*) from cases c join events e on e.case_id = c.id and e.seq = 1
    where e.data->>'number' <> c.number or (e.data->>'claimedFen')::bigint <> c.claimed_fen or e.actor_user_id <> c.filed_by
       or e.occurred_at <> c.received_at or e.data->>'channel' <> c.channel`,
};

const actYear = sql`date_trunc('year', ${legalMonth(sql`x.at`)})::date`;
const differs = sql.join(
  STAT_COUNTERS.map((c) => sql`coalesce(counted.${counterColumn(c)}, 0) <> coalesce(kept.${counterColumn(c)}, 0)`),
  sql` or `,
);

/**
 * Queries whose count must be zero: the rollups of every year ('*', all categories) against the
 * acts counted afresh by the statistics definitions (src/stats/acts.ts), the histograms by how many
 * spans they hold and their total days.
 */
export const STAT_INVARIANTS: Record<string, SQL> = {
  'stat_years differ from the acts the definitions count': sql`
    select count(*) from (
      select ${actYear} as year, x.org_id, x.kind,
             ${sql.join(STAT_COUNTERS.map((c) => sql`sum(x.${counterColumn(c)}) as ${counterColumn(c)}`), sql`, `)}
      from ${actCounters()} x group by 1, 2, 3) counted
    full join (select * from stat_years where category = '*') kept using (year, org_id, kind)
    where ${differs}`,
  'stat_histograms differ from the spans the definitions count': sql`
    select count(*) from (
      select ${actYear} as period, x.org_id, x.kind, x.measure, count(*) as spans, sum(x.days) as days
      from ${actSpans()} x group by 1, 2, 3, 4) counted
    full join (
      select h.period, h.org_id, h.kind, h.measure, sum(u.n) as spans, sum((u.i - 1) * u.n) as days
      from stat_histograms h cross join lateral unnest(h.counts) with ordinality as u(n, i)
      where h.grain = 'year' and h.category = '*' group by 1, 2, 3, 4) kept using (period, org_id, kind, measure)
    where coalesce(counted.spans, 0) <> coalesce(kept.spans, 0) or coalesce(counted.days, 0) <> coalesce(kept.days, 0)`,
};

export async function checkInvariants(handle: DbHandle): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const [name, query] of Object.entries(INVARIANTS)) {
    const [row] = await queryRows<{ count: number }>(handle.db, sql.raw(query));
    out[name] = Number(row.count);
  }
  for (const [name, query] of Object.entries(STAT_INVARIANTS)) {
    const [row] = await queryRows<{ count: number }>(handle.db, query);
    out[name] = Number(row.count);
  }
  return out;
}

const supervisor = (regionCode: string): Caller => ({ userId: '00000000-0000-7000-8000-000000000000', role: 'supervisor', orgId: null, regionCode, name: 'verify' });

export async function verifyBulk(handle: DbHandle, opts: VerifyOptions = {}): Promise<VerifyReport> {
  const log = opts.log ?? (() => {});
  const now = opts.now ?? new Date();
  const deps = { db: handle.db, now: () => now };
  const problems: string[] = [];
  const t0 = Date.now();
  const violations = await checkInvariants(handle);
  log(`invariants: ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  // A sample through the services, as a supervisor of the whole country and as staff.
  const n = opts.sample ?? 200;
  const sample = await queryRows<{ id: string; org_id: string; region: string }>(
    handle.db,
    sql`select c.id::text, c.current_org_id::text as org_id, o.region_code as region from cases c join organizations o on o.id = c.current_org_id
        where c.id in (select id from cases order by md5(id::text) limit ${n})`,
  );
  const country = supervisor('');
  for (const s of sample) {
    try {
      const detail = caseDetail.parse(await getCase(deps, country, s.id));
      const v = await verifyCase(deps, country, s.id);
      if (!v.intact) problems.push(`case ${s.id}: chain broken at ${v.brokenAt}: ${v.problem}`);
      if (v.events < 1) problems.push(`case ${s.id}: no events`);
      const staff = await queryRows<{ id: string; role: 'mediator' }>(handle.db, sql`select id::text, role from users where org_id = ${s.org_id}::uuid limit 1`);
      if (staff[0]) {
        const caller: Caller = { userId: staff[0].id, role: staff[0].role, orgId: s.org_id, regionCode: null, name: 'staff' };
        const own = caseDetail.parse(await getCase(deps, caller, s.id));
        if (own.version !== detail.version) problems.push(`case ${s.id}: versions differ by caller`);
      }
      for (const e of (await listEvents(deps, country, s.id)).items) eventResponse.parse(e);
      for (const a of detail.applicants) {
        if (a.idNumber && !a.idNumber.includes('*')) problems.push(`case ${s.id}: a supervisor sees a whole ID number`);
      }
      if (detail.respondent.creditCode && creditCodeProblem(detail.respondent.creditCode)) problems.push(`case ${s.id}: credit code ${creditCodeProblem(detail.respondent.creditCode)}`);
      // Every bulk settlement was signed at the session (generate.ts _bulk_sig): the service must find it effective.
      if (detail.agreement && !detail.agreement.effective) problems.push(`case ${s.id}: the agreement still waits for ${JSON.stringify(detail.agreement.awaitingSignature)}`);
    } catch (err) {
      problems.push(`case ${s.id}: ${(err as Error).message.slice(0, 300)}`);
    }
  }
  // Identifiers are checked with the app's own rules on every row (or a large sample).
  const ids = await queryRows<{ id_number: string | null; phone: string | null; received: string }>(
    handle.db,
    sql`select a.id_number, a.phone, c.received_at::text as received from applicants a join cases c on c.id = a.case_id
        where a.case_id in (select id from cases order by md5(id::text) limit ${Math.max(n, 5000)})`,
  );
  for (const a of ids) {
    if (a.id_number) {
      const p = idNumberProblem(a.id_number, chinaDate(now));
      if (p) problems.push(`ID number ${a.id_number} ${p}`);
    }
    if (a.phone && !MOBILE_PATTERN.test(a.phone)) problems.push(`phone ${a.phone} is not a mobile number`);
  }
  log(`sample through the services: ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  // Lists and the deadline board, per province and for the busiest organisation.
  const provinces = (await queryRows<{ p: string }>(handle.db, sql`select distinct left(region_code, 2) as p from organizations order by 1`)).map((r) => r.p);
  const q = listQuery.parse({ limit: 50 });
  for (const p of provinces) {
    try {
      const list = await listCases(deps, supervisor(p), q);
      for (const item of list.items) caseListItem.parse(item);
      if (list.items.length && list.nextCursor) await listCases(deps, supervisor(p), { ...q, cursor: list.nextCursor });
      for (const status of [undefined, 'due_soon', 'breached', 'running', 'paused'] as const) {
        await listDeadlines(deps, supervisor(p), { status, limit: 50 });
      }
    } catch (err) {
      problems.push(`province ${p}: ${(err as Error).message.slice(0, 300)}`);
    }
  }
  const [busy] = await queryRows<{ org_id: string; user_id: string; role: 'mediator' }>(
    handle.db,
    sql`select k.org_id::text, u.id::text as user_id, u.role from clocks k join users u on u.org_id = k.org_id
        where k.status in ('running', 'paused') group by 1, 2, 3 order by count(*) desc limit 1`,
  );
  if (busy) {
    const caller: Caller = { userId: busy.user_id, role: busy.role, orgId: busy.org_id, regionCode: null, name: 'staff' };
    const board = await listDeadlines(deps, caller, { limit: 100 });
    if (board.items.length === 0) problems.push('the busiest deadline board is empty');
    await listCases(deps, caller, q);
  }
  log(`lists and boards: ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  // Rollups against a full recount: each province and the whole country, every grouping, a
  // whole-months period, one with partial months at both ends, and a single partial month.
  const today = chinaDate(now);
  const periods: [string, string][] = [
    [`${addCalendarDays(today, -3 * 365 - 10).slice(0, 7)}-01`, addCalendarDays(`${today.slice(0, 7)}-01`, -1)],
    [addCalendarDays(today, -400), addCalendarDays(today, -20)],
    [addCalendarDays(today, -75), addCalendarDays(today, -60)],
  ];
  let statsChecks = 0;
  let zeroRows = 0;
  const regions = opts.regions ?? ['', ...provinces];
  for (const region of regions) {
    for (const groupBy of STAT_GROUPS) {
      for (const [from, to] of region === regions[0] || region === regions[1] ? periods : periods.slice(1, 2)) {
        const query = { from, to, groupBy };
        const fast = await closureStats(deps, supervisor(region), query, 'fast');
        const recount = await closureStats(deps, supervisor(region), query, 'recount');
        statsChecks++;
        // The fast path also lists groups with nothing at all in the period (an organisation whose
        // earlier cases are all concluded: carried over 0); the recount omits them. Same figures.
        const strip = (r: typeof fast) => ({ ...r, rows: r.rows.filter((x) => !isEmptyRow(x)) });
        zeroRows += fast.rows.filter(isEmptyRow).length - recount.rows.filter(isEmptyRow).length;
        if (JSON.stringify(strip(fast)) !== JSON.stringify(strip(recount))) problems.push(`stats differ: region '${region}' ${groupBy} ${from}..${to}`);
      }
    }
  }
  log(`statistics: ${statsChecks} comparisons (${zeroRows} all-zero rows only in the fast path), ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return { violations, problems, sampled: sample.length, statsChecks, zeroRows };
}

async function main() {
  const { values } = parseArgs({
    options: { 'database-url': { type: 'string' }, sample: { type: 'string', default: '200' }, regions: { type: 'string' } },
  });
  const url = values['database-url'] ?? process.env.DATABASE_URL;
  const handle = openDatabase(url ? { url, poolSize: 4 } : { pgliteDir: process.env.PGLITE_DIR ?? './data/pglite' });
  try {
    // --regions ,45 compares the whole country ('') and Guangxi; the default is every province.
    const regions = values.regions === undefined ? undefined : values.regions.split(',');
    const r = await verifyBulk(handle, { sample: Number(values.sample), regions, log: (l) => console.log(l) });
    for (const [name, count] of Object.entries(r.violations)) console.log(`${count === 0 ? 'ok  ' : 'FAIL'} ${name}${count ? `: ${count}` : ''}`);
    console.log(`${r.sampled} cases loaded through getCase/listEvents/verifyCase; ${r.statsChecks} fast-vs-recount comparisons`);
    for (const p of r.problems.slice(0, 50)) console.log(`problem: ${p}`);
    console.log(r.problems.length === 0 && Object.values(r.violations).every((v) => v === 0) ? 'ALL CHECKS PASSED' : `${r.problems.length} problems`);
  } finally {
    await handle.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err) => {
    console.error(err);
    process.exitCode = 1;
  });
}

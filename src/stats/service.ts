/**
 * SPEC §6: closure statistics. Whole months come from the rollups (stat_months, stat_durations);
 * the days of a partial month at either end of the period, and the full recount used to check
 * the rollups, come from the proceedings themselves. Both paths count by the definitions in
 * src/domain/statistics.ts and give the same figures.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Caller } from '../auth/caller.js';
import { regionRange } from '../cases/access.js';
import { queryRows, type Database, type Queryable } from '../db/client.js';
import { agreements, cases, organizations, payments, proceedings, statDurations, statMonths } from '../db/schema/index.js';
import { addCalendarDays } from '../domain/calendar.js';
import { isStaffRole, type ProceedingKind } from '../domain/model.js';
import { quantile, rate, STAT_COUNTERS, type StatCounter, type StatGroup } from '../domain/statistics.js';
import { chinaMidnight } from '../domain/time.js';
import { fieldProblem, forbidden } from '../http/errors.js';

export interface StatsDeps {
  db: Database;
}

export interface StatsQuery {
  from: string;
  to: string;
  groupBy: StatGroup;
  orgId?: string;
  regionCode?: string;
  kind?: ProceedingKind;
}

/** Who and what the figures cover, after the caller's scope is applied. */
interface Scope {
  orgId?: string;
  regionPrefix?: string;
  kind?: ProceedingKind;
  groupBy: StatGroup;
  /** Region grouping: how many digits of the region code make a group. */
  regionDigits: number;
}

type Counters = Record<StatCounter, number>;
interface Bucket {
  counters: Counters;
  resolution: Map<number, number>;
  handoff: Map<number, number>;
  carriedOver: number;
}

const zero = (): Counters => Object.fromEntries(STAT_COUNTERS.map((c) => [c, 0])) as Counters;
const bucket = (): Bucket => ({ counters: zero(), resolution: new Map(), handoff: new Map(), carriedOver: 0 });

const CATEGORY_LABELS: Record<string, string> = {
  wages: '劳动报酬',
  termination: '解除/终止劳动合同',
  social_insurance: '社会保险',
  work_injury: '工伤待遇',
  working_time: '工作时间/休息休假',
  contract: '劳动合同订立/履行/变更',
  employment_relation: '确认劳动关系',
  other: '其他',
};
const KIND_LABELS: Record<string, string> = { mediation: '调解', confirmation: '司法确认', arbitration: '仲裁', litigation: '诉讼' };

/** Applies the caller's scope (SPEC §6: supervisors their region, staff their organisation). */
function scopeFor(caller: Caller, q: StatsQuery): Scope {
  let regionPrefix = q.regionCode;
  let orgId = q.orgId;
  if (caller.role === 'supervisor') {
    const own = caller.regionCode!;
    if (regionPrefix && !regionPrefix.startsWith(own)) throw forbidden(`you see statistics of region ${own} only`);
    regionPrefix = regionPrefix ?? own;
  } else if (isStaffRole(caller.role)) {
    if (orgId && orgId !== caller.orgId) throw forbidden("staff see their own organisation's statistics only");
    orgId = caller.orgId!;
  } else {
    throw forbidden('statistics are for staff and supervisors');
  }
  return { orgId, regionPrefix, kind: q.kind, groupBy: q.groupBy, regionDigits: Math.min(6, (regionPrefix?.length ?? 0) + 2) };
}

/** Conditions on `organizations o` and a proceeding-kind column, shared by every query. */
function scopeWhere(s: Scope, kindColumn: SQL): SQL {
  const parts: SQL[] = [sql`true`];
  if (s.orgId) parts.push(sql`o.id = ${s.orgId}`);
  if (s.regionPrefix) {
    const [lo, hi] = regionRange(s.regionPrefix);
    parts.push(sql`o.region_code between ${lo} and ${hi}`);
  }
  if (s.kind) parts.push(sql`${kindColumn} = ${s.kind}`);
  return sql.join(parts, sql` and `);
}

/** The group key of a row, given the month column and the category column. */
function keyExpr(s: Scope, monthExpr: SQL, categoryExpr: SQL, kindExpr: SQL): SQL {
  switch (s.groupBy) {
    case 'org':
      return sql`o.id::text`;
    case 'region':
      return sql`left(o.region_code, ${s.regionDigits})`;
    case 'month':
      return sql`to_char(${monthExpr}, 'YYYY-MM')`;
    case 'category':
      return sql`${categoryExpr}`;
    case 'kind':
      return sql`${kindExpr}`;
  }
}

// ---------------------------------------------------------------------------------------------
// Rollups: whole months.

async function fromRollups(db: Queryable, s: Scope, monthFrom: string, monthTo: string, buckets: Map<string, Bucket>) {
  const category = s.groupBy === 'category' ? sql`m.category <> '*'` : sql`m.category = '*'`;
  const key = keyExpr(s, sql`m.month`, sql`m.category`, sql`m.kind`);
  const sums = STAT_COUNTERS.map((c) => sql`sum(m.${sql.identifier(statMonths[c].name)})::float8 as ${sql.identifier(c)}`);
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql`select ${key} as key, ${sql.join(sums, sql`, `)}
        from ${statMonths} m join ${organizations} o on o.id = m.org_id
        where ${category} and m.month >= ${monthFrom} and m.month < ${monthTo} and ${scopeWhere(s, sql`m.kind`)}
        group by 1`,
  );
  for (const r of rows) addCounters(buckets, String(r.key), r);
  const hist = await queryRows<{ key: string; measure: string; days: number; n: number }>(
    db,
    sql`select ${keyExpr(s, sql`d.month`, sql`d.category`, sql`d.kind`)} as key, d.measure, d.days, sum(d.n)::float8 as n
        from ${statDurations} d join ${organizations} o on o.id = d.org_id
        where ${s.groupBy === 'category' ? sql`d.category <> '*'` : sql`d.category = '*'`}
          and d.month >= ${monthFrom} and d.month < ${monthTo} and ${scopeWhere(s, sql`d.kind`)}
        group by 1, 2, 3`,
  );
  for (const h of hist) addHistogram(buckets, h);
}

/** Still open at the start of `month`, from the rollups of every earlier month. */
async function openBeforeMonth(db: Queryable, s: Scope, month: string): Promise<Map<string, number>> {
  const key = s.groupBy === 'month' ? sql`'*'` : keyExpr(s, sql`m.month`, sql`m.category`, sql`m.kind`);
  const rows = await queryRows<{ key: string; open: number }>(
    db,
    sql`select ${key} as key, sum(m.accepted - m.accepted_concluded)::float8 as open
        from ${statMonths} m join ${organizations} o on o.id = m.org_id
        where ${s.groupBy === 'category' ? sql`m.category <> '*'` : sql`m.category = '*'`} and m.month < ${month} and ${scopeWhere(s, sql`m.kind`)}
        group by 1`,
  );
  return new Map(rows.map((r) => [String(r.key), Number(r.open)]));
}

// ---------------------------------------------------------------------------------------------
// Base tables: any range of days [from, to].

/** A timestamp column's legal date (China time, UTC+8). */
const legal = (col: SQL) => sql`((${col} at time zone 'UTC') + interval '8 hours')::date`;
const startOf = (date: string) => chinaMidnight(date).toISOString();
const endOf = (date: string) => chinaMidnight(addCalendarDays(date, 1)).toISOString();

/** Proceedings joined to their case and organisation, one row per category when grouping by category. */
function proceedingsFrom(s: Scope): SQL {
  const categories = s.groupBy === 'category' ? sql`cross join lateral unnest(c.categories) as cat(category)` : sql`cross join (select '*'::text as category) as cat`;
  return sql`${proceedings} p join ${cases} c on c.id = p.case_id join ${organizations} o on o.id = p.org_id ${categories}`;
}

async function fromBase(db: Queryable, s: Scope, from: string, to: string, buckets: Map<string, Bucket>) {
  const lo = startOf(from);
  const hi = endOf(to);
  const src = proceedingsFrom(s);
  const where = scopeWhere(s, sql`p.kind`);
  const key = (dateCol: SQL) => keyExpr(s, legal(dateCol), sql`cat.category`, sql`p.kind`);

  const received = await queryRows<Record<string, unknown>>(
    db,
    sql`select ${key(sql`p.received_at`)} as key, count(*)::float8 as received, sum(c.claimed_fen)::float8 as "claimedFen", sum(c.applicant_count)::float8 as workers
        from ${src} where p.received_at >= ${lo} and p.received_at < ${hi} and ${where} group by 1`,
  );
  const accepted = await queryRows<Record<string, unknown>>(
    db,
    sql`select ${key(sql`p.accepted_at`)} as key, count(*)::float8 as accepted
        from ${src} where p.accepted_at >= ${lo} and p.accepted_at < ${hi} and ${where} group by 1`,
  );
  const ended = await queryRows<Record<string, unknown>>(
    db,
    sql`select ${key(sql`p.concluded_at`)} as key,
               count(*) filter (where p.state = 'declined')::float8 as declined,
               count(*) filter (where p.state = 'concluded')::float8 as concluded,
               count(*) filter (where p.state = 'concluded' and p.outcome in ('settled', 'confirmed'))::float8 as settled,
               count(*) filter (where p.state = 'concluded' and p.on_time)::float8 as "onTime",
               count(*) filter (where p.state = 'concluded' and p.accepted_at is not null)::float8 as "acceptedConcluded"
        from ${src} where p.concluded_at >= ${lo} and p.concluded_at < ${hi} and ${where} group by 1`,
  );
  const agreed = await queryRows<Record<string, unknown>>(
    db,
    sql`select ${key(sql`a.recorded_at`)} as key, sum(a.amount_fen)::float8 as "agreedFen"
        from ${agreements} a join ${src} on p.id = a.proceeding_id
        where a.recorded_at >= ${lo} and a.recorded_at < ${hi} and ${where} group by 1`,
  );
  const paid = await queryRows<Record<string, unknown>>(
    db,
    sql`select ${key(sql`pm.paid_at`)} as key, sum(pm.amount_fen)::float8 as "paidFen"
        from ${payments} pm join ${agreements} a on a.id = pm.agreement_id join ${src} on p.id = a.proceeding_id
        where pm.paid_at >= ${lo} and pm.paid_at < ${hi} and ${where} group by 1`,
  );
  for (const rows of [received, accepted, ended, agreed, paid]) for (const r of rows) addCounters(buckets, String(r.key), r);

  const durations = await queryRows<{ key: string; measure: string; days: number; n: number }>(
    db,
    sql`select ${key(sql`p.concluded_at`)} as key, 'resolution' as measure, (${legal(sql`p.concluded_at`)} - ${legal(sql`p.accepted_at`)}) as days, count(*)::float8 as n
        from ${src} where p.state = 'concluded' and p.accepted_at is not null and p.concluded_at >= ${lo} and p.concluded_at < ${hi} and ${where} group by 1, 2, 3
        union all
        select ${key(sql`p.accepted_at`)} as key, 'handoff' as measure, (${legal(sql`p.accepted_at`)} - ${legal(sql`p.received_at`)}) as days, count(*)::float8 as n
        from ${src} where p.referred_from_org_id is not null and p.accepted_at >= ${lo} and p.accepted_at < ${hi} and ${where} group by 1, 2, 3`,
  );
  for (const h of durations) addHistogram(buckets, h);
}

/** Open at the start of `date`: accepted before it and not concluded before it. */
async function openAtFromBase(db: Queryable, s: Scope, date: string): Promise<Map<string, number>> {
  const at = startOf(date);
  const key = s.groupBy === 'month' ? sql`'*'` : keyExpr(s, sql`null::date`, sql`cat.category`, sql`p.kind`);
  const rows = await queryRows<{ key: string; open: number }>(
    db,
    sql`select ${key} as key, count(*)::float8 as open from ${proceedingsFrom(s)}
        where p.accepted_at < ${at} and (p.concluded_at is null or p.concluded_at >= ${at}) and ${scopeWhere(s, sql`p.kind`)}
        group by 1`,
  );
  return new Map(rows.map((r) => [String(r.key), Number(r.open)]));
}

function addCounters(buckets: Map<string, Bucket>, key: string, r: Record<string, unknown>) {
  const b = buckets.get(key) ?? bucket();
  for (const c of STAT_COUNTERS) if (r[c] != null) b.counters[c] += Number(r[c]);
  buckets.set(key, b);
}

function addHistogram(buckets: Map<string, Bucket>, h: { key: string; measure: string; days: number; n: number }) {
  const b = buckets.get(String(h.key)) ?? bucket();
  const hist = h.measure === 'resolution' ? b.resolution : b.handoff;
  hist.set(Number(h.days), (hist.get(Number(h.days)) ?? 0) + Number(h.n));
  buckets.set(String(h.key), b);
}

// ---------------------------------------------------------------------------------------------

const firstOfMonth = (date: string) => `${date.slice(0, 7)}-01`;
const nextMonth = (month: string) => {
  const [y, m] = month.split('-').map(Number);
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
};

/**
 * Computes the buckets of a period. `mode: 'fast'` uses the rollups for whole months;
 * `mode: 'recount'` reads only the proceedings (the check that the rollups are exact).
 */
async function computeBuckets(db: Queryable, s: Scope, from: string, to: string, mode: 'fast' | 'recount') {
  const buckets = new Map<string, Bucket>();
  let open: Map<string, number>;
  if (mode === 'recount') {
    await fromBase(db, s, from, to, buckets);
    open = await openAtFromBase(db, s, from);
  } else {
    // [from, to] = leading partial month + whole months + trailing partial month.
    const wholeFrom = from === firstOfMonth(from) ? from : nextMonth(firstOfMonth(from));
    const wholeTo = addCalendarDays(to, 1) === nextMonth(firstOfMonth(to)) ? nextMonth(firstOfMonth(to)) : firstOfMonth(to);
    if (wholeFrom < wholeTo) {
      await fromRollups(db, s, wholeFrom, wholeTo, buckets);
      if (from < wholeFrom) await fromBase(db, s, from, addCalendarDays(wholeFrom, -1), buckets);
      if (wholeTo <= to) await fromBase(db, s, wholeTo, to, buckets);
    } else {
      await fromBase(db, s, from, to, buckets);
    }
    // Open at `from` = open at the start of its month (rollups) + accepted − concluded since then (base).
    open = await openBeforeMonth(db, s, firstOfMonth(from));
    if (from !== firstOfMonth(from)) {
      const early = new Map<string, Bucket>();
      await fromBase(db, s, firstOfMonth(from), addCalendarDays(from, -1), early);
      const scopeKey = (k: string) => (s.groupBy === 'month' ? '*' : k);
      for (const [k, b] of early) open.set(scopeKey(k), (open.get(scopeKey(k)) ?? 0) + b.counters.accepted - b.counters.acceptedConcluded);
    }
  }
  if (s.groupBy === 'month') {
    // Each month carries over what was open at its start.
    let running = open.get('*') ?? 0;
    const months: string[] = [];
    for (let m = firstOfMonth(from); m <= to; m = nextMonth(m)) months.push(m.slice(0, 7));
    for (const m of months) {
      const b = buckets.get(m) ?? bucket();
      b.carriedOver = running;
      running += b.counters.accepted - b.counters.acceptedConcluded;
      buckets.set(m, b);
    }
  } else {
    for (const [k, n] of open) {
      // A group with nothing open and nothing else in the period is no row (as in the recount).
      if (n === 0) continue;
      const b = buckets.get(k) ?? bucket();
      b.carriedOver = n;
      buckets.set(k, b);
    }
  }
  return buckets;
}

export interface StatRow {
  key: string;
  label: string;
  carriedOver: number;
  received: number;
  accepted: number;
  declined: number;
  concluded: number;
  settled: number;
  closureRate: number | null;
  settlementRate: number | null;
  onTimeRate: number | null;
  medianDays: number | null;
  p90Days: number | null;
  claimedFen: number;
  agreedFen: number;
  paidFen: number;
  workers: number;
  handoffMedianDays: number | null;
}

function finish(key: string, label: string, b: Bucket): StatRow {
  const c = b.counters;
  return {
    key,
    label,
    carriedOver: b.carriedOver,
    received: c.received,
    accepted: c.accepted,
    declined: c.declined,
    concluded: c.concluded,
    settled: c.settled,
    closureRate: rate(c.concluded, b.carriedOver + c.accepted),
    settlementRate: rate(c.settled, c.concluded),
    onTimeRate: rate(c.onTime, c.concluded),
    medianDays: quantile(b.resolution, 0.5),
    p90Days: quantile(b.resolution, 0.9),
    claimedFen: c.claimedFen,
    agreedFen: c.agreedFen,
    paidFen: c.paidFen,
    workers: c.workers,
    handoffMedianDays: quantile(b.handoff, 0.5),
  };
}

function mergeAll(buckets: Iterable<Bucket>): Bucket {
  const total = bucket();
  for (const b of buckets) {
    for (const c of STAT_COUNTERS) total.counters[c] += b.counters[c];
    for (const [d, n] of b.resolution) total.resolution.set(d, (total.resolution.get(d) ?? 0) + n);
    for (const [d, n] of b.handoff) total.handoff.set(d, (total.handoff.get(d) ?? 0) + n);
    total.carriedOver += b.carriedOver;
  }
  return total;
}

async function labelsFor(db: Queryable, s: Scope, keys: string[]): Promise<Map<string, string>> {
  if (s.groupBy === 'org' && keys.length) {
    const rows = await queryRows<{ id: string; name: string }>(
      db,
      sql`select id::text as id, name from ${organizations} where id in (${sql.join(keys.map((k) => sql`${k}::uuid`), sql`, `)})`,
    );
    return new Map(rows.map((r) => [r.id, r.name]));
  }
  if (s.groupBy === 'category') return new Map(Object.entries(CATEGORY_LABELS));
  if (s.groupBy === 'kind') return new Map(Object.entries(KIND_LABELS));
  return new Map();
}

/** GET /stats/closure. */
export async function closureStats(deps: StatsDeps, caller: Caller, q: StatsQuery, mode: 'fast' | 'recount' = 'fast') {
  if (q.to < q.from) throw fieldProblem('querystring.to', 'is before from');
  const s = scopeFor(caller, q);
  const buckets = await computeBuckets(deps.db, s, q.from, q.to, mode);
  const keys = [...buckets.keys()].sort();
  const labels = await labelsFor(deps.db, s, keys);
  const rows = keys.map((k) => finish(k, labels.get(k) ?? k, buckets.get(k)!));
  // Totals: categories overlap (a case may have several), so the total of a category grouping is not a sum of its rows.
  const totals = s.groupBy === 'category' ? null : finish('*', '合计', mergeAll(buckets.values()));
  return { from: q.from, to: q.to, groupBy: q.groupBy, rows, totals };
}

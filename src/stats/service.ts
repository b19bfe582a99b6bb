/**
 * SPEC §6: closure statistics. Whole years and months come from the rollups (stat_years,
 * stat_months, stat_histograms); the days of a partial month at either end of the period, and the
 * full recount that checks the rollups, count the acts themselves (acts.ts). Both read the
 * definitions of src/domain/statistics.ts and give the same figures.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Caller } from '../auth/caller.js';
import { regionRange } from '../cases/access.js';
import { queryRows, type Database, type Queryable } from '../db/client.js';
import { cases, organizations, statHistograms, statMonths, statYears } from '../db/schema/index.js';
import { addCalendarDays } from '../domain/calendar.js';
import { isStaffRole, type ProceedingKind } from '../domain/model.js';
import { regionName } from '../domain/regions.js';
import {
  bucket,
  isTimeGroup,
  OPEN_BALANCE,
  openBalance,
  periodKey,
  periodLabel,
  quarterDates,
  statRow,
  STAT_COUNTERS,
  type StatBucket as Bucket,
  type StatGroup,
} from '../domain/statistics.js';
import type { StatRow } from '../domain/statistics.js';
export type { StatRow };
import { chinaDate, chinaMidnight } from '../domain/time.js';
import { actCounters, actProceeding, actSpans, counterColumn, legalDate, type ActFilter } from './acts.js';
import { monthOf, yearOf } from './rollup.js';
import { fieldProblem, forbidden } from '../http/errors.js';

export interface StatsDeps {
  db: Database;
  /** The service's clock (tests move it); the real time by default. */
  now?: () => Date;
}

/**
 * How far another instance's clock may run ahead of this one's. No act is dated after the moment
 * it is recorded (occurredAt and paidAt are refused in the future: src/cases/service.ts,
 * src/cases/effects.ts), so once `to` reaches today, plus this margin, the rest of its month holds
 * nothing yet and the rollup rows of its month and year count [first day, to] exactly.
 */
const CLOCK_MARGIN_MS = 5 * 60_000;

export interface StatsQuery {
  /** The period: from and to, or a quarter (2025-Q1), or a year (2025); the routes check that it is one of these. */
  from?: string;
  to?: string;
  quarter?: string;
  year?: string;
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
    case 'quarter':
      return sql`to_char(${monthExpr}, 'YYYY-"Q"Q')`;
    case 'year':
      return sql`to_char(${monthExpr}, 'YYYY')`;
    case 'category':
      return sql`${categoryExpr}`;
    case 'kind':
      return sql`${kindExpr}`;
  }
}

// ---------------------------------------------------------------------------------------------
// Rollups: whole months and years.

/** A half-open range of periods [from, to) of one grain of the rollups. */
interface PeriodRange {
  grain: 'month' | 'year';
  from: string;
  to: string;
}

const nextYear = (date: string) => `${Number(date.slice(0, 4)) + 1}-01-01`;

/**
 * Splits whole months [from, to) into the fewest rollup rows: whole calendar years from
 * stat_years (unless each month is its own group) and the months around them.
 */
function periodRanges(from: string, to: string, byMonth: boolean): PeriodRange[] {
  const yearFrom = from === yearOf(from) ? from : nextYear(from);
  const yearTo = yearOf(to);
  if (byMonth || yearFrom >= yearTo) return [{ grain: 'month', from, to }];
  const ranges: PeriodRange[] = [{ grain: 'year', from: yearFrom, to: yearTo }];
  if (from < yearFrom) ranges.push({ grain: 'month', from, to: yearFrom });
  if (yearTo < to) ranges.push({ grain: 'month', from: yearTo, to });
  return ranges;
}

/** The counters summed over the rows of relation `of`, each as the field its StatCounter names. */
const counterSums = (of: string) => sql.join(
  STAT_COUNTERS.map((c) => sql`sum(${sql.identifier(of)}.${counterColumn(c)})::float8 as ${sql.identifier(c)}`),
  sql`, `,
);
const counterColumns = sql.join(STAT_COUNTERS.map(counterColumn), sql`, `);
/** Opened less closed (OPEN_BALANCE) summed over the rows of relation `of`. */
const openSum = (of: string) => sql`sum(${sql.identifier(of)}.${counterColumn(OPEN_BALANCE.opened)} - ${sql.identifier(of)}.${counterColumn(OPEN_BALANCE.closed)})::float8`;

/** The counter rows of the given periods, as one relation `r` with a `period` column. */
function counterRows(s: Scope, ranges: PeriodRange[]): SQL {
  const category = s.groupBy === 'category' ? sql`category <> '*'` : sql`category = '*'`;
  const parts = ranges.map(({ grain, from, to }) =>
    grain === 'year'
      ? sql`select year as period, org_id, kind, category, ${counterColumns} from ${statYears} where ${category} and year >= ${from} and year < ${to}`
      : sql`select month as period, org_id, kind, category, ${counterColumns} from ${statMonths} where ${category} and month >= ${from} and month < ${to}`,
  );
  return sql`(${sql.join(parts, sql` union all `)}) r join ${organizations} o on o.id = r.org_id`;
}

async function fromRollups(db: Queryable, s: Scope, monthFrom: string, monthTo: string, buckets: Map<string, Bucket>) {
  // A year's row cannot be split into months or quarters.
  const ranges = periodRanges(monthFrom, monthTo, s.groupBy === 'month' || s.groupBy === 'quarter');
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql`select ${keyExpr(s, sql`r.period`, sql`r.category`, sql`r.kind`)} as key, ${counterSums('r')}
        from ${counterRows(s, ranges)} where ${scopeWhere(s, sql`r.kind`)} group by 1`,
  );
  for (const r of rows) addCounters(buckets, String(r.key), r);
  // Histograms are summed here rather than in SQL: one array per organisation and period.
  const category = s.groupBy === 'category' ? sql`h.category <> '*'` : sql`h.category = '*'`;
  const periods = sql.join(
    ranges.map(({ grain, from, to }) => sql`(h.grain = ${grain} and h.period >= ${from} and h.period < ${to})`),
    sql` or `,
  );
  const hist = await queryRows<{ key: string; measure: string; counts: number[] }>(
    db,
    sql`select ${keyExpr(s, sql`h.period`, sql`h.category`, sql`h.kind`)} as key, h.measure, h.counts
        from ${statHistograms} h join ${organizations} o on o.id = h.org_id
        where ${category} and (${periods}) and ${scopeWhere(s, sql`h.kind`)}`,
  );
  for (const h of hist) addCounts(buckets, String(h.key), h.measure, h.counts);
}

/** Still open at the start of `month`, from the rollups of every earlier year and month. */
async function openBeforeMonth(db: Queryable, s: Scope, month: string): Promise<Map<string, number>> {
  const ranges: PeriodRange[] = [
    { grain: 'year', from: '0001-01-01', to: yearOf(month) },
    { grain: 'month', from: yearOf(month), to: month },
  ];
  const key = isTimeGroup(s.groupBy) ? sql`'*'` : keyExpr(s, sql`r.period`, sql`r.category`, sql`r.kind`);
  const rows = await queryRows<{ key: string; open: number }>(
    db,
    sql`select ${key} as key, ${openSum('r')} as open
        from ${counterRows(s, ranges)} where ${scopeWhere(s, sql`r.kind`)}
        group by 1`,
  );
  return new Map(rows.map((r) => [String(r.key), Number(r.open)]));
}

// ---------------------------------------------------------------------------------------------
// The acts themselves: any range of days [from, to].

const startOf = (date: string) => chinaMidnight(date).toISOString();
const endOf = (date: string) => chinaMidnight(addCalendarDays(date, 1)).toISOString();

/** The caller's scope as a condition on the proceeding an act counts under (ActFilter.where). */
function scopeOfActs(s: Scope): SQL {
  const p = actProceeding;
  const parts: SQL[] = [sql`true`];
  if (s.orgId) parts.push(sql`${p.orgId} = ${s.orgId}`);
  if (s.regionPrefix) {
    const [lo, hi] = regionRange(s.regionPrefix);
    parts.push(sql`${p.orgId} in (select o.id from ${organizations} o where o.region_code between ${lo} and ${hi})`);
  }
  if (s.kind) parts.push(sql`${p.kind} = ${s.kind}`);
  return sql.join(parts, sql` and `);
}

/**
 * Acts (relation `x` of acts.ts) in the caller's scope, joined to their organisation, and to their
 * case's categories (one row per category) when grouping by category.
 */
function scopedActs(s: Scope, relation: (filter: ActFilter) => SQL, filter: ActFilter): SQL {
  const categories =
    s.groupBy === 'category'
      ? sql`join ${cases} c on c.id = x.case_id cross join lateral unnest(c.categories) as cat(category)`
      : sql`cross join (select '*'::text as category) as cat`;
  return sql`${relation({ ...filter, where: scopeOfActs(s) })} x join ${organizations} o on o.id = x.org_id ${categories}`;
}

async function fromBase(db: Queryable, s: Scope, from: string, to: string, buckets: Map<string, Bucket>) {
  const range = { from: startOf(from), before: endOf(to) };
  const key = keyExpr(s, legalDate(sql`x.at`), sql`cat.category`, sql`x.kind`);
  const counted = await queryRows<Record<string, unknown>>(db, sql`select ${key} as key, ${counterSums('x')} from ${scopedActs(s, actCounters, range)} group by 1`);
  for (const r of counted) addCounters(buckets, String(r.key), r);
  const spans = await queryRows<{ key: string; measure: string; days: number; n: number }>(
    db,
    sql`select ${key} as key, x.measure, x.days, count(*)::float8 as n from ${scopedActs(s, actSpans, range)} group by 1, 2, 3`,
  );
  for (const h of spans) addHistogram(buckets, h);
}

/** Open at the start of `date`: accepted before it and not concluded before it (OPEN_BALANCE). */
async function openAtFromBase(db: Queryable, s: Scope, date: string): Promise<Map<string, number>> {
  const key = isTimeGroup(s.groupBy) ? sql`'*'` : keyExpr(s, sql`null::date`, sql`cat.category`, sql`x.kind`);
  // Summed per case first: most proceedings opened before `date` have closed before it too, and
  // only the cases with something still open are joined to their organisations and categories.
  const [opened, closed] = [counterColumn(OPEN_BALANCE.opened), counterColumn(OPEN_BALANCE.closed)];
  const opening = (filter: ActFilter) =>
    sql`(select y.case_id, y.org_id, y.kind, sum(y.${opened}) as ${opened}, sum(y.${closed}) as ${closed}
         from ${actCounters(filter, [OPEN_BALANCE.opened, OPEN_BALANCE.closed])} y
         group by 1, 2, 3 having sum(y.${opened}) <> sum(y.${closed}))`;
  const rows = await queryRows<{ key: string; open: number }>(db, sql`select ${key} as key, ${openSum('x')} as open from ${scopedActs(s, opening, { before: startOf(date) })} group by 1`);
  return new Map(rows.map((r) => [String(r.key), Number(r.open)]));
}

function addCounters(buckets: Map<string, Bucket>, key: string, r: Record<string, unknown>) {
  const b = buckets.get(key) ?? bucket();
  for (const c of STAT_COUNTERS) if (r[c] != null) b.counters[c] += Number(r[c]);
  buckets.set(key, b);
}

/** Adds a stat_histograms array (element d + 1 = spans of d days) to a bucket's histogram. */
function addCounts(buckets: Map<string, Bucket>, key: string, measure: string, counts: number[]) {
  const b = buckets.get(key) ?? bucket();
  const hist = measure === 'resolution' ? b.resolution : b.handoff;
  for (let d = 0; d < counts.length; d++) {
    const n = Number(counts[d]);
    if (n) hist.set(d, (hist.get(d) ?? 0) + n);
  }
  buckets.set(key, b);
}

function addHistogram(buckets: Map<string, Bucket>, h: { key: string; measure: string; days: number; n: number }) {
  const b = buckets.get(String(h.key)) ?? bucket();
  const hist = h.measure === 'resolution' ? b.resolution : b.handoff;
  hist.set(Number(h.days), (hist.get(Number(h.days)) ?? 0) + Number(h.n));
  buckets.set(String(h.key), b);
}

// ---------------------------------------------------------------------------------------------

const nextMonth = (month: string) => {
  const [y, m] = month.split('-').map(Number);
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
};

/**
 * Computes the buckets of a period. `mode: 'fast'` uses the rollups for whole months;
 * `mode: 'recount'` reads only the proceedings (the check that the rollups are exact).
 */
async function computeBuckets(db: Queryable, s: Scope, from: string, to: string, mode: 'fast' | 'recount', now: Date) {
  const buckets = new Map<string, Bucket>();
  let open: Map<string, number>;
  if (mode === 'recount') {
    await fromBase(db, s, from, to, buckets);
    open = await openAtFromBase(db, s, from);
  } else {
    // [from, to] = leading partial month + whole months + trailing partial month.
    const wholeFrom = from === monthOf(from) ? from : nextMonth(monthOf(from));
    // Through today, the rest of to's year is empty: its whole months and year rows count exactly.
    const wholeTo =
      to >= chinaDate(new Date(now.getTime() + CLOCK_MARGIN_MS))
        ? nextYear(to)
        : addCalendarDays(to, 1) === nextMonth(monthOf(to))
          ? nextMonth(monthOf(to))
          : monthOf(to);
    if (wholeFrom < wholeTo) {
      await fromRollups(db, s, wholeFrom, wholeTo, buckets);
      if (from < wholeFrom) await fromBase(db, s, from, addCalendarDays(wholeFrom, -1), buckets);
      if (wholeTo <= to) await fromBase(db, s, wholeTo, to, buckets);
    } else {
      await fromBase(db, s, from, to, buckets);
    }
    // Open at `from` = open at the start of its month (rollups) + accepted − concluded since then (base).
    open = await openBeforeMonth(db, s, monthOf(from));
    if (from !== monthOf(from)) {
      const early = new Map<string, Bucket>();
      await fromBase(db, s, monthOf(from), addCalendarDays(from, -1), early);
      const scopeKey = (k: string) => (isTimeGroup(s.groupBy) ? '*' : k);
      for (const [k, b] of early) open.set(scopeKey(k), (open.get(scopeKey(k)) ?? 0) + openBalance(b.counters));
    }
  }
  if (isTimeGroup(s.groupBy)) {
    // Each period (month, quarter, year) carries over what was open at its start.
    let running = open.get('*') ?? 0;
    const periods = new Set<string>();
    for (let m = monthOf(from); m <= to; m = nextMonth(m)) periods.add(periodKey(s.groupBy, m));
    for (const k of periods) {
      const b = buckets.get(k) ?? bucket();
      b.carriedOver = running;
      running += openBalance(b.counters);
      buckets.set(k, b);
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

/**
 * A region group in Chinese: 451023 → 平果市; a key ending in zeros groups the organisations of
 * the division above itself (451000 under a supervisor of 4510: 百色市本级). The code when it
 * names no current division.
 */
function regionLabel(key: string): string {
  const name = regionName(key);
  if (name === null) return key;
  return key.length > 2 && key.endsWith('00') ? `${name}本级` : name;
}

async function labelsFor(db: Queryable, s: Scope, keys: string[]): Promise<Map<string, string>> {
  if (s.groupBy === 'org' && keys.length) {
    const rows = await queryRows<{ id: string; name: string }>(
      db,
      sql`select id::text as id, name from ${organizations} where id in (${sql.join(keys.map((k) => sql`${k}::uuid`), sql`, `)})`,
    );
    return new Map(rows.map((r) => [r.id, r.name]));
  }
  if (s.groupBy === 'region') return new Map(keys.map((k) => [k, regionLabel(k)]));
  if (s.groupBy === 'category') return new Map(Object.entries(CATEGORY_LABELS));
  if (s.groupBy === 'kind') return new Map(Object.entries(KIND_LABELS));
  return new Map(keys.map((k) => [k, periodLabel(k)]));
}

/** The period a query names: its from and to, a quarter's or a year's first and last day. */
export function periodOf(q: Pick<StatsQuery, 'from' | 'to' | 'quarter' | 'year'>): { from: string; to: string } {
  if (q.quarter !== undefined) {
    const dates = quarterDates(q.quarter);
    if (!dates) throw fieldProblem('querystring.quarter', 'must be a quarter written YYYY-Qn, n from 1 to 4');
    return dates;
  }
  if (q.year !== undefined) return { from: `${q.year}-01-01`, to: `${q.year}-12-31` };
  if (q.from === undefined) throw fieldProblem('querystring.from', 'is required (or give quarter or year)');
  if (q.to === undefined) throw fieldProblem('querystring.to', 'is required (or give quarter or year)');
  return { from: q.from, to: q.to };
}

/** GET /stats/closure. */
export async function closureStats(deps: StatsDeps, caller: Caller, q: StatsQuery, mode: 'fast' | 'recount' = 'fast') {
  const { from, to } = periodOf(q);
  if (to < from) throw fieldProblem('querystring.to', 'is before from');
  const s = scopeFor(caller, q);
  const buckets = await computeBuckets(deps.db, s, from, to, mode, deps.now?.() ?? new Date());
  const keys = [...buckets.keys()].sort();
  const labels = await labelsFor(deps.db, s, keys);
  const rows = keys.map((k) => statRow(k, labels.get(k) ?? k, buckets.get(k)!));
  // Totals: categories overlap (a case may have several), so the total of a category grouping is not a sum of its rows.
  const totals = s.groupBy === 'category' ? null : statRow('*', '合计', mergeAll(buckets.values()));
  return { from, to, groupBy: q.groupBy, rows, totals };
}

// ---------------------------------------------------------------------------------------------
// Exports (CSV, workbook): the same figures, with what a report printed for others must say.

/** One grouping of an export: its rows and a totals row (for categories, the cases counted once). */
export interface ReportSheet {
  groupBy: StatGroup;
  rows: StatRow[];
  totals: StatRow;
  /** The totals are not the sum of the rows: a case with several categories is in several rows. */
  totalsOverlap: boolean;
}

export interface ClosureReport {
  from: string;
  to: string;
  /** The period in Chinese: 2025年第一季度, 2025年, or 2025年3月1日至2025年3月31日. */
  period: string;
  /** Whose cases, in Chinese: the region, the organisation, and the proceeding kind if one was chosen. */
  scope: string;
  sheets: ReportSheet[];
  /** Each organisation of an `org` sheet, by id: its name and its region's GB/T 2260 name. */
  orgs: Map<string, { name: string; region: string }>;
}

const dateZh = (d: string) => `${Number(d.slice(0, 4))}年${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`;

/** The figures of `groups`, one sheet each, with the period, the scope and the organisations named in Chinese. */
export async function closureReport(deps: StatsDeps, caller: Caller, q: Omit<StatsQuery, 'groupBy'>, groups: readonly StatGroup[]): Promise<ClosureReport> {
  const period = periodOf(q);
  const sheets: ReportSheet[] = [];
  for (const groupBy of groups) {
    const result = await closureStats(deps, caller, { ...q, groupBy });
    // Any grouping but by category gives the totals of the cases themselves.
    const totals = result.totals ?? (await closureStats(deps, caller, { ...q, groupBy: 'kind' })).totals!;
    sheets.push({ groupBy, rows: result.rows, totals, totalsOverlap: result.totals === null });
  }
  const s = scopeFor(caller, { ...q, groupBy: groups[0] ?? 'org' });
  const ids = new Set(sheets.filter((x) => x.groupBy === 'org').flatMap((x) => x.rows.map((r) => r.key)));
  if (s.orgId) ids.add(s.orgId);
  const found = ids.size
    ? await queryRows<{ id: string; name: string; region_code: string }>(
        deps.db,
        sql`select id::text as id, name, region_code from ${organizations} where id in (${sql.join([...ids].map((k) => sql`${k}::uuid`), sql`, `)})`,
      )
    : [];
  const orgs = new Map(found.map((o) => [o.id, { name: o.name, region: regionName(o.region_code) ?? o.region_code }]));
  const parts = [s.orgId ? (orgs.get(s.orgId)?.name ?? s.orgId) : regionName(s.regionPrefix ?? '') ?? `区划 ${s.regionPrefix}`];
  if (s.kind) parts.push(`${KIND_LABELS[s.kind]}程序`);
  const dates = `${dateZh(period.from)}至${dateZh(period.to)}`;
  const named = q.quarter ? periodLabel(q.quarter) : q.year ? periodLabel(q.year) : null;
  return { from: period.from, to: period.to, period: named ? `${named}（${dates}）` : dates, scope: parts.join('，'), sheets, orgs };
}

/**
 * The acts of domain/statistics.ts (STAT_ACTS) as SQL: relations with one row per act, built from
 * the same definitions as the deltas an action adds to the rollups. The rebuild of the rollups
 * (rebuild.ts) and the count of a partial month or a full recount (service.ts) read them, so the
 * three ways of counting cannot drift apart.
 */
import { sql, type SQL } from 'drizzle-orm';
import { alias, type PgColumn } from 'drizzle-orm/pg-core';
import { agreements, cases, payments, proceedings, statMonths } from '../db/schema/index.js';
import { STAT_ACTS, STAT_COUNTERS, type CounterRule, type ProceedingTest, type StatAct, type StatAmount, type StatCounter } from '../domain/statistics.js';

// The tables under the names the relations give them.
const p = alias(proceedings, 'p');
/** The proceeding an act counts under, as the relations name it: for conditions given in ActFilter.where. */
export const actProceeding = p;
const c = alias(cases, 'c');
const a = alias(agreements, 'a');
const pm = alias(payments, 'pm');

/** The row each kind of act is, joined to the proceeding it counts under (`p`). */
const SOURCES = {
  proceeding: sql`${proceedings} p`,
  agreement: sql`${agreements} a join ${proceedings} p on ${p.id} = ${a.proceedingId}`,
  payment: sql`${payments} pm join ${agreements} a on ${a.id} = ${pm.agreementId} join ${proceedings} p on ${p.id} = ${a.proceedingId}`,
} as const;

/** A timestamp's legal date (China time, UTC+8). */
export const legalDate = (at: SQL | PgColumn) => sql`((${at} at time zone 'UTC') + interval '8 hours')::date`;
/** The first day of the month of a timestamp's legal date. */
export const legalMonth = (at: SQL | PgColumn) => sql`date_trunc('month', (${at} at time zone 'UTC') + interval '8 hours')::date`;

/** Acts from the instant `from` (inclusive) to `before` (exclusive), either end open if not given. */
export interface ActFilter {
  from?: string;
  before?: string;
  /**
   * A condition on the proceeding the acts count under (actProceeding), such as a caller's scope:
   * inside each act's query, so that a narrow scope is read through its organisations' proceedings.
   */
  where?: SQL;
}

/** The column of a counter in the relations, named as in stat_months. */
export const counterColumn = (counter: StatCounter) => sql.identifier(statMonths[counter].name);

const values = (list: readonly string[]) => sql.join(list.map((v) => sql`${v}`), sql`, `);

/** A ProceedingTest as a condition on `p`; an unset onTime is not true, as in the domain's passes(). */
function passes(test: ProceedingTest): SQL {
  const parts: SQL[] = [];
  if (test.state) parts.push(sql`${p.state} in (${values(test.state)})`);
  if (test.kind) parts.push(sql`${p.kind} in (${values(test.kind)})`);
  if (test.outcome) parts.push(sql`${p.outcome} in (${values(test.outcome)})`);
  if (test.prevailed) parts.push(sql`${p.prevailed} in (${values(test.prevailed)})`);
  for (const column of test.has ?? []) parts.push(sql`${p[column]} is not null`);
  if (test.onTime) parts.push(sql`${p.onTime}`);
  return parts.length ? sql.join(parts, sql` and `) : sql`true`;
}

function actAt(act: StatAct): PgColumn {
  switch (act.of) {
    case 'proceeding':
      return p[act.on];
    case 'agreement':
      return a[act.on];
    case 'payment':
      return pm[act.on];
  }
}

/** What an act adds to a counter, before its condition. */
function amount(add: StatAmount, act: StatAct): SQL {
  if (add === 1) return sql`1`;
  if ('case' in add) return sql`${c[add.case]}`;
  if (act.of === 'agreement') return sql`${a[add.row]}`;
  if (act.of === 'payment') return sql`${pm[add.row]}`;
  // StatAct's type gives a proceeding act no amount of its own row.
  throw new Error(`a ${act.of} act adds no amount of its own row`);
}

function added(rule: CounterRule, act: StatAct): SQL {
  const conditions = rule.when ? [passes(rule.when)] : [];
  if (rule.final) {
    // CounterRule.final is the agreement's own column; only an agreement act can have it.
    if (act.of !== 'agreement') throw new Error(`a ${act.of} act has no agreement to be final`);
    conditions.push(sql`${a.final} is true`);
  }
  return conditions.length ? sql`case when ${sql.join(conditions, sql` and `)} then ${amount(rule.add, act)} else 0 end` : amount(rule.add, act);
}

function where(at: PgColumn, filter: ActFilter, test?: ProceedingTest): SQL {
  const parts = [sql`${at} is not null`];
  if (filter.from !== undefined) parts.push(sql`${at} >= ${filter.from}`);
  if (filter.before !== undefined) parts.push(sql`${at} < ${filter.before}`);
  if (filter.where) parts.push(filter.where);
  if (test) parts.push(passes(test));
  return sql.join(parts, sql` and `);
}

/** The columns every act row has: when (`at`), where (`org_id`, `kind`) and of which case (`case_id`). */
const actKey = (at: PgColumn) => sql`${at} as at, ${p.orgId} as org_id, ${p.kind} as kind, ${p.caseId} as case_id`;

/**
 * One row per act of `filter` that adds to any of `counters`, with a column per counter (what the
 * act adds to it, 0 if nothing) besides at, org_id, kind and case_id.
 */
export function actCounters(filter: ActFilter = {}, counters: readonly StatCounter[] = STAT_COUNTERS): SQL {
  const branches = STAT_ACTS.filter((act) => counters.some((k) => act.counts[k])).map((act) => {
    const at = actAt(act);
    const rules = counters.map((k) => [k, act.counts[k]] as const);
    const readsCase = rules.some(([, rule]) => rule && typeof rule.add === 'object' && 'case' in rule.add);
    const columns = rules.map(([k, rule]) => sql`${rule ? added(rule, act) : sql`0`} as ${counterColumn(k)}`);
    return sql`select ${actKey(at)}, ${sql.join(columns, sql`, `)}
      from ${SOURCES[act.of]}${readsCase ? sql` join ${cases} c on ${c.id} = ${p.caseId}` : sql``}
      where ${where(at, filter)}`;
  });
  return sql`(${sql.join(branches, sql` union all `)})`;
}

/** One row per span of days of `filter` (dated by the act that ends it), with `measure` and `days`. */
export function actSpans(filter: ActFilter = {}): SQL {
  const branches = STAT_ACTS.flatMap((act) => {
    if (!act.span) return [];
    const at = actAt(act);
    const days = sql`(${legalDate(at)} - ${legalDate(p[act.span.from])})`;
    return [
      sql`select ${actKey(at)}, ${act.span.measure}::text as measure, ${days} as days
        from ${SOURCES[act.of]} where ${where(at, filter, act.span.when)} and ${p[act.span.from]} is not null`,
    ];
  });
  return sql`(${sql.join(branches, sql` union all `)})`;
}
